import ArgumentParser
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
}
