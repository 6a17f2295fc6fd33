import Foundation
import LensCore

/// The configurations chosen by tuning, written next to the results as
/// `<results>/<suite>/tuned-<profile>.yaml` and applied to the suite's evaluation runs.
///
/// Format (keys in a fixed order; values canonical):
///
///     lens_tuned: 1
///     suite: adamqlr-fig2
///     profile: default
///     metric: train_loss
///     optimizers:
///       adam: {trial: 17, metric: 0.0123, batch_size: 400, lr: 0.00123}
public enum TunedSettings {
  public static func path(store: ResultsStore, suite: String, profile: String) -> String {
    store.root.appendingPathComponent(suite).appendingPathComponent("tuned-\(profile).yaml").path
  }

  /// YAML text for the outcomes of a tuning run.
  public static func render(suite: String, profile: String, metric: String, outcomes: [TuningRunner.Outcome]) -> String {
    var text = "# Written by `lens tune`: the best configuration per optimizer (ASHA over a seeded random search).\n"
    text += "lens_tuned: 1\nsuite: \(suite)\nprofile: \(profile)\nmetric: \(metric)\noptimizers:\n"
    for o in outcomes {
      guard let chosen = o.chosen, let best = o.result.best else {
        text += "  # \(o.label): no configuration completed its budget\n"
        continue
      }
      let fields = ["trial: \(best)", "metric: \(CanonicalJSON.number(o.chosenMetric ?? .nan))"]
        + chosen.map { "\($0.0): \($0.1.canonical)" }
      text += "  \(o.label): {\(fields.joined(separator: ", "))}\n"
    }
    return text
  }

  /// The suite with the tuned configurations applied (unchanged when no file exists).
  public static func apply(to suite: Suite, file: String) throws -> Suite {
    guard FileManager.default.fileExists(atPath: file) else { return suite }
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let root = try YAMLValue.parse(text, file: file).object(allowed: ["lens_tuned", "suite", "profile", "metric", "optimizers"])
    guard try root.required("suite").string() == suite.id else {
      throw try root.required("suite").error("tuned settings of another suite")
    }
    var result = suite
    guard let optimizers = root["optimizers"], !optimizers.isNull else { return result }
    for (label, value) in try optimizers.entries(allowed: suite.optimizers.map(\.label)) {
      let i = result.optimizers.firstIndex { $0.label == label }!
      let configuration = try value.entries().filter { !["trial", "metric"].contains($0.key) }.map { ($0.key, try $0.value.hyperValue()) }
      result.optimizers[i] = TuningRunner.applying(configuration, to: result.optimizers[i])
    }
    return result
  }
}
