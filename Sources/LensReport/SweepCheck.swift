import Foundation
import LensRunner
import LensStatistics

/// Measured tests of claims about a sensitivity study: a suite whose lattice sweeps one
/// hyperparameter of optimizer `variant` (the label in the suite file). Lattice points are
/// compared by the median over finished runs of the final `metric`.
public enum SweepCheck: Sendable {
  /// The swept value with the lowest median final `metric` lies in [lower, upper].
  case bestAt(metric: String, variant: String, lower: Double, upper: Double)
  /// Larger swept values are no worse: in increasing order of the value, each median final
  /// `metric` is at most (1 + tolerance) × the best median of the smaller values.
  case improvesWith(metric: String, variant: String, tolerance: Double)
  /// Over the values ≥ `from` (all when nil), the largest median final `metric` is at most
  /// (1 + margin) × the smallest.
  case insensitive(metric: String, variant: String, margin: Double, from: Double?)
  /// The run-to-run spread (interquartile range of the final `metric`; +∞ at a point where a run
  /// diverged) is largest at the lattice value nearest to `value`.
  case widestSpreadAt(metric: String, variant: String, value: Double)
  /// At least one run diverges at some value ≤ `atMost`, and none at the largest value.
  case divergesBelow(metric: String, variant: String, atMost: Double)

  var variant: String {
    switch self {
    case .bestAt(_, let v, _, _), .improvesWith(_, let v, _), .insensitive(_, let v, _, _),
         .widestSpreadAt(_, let v, _), .divergesBelow(_, let v, _): return v
    }
  }

  func verdict(_ claim: Claim, _ results: SuiteResults) -> Verdict {
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    func verdict(_ ok: Bool, _ evidence: String) -> Verdict {
      Verdict(claim: claim, status: ok ? .reproduced : .notReproduced, evidence: evidence)
    }
    let points = results.latticePoints(of: variant).filter { $0.value.number != nil }
    guard !points.isEmpty else {
      return Verdict(claim: claim, status: .notRun, evidence: "\(variant) is not swept by suite \(results.suite.id)")
    }
    func medians(_ metric: String) -> [(value: Double, median: Double)] {
      results.latticeMedians(of: variant, metric: metric).map { ($0.point.value.number!, $0.median) }
        .sorted { $0.value < $1.value }
    }
    func listing(_ m: [(value: Double, median: Double)]) -> String {
      m.map { "\(fmt($0.value)): \(fmt($0.median))" }.joined(separator: ", ")
    }
    switch self {
    case .bestAt(let metric, _, let lower, let upper):
      let m = medians(metric)
      guard let best = m.min(by: { $0.median < $1.median }) else {
        return Verdict(claim: claim, status: .notRun, evidence: "no finished runs")
      }
      return verdict(best.value >= lower && best.value <= upper,
                     "lowest median final \(metric) at \(fmt(best.value)) (test: in [\(fmt(lower)), \(fmt(upper))]); \(listing(m))")
    case .improvesWith(let metric, _, let tolerance):
      let m = medians(metric)
      guard m.count >= 2 else { return Verdict(claim: claim, status: .notRun, evidence: "fewer than 2 lattice points with finished runs") }
      var bestSoFar = m[0].median
      var worse: [String] = []
      for p in m.dropFirst() {
        if p.median > (1 + tolerance) * bestSoFar { worse.append(fmt(p.value)) }
        bestSoFar = min(bestSoFar, p.median)
      }
      return verdict(worse.isEmpty, "median final \(metric) by value: \(listing(m))"
                     + (worse.isEmpty ? " (no value worse than a smaller one by more than \(fmt(tolerance * 100)) %)"
                                      : "; worse than a smaller value at: \(worse.joined(separator: ", "))"))
    case .insensitive(let metric, _, let margin, let from):
      let m = medians(metric).filter { from == nil || $0.value >= from! }
      guard let lo = m.map(\.median).min(), let hi = m.map(\.median).max(), lo > 0 else {
        return Verdict(claim: claim, status: .notRun, evidence: "no finished runs in range")
      }
      return verdict(hi <= (1 + margin) * lo, "max/min of the median final \(metric)\(from.map { " over values ≥ \(fmt($0))" } ?? "") = \(fmt(hi / lo)) (test: ≤ \(fmt(1 + margin))); \(listing(m))")
    case .widestSpreadAt(let metric, _, let value):
      let spreads: [(value: Double, spread: Double)] = points.compactMap { p in
        if results.divergedCount(p.variant) > 0 { return (p.value.number!, .infinity) }
        let f = results.finals(p.variant, metric: metric)
        return f.count >= 2 ? (p.value.number!, Quantile.interquartileRange(f)) : nil
      }
      guard let widest = spreads.max(by: { $0.spread < $1.spread }) else {
        return Verdict(claim: claim, status: .notRun, evidence: "fewer than 2 finished runs per point")
      }
      let target = points.map { $0.value.number! }.min { abs($0 - value) < abs($1 - value) }!
      return verdict(widest.value == target, "widest IQR of final \(metric) at \(fmt(widest.value)) (test: at \(fmt(target))); "
                     + spreads.map { "\(fmt($0.value)): \($0.spread.isFinite ? fmt($0.spread) : "diverged")" }.joined(separator: ", "))
    case .divergesBelow(let metric, _, let atMost):
      // A run diverged when the runner stopped it as diverged (non-finite or exploding loss) or
      // when it ended with a larger `metric` than it started with: training made it worse.
      func diverged(_ r: RunRecord) -> Bool {
        if r.status == "diverged" { return true }
        guard let first = r.evaluations.first?.value(metric), let last = r.evaluations.last?.value(metric) else { return false }
        return !(last <= first)
      }
      let counts = points.map { p in
        (value: p.value.number!, diverged: (results.variants.first { $0.name == p.variant }?.records ?? []).filter(diverged).count)
      }.sorted { $0.value < $1.value }
      let small = counts.filter { $0.value <= atMost }.reduce(0) { $0 + $1.diverged }
      let largest = counts.last!.diverged
      return verdict(small > 0 && largest == 0, "runs that diverged or ended above their starting \(metric), by value: " + counts.map { "\(fmt($0.value)): \($0.diverged)" }.joined(separator: ", ")
                     + " (test: some at ≤ \(fmt(atMost)), none at the largest)")
    }
  }
}

extension SweepCheck {
  /// The claim-file kinds of sweep checks.
  static let kinds = ["sweep_best_at", "sweep_improves_with", "sweep_insensitive", "sweep_widest_spread_at", "sweep_diverges_below"]

  /// Reads a sweep check from a claims-file `check` mapping (keys already restricted by the caller).
  init(kind: String, metric: String, variant: String, object o: YAMLObject) throws {
    switch kind {
    case "sweep_best_at":
      self = .bestAt(metric: metric, variant: variant, lower: try o.required("lower").double(), upper: try o.required("upper").double())
    case "sweep_improves_with":
      self = .improvesWith(metric: metric, variant: variant, tolerance: try o["tolerance"]?.double() ?? 0)
    case "sweep_insensitive":
      self = .insensitive(metric: metric, variant: variant, margin: try o.required("margin").double(), from: try o["from"]?.double())
    case "sweep_widest_spread_at":
      self = .widestSpreadAt(metric: metric, variant: variant, value: try o.required("value").double())
    default:
      self = .divergesBelow(metric: metric, variant: variant, atMost: try o.required("at_most").double())
    }
  }
}
