import LensCore

/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic number
/// `00 00 <type> <rank>`, then `rank` big-endian UInt32 dimension sizes, then the elements in
/// row-major order. Only type 0x08 (unsigned byte), the type of every (Fashion-)MNIST file, is
/// accepted. Image files have rank 3 (`[n, 28, 28]`), label files rank 1 (`[n]`).
public struct IDXArray: Sendable, Equatable {
  public var dimensions: [Int]
  public var bytes: [UInt8]
}

public enum IDXReader {
  /// Parses `data` (already decompressed) and checks its rank. Errors give the byte offset.
  public static func parse(_ data: [UInt8], name: String, rank expectedRank: Int) throws -> IDXArray {
    guard data.count >= 4 else {
      throw LensError.data("\(name): truncated IDX file: \(data.count) bytes, the 4-byte magic number is incomplete (byte offset \(data.count))")
    }
    guard data[0] == 0, data[1] == 0 else {
      throw LensError.data("\(name): not an IDX file: magic number bytes 0-1 are \(hex(data[0])) \(hex(data[1])), expected 00 00 (byte offset 0)")
    }
    guard data[2] == 0x08 else {
      throw LensError.data("\(name): IDX element type 0x\(hex(data[2])) at byte offset 2 is not 0x08 (unsigned byte)")
    }
    let rank = Int(data[3])
    guard rank == expectedRank else {
      throw LensError.data("\(name): IDX rank \(rank) at byte offset 3, expected \(expectedRank)")
    }
    let headerEnd = 4 + 4 * rank
    guard data.count >= headerEnd else {
      throw LensError.data("\(name): truncated IDX header: needs \(headerEnd) bytes, file has \(data.count)")
    }
    var dims: [Int] = []
    var total = 1
    for d in 0..<rank {
      let o = 4 + 4 * d
      let size = Int(data[o]) << 24 | Int(data[o + 1]) << 16 | Int(data[o + 2]) << 8 | Int(data[o + 3])
      dims.append(size)
      total *= size
    }
    let expected = headerEnd + total
    guard data.count >= expected else {
      throw LensError.data("""
        \(name): truncated IDX data: dimensions \(dims) need \(total) element bytes from byte offset \(headerEnd) \
        (file size \(expected)), but the file ends at byte offset \(data.count)
        """)
    }
    guard data.count == expected else {
      throw LensError.data("\(name): \(data.count - expected) unexpected trailing bytes after the IDX data, from byte offset \(expected)")
    }
    return IDXArray(dimensions: dims, bytes: Array(data[headerEnd..<expected]))
  }

  static func hex(_ b: UInt8) -> String {
    let d = Array("0123456789abcdef")
    return String([d[Int(b >> 4)], d[Int(b & 15)]])
  }
}
