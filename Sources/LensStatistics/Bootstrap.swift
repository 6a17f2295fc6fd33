import LensCore

/// Bootstrap over runs, with every draw taken from a seeded generator, so the same runs and
/// the same `RandomStreamKey` give bit-identical bands.
///
/// A resample draws `runCount` run indices uniformly with replacement
/// (`SeededGenerator.integer(below:)`) and keeps each chosen run **whole**: the same indices
/// are used at every grid point, so a resample is a set of complete curves, as in the
/// AdamQLR authors' procedure. The statistic of a resample at grid point k is the median
/// (type 7, see `Quantile`) of the chosen runs' values there, NaN (missing) dropped and +∞
/// (diverged) kept as the largest value.
public struct Bootstrap: Sendable {
  public let key: RandomStreamKey

  public init(key: RandomStreamKey) { self.key = key }

  /// The per-point medians of `resamples` bootstrap resamples: `result[b][k]`.
  public func resampledMedians(_ runs: AlignedRuns, resamples: Int) -> [[Double]] {
    precondition(resamples > 0, "at least one resample")
    precondition(runs.runCount > 0, "bootstrap needs at least one run")
    var rng = SeededGenerator(stream: key)
    let n = runs.runCount
    var out: [[Double]] = []
    out.reserveCapacity(resamples)
    var scratch = [Double](repeating: 0, count: n)
    for _ in 0..<resamples {
      var pick = [Int](repeating: 0, count: n)
      for i in 0..<n { pick[i] = rng.integer(below: n) }
      var medians = [Double](repeating: .nan, count: runs.pointCount)
      for k in 0..<runs.pointCount {
        var m = 0
        for i in 0..<n {
          let v = runs.values[pick[i]][k]
          if !v.isNaN { scratch[m] = v; m += 1 }
        }
        if m == 0 { continue }
        var s = Array(scratch[0..<m])
        s.sort()
        medians[k] = Quantile.sorted(s, 0.5)
      }
      out.append(medians)
    }
    return out
  }

  /// The AdamQLR authors' band ("mean and standard deviation of the median trends of each of
  /// 50 bootstrap samples"): with m_b[k] the median of resample b at point k,
  /// centre[k] = mean_b m_b[k] and the band is centre ± std_b m_b[k], the sample standard
  /// deviation with divisor B − 1 (pandas' default, which the authors' `bootstrap_aggregate`
  /// in `plot.py` uses, with `aggregation='median'` in `paper_plots.py`). Where any resample median is +∞ (more than
  /// half of its runs diverged) the centre and both edges are +∞; where none has a value,
  /// NaN. This is a description of run-to-run spread of the median, not a confidence
  /// interval; use `percentileBand` for that.
  public func paperBand(_ runs: AlignedRuns, resamples: Int = 50) -> Band {
    let meds = resampledMedians(runs, resamples: resamples)
    var centre = [Double](), lower = [Double](), upper = [Double]()
    for k in 0..<runs.pointCount {
      let col = meds.map { $0[k] }.filter { !$0.isNaN }
      if col.isEmpty { centre.append(.nan); lower.append(.nan); upper.append(.nan); continue }
      if col.contains(.infinity) { centre.append(.infinity); lower.append(.infinity); upper.append(.infinity); continue }
      let m = Moments.mean(col), s = col.count > 1 ? Moments.standardDeviation(col, ddof: 1) : 0
      centre.append(m); lower.append(m - s); upper.append(m + s)
    }
    return Band(x: runs.grid.points, centre: centre, lower: lower, upper: upper)
  }

  /// The percentile bootstrap confidence band for the median at confidence `level`:
  /// centre[k] = the median of the original runs at k; lower/upper = the type-7 quantiles at
  /// (1 − level)/2 and (1 + level)/2 of the B resample medians at k. Pointwise, not
  /// simultaneous. B should be at least 2000 for stable 95 % tails.
  public func percentileBand(_ runs: AlignedRuns, resamples: Int = 2000, level: Double = 0.95) -> Band {
    precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
    let meds = resampledMedians(runs, resamples: resamples)
    let a = (1 - level) / 2
    var lower = [Double](), upper = [Double]()
    for k in 0..<runs.pointCount {
      let q = Quantile.of(meds.map { $0[k] }, [a, 1 - a])
      lower.append(q[0]); upper.append(q[1])
    }
    return Band(x: runs.grid.points, centre: runs.median, lower: lower, upper: upper)
  }
}
