/// Per-run and across-run summaries of aligned runs, for tables and claims.
///
/// Conventions: "lower is better" (losses, errors); pass `higherIsBetter: true` for
/// accuracies. Diverged values (+∞, see `Curve`) are never a run's best value; a run that
/// diverged before the last grid point has final value +∞.
public enum Summary {
  /// Each run's value at the last grid point (NaN if it has none there; +∞ if diverged).
  public static func finalValues(_ runs: AlignedRuns) -> [Double] {
    runs.values.map { $0.last ?? .nan }
  }

  /// Each run's best finite value on the grid (the minimum, or the maximum when
  /// `higherIsBetter`); NaN for a run without finite values.
  public static func bestValues(_ runs: AlignedRuns, higherIsBetter: Bool = false) -> [Double] {
    runs.values.map { row in
      let f = row.filter { $0.isFinite }
      guard let first = f.first else { return .nan }
      return f.reduce(first) { higherIsBetter ? max($0, $1) : min($0, $1) }
    }
  }

  /// The first grid x at which the aligned values reach the target (≤ target, or ≥ target when
  /// `higherIsBetter`); nil if never. Diverged (+∞) points never reach a target.
  public static func timeToTarget(_ values: [Double], grid: CurveGrid, target: Double,
                                  higherIsBetter: Bool = false) -> Double? {
    for (k, v) in values.enumerated() where v.isFinite {
      if higherIsBetter ? v >= target : v <= target { return grid.points[k] }
    }
    return nil
  }

  /// `timeToTarget` of every run.
  public static func timesToTarget(_ runs: AlignedRuns, target: Double, higherIsBetter: Bool = false) -> [Double?] {
    runs.values.map { timeToTarget($0, grid: runs.grid, target: target, higherIsBetter: higherIsBetter) }
  }

  /// `timeToTarget` of the across-run median curve.
  public static func medianTimeToTarget(_ runs: AlignedRuns, target: Double, higherIsBetter: Bool = false) -> Double? {
    timeToTarget(runs.median, grid: runs.grid, target: target, higherIsBetter: higherIsBetter)
  }

  /// The fraction of runs that diverged at or before the last grid point (0 for no runs).
  public static func divergenceRate(_ runs: AlignedRuns) -> Double {
    guard runs.runCount > 0, let end = runs.grid.points.last else { return 0 }
    let n = runs.divergedAt.filter { d in d.map { $0 <= end } ?? false }.count
    return Double(n) / Double(runs.runCount)
  }

  /// Location and spread of one set of per-run numbers (final values, best values, accuracies).
  public struct Spread: Sendable, Equatable {
    /// Values counted (NaN dropped; +∞ kept).
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (divisor n − 1), as in "mean ± sd over 5 seeds" tables.
    public let standardDeviation: Double
    public let median: Double
    public let lowerQuartile: Double
    public let upperQuartile: Double
    public var interquartileRange: Double {
      upperQuartile == .infinity ? .infinity : upperQuartile - lowerQuartile
    }
    public let minimum: Double
    public let maximum: Double
  }

  /// Mean, sample sd, median, quartiles (type 7), min and max of `values`.
  public static func spread(_ values: [Double]) -> Spread {
    let s = Quantile.prepared(values)
    return Spread(count: s.count,
                  mean: Moments.mean(s),
                  standardDeviation: Moments.standardDeviation(s, ddof: 1),
                  median: Quantile.sorted(s, 0.5),
                  lowerQuartile: Quantile.sorted(s, 0.25),
                  upperQuartile: Quantile.sorted(s, 0.75),
                  minimum: s.first ?? .nan,
                  maximum: s.last ?? .nan)
  }

  /// The per-point run-to-run variance (divisor n − 1; NaN where a run diverged) and IQR.
  public static func pointwiseVariance(_ runs: AlignedRuns) -> [Double] {
    (0..<runs.pointCount).map { Moments.variance(runs.column($0), ddof: 1) }
  }

  public static func pointwiseInterquartileRange(_ runs: AlignedRuns) -> [Double] {
    (0..<runs.pointCount).map { Quantile.interquartileRange(runs.column($0)) }
  }
}
