/// Several runs of one configuration on a common grid: `values[r][k]` is run r at grid point k
/// (NaN: missing, +∞: diverged; see `CurveGrid` and `Curve`).
public struct AlignedRuns: Sendable, Equatable {
  public let grid: CurveGrid
  public let values: [[Double]]
  /// Each run's divergence point (nil: never diverged).
  public let divergedAt: [Double?]

  public init(grid: CurveGrid, values: [[Double]], divergedAt: [Double?]? = nil) {
    precondition(values.allSatisfy { $0.count == grid.points.count }, "every run needs one value per grid point")
    self.grid = grid
    self.values = values
    self.divergedAt = divergedAt ?? values.map { row in
      row.firstIndex(of: .infinity).map { grid.points[$0] }
    }
  }

  public var runCount: Int { values.count }
  public var pointCount: Int { grid.points.count }

  /// The values of every run at grid point `k`.
  public func column(_ k: Int) -> [Double] { values.map { $0[k] } }

  /// The per-point median across runs (type 7; +∞ counts as the largest value).
  public var median: [Double] { (0..<pointCount).map { Quantile.median(column($0)) } }

  /// The per-point type-7 quantile at probability `p` across runs.
  public func quantile(_ p: Double) -> [Double] { (0..<pointCount).map { Quantile.of(column($0), p) } }
}
