import LensCore

/// The CIFAR "binary version" record formats (Krizhevsky 2009):
/// * CIFAR-10: `<1 byte label 0-9><3072 pixel bytes>` per record;
/// * CIFAR-100: `<1 byte coarse label 0-19><1 byte fine label 0-99><3072 pixel bytes>`.
/// The 3072 pixel bytes are the red, green and blue planes in turn, each 32×32 row-major, so a
/// record's pixels are already channel-major `[3, 32, 32]`.
public enum CIFARReader {
  public enum Layout: Sendable {
    case cifar10
    case cifar100

    public var labelBytes: Int { self == .cifar10 ? 1 : 2 }
    public var recordSize: Int { labelBytes + 3072 }
  }

  public struct Records: Sendable, Equatable {
    public var count: Int
    /// CIFAR-10 label or CIFAR-100 fine label.
    public var labels: [Int32]
    /// CIFAR-100 coarse (superclass) labels; empty for CIFAR-10.
    public var coarseLabels: [Int32]
    /// `count × 3072` bytes, channel-major per record.
    public var pixels: [UInt8]
  }

  public static func parse(_ data: [UInt8], name: String, layout: Layout) throws -> Records {
    let size = layout.recordSize
    guard data.count % size == 0 else {
      let full = data.count / size
      throw LensError.data("""
        \(name): truncated or malformed CIFAR file: \(data.count) bytes is not a whole number of \(size)-byte records; \
        record \(full) starts at byte offset \(full * size) and has only \(data.count - full * size) bytes
        """)
    }
    let n = data.count / size
    var labels = [Int32](repeating: 0, count: n)
    var coarse = [Int32](repeating: 0, count: layout == .cifar100 ? n : 0)
    var pixels = [UInt8](repeating: 0, count: n * 3072)
    try data.withUnsafeBufferPointer { src in
      try pixels.withUnsafeMutableBufferPointer { dst in
        for r in 0..<n {
          let o = r * size
          switch layout {
          case .cifar10:
            guard src[o] < 10 else { throw badLabel(name, src[o], o, "label", 10) }
            labels[r] = Int32(src[o])
          case .cifar100:
            guard src[o] < 20 else { throw badLabel(name, src[o], o, "coarse label", 20) }
            guard src[o + 1] < 100 else { throw badLabel(name, src[o + 1], o + 1, "fine label", 100) }
            coarse[r] = Int32(src[o])
            labels[r] = Int32(src[o + 1])
          }
          (dst.baseAddress! + r * 3072).update(from: src.baseAddress! + o + layout.labelBytes, count: 3072)
        }
      }
    }
    return Records(count: n, labels: labels, coarseLabels: coarse, pixels: pixels)
  }

  static func badLabel(_ name: String, _ v: UInt8, _ offset: Int, _ what: String, _ limit: Int) -> LensError {
    LensError.data("\(name): malformed CIFAR record: \(what) \(v) at byte offset \(offset) is not below \(limit)")
  }
}
