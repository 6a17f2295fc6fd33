import ArgumentParser
import Foundation
import LensCore
import LensData
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
        // Runs missing because their dataset is not on this machine: exit 4 (data unavailable),
        // which `make summaries` skips, as `lens run` does.
        try ProblemCatalog.requireAvailable(try Planner().resolve(suite, profile: options.profile).problem,
                                            store: DataStore.fromEnvironment())
        throw LensError.data("suite \(suite.id), profile \(options.profile): \(plan.count - records.count) of \(plan.count) runs have no log; run `lens run \(options.suite) --profile \(options.profile)` first")
      }
      let path = output ?? store.root.appendingPathComponent(suite.id).appendingPathComponent("summary-\(options.profile).csv").path
      try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try SummaryTable(records: records).csv.write(toFile: path, atomically: true, encoding: .utf8)
      print("wrote \(path)")
    }
  }
}
