import Foundation
import LensCore
import LensRunner
import LensStatistics

/// The geometry of the AdamQLR paper's Rosenbrock function f = ¼[(1 − x)² + 100(y − x²)²]
/// that trajectory claims are stated in: the valley floor y = x², the signed valley offset
/// v(θ) = y − x², and the minimum θ* = (1, 1).
public enum RosenbrockGeometry {
  public static let optimum = [1.0, 1.0]
  /// v(θ) = y − x²: zero on the valley floor, negative below it (the side of the start (1, −1)).
  public static func valleyOffset(_ p: [Double]) -> Double { p[1] - p[0] * p[0] }
  /// ‖θ − θ*‖.
  public static func distanceToOptimum(_ p: [Double]) -> Double {
    ((p[0] - optimum[0]) * (p[0] - optimum[0]) + (p[1] - optimum[1]) * (p[1] - optimum[1])).squareRoot()
  }
}

/// What one run's trajectory θ₀…θ_T (its evaluation lines, one per step) shows.
public struct TrajectoryStatistics: Sendable, Equatable {
  /// ‖θ_T − θ*‖.
  public var finalDistance: Double
  /// |v(θ_T)|: how far from the valley floor the run ends.
  public var finalValleyOffset: Double
  /// max_t −sign(v(θ₀))·v(θ_t), floored at 0: how far the path crosses to the far side of the
  /// valley floor from where it started (0 when it never crosses).
  public var overshoot: Double
  /// Fraction of the T transitions with f(θ_{t+1}) > f(θ_t).
  public var lossIncreaseFraction: Double
  /// The rates |α_t| the optimizer applied (step lines; empty when it logs none).
  public var rates: [Double]

  public init(points: [[Double]], losses: [Double], rates: [Double]) {
    precondition(points.count >= 1 && points.count == losses.count, "a trajectory needs one loss per point")
    let last = points[points.count - 1]
    finalDistance = RosenbrockGeometry.distanceToOptimum(last)
    finalValleyOffset = abs(RosenbrockGeometry.valleyOffset(last))
    let side = RosenbrockGeometry.valleyOffset(points[0]) < 0 ? 1.0 : -1.0
    overshoot = max(0, points.map { side * RosenbrockGeometry.valleyOffset($0) }.max()!)
    let rises = zip(losses, losses.dropFirst()).filter { $1 > $0 }.count
    lossIncreaseFraction = losses.count > 1 ? Double(rises) / Double(losses.count - 1) : 0
    self.rates = rates
  }

  /// From a run log; nil when its evaluations carry no parameters.
  public init?(record: RunRecord) {
    let evaluations = record.evaluations.filter { $0.parameters?.count == 2 && $0.value("train_loss") != nil }
    guard !evaluations.isEmpty else { return nil }
    self.init(points: evaluations.map { $0.parameters! }, losses: evaluations.map { $0.value("train_loss")! },
              rates: record.steps.compactMap { $0.learningRate.map(abs) })
  }

  /// Fraction of steps whose rate sits at the clip α_max (within a relative 1e-6: the rate is
  /// logged from single precision).
  public func clippedFraction(clip: Double) -> Double {
    rates.isEmpty ? 0 : Double(rates.filter { $0 >= clip * (1 - 1e-6) }.count) / Double(rates.count)
  }
}

/// A claim about Rosenbrock trajectories (`reports/claims/<paper>.yaml`, `check: {kind: …}`).
/// Each statistic is the median over the variant's finished runs (one run in the paper).
///
/// - `stalls_in_valley {variant, valley_tol, min_distance}`: ends on the valley floor
///   (|v(θ_T)| ≤ valley_tol) but at least min_distance from the optimum.
/// - `bounces {variant, min_fraction}`: the loss rises on at least min_fraction of the steps.
/// - `overshoots {variant, margin[, min_final_distance]}`: overshoot ≥ margin (and, if given,
///   it ends at least min_final_distance from the optimum: it is still crawling).
/// - `no_overshoot {variant, margin}`: overshoot ≤ margin.
/// - `nearest_optimum {variant}`: ends nearest the optimum of all variants.
/// - `rate_clipped {variant, clip, min_fraction}`: the applied rate sits at the clip α_max on
///   at least min_fraction of the steps (α_max binds: it is too small for this problem).
public enum TrajectoryCheck: Sendable, Equatable {
  case stallsInValley(variant: String, valleyTolerance: Double, minDistance: Double)
  case bounces(variant: String, minFraction: Double)
  case overshoots(variant: String, margin: Double, minFinalDistance: Double?)
  case noOvershoot(variant: String, margin: Double)
  case nearestOptimum(variant: String)
  case rateClipped(variant: String, clip: Double, minFraction: Double)

  public static let kinds = ["stalls_in_valley", "bounces", "overshoots", "no_overshoot", "nearest_optimum", "rate_clipped"]

  public var variant: String {
    switch self {
    case .stallsInValley(let v, _, _), .bounces(let v, _), .overshoots(let v, _, _), .noOvershoot(let v, _),
         .nearestOptimum(let v), .rateClipped(let v, _, _): return v
    }
  }

