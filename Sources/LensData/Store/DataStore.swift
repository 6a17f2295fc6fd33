import Foundation
import LensCore

/// Where datasets are read from, and the checked way to read them.
///
/// A store searches its `roots` in order; each root is laid out like the reference mirror
/// (`shared/data`): the registry's relative paths. The default store is `LENS_DATA_DIR` (or
/// `./data`), followed by `LENS_DATA_MIRROR` when set, so loaders can read straight from a mirror
/// without a `fetch`.
///
/// Every file is checked against its registry checksum before its bytes are used; a file whose
/// checksum differs is never used: reading it throws an error naming the file, the expected
/// and the actual digest.
public struct DataStore: Sendable {
  public var roots: [String]
  public var registry: DatasetRegistry
  /// Who needs the data (a suite, figure or make target), named in missing-data errors.
  public var requester: String

  public init(roots: [String], registry: DatasetRegistry = .standard, requester: String = "this command") {
    self.roots = roots
    self.registry = registry
    self.requester = requester
  }

  /// `LENS_DATA_DIR` (default `./data`), then `LENS_DATA_MIRROR` when set and `includeMirror`.
  public static func fromEnvironment(includeMirror: Bool = true, requester: String = "this command") -> DataStore {
    var roots = [dataDirectory()]
    if includeMirror, let m = mirrorDirectory() { roots.append(m) }
    return DataStore(roots: roots, requester: requester)
  }

  /// The data directory: `LENS_DATA_DIR`, or `data` under the current directory.
  public static func dataDirectory() -> String {
    if let d = ProcessInfo.processInfo.environment["LENS_DATA_DIR"], !d.isEmpty { return d }
    return FileManager.default.currentDirectoryPath + "/data"
  }

  /// The mirror folder named by `LENS_DATA_MIRROR`, if set and non-empty.
  public static func mirrorDirectory() -> String? {
    guard let m = ProcessInfo.processInfo.environment["LENS_DATA_MIRROR"], !m.isEmpty else { return nil }
    return m
  }

  /// A stored, checksum-verified copy of a registry file.
  public struct Located: Sendable {
    public let file: DataFile
    public let fullPath: String
    public let isGzip: Bool
  }

  /// The first stored form of `path` (dataset `dataset`) found in the roots, verified; `nil` when
  /// no root holds it. Throws when the stored file's checksum differs.
  public func locateIfPresent(_ path: String, dataset: String) throws -> Located? {
    let entry = try registry.entry(dataset)
    guard let file = entry.file(path) else {
      throw LensError.failure("registry: dataset \(dataset) has no file \(path)")
    }
    for root in roots {
      for form in file.storedForms {
        let full = root + "/" + form.path
        guard FileManager.default.fileExists(atPath: full) else { continue }
        try Self.verify(fullPath: full, expected: form.checksum, dataset: dataset)
        return Located(file: file, fullPath: full, isGzip: form.isGzip)
      }
    }
    return nil
  }

  /// Like `locateIfPresent`, but a missing file is an error naming who needs it and how to get it.
  public func locate(_ path: String, dataset: String) throws -> Located {
    if let l = try locateIfPresent(path, dataset: dataset) { return l }
    throw missing(path, dataset: dataset)
  }

  /// The verified content of `path`, decompressed when it is stored gzipped (or is a `.gz` file).
  public func read(_ path: String, dataset: String) throws -> [UInt8] {
    try contents(of: locate(path, dataset: dataset))
  }

  /// The verified content of `path`, or `nil` when no root holds it.
  public func readIfPresent(_ path: String, dataset: String) throws -> [UInt8]? {
    guard let l = try locateIfPresent(path, dataset: dataset) else { return nil }
    return try contents(of: l)
  }

  /// Reads a located file; the bytes are re-checked against the checksum, so a file replaced
  /// between `locate` and the read is not used either.
  public func contents(of located: Located) throws -> [UInt8] {
    let bytes = try Self.readFile(located.fullPath)
    let expected = located.isGzip ? Checksum.sha256(located.file.gzipped!.sha256) : located.file.checksum
    let actual = try FileDigest.hex(ofBytes: bytes, readFrom: located.fullPath, like: expected)
    guard actual == expected.hex else { throw Self.mismatch(located.fullPath, expected: expected, actual: actual) }
    // Gzipped forms, and registry files that are themselves .gz (the IDX files), are decompressed.
    let gzipped = located.isGzip || located.fullPath.hasSuffix(".gz")
    return gzipped ? try Gzip.decompress(bytes, name: located.fullPath) : bytes
  }

  /// The error for a missing file: which dataset and file, who needs it, where it was looked for,
  /// and the command that gets it.
  public func missing(_ path: String, dataset: String) -> LensError {
    let entry = try? registry.entry(dataset)
    var msg = "dataset '\(dataset)' is needed by \(requester), but its file \(path) is not in "
    msg += roots.count == 1 ? roots[0] : "any of: " + roots.joined(separator: ", ")
    msg += ".\nGet it with: lens data fetch \(dataset)   (or `make data` for every dataset; "
    msg += "set LENS_DATA_MIRROR=DIR to copy from a local mirror instead of the network)"
    if let note = entry?.availability { msg += "\nNote: \(note)." }
    return LensError.data(msg)
  }

  static func mismatch(_ fullPath: String, expected: Checksum, actual: String) -> LensError {
    LensError.data("""
      checksum mismatch for \(fullPath): expected \(expected.algorithm) \(expected.hex), actual \(actual). \
      The file is not used. If it is not the original, delete it and run `lens data fetch` again; \
      Lens never overwrites it for you.
      """)
  }

  static func verify(fullPath: String, expected: Checksum, dataset: String) throws {
    let actual = try FileDigest.hex(ofFile: fullPath, like: expected)
    guard actual == expected.hex else { throw mismatch(fullPath, expected: expected, actual: actual) }
  }

  static func readFile(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw LensError.data("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(f) }
    var st = stat()
    guard fstat(fileno(f), &st) == 0 else { throw LensError.data("cannot stat \(path)") }
    let size = Int(st.st_size)
    var bytes = [UInt8](repeating: 0, count: size)
    let n = size == 0 ? 0 : bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, f) }
    guard n == size else { throw LensError.data("\(path): read \(n) of \(size) bytes") }
    return bytes
  }
}
