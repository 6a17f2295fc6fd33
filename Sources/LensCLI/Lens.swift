import ArgumentParser
import Foundation
import LensCore

/// `lens`: the command-line tool of the Lens reproducibility suite.
@main
struct Lens: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lens",
    abstract: "Re-run the experiments of three optimisation papers and regenerate their figures and tables.",
    subcommands: [InfoCommand.self, DataCommand.self, PlanCommand.self, TuneCommand.self, RunCommand.self, SummarizeCommand.self,
                  CheckResultsCommand.self, ReportCommand.self, ReplayCommand.self, BenchCommand.self]
  )

  /// Refuses, with a clear message, a CPU that lacks the vector extensions the engine is
  /// compiled for (`CPUFeatures`), then runs the command.
  static func main() {
    let missing = CPUFeatures.missingOnThisMachine()
    if !missing.isEmpty {
      FileHandle.standardError.write(Data(("lens: this build needs a CPU with " + CPUFeatures.required.joined(separator: ", ")
        + " (x86-64-v3); this one lacks " + missing.joined(separator: ", ") + "\n").utf8))
      Foundation.exit(1)
    }
    main(nil)
  }
}
