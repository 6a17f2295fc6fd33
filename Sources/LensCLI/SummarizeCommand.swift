import ArgumentParser
import Foundation
import LensCore
import LensReport
import LensRunner

/// `lens summarize SUITE`: writes the committed summary `results/<suite>/summary-<profile>.csv`.
struct SummarizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "summarize", abstract: "Write a suite's summary CSV from its finished runs.")

  @OptionGroup var options: SuiteOptions

  @Option(help: "Where to write the summary (default: <results-dir>/<suite>/summary-<profile>.csv).")
  var output: String?

  func run() throws {
    try runReportingLensErrors {
      let (suite, plan, store) = try options.load()
      let records = try store.records(plan)
      guard records.count == plan.count else {
        throw LensError.data("suite \(suite.id), profile \(options.profile): \(plan.count - records.count) of \(plan.count) runs have no log; run `lens run \(options.suite) --profile \(options.profile)` first")
      }
      let path = output ?? store.root.appendingPathComponent(suite.id).appendingPathComponent("summary-\(options.profile).csv").path
      try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try SummaryTable(records: records).csv.write(toFile: path, atomically: true, encoding: .utf8)
      print("wrote \(path)")
    }
  }
}

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
      let resolved = try Planner().resolve(suite, profile: options.profile)
      let problem = try ProblemCatalog.make(resolved.problem, store: .fromEnvironment(requester: "lens check-results \(options.suite)"))
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
