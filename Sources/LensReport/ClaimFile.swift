import Foundation
import LensCore
import LensRunner

/// A claim of a paper and the measured test its verdict rests on (`reports/claims/<paper>.yaml`).
public struct Claim: Sendable {
  public enum Check: Sendable {
    /// `variant` has the lowest median final `metric` of all variants.
    case bestFinal(metric: String, variant: String)
    /// `variant` has the highest median final `metric` of all variants (the slowest to train
    /// at the end of the budget, for a loss; the lowest, for an accuracy).
    case worstFinal(metric: String, variant: String)
    /// The median final `metric`s of `variant` and `others` agree: the largest is at most
    /// (1 + margin) × the smallest ("generalisation is similar across methods").
    case similarFinal(metric: String, variant: String, others: [String], margin: Double)
    /// `variant`'s median curve reaches its minimum before fraction `before` of the budget and
    /// ends at least `margin` (relative) above it.
    case overfits(metric: String, variant: String, before: Double, margin: Double)
    /// `variant`'s IQR of final `metric` is below each of `others`'.
    case lowerSpread(metric: String, variant: String, others: [String])
    /// Median final `metric` of `variant` ≤ (1 + margin) × that of `reference` (for an
    /// accuracy: ≥ (1 − margin) ×).
    case competitive(metric: String, variant: String, reference: String, margin: Double)
    /// A test on the parameter trajectories of a model-free objective (TrajectoryClaims.swift).
    case trajectory(TrajectoryCheck)
    /// A claim about a sensitivity study (the suite's lattice); see `SweepCheck`.
    case sweep(SweepCheck)
    /// A claim Lens records but does not test here, and why (e.g. ImageNet, or data that is
    /// not available): its verdict is always "not run here" with the reason.
    case notRun(reason: String)
    /// Median final `metric` of `variant` ÷ that of `reference` lies in [min, max]
    /// ("slightly better": [0.8, 1]; "slightly worse": [1, 1.25]).
    case ratio(metric: String, variant: String, reference: String, min: Double, max: Double)
    /// The median log₁₀ trajectory of a per-step quantity (`learning_rate`, `damping`) of
    /// `variant` decays roughly exponentially without warm-up (see `ScheduleShape.Decay`): it
    /// falls by at least `minDecades` from its first to its last tenth, never rises more than
    /// `maxRise` decades above its first tenth, and a straight line in log₁₀ explains at least
    /// `minR2` of its variance.
    case decays(metric: String, variant: String, minDecades: Double, maxRise: Double, minR2: Double)
    /// The typical level (median over the trajectory of the median log₁₀) of `variant`'s
    /// per-step `metric` lies within `decades` of the range spanned by the typical levels of
    /// `others` (e.g. tuned fixed learning rates).
    case resembles(metric: String, variant: String, others: [String], decades: Double)
    /// `variant`'s median per-step `metric` (learning rate) sits at `clip`, within `tolerance`
    /// decades, on at least `minFraction` of the epoch grid (AdamQLR (Tuned) switching its
    /// adaptivity off with α_max on SVHN and CIFAR-10).
    case clipped(metric: String, variant: String, clip: Double, tolerance: Double, minFraction: Double)
    /// The median log₁₀ trajectory of `variant`'s per-step `metric` ends at least `minDecades`
    /// above where it starts (mean of the last tenth − mean of the first tenth; "growing rates").
    case grows(metric: String, variant: String, minDecades: Double)
    /// Median final `metric` ÷ median final `referenceMetric` of the same variant lies in
    /// [min, max] (a generalisation gap: test loss ≈ 10× training loss).
    case metricRatio(metric: String, referenceMetric: String, variant: String, min: Double, max: Double)
    /// At fraction `at` of the budget (in epochs), `variant`'s median `metric` curve is at least
    /// (1 + margin) × `reference`'s: a slower start, whatever happens later.
    case slowerStart(metric: String, variant: String, reference: String, at: Double, margin: Double)
  }
  public var id: String
  public var suite: String
  public var text: String
  public var check: Check
}

