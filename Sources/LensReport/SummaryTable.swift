import Foundation
import LensCore
import LensRunner
import LensStatistics

/// The committed summary of a suite at a profile: one row per (variant, metric, statistic),
/// sorted, with fixed float formatting and no timestamps or timings, so that regenerating it on
/// the same kind of machine gives the same bytes and CI can diff it.
///
/// Statistics per variant: `runs` and `diverged` (counts); for each evaluation metric, the
/// median, 25 % and 75 % quantiles (type 7) of the final values over the runs that finished,
/// and the median of each run's best value (minimum for losses, maximum for accuracies).
/// Wall time is machine-dependent and therefore not in the summary.
public struct SummaryTable: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var variant: String
    public var metric: String
    public var statistic: String
    public var value: Double
  }
  public var rows: [Row]

  public static let header = "variant,metric,statistic,value"

  public init(rows: [Row]) {
    self.rows = rows.sorted { ($0.variant, $0.metric, $0.statistic) < ($1.variant, $1.metric, $1.statistic) }
  }

  /// Summarises the finished runs of a plan.
  public init(records: [(RunSpec, RunRecord)]) {
    var rows: [Row] = []
    var variants: [String] = []
    for (spec, _) in records where !variants.contains(spec.variant) { variants.append(spec.variant) }
    for variant in variants {
      let runs = records.filter { $0.0.variant == variant }.map(\.1)
      rows.append(Row(variant: variant, metric: "runs", statistic: "count", value: Double(runs.count)))
      rows.append(Row(variant: variant, metric: "runs", statistic: "diverged",
                      value: Double(runs.filter { $0.status == "diverged" }.count)))
      let finished = runs.filter { $0.status == "finished" }
      var metrics: [String] = []
      for r in finished { for (m, _) in r.evaluations.last?.metrics ?? [] where !metrics.contains(m) { metrics.append(m) } }
      for metric in metrics {
        let finals = finished.compactMap { $0.evaluations.last?.value(metric) }.filter(\.isFinite)
        guard !finals.isEmpty else { continue }
        let higherIsBetter = metric.hasSuffix("accuracy")
        let bests = finished.compactMap { r -> Double? in
          let values = r.evaluations.compactMap { $0.value(metric) }.filter(\.isFinite)
          return higherIsBetter ? values.max() : values.min()
        }
        rows.append(Row(variant: variant, metric: metric, statistic: "final_median", value: Quantile.median(finals)))
        rows.append(Row(variant: variant, metric: metric, statistic: "final_q25", value: Quantile.of(finals, 0.25)))
        rows.append(Row(variant: variant, metric: metric, statistic: "final_q75", value: Quantile.of(finals, 0.75)))
        rows.append(Row(variant: variant, metric: metric, statistic: "best_median", value: Quantile.median(bests)))
      }
    }
    self.init(rows: rows)
  }

  /// CSV text: the header, then one row per line; values as `%.9e`.
  public var csv: String {
    ([Self.header] + rows.map { "\($0.variant),\($0.metric),\($0.statistic),\(String(format: "%.9e", $0.value))" })
      .joined(separator: "\n") + "\n"
  }

  /// Parses CSV written by `csv`; `name` is used in error messages.
  public init(csv text: String, name: String) throws {
    var rows: [Row] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard lines.first.map(String.init) == Self.header else {
      throw LensError.data("\(name):1: expected the header '\(Self.header)'")
    }
    for (i, line) in lines.enumerated().dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard f.count == 4, let v = Double(f[3]) else {
        throw LensError.data("\(name):\(i + 1): expected 'variant,metric,statistic,value', found '\(line)'")
      }
      rows.append(Row(variant: f[0], metric: f[1], statistic: f[2], value: v))
    }
    self.init(rows: rows)
  }
}
