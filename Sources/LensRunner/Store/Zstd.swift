import CZstd
import LensCore

/// Whole-buffer zstd compression for run logs (libzstd, Debian libzstd-dev).
public enum Zstd {
  /// Compresses `bytes` as one zstd frame (level 9: logs are small and written once).
  public static func compress(_ bytes: [UInt8], level: Int32 = 9) throws -> [UInt8] {
    let bound = ZSTD_compressBound(bytes.count)
    var out = [UInt8](repeating: 0, count: bound)
    let written = out.withUnsafeMutableBytes { dst in
      bytes.withUnsafeBytes { src in
        ZSTD_compress(dst.baseAddress, bound, src.baseAddress, bytes.count, level)
      }
    }
    if ZSTD_isError(written) != 0 {
      throw LensError.failure("zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
    }
    out.removeSubrange(written...)
    return out
  }

  /// Decompresses a buffer of one or more zstd frames. `name` is used in error messages.
  public static func decompress(_ bytes: [UInt8], name: String) throws -> [UInt8] {
    guard let stream = ZSTD_createDStream() else { throw LensError.failure("zstd: cannot allocate a decoder") }
    defer { ZSTD_freeDStream(stream) }
    ZSTD_initDStream(stream)
    var out: [UInt8] = []
    let chunk = ZSTD_DStreamOutSize()
    var buffer = [UInt8](repeating: 0, count: chunk)
    try bytes.withUnsafeBytes { src in
      var input = ZSTD_inBuffer(src: src.baseAddress, size: bytes.count, pos: 0)
      var last: Int = 0
      repeat {
        let produced: Int = try buffer.withUnsafeMutableBytes { dst in
          var output = ZSTD_outBuffer(dst: dst.baseAddress, size: chunk, pos: 0)
          let r = ZSTD_decompressStream(stream, &output, &input)
          if ZSTD_isError(r) != 0 {
            throw LensError.data("\(name): corrupt zstd data at byte \(input.pos): \(String(cString: ZSTD_getErrorName(r)))")
          }
          last = r
          return output.pos
        }
        out.append(contentsOf: buffer[0..<produced])
        if produced == 0 && input.pos == input.size { break }
      } while input.pos < input.size || last != 0
      if last != 0 { throw LensError.data("\(name): truncated zstd data (frame incomplete)") }
    }
    return out
  }
}
