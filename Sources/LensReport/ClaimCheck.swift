import Foundation
import LensStatistics

/// The verdict on one claim, with the numbers it rests on.
public struct Verdict: Sendable {
  public enum Status: String, Sendable { case reproduced = "reproduced", notReproduced = "not reproduced", notRun = "not run here" }
  public var claim: Claim
  public var status: Status
  public var evidence: String
}

extension Claim {
  /// Evaluates the claim on a suite's results.
  public func verdict(_ results: SuiteResults?) throws -> Verdict {
    // Claims recorded but not tested here have a verdict whether or not anything ran.
    if case .notRun(let reason) = check { return Verdict(claim: self, status: .notRun, evidence: reason) }
    guard let results, results.runCount > 0 else {
      return Verdict(claim: self, status: .notRun, evidence: "no finished runs of suite \(suite)")
    }
    func median(_ v: String, _ m: String) -> Double? {
      let f = results.finals(v, metric: m)
      return f.isEmpty ? nil : Quantile.median(f)
    }
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    switch check {
    case .trajectory(let t):
      let (ok, evidence) = try t.evaluate(results)
      return Verdict(claim: self, status: ok.map { $0 ? .reproduced : .notReproduced } ?? .notRun, evidence: evidence)
    case .notRun(let reason):
      return Verdict(claim: self, status: .notRun, evidence: reason)
    case .sweep(let sweep):
      return sweep.verdict(self, results)
    case .similarFinal(let metric, let variant, let others, let margin):
      let medians = ([variant] + others).compactMap { v in median(v, metric).map { (v, $0) } }
      guard medians.count == others.count + 1 else {
        return Verdict(claim: self, status: .notRun, evidence: "missing finished runs of \(([variant] + others).filter { v in !medians.contains { $0.0 == v } }.joined(separator: ", "))")
      }
      let values = medians.map(\.1)
      let spread = values.max()! / values.min()!
      return Verdict(claim: self, status: spread <= 1 + margin ? .reproduced : .notReproduced,
                     evidence: "median final \(metric): " + medians.map { "\($0.0) \(fmt($0.1))" }.joined(separator: ", ")
                       + "; largest ÷ smallest \(fmt(spread)) (test: ≤ \(fmt(1 + margin)))")
    case .bestFinal(let metric, let variant), .worstFinal(let metric, let variant):
      // Lower is better, except for accuracies (higher is better), as in `SummaryTable`; the
      // worst is the best with the order reversed.
      var sign = metric.hasSuffix("accuracy") ? -1.0 : 1.0
      var word = "best"
      if case .worstFinal = check { sign = -sign; word = "worst" }
      let medians = results.variants.compactMap { v in median(v.name, metric).map { (v.name, $0) } }
      guard let mine = medians.first(where: { $0.0 == variant }) else {
        return Verdict(claim: self, status: .notRun, evidence: "no finished runs of \(variant)")
      }
      let best = medians.min { sign * $0.1 < sign * $1.1 }!
      let table = medians.sorted { sign * $0.1 < sign * $1.1 }.map { "\($0.0) \(fmt($0.1))" }.joined(separator: ", ")
      return Verdict(claim: self, status: best.0 == variant ? .reproduced : .notReproduced,
                     evidence: "median final \(metric): \(table)\(best.0 == variant ? "" : "; \(word) is \(best.0), \(variant) has \(fmt(mine.1))")")
    case .overfits(let metric, let variant, let before, let margin):
      guard let runs = try results.aligned(variant, metric: metric) else {
        return Verdict(claim: self, status: .notRun, evidence: "no runs of \(variant)")
      }
      let curve = runs.quantile(0.5)
      let grid = runs.grid.points
      guard let minIndex = curve.indices.filter({ curve[$0].isFinite }).min(by: { curve[$0] < curve[$1] }),
            let last = curve.last, last.isFinite else {
        return Verdict(claim: self, status: .notReproduced, evidence: "the median \(metric) curve of \(variant) is not finite")
      }
      let fraction = (grid[minIndex] - grid[0]) / (grid.last! - grid[0])
      let rise = last / curve[minIndex] - 1
      let ok = fraction <= before && rise >= margin
      return Verdict(claim: self, status: ok ? .reproduced : .notReproduced,
                     evidence: "median \(metric) of \(variant) is lowest (\(fmt(curve[minIndex]))) at \(fmt(fraction * 100)) % of the budget and ends \(fmt(rise * 100)) % above it (test: ≤ \(fmt(before * 100)) % and ≥ \(fmt(margin * 100)) %)")
    case .lowerSpread(let metric, let variant, let others):
      let iqr = { (v: String) -> Double? in
        let f = results.finals(v, metric: metric)
        return f.count >= 2 ? Quantile.interquartileRange(f) : nil
      }
      guard let mine = iqr(variant) else { return Verdict(claim: self, status: .notRun, evidence: "fewer than 2 finished runs of \(variant)") }
      let theirs = others.compactMap { o in iqr(o).map { (o, $0) } }
      let ok = !theirs.isEmpty && theirs.allSatisfy { mine < $0.1 }
      return Verdict(claim: self, status: ok ? .reproduced : .notReproduced,
                     evidence: "IQR of final \(metric): \(variant) \(fmt(mine)); " + theirs.map { "\($0.0) \(fmt($0.1))" }.joined(separator: ", "))
    case .competitive(let metric, let variant, let reference, let margin):
      guard let a = median(variant, metric), let b = median(reference, metric) else {
        return Verdict(claim: self, status: .notRun, evidence: "missing finished runs of \(variant) or \(reference)")
      }
      let higher = metric.hasSuffix("accuracy")
      let ok = higher ? a >= (1 - margin) * b : a <= (1 + margin) * b
      return Verdict(claim: self, status: ok ? .reproduced : .notReproduced,
                     evidence: "median final \(metric): \(variant) \(fmt(a)), \(reference) \(fmt(b)) (ratio \(fmt(a / b)); test: \(higher ? "≥ \(fmt(1 - margin))" : "≤ \(fmt(1 + margin))"))")
    case .ratio, .decays, .resembles, .clipped, .grows, .metricRatio, .slowerStart:
      return try curveVerdict(results)
    }
  }
}
