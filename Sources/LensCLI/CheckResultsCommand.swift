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
      let (suite, plan, committedStore) = try options.load()
      let committedPath = committedStore.root.appendingPathComponent(suite.id).appendingPathComponent("summary-\(options.profile).csv").path
      guard let committedText = try? String(contentsOfFile: committedPath, encoding: .utf8) else {
        throw LensError.data("\(committedPath): no committed summary; create it with `lens run` then `lens summarize`")
      }
      let committed = try SummaryTable(csv: committedText, name: committedPath)
      let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lens-check-\(ProcessInfo.processInfo.processIdentifier)")
      defer { try? FileManager.default.removeItem(at: scratch) }
      let store = ResultsStore(root: scratch)
      let (_, problem) = try options.problem(suite, command: "check-results")
      _ = try SuiteRunner(store: store, jobs: jobs).run(plan, trainer: Trainer(problem: problem), provenance: "{}")
      let regenerated = SummaryTable(records: try store.records(plan))
      let diffs = SummaryDiff(rtol: rtol).differences(committed: committed, regenerated: regenerated)
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
