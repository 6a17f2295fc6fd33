/// How 8-bit image pixels become features.
public enum ImageNormalisation: Sendable, Equatable {
  /// `x / 255`, in [0, 1].
  case unitInterval
  /// `(x / 255 − mean[c]) / std[c]` per channel `c` (one value each for greyscale).
  case channelStandardised(mean: [Float], std: [Float])
  /// `channelStandardised` with each channel's mean and population std over the training split.
  case trainChannelStatistics

  /// Converts `count` channel-major images of `channels × pixelsPerChannel` bytes.
  static func convert(_ bytes: [UInt8], channels: Int, pixelsPerChannel: Int, mean: [Float], std: [Float]) -> [Float] {
    var out = [Float](repeating: 0, count: bytes.count)
    let per = channels * pixelsPerChannel
    bytes.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<src.count {
          let c = (i % per) / pixelsPerChannel
          dst[i] = (Float(src[i]) / 255 - mean[c]) / std[c]
        }
      }
    }
    return out
  }

  /// Per-channel mean and population std of `bytes / 255`.
  static func channelStatistics(_ bytes: [UInt8], channels: Int, pixelsPerChannel: Int) -> (mean: [Float], std: [Float]) {
    var sum = [Double](repeating: 0, count: channels), sq = [Double](repeating: 0, count: channels)
    var counts = [UInt64](repeating: 0, count: channels * 256)
    let per = channels * pixelsPerChannel
    for i in 0..<bytes.count { counts[((i % per) / pixelsPerChannel) * 256 + Int(bytes[i])] += 1 }
    var n = [Double](repeating: 0, count: channels)
    for c in 0..<channels {
      for v in 0..<256 {
        let k = Double(counts[c * 256 + v]), x = Double(v) / 255
        sum[c] += k * x; sq[c] += k * x * x; n[c] += k
      }
    }
    var mean = [Float](), std = [Float]()
    for c in 0..<channels {
      let m = sum[c] / max(n[c], 1)
      let s = max(sq[c] / max(n[c], 1) - m * m, 0).squareRoot()
      mean.append(Float(m)); std.append(Float(s == 0 ? 1 : s))
    }
    return (mean, std)
  }

  /// The per-channel mean and std this normalisation uses, given the training images.
  func parameters(trainBytes: [UInt8], channels: Int, pixelsPerChannel: Int) -> (mean: [Float], std: [Float]) {
    switch self {
    case .unitInterval: return ([Float](repeating: 0, count: channels), [Float](repeating: 1, count: channels))
    case .channelStandardised(let m, let s): return (m, s)
    case .trainChannelStatistics: return Self.channelStatistics(trainBytes, channels: channels, pixelsPerChannel: pixelsPerChannel)
    }
  }
}
