import Foundation
import LensCore

/// `lens data fetch`: puts verified copies of registry files into the data directory.
///
/// Sources: when a mirror folder is given (`LENS_DATA_MIRROR`), only the mirror is used, at the
/// registry's relative paths (a file stored there gzipped, `path + ".gz"`, is copied as is).
/// Otherwise each file's URLs are tried in order, or its dataset's archive is downloaded once,
/// checked, and the needed members extracted. Every file is checked before it is placed, written
/// to a temporary name in its final folder and then renamed, so an interrupted fetch never
/// leaves a partial file under a real name. A file already in the data directory is never
/// overwritten: if its checksum differs, that is reported (expected and actual) and left to the
/// user.
public struct Fetcher {
  public var dataDirectory: String
  public var mirror: String?
  public var registry: DatasetRegistry
  public var downloader: Downloader
  /// Progress lines (one per file placed or skipped).
  public var log: (String) -> Void

  public init(dataDirectory: String, mirror: String?, registry: DatasetRegistry = .standard,
              downloader: Downloader = CurlDownloader(), log: @escaping (String) -> Void = { _ in }) {
    self.dataDirectory = dataDirectory
    self.mirror = mirror
    self.registry = registry
    self.downloader = downloader
    self.log = log
  }

  public enum Outcome: Sendable, Equatable {
    /// Already in the data directory with the right checksum.
    case present
    /// Placed now; the associated value says from where.
    case placed(String)
    /// Not obtainable from the configured source (the reason says why and what was tried).
    case unavailable(String)
    /// A checksum mismatch or a corrupt source: an error the user must look at.
    case failed(String)
  }

  public struct FileResult: Sendable {
    public let dataset: String
    public let file: DataFile
    public let outcome: Outcome
  }

  public struct DatasetResult: Sendable {
    public let dataset: String
    public let files: [FileResult]
    /// Every required file is now present and verified.
    public var complete: Bool {
      files.allSatisfy { r in
        !r.file.required || { if case .present = r.outcome { return true }; if case .placed = r.outcome { return true }; return false }()
      }
    }
    public var failures: [FileResult] { files.filter { if case .failed = $0.outcome { return true }; return false } }
  }

  /// Fetches every file of the dataset `name`.
  public func fetch(_ name: String) throws -> DatasetResult {
    let entry = try registry.entry(name)
    var results: [String: Outcome] = [:]
    var pendingArchive: [DataFile] = []
    for file in entry.files {
      if let existing = checkExisting(file) {
        results[file.path] = existing
        continue
      }
      if let mirror {
        results[file.path] = copyFromMirror(file, mirror: mirror)
      } else if !file.urls.isEmpty {
        results[file.path] = download(file)
      } else if entry.archives.contains(where: { $0.members.values.contains(file.path) }) {
        pendingArchive.append(file)
      } else {
        results[file.path] = .unavailable("no download source; available only from a mirror folder (LENS_DATA_MIRROR)")
      }
    }
    for archive in entry.archives {
      let wanted = pendingArchive.filter { archive.members.values.contains($0.path) }
      if wanted.isEmpty { continue }
      for (path, outcome) in extract(archive, wanted: wanted) { results[path] = outcome }
    }
    let files = entry.files.map { FileResult(dataset: entry.name, file: $0, outcome: results[$0.path]!) }
    for r in files { log(Self.describe(r)) }
    return DatasetResult(dataset: entry.name, files: files)
  }

  public static func describe(_ r: FileResult) -> String {
    let tag = r.file.required ? "" : " (optional)"
    switch r.outcome {
    case .present: return "  ok       \(r.file.path)\(tag): already present and verified"
    case .placed(let from): return "  fetched  \(r.file.path)\(tag) from \(from)"
    case .unavailable(let why): return "  missing  \(r.file.path)\(tag): \(why)"
    case .failed(let why): return "  FAILED   \(r.file.path)\(tag): \(why)"
    }
  }

  // MARK: - Steps

  /// `.present` when a stored form is in the data directory and verifies; `.failed` when it does
  /// not (the file is left alone); `nil` when no form is there.
  func checkExisting(_ file: DataFile) -> Outcome? {
    for form in file.storedForms {
      let full = dataDirectory + "/" + form.path
      guard FileManager.default.fileExists(atPath: full) else { continue }
      do {
        let actual = try FileDigest.hex(ofFile: full, like: form.checksum)
        if actual == form.checksum.hex { return .present }
        return .failed("""
          existing file \(full) has \(form.checksum.algorithm) \(actual), expected \(form.checksum.hex); \
          it is not used and not overwritten. Move or delete it, then fetch again.
          """)
      } catch {
        return .failed("\(error)")
      }
    }
    return nil
  }

