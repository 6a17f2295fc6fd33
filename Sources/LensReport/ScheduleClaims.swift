import Foundation
import LensStatistics

/// Shapes of a median log₁₀ trajectory m(x) (learning rate or damping against epochs), the
/// measured form of the AdamQLR paper's Fig 4 statements.
public enum ScheduleShape {
  /// The decay measures of a trajectory, over its finite points (x₁ < … < xₙ, n ≥ 4):
  /// `start` and `end` are the means of m over the first and last ⌈n/10⌉ points; `drop` =
  /// start − end (decades fallen); `rise` = max m − start (decades risen above the starting
  /// level: a warm-up shows as rise > 0); `r2` is the coefficient of determination of the
  /// least-squares line m ≈ a + b·x (1: exactly exponential in x; 0 when m is constant), and
  /// `slope` its b (decades per unit of x).
  public struct Decay: Sendable, Equatable {
    public var start: Double
    public var end: Double
    public var drop: Double { start - end }
    public var rise: Double
    public var r2: Double
    public var slope: Double
  }

  /// The decay measures of m over x; nil with fewer than 4 finite points.
  public static func decay(x: [Double], m: [Double]) -> Decay? {
    let pts = zip(x, m).filter { $0.0.isFinite && $0.1.isFinite }
    let n = pts.count
    guard n >= 4 else { return nil }
    let k = (n + 9) / 10
    let ys = pts.map { $0.1 }, xs = pts.map { $0.0 }
    let start = Moments.mean(Array(ys.prefix(k))), end = Moments.mean(Array(ys.suffix(k)))
    let mx = Moments.mean(xs), my = Moments.mean(ys)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in pts { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
    let slope = sxx > 0 ? sxy / sxx : 0
    let r2 = syy > 0 && sxx > 0 ? sxy * sxy / (sxx * syy) : 0
    return Decay(start: start, end: end, rise: ys.max()! - start, r2: r2, slope: slope)
  }

  /// The fraction of the finite points of a log₁₀ trajectory `m` within `tolerance` decades of
  /// log₁₀ `clip` (nil when none is finite).
  public static func fractionAt(clip: Double, tolerance: Double, m: [Double]) -> Double? {
    let finite = m.filter(\.isFinite)
    guard !finite.isEmpty else { return nil }
    let target = log10(clip)
    return Double(finite.filter { abs($0 - target) <= tolerance }.count) / Double(finite.count)
  }

  /// The typical level of a trajectory: the median of its finite values (NaN if none).
  public static func level(_ m: [Double]) -> Double { Quantile.median(m.filter(\.isFinite)) }

  /// How far `level` lies outside [min refs, max refs] (0 inside), in the same units.
  public static func distance(_ level: Double, toRangeOf refs: [Double]) -> Double {
    guard let lo = refs.min(), let hi = refs.max() else { return .infinity }
    return level < lo ? lo - level : level > hi ? level - hi : 0
  }
}

extension Claim {
  /// Verdicts of the curve-shape and ratio claims (`ratio`, `decays`, `resembles`, `clipped`,
  /// `grows`, `metric_ratio`, `slower_start`).
  /// Trajectories are per-step values on an epoch grid (`SuiteResults.stepRuns(axis: .epochs)`),
  /// so a verdict does not depend on the machine's speed.
  func curveVerdict(_ results: SuiteResults) throws -> Verdict {
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    func trajectory(_ v: String, _ q: String) throws -> (x: [Double], m: [Double])? {
      guard let quantity = SuiteResults.StepQuantity(rawValue: q), let runs = try results.stepRuns(v, quantity, axis: .epochs)
      else { return nil }
      return (runs.grid.points, runs.median)
    }
    switch check {
    case .ratio(let metric, let variant, let reference, let lo, let hi):
      return finalRatio((variant, metric), over: (reference, metric), in: [lo, hi], results)
    case .decays(let q, let variant, let minDecades, let maxRise, let minR2):
      guard let t = try trajectory(variant, q), let d = ScheduleShape.decay(x: t.x, m: t.m) else {
        return Verdict(claim: self, status: .notRun, evidence: "\(variant) records no positive \(q) at 4 or more grid points")
      }
      let ok = d.drop >= minDecades && d.rise <= maxRise && d.r2 >= minR2
      return Verdict(claim: self, status: ok ? .reproduced : .notReproduced,
                     evidence: "median log₁₀ \(q) of \(variant) over epochs: falls \(fmt(d.drop)) decades (first tenth \(fmt(d.start)), last \(fmt(d.end))), rises at most \(fmt(d.rise)) above its start, line fit R² \(fmt(d.r2)) (test: fall ≥ \(fmt(minDecades)), rise ≤ \(fmt(maxRise)), R² ≥ \(fmt(minR2)))")
    case .resembles(let q, let variant, let others, let decades):
      guard let mine = try trajectory(variant, q).map({ ScheduleShape.level($0.m) }), mine.isFinite else {
        return Verdict(claim: self, status: .notRun, evidence: "\(variant) records no positive \(q)")
      }
      let refs = try others.compactMap { o in try trajectory(o, q).map { (o, ScheduleShape.level($0.m)) } }.filter { $0.1.isFinite }
      guard !refs.isEmpty else { return Verdict(claim: self, status: .notRun, evidence: "no runs of \(others.joined(separator: ", "))") }
      let gap = ScheduleShape.distance(mine, toRangeOf: refs.map { $0.1 })
      return Verdict(claim: self, status: gap <= decades ? .reproduced : .notReproduced,
                     evidence: "typical \(q) (10^median log₁₀): \(variant) \(fmt(pow(10, mine))); " + refs.map { "\($0.0) \(fmt(pow(10, $0.1)))" }.joined(separator: ", ") + "; \(fmt(gap)) decades outside their range (test: ≤ \(fmt(decades)))")
    case .clipped(let q, let variant, let clip, let tolerance, let minFraction):
      guard let t = try trajectory(variant, q), let f = ScheduleShape.fractionAt(clip: clip, tolerance: tolerance, m: t.m) else {
        return Verdict(claim: self, status: .notRun, evidence: "\(variant) records no positive \(q)")
      }
      let finite = t.m.filter(\.isFinite)
      return Verdict(claim: self, status: f >= minFraction ? .reproduced : .notReproduced,
                     evidence: "median \(q) of \(variant) is within \(fmt(tolerance)) decades of \(fmt(clip)) on \(fmt(f * 100)) % of the epoch grid (range \(fmt(pow(10, finite.min()!)))–\(fmt(pow(10, finite.max()!))); test: ≥ \(fmt(minFraction * 100)) %)")
    case .grows(let q, let variant, let minDecades):
      guard let t = try trajectory(variant, q), let d = ScheduleShape.decay(x: t.x, m: t.m) else {
        return Verdict(claim: self, status: .notRun, evidence: "\(variant) records no positive \(q) at 4 or more grid points")
      }
      return Verdict(claim: self, status: -d.drop >= minDecades ? .reproduced : .notReproduced,
                     evidence: "median log₁₀ \(q) of \(variant) over epochs: first tenth \(fmt(d.start)), last tenth \(fmt(d.end)), a rise of \(fmt(-d.drop)) decades (test: ≥ \(fmt(minDecades)))")
    case .metricRatio(let metric, let referenceMetric, let variant, let lo, let hi):
      return finalRatio((variant, metric), over: (variant, referenceMetric), in: [lo, hi], results)
    case .slowerStart(let metric, let variant, let reference, let at, let margin):
      guard let mine = try results.aligned(variant, metric: metric), let theirs = try results.aligned(reference, metric: metric) else {
        return Verdict(claim: self, status: .notRun, evidence: "missing runs of \(variant) or \(reference)")
      }
      let grid = mine.grid.points
      let target = grid[0] + at * (grid.last! - grid[0])
      let i = grid.indices.min { abs(grid[$0] - target) < abs(grid[$1] - target) }!
      let a = mine.quantile(0.5)[i], b = theirs.quantile(0.5)[i]
      guard a.isFinite, b.isFinite else {
        return Verdict(claim: self, status: .notReproduced, evidence: "a median \(metric) curve is not finite at epoch \(fmt(grid[i]))")
      }
      return Verdict(claim: self, status: a >= (1 + margin) * b ? .reproduced : .notReproduced,
                     evidence: "median \(metric) at epoch \(fmt(grid[i])) (\(fmt(grid[i] / grid.last! * 100)) % of the budget): \(variant) \(fmt(a)), \(reference) \(fmt(b)) (ratio \(fmt(a / b)); test: ≥ \(fmt(1 + margin)))")
    default:
      return try verdict(results)
    }
  }

  /// Median final value of (variant, metric) `a` ÷ that of `b`, tested to lie in `bounds`.
  private func finalRatio(_ a: (variant: String, metric: String), over b: (variant: String, metric: String),
                          in bounds: [Double], _ results: SuiteResults) -> Verdict {
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    let x = results.finals(a.variant, metric: a.metric), y = results.finals(b.variant, metric: b.metric)
    guard !x.isEmpty, !y.isEmpty else {
      return Verdict(claim: self, status: .notRun,
                     evidence: "missing finished runs of \(a.variant) (\(a.metric)) or \(b.variant) (\(b.metric))")
    }
    let (mx, my) = (Quantile.median(x), Quantile.median(y))
    let r = mx / my
    let values = a.metric == b.metric
      ? "median final \(a.metric): \(a.variant) \(fmt(mx)), \(b.variant) \(fmt(my))"
      : "\(a.variant): median final \(a.metric) \(fmt(mx)), \(b.metric) \(fmt(my))"
    return Verdict(claim: self, status: r >= bounds[0] && r <= bounds[1] ? .reproduced : .notReproduced,
                   evidence: values + " (ratio \(fmt(r)); test: in [\(fmt(bounds[0])), \(fmt(bounds[1]))])")
  }
}
