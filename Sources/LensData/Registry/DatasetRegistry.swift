import LensCore

/// The registry: every dataset the three papers use, the files that make it up, where each file
/// comes from, and the checksum it must have.
///
/// Conventions:
/// * A file's `path` is relative to a data root (`LENS_DATA_DIR`, or a mirror folder laid out the
///   same way, such as `shared/data`). Paths use `/`.
/// * `checksum` is the digest of the file's bytes as stored under `path`. Where a mirror keeps the
///   same content gzip-compressed under `path + ".gz"`, `gzipped` names that form and its own
///   SHA-256; either form is accepted, and loaders decompress the gzipped one.
/// * A file comes either from `urls` (tried in order) or from an `ArchiveSource` of its dataset that
///   lists it as a member. Files with neither are obtainable only from a mirror.

/// The expected digest of a file. SHA-256 is used wherever one is published; the only SHA-1 is
/// WikiText-2's `wiki.train.tokens`, for which no SHA-256 is published (MXNet/GluonNLP register
/// the SHA-1 of all three WikiText-2 token files; the two present here match it).
public enum Checksum: Sendable, Hashable, CustomStringConvertible {
  case sha256(String)
  case sha1(String)

  public var hex: String {
    switch self {
    case .sha256(let h), .sha1(let h): return h
    }
  }

  public var algorithm: String {
    switch self {
    case .sha256: return "SHA-256"
    case .sha1: return "SHA-1"
    }
  }

  public var description: String { "\(algorithm) \(hex)" }
}

/// The gzip-compressed form of a file as some mirrors store it (`path + ".gz"`).
public struct GzippedForm: Sendable, Hashable {
  public let path: String
  public let sha256: String
}

/// One file of a dataset.
public struct DataFile: Sendable, Hashable {
  public let path: String
  public let checksum: Checksum
  /// Size in bytes, where known; used only in messages and listings.
  public let size: Int?
  public let gzipped: GzippedForm?
  /// Direct download URLs, original host first, then mirrors.
  public let urls: [String]
  /// `false` for files a dataset can do without (documentation, hyper-parameter grids, the
  /// CIFAR-10 test subset): `fetch` gets them when it can, loaders never demand them.
  public let required: Bool

  public init(path: String, checksum: Checksum, size: Int? = nil, gzipped: GzippedForm? = nil,
              urls: [String] = [], required: Bool = true) {
    self.path = path
    self.checksum = checksum
    self.size = size
    self.gzipped = gzipped
    self.urls = urls
    self.required = required
  }

  /// The paths this file may be stored under, preferred first.
  public var storedForms: [(path: String, checksum: Checksum, isGzip: Bool)] {
    var forms: [(String, Checksum, Bool)] = [(path, checksum, false)]
    if let g = gzipped { forms.append((g.path, .sha256(g.sha256), true)) }
    return forms
  }
}

/// A downloadable archive from which some of a dataset's files are extracted.
public struct ArchiveSource: Sendable, Hashable {
  public enum Format: String, Sendable, Hashable { case tarGzip = "tar.gz" }
  public let urls: [String]
  public let sha256: String
  public let size: Int?
  public let format: Format
  /// Archive member path → registry file path. Each extracted member is checked against the
  /// registry checksum of the file it becomes.
  public let members: [String: String]

  public init(urls: [String], sha256: String, size: Int?, format: Format, members: [String: String]) {
    self.urls = urls
    self.sha256 = sha256
    self.size = size
    self.format = format
    self.members = members
  }
}

/// One dataset: its files, sources, licence and citation.
public struct DatasetEntry: Sendable, Hashable {
  /// The name used on the command line (`lens data fetch cifar-10`).
  public let name: String
  public let title: String
  public let files: [DataFile]
  public let archives: [ArchiveSource]
  public let homepage: String
  public let licence: String
  public let citation: String
  /// Which papers and figures use it.
  public let usedBy: String
  /// What is known to be unavailable from the reference mirror, if anything.
  public let availability: String?

  public init(name: String, title: String, files: [DataFile], archives: [ArchiveSource] = [], homepage: String,
              licence: String, citation: String, usedBy: String, availability: String? = nil) {
    self.name = name
    self.title = title
    self.files = files
    self.archives = archives
    self.homepage = homepage
    self.licence = licence
    self.citation = citation
    self.usedBy = usedBy
    self.availability = availability
  }

  public var requiredFiles: [DataFile] { files.filter(\.required) }

  public func file(_ path: String) -> DataFile? { files.first { $0.path == path } }
}

/// The set of known datasets. `DatasetRegistry.standard` is the real one; tests may build their
/// own with `replacingChecksums` to check fixture files through the same verification path.
public struct DatasetRegistry: Sendable {
  public var entries: [DatasetEntry]

  public init(entries: [DatasetEntry]) { self.entries = entries }

  public var names: [String] { entries.map(\.name) }

  /// The entry called `name` (case-insensitive), or a bad-input error listing the known names.
  public func entry(_ name: String) throws -> DatasetEntry {
    if let e = entries.first(where: { $0.name.lowercased() == name.lowercased() }) { return e }
    throw LensError.badInput("unknown dataset '\(name)'; known datasets: \(names.joined(separator: ", "))")
  }

  /// A copy whose files (matched by path, in either stored form) carry the given checksums
  /// instead: `[path: sha256]`. A gzipped-form path replaces the gzipped form's digest.
  public func replacingChecksums(_ overrides: [String: Checksum]) -> DatasetRegistry {
    var copy = self
    copy.entries = entries.map { e in
      DatasetEntry(
        name: e.name, title: e.title,
        files: e.files.map { f in
          var gz = f.gzipped
          if let g = gz, let o = overrides[g.path] { gz = GzippedForm(path: g.path, sha256: o.hex) }
          return DataFile(path: f.path, checksum: overrides[f.path] ?? f.checksum, size: f.size, gzipped: gz,
                          urls: f.urls, required: f.required)
        },
        archives: e.archives, homepage: e.homepage, licence: e.licence, citation: e.citation,
        usedBy: e.usedBy, availability: e.availability)
    }
    return copy
  }
}