  func copyFromMirror(_ file: DataFile, mirror: String) -> Outcome {
    for form in file.storedForms {
      let source = mirror + "/" + form.path
      guard FileManager.default.fileExists(atPath: source) else { continue }
      do {
        let actual = try FileDigest.hex(ofFile: source, like: form.checksum)
        guard actual == form.checksum.hex else {
          return .failed("mirror file \(source) has \(form.checksum.algorithm) \(actual), expected \(form.checksum.hex); not used")
        }
        try place(from: source, copy: true, at: form.path, expected: form.checksum)
        return .placed(form.isGzip ? "\(source) (kept gzipped as \((form.path as NSString).lastPathComponent))" : source)
      } catch {
        return .failed("\(error)")
      }
    }
    return .unavailable("not in the mirror \(mirror) (looked for \(file.storedForms.map(\.path).joined(separator: " or ")))")
  }

  func download(_ file: DataFile) -> Outcome {
    var tried: [String] = []
    for url in file.urls {
      let temp = tempPath(for: file.path)
      do {
        try makeParent(of: file.path)
        try downloader.download(url, to: temp)
        let actual = try FileDigest.hex(ofFile: temp, like: file.checksum)
        guard actual == file.checksum.hex else {
          try? FileManager.default.removeItem(atPath: temp)
          tried.append("\(url) (wrong \(file.checksum.algorithm) \(actual), expected \(file.checksum.hex))")
          continue
        }
        try place(from: temp, copy: false, at: file.path, expected: file.checksum)
        return .placed(url)
      } catch {
        try? FileManager.default.removeItem(atPath: temp)
        tried.append("\(url) (\(error))")
      }
    }
    return .unavailable("could not download; tried: " + tried.joined(separator: "; "))
  }

  func extract(_ archive: ArchiveSource, wanted: [DataFile]) -> [(String, Outcome)] {
    let tempArchive = dataDirectory + "/.lens-download-\(getpid())-" + archive.sha256.prefix(12) + "." + archive.format.rawValue
    defer { try? FileManager.default.removeItem(atPath: tempArchive) }
    var tried: [String] = []
    var ok: String? = nil
    for url in archive.urls {
      do {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try downloader.download(url, to: tempArchive)
        let actual = try FileDigest.hex(ofFile: tempArchive, like: .sha256(archive.sha256))
        guard actual == archive.sha256 else {
          tried.append("\(url) (wrong SHA-256 \(actual), expected \(archive.sha256))")
          continue
        }
        ok = url
        break
      } catch {
        tried.append("\(url) (\(error))")
      }
    }
    guard let url = ok else {
      return wanted.map { ($0.path, .unavailable("could not download its archive; tried: " + tried.joined(separator: "; "))) }
    }
    do {
      let tar = try Gzip.decompress(try DataStore.readFile(tempArchive), name: url)
      let members = try TarReader.members(tar, name: url)
      return wanted.map { file in
        guard let memberName = archive.members.first(where: { $0.value == file.path })?.key,
              let member = members.first(where: { $0.name == memberName || $0.name == "./" + memberName }) else {
          return (file.path, .failed("archive \(url) has no member for \(file.path)"))
        }
        let bytes = Array(tar[member.range])
        let actual = FileDigest.hex(of: bytes, like: file.checksum)
        guard actual == file.checksum.hex else {
          return (file.path, .failed("member \(memberName) of \(url) has \(file.checksum.algorithm) \(actual), expected \(file.checksum.hex); not used"))
        }
        do {
          try makeParent(of: file.path)
          let temp = tempPath(for: file.path)
          guard FileManager.default.createFile(atPath: temp, contents: Data(bytes)) else {
            throw LensError.failure("cannot write \(temp)")
          }
          try place(from: temp, copy: false, at: file.path, expected: file.checksum)
          return (file.path, .placed("\(url) (member \(memberName))"))
        } catch {
          return (file.path, .failed("\(error)"))
        }
      }
    } catch {
      return wanted.map { ($0.path, .failed("\(error)")) }
    }
  }

  // MARK: - Placing files

  func tempPath(for relative: String) -> String {
    dataDirectory + "/" + relative + ".lens-partial-\(getpid())"
  }

  func makeParent(of relative: String) throws {
    let dir = (dataDirectory + "/" + relative as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  /// Copies (or moves) `source` to a temporary name beside `relative`, checks the copy, then
  /// renames it into place, refusing to replace an existing file.
  func place(from source: String, copy: Bool, at relative: String, expected: Checksum) throws {
    try makeParent(of: relative)
    let final = dataDirectory + "/" + relative
    var temp = source
    if copy {
      temp = tempPath(for: relative)
      try? FileManager.default.removeItem(atPath: temp)
      try FileManager.default.copyItem(atPath: source, toPath: temp)
      let actual = try FileDigest.hex(ofFile: temp, like: expected)
      guard actual == expected.hex else {
        try? FileManager.default.removeItem(atPath: temp)
        throw LensError.data("copy of \(source) changed while copying (\(expected.algorithm) \(actual)); not placed")
      }
    }
    // link(2) fails when the destination exists, so an existing user file is never replaced.
    if link(temp, final) != 0 {
      let e = errno
      try? FileManager.default.removeItem(atPath: temp)
      if e == EEXIST {
        throw LensError.data("\(final) appeared while fetching; it was left alone, check it with `lens data verify`")
      }
      throw LensError.failure("cannot place \(final): \(String(cString: strerror(e)))")
    }
    unlink(temp)
    chmod(final, 0o644)
  }
}
