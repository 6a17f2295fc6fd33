#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A continuous colormap: piecewise-linear interpolation (in sRGB) between control colours
/// at evenly spaced positions 0, 1/(n−1), …, 1.
public struct Colormap: Sendable, Hashable {
  public let controls: [RGBColor]

  public init(controls: [RGBColor]) {
    precondition(controls.count >= 2, "a colormap needs at least two control colours")
    self.controls = controls
  }

  /// The colour at t ∈ [0, 1] (clamped; NaN gives `RGBColor.missing`).
  public func color(at t: Double) -> RGBColor {
    if t.isNaN { return .missing }
    let u = max(0, min(1, t)) * Double(controls.count - 1)
    let i = min(Int(u), controls.count - 2)
    return controls[i].mixed(with: controls[i + 1], u - Double(i))
  }

  /// The part of this colormap between `lower` and `upper` (0 ≤ lower < upper ≤ 1), resampled at
  /// 11 evenly spaced positions — e.g. viridis without its pale yellow end for lines on white.
  public func restricted(from lower: Double, to upper: Double) -> Colormap {
    Colormap(controls: (0...10).map { color(at: lower + (upper - lower) * Double($0) / 10) })
  }

  /// Viridis (van der Walt & Smith), from its eleven samples at 0, 0.1, …, 1.
  public static let viridis = Colormap(controls: [
    0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
    0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
  ].map { RGBColor(hex: $0) })

  /// White to light tan: a quiet background for contour fills under trajectories, distinct
  /// from every palette colour (including SGD's grey).
  public static let paper = Colormap(controls: [0xFFFFFF, 0xF6F1E4, 0xEADFC4, 0xD8C79F, 0xC2AB7A].map { RGBColor(hex: $0) })

  /// A light-to-dark blue sequence.
  public static let blues = Colormap(controls: [
    0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x084594,
  ].map { RGBColor(hex: $0) })
}

/// The map from data values to [0, 1] for a colormap: linear, or linear in log₁₀ (values
/// ≤ 0 map to NaN on a log norm).
public struct ColorNorm: Sendable, Hashable {
  public enum Kind: Sendable, Hashable { case linear, log }
  public let kind: Kind
  public let lower: Double
  public let upper: Double

  public init(_ kind: Kind, lower: Double, upper: Double) {
    precondition(upper > lower, "a colour norm needs upper > lower")
    precondition(kind == .linear || lower > 0, "a log colour norm needs a positive lower bound")
    self.kind = kind; self.lower = lower; self.upper = upper
  }

  /// The norm spanning the finite (and, for `.log`, positive) values; nil if there are none.
  /// A constant set gets a unit-wide range around its value.
  public static func fitting(_ values: [Double], _ kind: Kind) -> ColorNorm? {
    let v = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
    guard let lo = v.min(), let hi = v.max() else { return nil }
    if hi > lo { return ColorNorm(kind, lower: lo, upper: hi) }
    return kind == .log ? ColorNorm(.log, lower: lo / 10, upper: hi * 10)
                        : ColorNorm(.linear, lower: lo - 0.5, upper: hi + 0.5)
  }

  /// The position of `v` in [0, 1] (unclamped; NaN for non-finite or, on a log norm, ≤ 0).
  public func position(_ v: Double) -> Double {
    guard v.isFinite else { return .nan }
    switch kind {
    case .linear: return (v - lower) / (upper - lower)
    case .log:
      guard v > 0 else { return .nan }
      return (log10(v) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }
}
