import ArgumentParser
import Foundation
import LensCore
import LensReport
import LensRunner

/// `lens check-results SUITE`: re-runs a profile into a scratch results directory and compares
/// its summary with the committed one; exits 1 on any difference beyond tolerance.
struct CheckResultsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check-results", abstract: "Re-run a suite profile and diff its summary against the committed one.")

  @OptionGroup var options: SuiteOptions

  @Option(help: "Relative tolerance per value.")
  var rtol: Double = 1e-4

  @Option(help: "Parallel training runs.")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  func run() throws {
    try runReportingLensErrors {
      var (suite, plan, committedStore) = try options.load()
      let committedPath = committedStore.root.appendingPathComponent(suite.id).appendingPathComponent("summary-\(options.profile).csv").path
      guard let committedText = try? String(contentsOfFile: committedPath, encoding: .utf8) else {
        throw LensError.data("\(committedPath): no committed summary; create it with `lens run` then `lens summarize`")
      }
      let committed = try SummaryTable(csv: committedText, name: committedPath)
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lens-check-\(ProcessInfo.processInfo.processIdentifier)")
      defer { try? FileManager.default.removeItem(at: scratch) }
      let store = ResultsStore(root: scratch)
      // A suite tuned before its runs is re-tuned too, and its chosen settings diffed.
      var tunedDiffs: [String] = []
      if suite.tunesBeforeRuns(profile: options.profile) {
        (suite, plan, _) = try options.loadTuningFirst(store: store, jobs: jobs, command: "check-results", force: true)
        let committedTuned = TunedSettings.path(store: committedStore, suite: suite.id, profile: options.profile)
        if FileManager.default.fileExists(atPath: committedTuned) {
          tunedDiffs = TunedSettings.differences(
            committed: try TunedSettings.read(committedTuned),
            regenerated: try TunedSettings.read(TunedSettings.path(store: store, suite: suite.id, profile: options.profile)), rtol: rtol)
        }
      }
      let (_, trainer) = try options.trainer(suite, command: "check-results")
      _ = try SuiteRunner(store: store, jobs: jobs).run(plan, trainer: trainer, provenance: "{}")
      let regenerated = SummaryTable(records: try store.records(plan))
      let diffs = SummaryDiff(rtol: rtol).differences(committed: committed, regenerated: regenerated).map(\.description) + tunedDiffs
      if diffs.isEmpty {
        print("check-results: \(suite.id) (\(options.profile)): \(committed.rows.count) values agree with \(committedPath) (rtol \(rtol))")
      } else {
        print("check-results: \(suite.id) (\(options.profile)): \(diffs.count) value(s) differ from \(committedPath):")
        for d in diffs { print("  \(d)") }
        throw ExitCode(1)
      }
    }
  }
}
