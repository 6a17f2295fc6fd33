import Foundation
import LensCore
import LensRunner

/// A claim of a paper and the measured test its verdict rests on (`reports/claims/<paper>.yaml`).
public struct Claim: Sendable {
  public enum Check: Sendable {
    /// `variant` has the lowest median final `metric` of all variants.
    case bestFinal(metric: String, variant: String)
    /// `variant`'s median curve reaches its minimum before fraction `before` of the budget and
    /// ends at least `margin` (relative) above it.
    case overfits(metric: String, variant: String, before: Double, margin: Double)
    /// `variant`'s IQR of final `metric` is below each of `others`'.
    case lowerSpread(metric: String, variant: String, others: [String])
    /// Median final `metric` of `variant` ≤ (1 + margin) × that of `reference`.
    case competitive(metric: String, variant: String, reference: String, margin: Double)
    /// A test on the parameter trajectories of a model-free objective (TrajectoryClaims.swift).
    case trajectory(TrajectoryCheck)
    /// A claim about a sensitivity study (the suite's lattice); see `SweepCheck`.
    case sweep(SweepCheck)
    /// A claim Lens records but does not test here, and why (e.g. ImageNet, or data that is
    /// not available): its verdict is always "not run here" with the reason.
    case notRun(reason: String)
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
                                         "lower", "upper", "tolerance", "from", "value", "at_most", "reason"])
      if try kind.required("kind").string() == "not_run" {
        return Claim(id: try o.required("id").string(), suite: try o.required("suite").string(),
                     text: try o.required("text").string(), check: .notRun(reason: try kind.required("reason").string()))
      }
      let metric = try kind.required("metric").string()
      let variant = try kind.required("variant").string()
      let check: Claim.Check
      switch try kind.required("kind").choice(["best_final", "overfits", "lower_spread", "competitive", "not_run"]
                                              + TrajectoryCheck.kinds + SweepCheck.kinds) {
      case "best_final": check = .bestFinal(metric: metric, variant: variant)
      case let k where SweepCheck.kinds.contains(k):
        check = .sweep(try SweepCheck(kind: k, metric: metric, variant: variant, object: kind))
      case "overfits":
        check = .overfits(metric: metric, variant: variant, before: try kind.required("before").double(),
                          margin: try kind.required("margin").double())
      case "lower_spread":
        check = .lowerSpread(metric: metric, variant: variant, others: try kind.required("others").list().map { try $0.string() })
      default:
        check = .competitive(metric: metric, variant: variant, reference: try kind.required("reference").string(),
                             margin: try kind.required("margin").double())
      }
      return Claim(id: try o.required("id").string(), suite: try o.required("suite").string(),
                   text: try o.required("text").string(), check: check)
    }
  }
}