/// Reads a claims file strictly (unknown keys are errors with file:line:column).
public enum ClaimFile {
  public static func read(_ path: String) throws -> [Claim] {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw LensError.badInput("\(path): cannot read the claims file")
    }
    let root = try YAMLValue.parse(text, file: path).object(allowed: ["lens_claims", "paper", "claims"])
    guard try root.required("lens_claims").int() == 1 else { throw try root.required("lens_claims").error("unsupported version") }
    return try root.required("claims").list().map { item in
      let o = try item.object(allowed: ["id", "suite", "text", "check"])
      let c = try o.required("check")
      if let trajectory = try TrajectoryCheck.parse(c) {
        return Claim(id: try o.required("id").string(), suite: try o.required("suite").string(),
                     text: try o.required("text").string(), check: .trajectory(trajectory))
      }
      let kind = try c.object(allowed: ["kind", "metric", "variant", "before", "margin", "others", "reference",
                                        "min", "max", "min_decades", "max_rise", "min_r2", "decades",
                                        "lower", "upper", "tolerance", "from", "value", "at_most", "reason",
                                        "clip", "min_fraction", "reference_metric", "at"])
      if try kind.required("kind").string() == "not_run" {
        return Claim(id: try o.required("id").string(), suite: try o.required("suite").string(),
                     text: try o.required("text").string(), check: .notRun(reason: try kind.required("reason").string()))
      }
      let metric = try kind.required("metric").string()
      // Schedule kinds check a per-step quantity, not an evaluation metric.
      func scheduleMetric() throws -> String { try kind.required("metric").choice(["learning_rate", "damping"]) }
      let variant = try kind.required("variant").string()
      let check: Claim.Check
      switch try kind.required("kind").choice(["best_final", "worst_final", "similar_final", "overfits", "lower_spread", "competitive", "ratio", "decays",
                                               "resembles", "clipped", "grows", "metric_ratio", "slower_start",
                                               "not_run"] + TrajectoryCheck.kinds + SweepCheck.kinds) {
      case "best_final": check = .bestFinal(metric: metric, variant: variant)
      case "worst_final": check = .worstFinal(metric: metric, variant: variant)
      case "similar_final":
        check = .similarFinal(metric: metric, variant: variant, others: try kind.required("others").list().map { try $0.string() },
                              margin: try kind.required("margin").double())
      case let k where SweepCheck.kinds.contains(k):
        check = .sweep(try SweepCheck(kind: k, metric: metric, variant: variant, object: kind))
      case "overfits":
        check = .overfits(metric: metric, variant: variant, before: try kind.required("before").double(),
                          margin: try kind.required("margin").double())
      case "lower_spread":
        check = .lowerSpread(metric: metric, variant: variant, others: try kind.required("others").list().map { try $0.string() })
      case "ratio":
        check = .ratio(metric: metric, variant: variant, reference: try kind.required("reference").string(),
                       min: try kind.required("min").double(), max: try kind.required("max").double())
      case "decays":
        check = .decays(metric: try scheduleMetric(), variant: variant,
                        minDecades: try kind.required("min_decades").double(), maxRise: try kind.required("max_rise").double(),
                        minR2: try kind.required("min_r2").double())
      case "resembles":
        check = .resembles(metric: try scheduleMetric(), variant: variant,
                           others: try kind.required("others").list().map { try $0.string() },
                           decades: try kind.required("decades").double())
      case "clipped":
        check = .clipped(metric: try scheduleMetric(), variant: variant,
                         clip: try kind.required("clip").double(), tolerance: try kind.required("tolerance").double(),
                         minFraction: try kind.required("min_fraction").double())
      case "grows":
        check = .grows(metric: try scheduleMetric(), variant: variant,
                       minDecades: try kind.required("min_decades").double())
      case "metric_ratio":
        check = .metricRatio(metric: metric, referenceMetric: try kind.required("reference_metric").string(), variant: variant,
                             min: try kind.required("min").double(), max: try kind.required("max").double())
      case "slower_start":
        check = .slowerStart(metric: metric, variant: variant, reference: try kind.required("reference").string(),
                             at: try kind.required("at").double(), margin: try kind.required("margin").double())
      default:
        check = .competitive(metric: metric, variant: variant, reference: try kind.required("reference").string(),
                             margin: try kind.required("margin").double())
      }
      return Claim(id: try o.required("id").string(), suite: try o.required("suite").string(),
                   text: try o.required("text").string(), check: check)
    }
  }
}
