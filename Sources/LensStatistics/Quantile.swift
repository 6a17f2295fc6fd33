/// Order statistics with one stated definition.
///
/// Quantiles use Hyndman & Fan's **type 7** (the default of R's `quantile` and NumPy's
/// `percentile`): for sorted values x₁ ≤ … ≤ xₙ and probability p ∈ [0, 1], let h = (n − 1)·p,
/// j = ⌊h⌋; then Q(p) = x₍ⱼ₊₁₎ + (h − j)·(x₍ⱼ₊₂₎ − x₍ⱼ₊₁₎) (1-based), with Q(1) = xₙ.
/// The median is Q(½): the middle value for odd n, the mean of the two middle values for even n.
///
/// NaN is "missing" and is dropped before sorting; +∞ (a diverged run, see `Curve`) is an
/// ordinary, largest value. When an interpolation involves +∞ the result is +∞.
public enum Quantile {
  /// The type-7 quantile of already sorted, NaN-free values; NaN for an empty array.
  public static func sorted(_ sorted: [Double], _ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "quantile probability must lie in [0, 1]")
    let n = sorted.count
    if n == 0 { return .nan }
    if n == 1 { return sorted[0] }
    let h = Double(n - 1) * p
    let j = Int(h.rounded(.down))
    if j >= n - 1 { return sorted[n - 1] }
    let frac = h - Double(j)
    let lo = sorted[j], hi = sorted[j + 1]
    if frac == 0 { return lo }
    if lo == hi { return lo }  // also keeps +∞ = +∞ without producing ∞ − ∞
    if hi == .infinity { return .infinity }
    return lo + frac * (hi - lo)
  }

  /// The type-7 quantile of `values` (NaN dropped); NaN when nothing is left.
  public static func of(_ values: [Double], _ p: Double) -> Double {
    sorted(prepared(values), p)
  }

  /// Several type-7 quantiles of `values` with one sort.
  public static func of(_ values: [Double], _ ps: [Double]) -> [Double] {
    let s = prepared(values)
    return ps.map { sorted(s, $0) }
  }

  /// The median (type-7 quantile at ½) of `values`, NaN dropped.
  public static func median(_ values: [Double]) -> Double { of(values, 0.5) }

  /// The interquartile range Q(¾) − Q(¼) (type 7); +∞ when the upper quartile is +∞.
  public static func interquartileRange(_ values: [Double]) -> Double {
    let q = of(values, [0.25, 0.75])
    if q[1] == .infinity { return .infinity }
    return q[1] - q[0]
  }

  /// `values` without NaN, sorted ascending.
  static func prepared(_ values: [Double]) -> [Double] {
    values.filter { !$0.isNaN }.sorted()
  }
}

/// Moments with the conventions stated: `mean` is the arithmetic mean, `variance` divides by
/// n − `ddof` (ddof = 0: population variance, NumPy's default; ddof = 1: the unbiased sample
/// variance). NaN values are dropped; any +∞ makes the result +∞ (mean) or NaN (variance).
public enum Moments {
  public static func mean(_ values: [Double]) -> Double {
    let v = values.filter { !$0.isNaN }
    if v.isEmpty { return .nan }
    var s = 0.0
    for x in v { s += x }
    return s / Double(v.count)
  }

  public static func variance(_ values: [Double], ddof: Int = 0) -> Double {
    let v = values.filter { !$0.isNaN }
    if v.count <= ddof { return .nan }
    if v.contains(where: { $0.isInfinite }) { return .nan }
    let m = mean(v)
    var s = 0.0
    for x in v { s += (x - m) * (x - m) }
    return s / Double(v.count - ddof)
  }

  public static func standardDeviation(_ values: [Double], ddof: Int = 0) -> Double {
    variance(values, ddof: ddof).squareRoot()
  }
}
