import LensCore

/// Learning-rate schedules (per epoch t = 0, 1, …, T − 1; τ = t/T), as named, serialisable
/// options. The runner multiplies an optimizer's base rate by `factor(epoch:of:)` through
/// `LearningRateScalable.learningRateScale`.
public enum LearningRateSchedule: Sendable, Hashable, Codable {
  /// α_t = α₀.
  case constant
  /// Cosine annealing to `minimum`·α₀ over the run: α₀·[m + (1 − m)·½(1 + cos(π t/T))]
  /// (PyTorch `CosineAnnealingLR` with η_min = m·α₀, stepped per epoch; AdaFisher's runs).
  case cosine(minimum: Double)
  /// Granziol et al. Eq. 12 (and GZ `schedule`): α₀ for τ ≤ ½; α₀[1 − (1 − r)(τ − ½)/0.4] for
  /// ½ < τ ≤ 0.9; α₀·r after, r = 0.01.
  case granziolEq12(r: Double)
  /// Granziol et al. Eq. 16, warm-up/ramp: α₀ (τ ≤ 0.1); α₀[1 + (κ − 1)(τ − 0.1)/0.2]
  /// (0.1 < τ ≤ 0.3); α₀[κ − (κ − r)(τ − 0.3)/0.6] (0.3 < τ ≤ 0.9); α₀·r after.
  /// The paper: r = 0.01, κ = 5, "≤" boundaries; the code (`--lr_ramp`): r = 0.1, strict "<".
  case granziolEq16(r: Double, kappa: Double, strictBoundaries: Bool)

  public static let granziolEq12Paper = LearningRateSchedule.granziolEq12(r: 0.01)
  public static let granziolEq16Paper = LearningRateSchedule.granziolEq16(r: 0.01, kappa: 5, strictBoundaries: false)
  public static let granziolEq16Code = LearningRateSchedule.granziolEq16(r: 0.1, kappa: 5, strictBoundaries: true)

  /// The schedule called `name` in a suite file: `constant`, `cosine` (to 0),
  /// `granziol_eq12`, `granziol_eq16` (paper: r 0.01, ≤) or `granziol_eq16_code` (r 0.1, <).
  public init(name: String) throws {
    switch name {
    case "constant": self = .constant
    case "cosine": self = .cosine(minimum: 0)
    case "granziol_eq12": self = .granziolEq12Paper
    case "granziol_eq16": self = .granziolEq16Paper
    case "granziol_eq16_code": self = .granziolEq16Code
    default:
      throw LensError.badInput("unknown learning-rate schedule '\(name)'; known: constant, cosine, granziol_eq12, granziol_eq16, granziol_eq16_code")
    }
  }

  /// The multiplier of α₀ at epoch `t` of `total`.
  public func factor(epoch t: Int, of total: Int) -> Double {
    let tau = Double(t) / Double(max(total, 1))
    switch self {
    case .constant: return 1
    case .cosine(let m):
      return m + (1 - m) * 0.5 * (1 + _cosPi(Double(t) / Double(max(total, 1))))
    case .granziolEq12(let r):
      if tau <= 0.5 { return 1 }
      if tau <= 0.9 { return 1 - (1 - r) * (tau - 0.5) / 0.4 }
      return r
    case .granziolEq16(let r, let kappa, let strict):
      func le(_ a: Double, _ b: Double) -> Bool { strict ? a < b : a <= b }
      if le(tau, 0.1) { return 1 }
      if le(tau, 0.3) { return 1 + (kappa - 1) * (tau - 0.1) / 0.2 }
      if le(tau, 0.9) { return kappa - (kappa - r) * (tau - 0.3) / 0.6 }
      return r
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func _cosPi(_ x: Double) -> Double { cos(Double.pi * x) }
