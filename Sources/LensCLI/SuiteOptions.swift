import ArgumentParser
import LensData
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
    let parsed = try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(file: self.suite)
    let store = ResultsStore.resolve(explicit: resultsDir)
    // Tuned configurations (from `lens tune`) replace the suite's own for the evaluation runs.
    let suite = parsed.tuning == nil ? parsed
      : try TunedSettings.apply(to: parsed, file: TunedSettings.path(store: store, suite: parsed.id, profile: profile))
    let plan = try Planner().plan(suite, profile: profile)
    return (suite, plan, store)
  }

  /// The suite resolved at the profile, and its data and model (the data store from
  /// LENS_DATA_DIR / LENS_DATA_MIRROR; `command` names the requester in missing-data errors).
  func problem(_ suite: Suite, command: String) throws -> (ResolvedSuite, TrainingProblem) {
    let resolved = try Planner().resolve(suite, profile: profile)
    let problem = try ProblemCatalog.make(resolved.problem, store: DataStore.fromEnvironment(requester: "lens \(command) \(self.suite)"))
    return (resolved, problem)
  }
}
