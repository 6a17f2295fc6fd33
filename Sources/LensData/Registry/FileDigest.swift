import Foundation
import LensCore

/// Digests of files and byte buffers, with an in-process cache keyed by (path, size,
/// modification time) so that a large file is hashed at most once per process.
public enum FileDigest {
  /// The lowercase hex digest of `bytes` under the algorithm of `checksum`.
  public static func hex(of bytes: UnsafeBufferPointer<UInt8>, like checksum: Checksum) -> String {
    switch checksum {
    case .sha256:
      var h = SHA256(); h.update(bytes); return SHA256.hex(h.finalize())
    case .sha1:
      var h = SHA1(); h.update(bytes); return SHA256.hex(h.finalize())
    }
  }

  public static func hex(of bytes: [UInt8], like checksum: Checksum) -> String {
    bytes.withUnsafeBufferPointer { hex(of: $0, like: checksum) }
  }

  /// The digest of the file at `path`, streamed in 4 MiB blocks (cached per process).
  public static func hex(ofFile path: String, like checksum: Checksum) throws -> String {
    let key = try cacheKey(path, checksum)
    if let cached = cache.get(key) { return cached }
    guard let f = fopen(path, "rb") else { throw LensError.data("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { fclose(f) }
    var buffer = [UInt8](repeating: 0, count: 4 << 20)
    var sha256 = SHA256()
    var sha1 = SHA1()
    while true {
      let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n == 0 { break }
      buffer.withUnsafeBufferPointer { p in
        let chunk = UnsafeBufferPointer(rebasing: p[0..<n])
        switch checksum {
        case .sha256: sha256.update(chunk)
        case .sha1: sha1.update(chunk)
        }
      }
    }
    if ferror(f) != 0 { throw LensError.data("read error in \(path)") }
    let digest: String
    switch checksum {
    case .sha256: digest = SHA256.hex(sha256.finalize())
    case .sha1: digest = SHA256.hex(sha1.finalize())
    }
    cache.set(key, digest)
    return digest
  }

  /// Like `hex(of:like:)` for bytes already read from `path`; consults and fills the cache.
  static func hex(ofBytes bytes: [UInt8], readFrom path: String, like checksum: Checksum) throws -> String {
    let key = try cacheKey(path, checksum)
    if let cached = cache.get(key) { return cached }
    let digest = hex(of: bytes, like: checksum)
    cache.set(key, digest)
    return digest
  }

  static func cacheKey(_ path: String, _ checksum: Checksum) throws -> String {
    var st = stat()
    guard stat(path, &st) == 0 else { throw LensError.data("cannot stat \(path): \(String(cString: strerror(errno)))") }
    return "\(checksum.algorithm)|\(path)|\(st.st_size)|\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)|\(st.st_ino)"
  }

  static let cache = DigestCache()
}

final class DigestCache: @unchecked Sendable {
  private var values: [String: String] = [:]
  private let lock = NSLock()
  func get(_ k: String) -> String? { lock.lock(); defer { lock.unlock() }; return values[k] }
  func set(_ k: String, _ v: String) { lock.lock(); values[k] = v; lock.unlock() }
}