  /// The check of a claim, when its kind is a trajectory kind (nil otherwise); strict keys.
  static func parse(_ value: YAMLValue) throws -> TrajectoryCheck? {
    guard let kindValue = try value.entries().first(where: { $0.key == "kind" })?.value,
          case let kind = try kindValue.string(), kinds.contains(kind) else { return nil }
    let allowed: [String]
    switch kind {
    case "stalls_in_valley": allowed = ["valley_tol", "min_distance"]
    case "bounces": allowed = ["min_fraction"]
    case "overshoots": allowed = ["margin", "min_final_distance"]
    case "no_overshoot": allowed = ["margin"]
    case "rate_clipped": allowed = ["clip", "min_fraction"]
    default: allowed = []
    }
    let o = try value.object(allowed: ["kind", "variant"] + allowed)
    let variant = try o.required("variant").string()
    func number(_ key: String) throws -> Double {
      let v = try o.required(key)
      let x = try v.double()
      guard x >= 0 else { throw v.error("'\(key)' must not be negative") }
      return x
    }
    switch kind {
    case "stalls_in_valley":
      return .stallsInValley(variant: variant, valleyTolerance: try number("valley_tol"), minDistance: try number("min_distance"))
    case "bounces": return .bounces(variant: variant, minFraction: try number("min_fraction"))
    case "overshoots":
      return .overshoots(variant: variant, margin: try number("margin"),
                         minFinalDistance: o["min_final_distance"] == nil ? nil : try number("min_final_distance"))
    case "no_overshoot": return .noOvershoot(variant: variant, margin: try number("margin"))
    case "rate_clipped": return .rateClipped(variant: variant, clip: try number("clip"), minFraction: try number("min_fraction"))
    default: return .nearestOptimum(variant: variant)
    }
  }

  /// (true/false, or nil when not run; the evidence) on per-variant statistics.
  public func evaluate(_ statistics: [(variant: String, runs: [TrajectoryStatistics])]) -> (Bool?, String) {
    func fmt(_ x: Double) -> String { String(format: "%.3g", x) }
    func median(_ runs: [TrajectoryStatistics], _ f: (TrajectoryStatistics) -> Double) -> Double { Quantile.median(runs.map(f)) }
    guard let mine = statistics.first(where: { $0.variant == variant })?.runs, !mine.isEmpty else {
      return (nil, "no finished trajectory of \(variant)")
    }
    let distance = median(mine, \.finalDistance)
    switch self {
    case .stallsInValley(_, let tol, let minDistance):
      let offset = median(mine, \.finalValleyOffset)
      return (offset <= tol && distance >= minDistance,
              "\(variant) ends \(fmt(offset)) off the valley floor (test ≤ \(fmt(tol))) and \(fmt(distance)) from the optimum (test ≥ \(fmt(minDistance)))")
    case .bounces(_, let minFraction):
      let f = median(mine, \.lossIncreaseFraction)
      return (f >= minFraction, "the loss of \(variant) rises on \(fmt(100 * f)) % of its steps (test ≥ \(fmt(100 * minFraction)) %)")
    case .overshoots(_, let margin, let minFinal):
      let o = median(mine, \.overshoot)
      var ok = o >= margin
      var text = "\(variant) crosses \(fmt(o)) beyond the valley floor (max y − x² past it; test ≥ \(fmt(margin)))"
      if let minFinal {
        ok = ok && distance >= minFinal
        text += " and ends \(fmt(distance)) from the optimum (test ≥ \(fmt(minFinal)))"
      }
      return (ok, text)
    case .noOvershoot(_, let margin):
      let o = median(mine, \.overshoot)
      return (o <= margin, "\(variant) crosses \(fmt(o)) beyond the valley floor (test ≤ \(fmt(margin)))")
    case .nearestOptimum:
      let all = statistics.filter { !$0.runs.isEmpty }.map { ($0.variant, median($0.runs, \.finalDistance)) }
      let best = all.min { $0.1 < $1.1 }!
      let table = all.sorted { $0.1 < $1.1 }.map { "\($0.0) \(fmt($0.1))" }.joined(separator: ", ")
      return (best.0 == variant, "final distance to (1, 1): \(table)")
    case .rateClipped(_, let clip, let minFraction):
      let f = median(mine) { $0.clippedFraction(clip: clip) }
      return (f >= minFraction, "\(variant)'s rate is at α_max = \(fmt(clip)) on \(fmt(100 * f)) % of its steps (test ≥ \(fmt(100 * minFraction)) %)")
    }
  }

  /// The check on a suite's results: statistics of every finished run with a logged trajectory.
  public func evaluate(_ results: SuiteResults) throws -> (Bool?, String) {
    guard results.suite.problem.objective?.name == "rosenbrock" else {
      return (nil, "trajectory claims need the Rosenbrock objective; suite \(results.suite.id) has \(results.suite.problem.summary)")
    }
    return evaluate(results.trajectoryStatistics)
  }
}

extension SuiteResults {
  /// Per variant (plan order): the trajectory statistics of its finished runs.
  public var trajectoryStatistics: [(variant: String, runs: [TrajectoryStatistics])] {
    variants.map { v in (v.name, v.records.filter { $0.status == "finished" }.compactMap(TrajectoryStatistics.init(record:))) }
  }
}
