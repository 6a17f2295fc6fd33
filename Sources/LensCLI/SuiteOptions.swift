import ArgumentParser
import LensRunner

/// Options shared by the commands that read a suite and its results.
struct SuiteOptions: ParsableArguments {
  @Argument(help: "A suite file (suites/<paper>/<figure>.yaml).")
  var suite: String

  @Option(help: "Profile: smoke (CI), default (make reproduce) or paper (the published protocol).")
  var profile: String = "default"

  @Option(help: "Results directory (default: $LENS_RESULTS_DIR, else results/).")
  var resultsDir: String?

  func load() throws -> (Suite, [RunSpec], ResultsStore) {
    let suite = try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(file: self.suite)
    let plan = try Planner().plan(suite, profile: profile)
    return (suite, plan, ResultsStore.resolve(explicit: resultsDir))
  }
}
