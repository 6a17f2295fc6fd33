import LensCore
import LensRunner
import LensStatistics

/// The finished runs of one suite at one profile, grouped by variant, with the curves and
/// statistics that figures and claim checks use.
///
/// Curves are put on the grid of evaluation epochs (every evaluation the profile made, from 0
/// to the budget) by linear interpolation; a diverged run counts as +∞ from its divergence
/// on (`DivergencePolicy.infinite`), so divergence makes medians worse instead of vanishing.
public struct SuiteResults: Sendable {
  public var suite: Suite
  public var resolved: ResolvedSuite
  public var profile: String
  /// Variants in plan order, each with its records.
  public var variants: [(name: String, records: [RunRecord])]

  public init(suite: Suite, profile: String, store: ResultsStore) throws {
    self.suite = suite
    self.profile = profile
    self.resolved = try Planner().resolve(suite, profile: profile)
    let plan = try Planner().plan(suite, profile: profile)
    var grouped: [(name: String, records: [RunRecord])] = []
    for (spec, record) in try store.records(plan) {
      if let i = grouped.firstIndex(where: { $0.name == spec.variant }) {
        grouped[i].records.append(record)
      } else {
        grouped.append((spec.variant, [record]))
      }
    }
    self.variants = grouped
  }

  /// Results from records already in hand (`variants` in plan order), e.g. synthetic runs.
  public init(suite: Suite, profile: String, variants: [(name: String, records: [RunRecord])]) throws {
    self.suite = suite
    self.profile = profile
    self.resolved = try Planner().resolve(suite, profile: profile)
    self.variants = variants
  }

  /// Total runs planned and how many have logs.
  public var runCount: Int { variants.reduce(0) { $0 + $1.records.count } }

  /// The evaluation epochs of the longest run: the common x grid.
  public var epochGrid: [Double] {
    let all = variants.flatMap(\.records).map { $0.evaluations.map(\.epoch) }
    return all.max { $0.count < $1.count } ?? []
  }

  /// Runs of `variant` aligned on the epoch grid for `metric`.
  public func aligned(_ variant: String, metric: String) throws -> AlignedRuns? {
    guard let records = variants.first(where: { $0.name == variant })?.records, !records.isEmpty else { return nil }
    let points = epochGrid
    guard points.count >= 2 else { return nil }
    let grid = try CurveGrid(points: points, alignment: .linear, axis: .epochs)
    let curves = try records.map { r -> Curve in
      let xs = r.evaluations.map(\.epoch)
      let ys = r.evaluations.map { $0.value(metric) ?? .nan }
      // A diverged run diverged after its last evaluation: at the epoch of its last step.
      var diverged: Double?
      if r.status == "diverged", let lastStep = r.steps.last?.step, let e = r.evaluations.last(where: { $0.step > 0 }) {
        diverged = max(Double(lastStep + 1) * e.epoch / Double(e.step), (xs.last ?? 0) + 1e-9)
      }
      return try Curve(x: xs, y: ys, divergedAt: diverged)
    }
    return grid.align(curves)
  }

  /// The paper-faithful band (mean ± sd of the medians of 50 bootstrap resamples).
  public func paperBand(_ variant: String, metric: String) throws -> Band? {
    guard let runs = try aligned(variant, metric: metric) else { return nil }
    return Bootstrap(key: RandomStreamKey([suite.id, profile, variant, metric, "bootstrap"])).paperBand(runs, resamples: 50)
  }

  /// Final values of `metric` over the finished runs of `variant`.
  public func finals(_ variant: String, metric: String) -> [Double] {
    (variants.first { $0.name == variant }?.records ?? [])
      .filter { $0.status == "finished" }
      .compactMap { $0.evaluations.last?.value(metric) }
      .filter(\.isFinite)
  }

  public func divergedCount(_ variant: String) -> Int {
    (variants.first { $0.name == variant }?.records ?? []).filter { $0.status == "diverged" }.count
  }
}
