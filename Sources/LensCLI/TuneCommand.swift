import ArgumentParser
import Foundation
import LensCore
import LensEngine
import LensRunner

/// `lens tune SUITE`: ASHA over the suite's declared search space; writes the chosen
/// configurations to `<results>/<suite>/tuned-<profile>.yaml`, which `lens run` then applies.
struct TuneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tune", abstract: "Tune a suite's optimizers (random search + ASHA); lens run then uses the result.")

  @OptionGroup var options: SuiteOptions

  @Option(help: "Parallel trials (default: number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  func run() throws {
    try runReportingLensErrors {
      let suite = try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(file: options.suite)
      let store = ResultsStore.resolve(explicit: options.resultsDir)
      guard suite.tuning != nil else {
        throw LensError.badInput("\(options.suite): the suite declares no 'tuning' section")
      }
      let (resolved, trainer) = try options.trainer(suite, command: "tune")
      let tuning = resolved.tuning!
      setBLASThreads(1)
      setEngineWorkers(1)
      let started = Date()
      let outcomes = try TuningRunner(resolved: resolved, trainer: trainer, jobs: jobs).tune()
      let path = TunedSettings.path(store: store, suite: suite.id, profile: options.profile)
      try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try TunedSettings.render(suite: suite.id, profile: options.profile, metric: tuning.metric, outcomes: outcomes)
        .write(toFile: path, atomically: true, encoding: .utf8)
      for o in outcomes {
        let stopped = o.result.trials.filter(\.stoppedEarly).count
        let best = o.chosen.map { $0.map { "\($0.0) \($0.1.canonical)" }.joined(separator: ", ") } ?? "none"
        print("\(o.label): \(o.result.trials.count) configurations, \(stopped) stopped early; best \(tuning.metric) \(o.chosenMetric.map { String(format: "%.6g", $0) } ?? "—"): \(best)")
      }
      print("wrote \(path) in \(Int(Date().timeIntervalSince(started))) s")
    }
  }
}
