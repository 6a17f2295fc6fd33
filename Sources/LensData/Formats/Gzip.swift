import CZlib
import LensCore

/// gzip (RFC 1952) decompression through zlib's `inflate` with `windowBits = 16 + MAX_WBITS`.
/// Concatenated gzip members are decoded one after another, as `gunzip` does.
public enum Gzip {
  /// True when `bytes` start with the gzip magic number 1f 8b.
  public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

  /// The decompressed content of a single zlib (RFC 1950) stream, as inside MATLAB's
  /// miCOMPRESSED elements. `baseOffset` is added to offsets in error messages.
  public static func inflateZlib(_ bytes: ArraySlice<UInt8>, name: String, baseOffset: Int = 0) throws -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(max(bytes.count * 4, 1 << 16))
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    try bytes.withUnsafeBufferPointer { input in
      var stream = z_stream()
      var rc = inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
      guard rc == Z_OK else { throw LensError.failure("\(name): zlib inflateInit failed (\(rc))") }
      defer { inflateEnd(&stream) }
      stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
      stream.avail_in = UInt32(input.count)
      repeat {
        rc = chunk.withUnsafeMutableBufferPointer { c -> Int32 in
          stream.next_out = c.baseAddress
          stream.avail_out = UInt32(c.count)
          return inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        out.append(contentsOf: chunk[0..<produced])
        if rc == Z_STREAM_END { break }
        if rc == Z_BUF_ERROR || (rc == Z_OK && stream.avail_in == 0 && produced == 0) {
          throw LensError.data("\(name): truncated zlib stream ending at byte offset \(baseOffset + Int(stream.total_in))")
        }
        if rc != Z_OK {
          let msg = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
          throw LensError.data("\(name): corrupt zlib stream near byte offset \(baseOffset + Int(stream.total_in)): \(msg)")
        }
      } while true
    }
    return out
  }

  /// The decompressed content of the gzip data `bytes`. `name` is used in error messages, which
  /// give the compressed byte offset of a corrupt or truncated stream.
  public static func decompress(_ bytes: [UInt8], name: String) throws -> [UInt8] {
    guard isGzip(bytes) else {
      throw LensError.data("\(name): not gzip data (byte 0: expected magic 1f 8b)")
    }
    var out: [UInt8] = []
    out.reserveCapacity(max(bytes.count * 4, 1 << 16))
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var offset = 0
    try bytes.withUnsafeBufferPointer { input in
      while offset < input.count {
        var stream = z_stream()
        var rc = inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw LensError.failure("\(name): zlib inflateInit2 failed (\(rc))") }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
        stream.avail_in = UInt32(input.count - offset)
        repeat {
          rc = chunk.withUnsafeMutableBufferPointer { c -> Int32 in
            stream.next_out = c.baseAddress
            stream.avail_out = UInt32(c.count)
            return inflate(&stream, Z_NO_FLUSH)
          }
          let produced = chunk.count - Int(stream.avail_out)
          out.append(contentsOf: chunk[0..<produced])
          if rc == Z_STREAM_END { break }
          if rc == Z_BUF_ERROR || (rc == Z_OK && stream.avail_in == 0 && produced == 0) {
            throw LensError.data(
              "\(name): truncated gzip data: the stream ends at compressed byte offset \(offset + Int(stream.total_in)) before its end marker")
          }
          if rc != Z_OK {
            let msg = stream.msg.map { String(cString: $0) } ?? "error \(rc)"
            throw LensError.data("\(name): corrupt gzip data near compressed byte offset \(offset + Int(stream.total_in)): \(msg)")
          }
        } while true
        offset += Int(stream.total_in)
        // Trailing zero padding after the last member is tolerated, as gunzip does.
        if offset < input.count && input[offset..<input.count].allSatisfy({ $0 == 0 }) { break }
        if offset < input.count && !(input.count - offset >= 2 && input[offset] == 0x1F && input[offset + 1] == 0x8B) {
          throw LensError.data("\(name): trailing garbage after gzip member at byte offset \(offset)")
        }
      }
    }
    return out
  }

  /// gzip-compresses `bytes` (deflate level `level`, no file name, mtime 0). Used to write
  /// fixtures in the mirror's `.gz` form.
  public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
    var stream = z_stream()
    var rc = deflateInit2_(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                           ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard rc == Z_OK else { throw LensError.failure("zlib deflateInit2 failed (\(rc))") }
    defer { deflateEnd(&stream) }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
    rc = bytes.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { o in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        stream.next_out = o.baseAddress
        stream.avail_out = UInt32(o.count)
        return deflate(&stream, Z_FINISH)
      }
    }
    guard rc == Z_STREAM_END else { throw LensError.failure("zlib deflate failed (\(rc))") }
    out.removeLast(out.count - Int(stream.total_out))
    return out
  }

  /// zlib-compresses `bytes` (RFC 1950), as MATLAB's miCOMPRESSED elements hold.
  public static func compressZlib(_ bytes: [UInt8]) throws -> [UInt8] {
    var size = compressBound(UInt(bytes.count))
    var out = [UInt8](repeating: 0, count: Int(size))
    let rc = compress2(&out, &size, bytes, UInt(bytes.count), 6)
    guard rc == Z_OK else { throw LensError.failure("zlib compress2 failed (\(rc))") }
    out.removeLast(out.count - Int(size))
    return out
  }
}
