/// SHA-1 (FIPS 180-4), used only to check files whose only published digest is a SHA-1
/// (WikiText-2's `wiki.train.tokens`). Not used for anything security-related.
public struct SHA1: Sendable {
  private var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0
  private var w = [UInt32](repeating: 0, count: 80)

  public init() { buffer.reserveCapacity(64) }

  public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
    length &+= UInt64(bytes.count)
    var i = 0
    if !buffer.isEmpty {
      while i < bytes.count && buffer.count < 64 { buffer.append(bytes[i]); i += 1 }
      if buffer.count == 64 {
        let block = buffer
        block.withUnsafeBufferPointer { compress($0.baseAddress!) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    while bytes.count - i >= 64 { compress(bytes.baseAddress! + i); i += 64 }
    while i < bytes.count { buffer.append(bytes[i]); i += 1 }
  }

  public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { update($0) } }

  public mutating func finalize() -> [UInt8] {
    var tail = buffer
    let bits = length &* 8
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    tail.withUnsafeBufferPointer { p in
      var o = 0
      while o < p.count { compress(p.baseAddress! + o); o += 64 }
    }
    var out: [UInt8] = []
    for v in h { for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    return out
  }

  private mutating func compress(_ p: UnsafePointer<UInt8>) {
    for t in 0..<16 {
      w[t] = UInt32(p[4 * t]) << 24 | UInt32(p[4 * t + 1]) << 16 | UInt32(p[4 * t + 2]) << 8 | UInt32(p[4 * t + 3])
    }
    for t in 16..<80 {
      let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
      w[t] = (x << 1) | (x >> 31)
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
    for t in 0..<80 {
      let f: UInt32, k: UInt32
      switch t {
      case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
      case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
      case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
      default: f = b ^ c ^ d; k = 0xCA62_C1D6
      }
      let temp = ((a << 5) | (a >> 27)) &+ f &+ e &+ k &+ w[t]
      e = d; d = c; c = (b << 30) | (b >> 2); b = a; a = temp
    }
    h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
  }
}
