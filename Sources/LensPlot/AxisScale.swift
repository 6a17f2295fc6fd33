#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How data values map to positions along an axis.
public enum AxisScale: Sendable, Hashable {
  /// Position proportional to the value.
  case linear
  /// Position proportional to log₁₀ of the value; values ≤ 0 cannot be shown.
  case log

  /// The value in the scale's own coordinate (v, or log₁₀ v); NaN where it cannot be shown.
  public func transform(_ v: Double) -> Double {
    guard v.isFinite else { return .nan }
    switch self {
    case .linear: return v
    case .log: return v > 0 ? log10(v) : .nan
    }
  }

  /// The inverse of `transform`.
  public func inverse(_ t: Double) -> Double {
    switch self {
    case .linear: return t
    case .log: return pow(10, t)
    }
  }
}

/// A data interval on a scale, and the affine map of its transformed coordinate onto a
/// pixel interval (`start` at `lower`, `end` at `upper`; `end < start` for a y axis).
public struct AxisMapping: Sendable {
  public let scale: AxisScale
  public let lower: Double
  public let upper: Double
  public let start: Double
  public let end: Double

  public init(scale: AxisScale, lower: Double, upper: Double, start: Double, end: Double) {
    self.scale = scale; self.lower = lower; self.upper = upper; self.start = start; self.end = end
  }

  /// The position of value v (NaN if it cannot be shown).
  public func position(_ v: Double) -> Double {
    let a = scale.transform(lower), b = scale.transform(upper), t = scale.transform(v)
    return start + (t - a) / (b - a) * (end - start)
  }

  /// Whether v lies inside [lower, upper] (with a relative tolerance for rounding).
  public func contains(_ v: Double) -> Bool {
    let a = scale.transform(lower), b = scale.transform(upper), t = scale.transform(v)
    let eps = 1e-9 * abs(b - a)
    return t >= a - eps && t <= b + eps
  }
}
