import Foundation
import LensCore
import LensData

/// A temporary data root into which tests write files in the datasets' original formats, and a
/// registry whose checksums are those of the written files, so fixtures go through the same
/// verification as real data.
final class FixtureRoot {
  let root: String
  private(set) var overrides: [String: Checksum] = [:]

  init() {
    var template = Array((NSTemporaryDirectory() + "/lens-data-test-XXXXXX").utf8CString)
    let dir = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!
    root = String(cString: dir)
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  /// Writes `bytes` at `path` (relative to the root) and records its checksum, using the
  /// algorithm the standard registry uses for that path (SHA-256 otherwise).
  func write(_ path: String, _ bytes: [UInt8]) {
    let full = root + "/" + path
    try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
    let algorithm: Checksum = DatasetRegistry.standard.entries.flatMap(\.files).first { $0.path == path }?.checksum ?? .sha256("")
    overrides[path] = {
      switch algorithm {
      case .sha1: return .sha1(FileDigest.hex(of: bytes, like: .sha1("")))
      case .sha256: return .sha256(FileDigest.hex(of: bytes, like: .sha256("")))
      }
    }()
  }

  func write(_ path: String, text: String) { write(path, Array(text.utf8)) }

  /// Overwrites a file without updating its recorded checksum (to simulate corruption).
  func corrupt(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: root + "/" + path, contents: Data(bytes))
  }

  var registry: DatasetRegistry { DatasetRegistry.standard.replacingChecksums(overrides) }
  var store: DataStore { DataStore(roots: [root], registry: registry, requester: "the fixture test") }
}

/// Writers of the original binary formats.
enum Formats {
  static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
  static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 255), UInt8(v >> 8 & 255), UInt8(v >> 16 & 255), UInt8(v >> 24 & 255)] }

  /// An IDX file of unsigned bytes.
  static func idx(_ dims: [Int], _ data: [UInt8]) -> [UInt8] {
    [0, 0, 8, UInt8(dims.count)] + dims.flatMap(be32) + data
  }

  /// A CIFAR-10 record: label then 3072 pixels.
  static func cifar10Record(label: UInt8, pixels: [UInt8]) -> [UInt8] { [label] + pixels }

  /// Deterministic pixel bytes for image `i`.
  static func pixels(_ i: Int, count: Int = 3072) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i &* 31) } }

  /// A MAT v5 data element with an 8-byte tag, padded to 8 bytes.
  static func element(_ type: UInt32, _ data: [UInt8]) -> [UInt8] {
    var out = le32(type) + le32(UInt32(data.count)) + data
    while out.count % 8 != 0 { out.append(0) }
    return out
  }

  /// A numeric miMATRIX element (`arrayClass`: 6 double, 9 uint8) with real part stored as `storage`.
  static func matrix(name: String, arrayClass: UInt8, dims: [Int], storage: UInt32, data: [UInt8]) -> [UInt8] {
    let flags = element(6, [arrayClass, 0, 0, 0, 0, 0, 0, 0])
    let dimsEl = element(5, dims.flatMap { le32(UInt32($0)) })
    let nameBytes = Array(name.utf8)
    // Names of up to 4 bytes use the small-element form, as MATLAB writes them.
    let nameEl: [UInt8] = nameBytes.count <= 4
      ? le32(1 | UInt32(nameBytes.count) << 16) + nameBytes + [UInt8](repeating: 0, count: 4 - nameBytes.count)
      : element(1, nameBytes)
    return element(14, flags + dimsEl + nameEl + element(storage, data))
  }

  /// A level-5 MAT-file header (little-endian).
  static func matHeader() -> [UInt8] {
    var text = Array("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Thu Jan  1 00:00:00 2026".utf8)
    text += [UInt8](repeating: 0x20, count: 116 - text.count)
    return text + [UInt8](repeating: 0, count: 8) + [0x00, 0x01, UInt8(ascii: "I"), UInt8(ascii: "M")]
  }

  /// An SVHN-style MAT-file: X uint8 [32,32,3,n] column-major from channel-major images, y double [n,1].
  static func svhnMat(images: [[UInt8]], labels: [Double], compressed: Bool) throws -> [UInt8] {
    let n = images.count
    var x = [UInt8](repeating: 0, count: n * 3072)
    for i in 0..<n {
      for ch in 0..<3 { for r in 0..<32 { for c in 0..<32 { x[3072 * i + r + 32 * c + 1024 * ch] = images[i][ch * 1024 + r * 32 + c] } } }
    }
    let xEl = matrix(name: "X", arrayClass: 9, dims: [32, 32, 3, n], storage: 2, data: x)
    // MATLAB stores the double labels 1-10 in the narrowest type: miUINT8.
    let yEl = matrix(name: "y", arrayClass: 6, dims: [n, 1], storage: 2, data: labels.map { UInt8($0) })
    var out = matHeader()
    for el in [xEl, yEl] {
      if compressed {
        let z = try Gzip.compressZlib(el)
        out += le32(15) + le32(UInt32(z.count)) + z
      } else {
        out += el
      }
    }
    return out
  }

  /// A POSIX ustar archive of the given members.
  static func tar(_ members: [(String, [UInt8])]) -> [UInt8] {
    var out: [UInt8] = []
    for (name, data) in members {
      var h = [UInt8](repeating: 0, count: 512)
      func put(_ s: String, _ at: Int) { for (i, b) in s.utf8.enumerated() { h[at + i] = b } }
      put(name, 0)
      put("0000644", 100); put("0000000", 108); put("0000000", 116)
      put(String(format: "%011o", data.count), 124)
      put("00000000000", 136)
      h[156] = UInt8(ascii: "0")
      put("ustar", 257); put("00", 263)
      for i in 148..<156 { h[i] = 32 }
      let sum = h.reduce(0) { $0 + Int($1) }
      put(String(format: "%06o", sum), 148); h[154] = 0; h[155] = 32
      out += h + data
      while out.count % 512 != 0 { out.append(0) }
    }
    return out + [UInt8](repeating: 0, count: 1024)
  }
}

/// The message of the error `body` throws ("" when it does not throw).
func errorMessage(_ body: () throws -> Void) -> String {
  do { try body(); return "" } catch { return "\(error)" }
}

let mirrorRoot: String? = ProcessInfo.processInfo.environment["LENS_DATA_MIRROR"].flatMap { $0.isEmpty ? nil : $0 }
