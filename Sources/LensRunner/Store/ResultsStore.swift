import Foundation
import LensCore

/// The results store: one zstd-compressed JSON-lines log per run, keyed by the run hash.
///
/// Layout under the results directory (`--results-dir`, else `LENS_RESULTS_DIR`, else
/// `results/`):
///
///     runs/<suite>/<hash>.jsonl.zst        the run log (diffable content only)
///     runs/<suite>/<hash>.provenance.json  machine, build and start time (never diffed)
///
/// A log appears only when its run has finished: it is written to a temporary file in the same
/// directory and renamed into place (rename is atomic on POSIX file systems), so a killed run
/// leaves no log — only a `.tmp-` file, removed by `removeStaleTemporaries()` — and a resumed
/// suite reuses exactly the finished runs.
public struct ResultsStore: Sendable {
  public let root: URL

  public init(root: URL) { self.root = root }

  /// The store named by an explicit directory, else `LENS_RESULTS_DIR`, else `results/`.
  public static func resolve(explicit: String?) -> ResultsStore {
    let path = explicit ?? ProcessInfo.processInfo.environment["LENS_RESULTS_DIR"] ?? "results"
    return ResultsStore(root: URL(fileURLWithPath: path, isDirectory: true))
  }

  func directory(suite: String) -> URL { root.appendingPathComponent("runs").appendingPathComponent(suite, isDirectory: true) }

  public func logURL(suite: String, hash: String) -> URL {
    directory(suite: suite).appendingPathComponent("\(hash).jsonl.zst")
  }

  public func provenanceURL(suite: String, hash: String) -> URL {
    directory(suite: suite).appendingPathComponent("\(hash).provenance.json")
  }

  /// Whether the run has a finished log.
  public func isFinished(suite: String, hash: String) -> Bool {
    FileManager.default.fileExists(atPath: logURL(suite: suite, hash: hash).path)
  }

  /// Writes a finished run's log lines (each one JSON object, no newline inside) atomically.
  public func writeLog(suite: String, hash: String, lines: [String], provenance: String) throws {
    let dir = directory(suite: suite)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let text = lines.joined(separator: "\n") + "\n"
    let compressed = try Zstd.compress(Array(text.utf8))
    try atomicWrite(compressed, to: logURL(suite: suite, hash: hash))
    try atomicWrite(Array(provenance.utf8), to: provenanceURL(suite: suite, hash: hash))
  }

  /// The log lines of a finished run.
  public func readLog(suite: String, hash: String) throws -> [String] {
    let url = logURL(suite: suite, hash: hash)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw LensError.data("\(url.path): no log for run \(hash) (has the suite been run?)")
    }
    let text = String(decoding: try Zstd.decompress(Array(data), name: url.path), as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  /// Removes temporary files left by killed runs; returns how many were removed.
  @discardableResult
  public func removeStaleTemporaries(suite: String) throws -> Int {
    let dir = directory(suite: suite)
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return 0 }
    var removed = 0
    for name in names.sorted() where name.contains(".tmp-") {
      try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
      removed += 1
    }
    return removed
  }

  func atomicWrite(_ bytes: [UInt8], to url: URL) throws {
    let tmp = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(DispatchTime.now().uptimeNanoseconds)")
    guard FileManager.default.createFile(atPath: tmp.path, contents: Data(bytes)) else {
      throw LensError.failure("\(tmp.path): cannot write (is the results directory writable?)")
    }
    // Flush to disk before the rename so that a crash cannot leave a renamed but empty file.
    if let handle = FileHandle(forWritingAtPath: tmp.path) {
      try? handle.synchronize()
      try? handle.close()
    }
    if rename(tmp.path, url.path) != 0 {
      try? FileManager.default.removeItem(at: tmp)
      throw LensError.failure("\(url.path): cannot move the finished log into place (errno \(errno))")
    }
  }
}

#if canImport(Glibc)
import Glibc
#endif
