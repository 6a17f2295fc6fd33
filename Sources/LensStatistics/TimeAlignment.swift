#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LensCore

/// Runs recorded against training seconds, put on one time grid before any median is taken
/// (the AdamQLR protocol: "median against wall-clock time").
///
/// Every run records (tᵢ, yᵢ) at increasing cumulative training seconds, and each run stops at
/// its own time. The common grid runs to the latest end over all runs compared, evenly spaced
/// from 0 or log-spaced from the earliest first record; on it a run is aligned by `CurveGrid`'s rules (linear interpolation for evaluation
/// metrics, last value carried forward for per-step quantities such as the learning rate in
/// force), so medians at time g compare the runs' states at the same elapsed training time.
/// After its end a run's final value is carried; a variant's band is then cut at the median
/// end time of its runs (`truncated(_:after:)`), beyond which fewer than half its runs were
/// still training.
public enum TimeAlignment {
  /// A curve from clock readings that may repeat (two records within one clock tick): of the
  /// records at one reading only the last is kept, since it supersedes the earlier ones.
  /// - Throws: `LensError.badInput` if the readings decrease, or as `Curve.init`.
  public static func curve(times: [Double], values: [Double], divergedAt: Double? = nil) throws -> Curve {
    guard times.count == values.count else {
      throw LensError.badInput("TimeAlignment: \(times.count) times but \(values.count) values")
    }
    var x: [Double] = [], y: [Double] = []
    x.reserveCapacity(times.count); y.reserveCapacity(times.count)
    for (t, v) in zip(times, values) {
      if let last = x.last {
        guard t >= last else { throw LensError.badInput("TimeAlignment: time decreases from \(last) to \(t)") }
        if t == last { y[y.count - 1] = v; continue }
      }
      x.append(t); y.append(v)
    }
    return try Curve(x: x, y: y, divergedAt: divergedAt)
  }

  /// The common grid up to the largest of `ends` (the runs' final times): `count` evenly
  /// spaced seconds from 0, or, given `start` > 0 (the earliest first record of any run),
  /// `count` log-spaced seconds from `start` — for a logarithmic time axis, where runs whose
  /// speeds differ by orders of magnitude each get enough points.
  /// - Throws: `LensError.badInput` if no end is positive and finite, or `start` is not below it.
  public static func grid(ends: [Double], start: Double? = nil, count: Int = 200,
                          alignment: CurveGrid.Alignment = .linear,
                          divergence: CurveGrid.DivergencePolicy = .infinite) throws -> CurveGrid {
    guard let end = ends.filter({ $0.isFinite && $0 > 0 }).max() else {
      throw LensError.badInput("TimeAlignment: no run has a positive training time")
    }
    if let start {
      return try CurveGrid.logSpaced(from: start, to: end, count: count, alignment: alignment, axis: .seconds,
                                     divergence: divergence)
    }
    return try CurveGrid.evenlySpaced(from: 0, to: end, count: count, alignment: alignment, axis: .seconds,
                                      divergence: divergence)
  }

  /// The band with every point after `end` set to NaN (not drawn).
  public static func truncated(_ band: Band, after end: Double) -> Band {
    func cut(_ v: [Double]) -> [Double] { zip(band.x, v).map { $0 <= end ? $1 : .nan } }
    return Band(x: band.x, centre: cut(band.centre), lower: cut(band.lower), upper: cut(band.upper))
  }
}

extension Band {
  /// The band with 10^v applied to centre and edges: a band computed on log₁₀ values
  /// (e.g. the median log learning rate ± sd) shown back in the original units.
  public var exponentiated: Band {
    func up(_ v: [Double]) -> [Double] { v.map { $0.isNaN ? .nan : ($0 == .infinity ? .infinity : pow(10, $0)) } }
    return Band(x: x, centre: up(centre), lower: up(lower), upper: up(upper))
  }
}
