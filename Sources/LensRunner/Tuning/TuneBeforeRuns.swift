import Foundation
import LensCore

/// Tuning as the first part of a suite's runs (`tuning: {before_runs: true}`): for protocols
/// whose random search takes seconds (AdamQLR's Rosenbrock), `lens run` and `lens
/// check-results` tune first, so a figure's target runs the whole protocol.
public enum TuneBeforeRuns {
  /// Tunes `resolved` and writes the chosen settings to `path` (creating its folder).
  @discardableResult
  public static func tune(_ resolved: ResolvedSuite, trainer: Trainer, jobs: Int, path: String) throws -> [TuningRunner.Outcome] {
    guard let tuning = resolved.tuning else {
      throw LensError.badInput("\(resolved.suite.source): suite '\(resolved.suite.id)' declares no tuning")
    }
    let outcomes = try TuningRunner(resolved: resolved, trainer: trainer, jobs: jobs).tune()
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try TunedSettings.render(suite: resolved.suite.id, profile: resolved.profile, metric: tuning.metric, outcomes: outcomes)
      .write(toFile: path, atomically: true, encoding: .utf8)
    return outcomes
  }

  /// Whether `suite` asks to be tuned before its runs at `profile` and has no tuned settings at
  /// `path` yet.
  public static func needed(_ suite: Suite, profile: String, path: String) -> Bool {
    suite.tunesBeforeRuns(profile: profile) && !FileManager.default.fileExists(atPath: path)
  }
}

extension TunedSettings {
  /// The chosen configurations of a tuned-settings file: label → (key, value) in file order,
  /// `metric` and `trial` included.
  public static func read(_ file: String) throws -> [(label: String, values: [(String, HyperValue)])] {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let root = try YAMLValue.parse(text, file: file).object(allowed: ["lens_tuned", "suite", "profile", "metric", "optimizers"])
    guard let optimizers = root["optimizers"], !optimizers.isNull else { return [] }
    return try optimizers.entries().map { label, value in (label, try value.entries().map { ($0.key, try $0.value.hyperValue()) }) }
  }

  /// Differences between two tuned-settings files (as `read` gives them): a label or key on one
  /// side only, a non-numeric value that differs, or numbers that differ by more than
  /// `rtol`·|committed| (the trial index exactly).
  public static func differences(committed: [(label: String, values: [(String, HyperValue)])],
                                 regenerated: [(label: String, values: [(String, HyperValue)])], rtol: Double) -> [String] {
    var out: [String] = []
    for (label, old) in committed {
      guard let new = regenerated.first(where: { $0.label == label })?.values else { out.append("\(label): missing"); continue }
      for (key, a) in old {
        guard let b = new.first(where: { $0.0 == key })?.1 else { out.append("\(label).\(key): missing"); continue }
        let agree: Bool
        if key != "trial", let x = a.number, let y = b.number { agree = abs(y - x) <= 1e-12 + rtol * abs(x) } else { agree = a == b }
        if !agree { out.append("\(label).\(key): committed \(a.canonical), regenerated \(b.canonical)") }
      }
      for (key, _) in new where !old.contains(where: { $0.0 == key }) { out.append("\(label).\(key): not in the committed file") }
    }
    for (label, _) in regenerated where !committed.contains(where: { $0.label == label }) { out.append("\(label): not in the committed file") }
    return out
  }
}
