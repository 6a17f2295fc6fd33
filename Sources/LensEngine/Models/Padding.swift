/// How a convolution or max-pooling window pads its `[C, H, W]` input.
///
/// - `symmetric(p)`: p rows/columns on every side (PyTorch's `padding=p`); an integer literal
///   means this form, so `padding: 1` keeps its meaning.
/// - `same`: TensorFlow's / Haiku's "SAME": per spatial dimension of size n, the output has
///   ⌈n/s⌉ entries and the total padding max((out − 1)·s + k − n, 0) is split as
///   (⌊total/2⌋ before, the rest after) — asymmetric when the total is odd (see
///   `WindowGeometry.samePadding`). Resolved to per-side amounts when the network is built.
///
/// Padded cells are zeros for a convolution and −∞ for max pooling (never selected).
/// Encoded as a plain integer (symmetric) or the string `"SAME"`.
public enum Padding: Sendable, Hashable, Codable, ExpressibleByIntegerLiteral {
  case symmetric(Int)
  case same

  public init(integerLiteral value: Int) { self = .symmetric(value) }

  /// The (before, after) padding of a dimension of `size` for a window `kernel` with `stride`.
  public func resolve(size: Int, kernel: Int, stride: Int) -> (low: Int, high: Int) {
    switch self {
    case .symmetric(let p): return (p, p)
    case .same: return WindowGeometry.samePadding(size: size, kernel: kernel, stride: stride)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let p = try? c.decode(Int.self) { self = .symmetric(p); return }
    let s = try c.decode(String.self)
    guard s.uppercased() == "SAME" else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "padding must be an integer or \"SAME\", got \"\(s)\"")
    }
    self = .same
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .symmetric(let p): try c.encode(p)
    case .same: try c.encode("SAME")
    }
  }
}
