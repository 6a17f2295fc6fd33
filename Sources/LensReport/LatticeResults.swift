import LensRunner
import LensStatistics

/// One point of a suite's lattice: the swept value and the variant that ran it.
public struct LatticePoint: Sendable {
  public var value: HyperValue
  public var variant: String
}

extension SuiteResults {
  /// The lattice points of optimizer `label` in file order (empty when `label` is not swept).
  /// Variant names follow the planner's rule `label@parameter=value`.
  public func latticePoints(of label: String) -> [LatticePoint] {
    guard let lattice = resolved.lattice, lattice.optimizers.contains(label) else { return [] }
    return lattice.values.map { LatticePoint(value: $0, variant: "\(label)@\(lattice.parameter)=\($0.canonical)") }
  }

  /// Median of the finished runs' final `metric` at each lattice point of `label` that has any
  /// (diverged runs excluded; see `divergedCount`).
  public func latticeMedians(of label: String, metric: String) -> [(point: LatticePoint, median: Double)] {
    latticePoints(of: label).compactMap { p in
      let f = finals(p.variant, metric: metric)
      return f.isEmpty ? nil : (p, Quantile.median(f))
    }
  }
}
