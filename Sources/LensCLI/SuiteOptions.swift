import ArgumentParser
import Foundation
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

  /// The suite resolved at the profile, and the trainer of its problem (data from the store at
  /// LENS_DATA_DIR / LENS_DATA_MIRROR; `command` names the requester in missing-data errors).
  func trainer(_ suite: Suite, command: String) throws -> (ResolvedSuite, Trainer) {
    let resolved = try Planner().resolve(suite, profile: profile)
    let trainer = try ProblemCatalog.trainer(for: resolved.problem) {
      try DataStore.fromEnvironment(requester: "lens \(command) \(self.suite)")
    }
    return (resolved, trainer)
  }

  /// `load()`, after tuning into `store` first when the suite asks for it (`tuning.before_runs`)
  /// and `store` has no tuned settings for the profile yet (or `force`). Returns whether it tuned.
  func loadTuningFirst(store: ResultsStore, jobs: Int, command: String, force: Bool = false) throws -> (Suite, [RunSpec], Bool) {
    let parsed = try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(file: self.suite)
    let path = TunedSettings.path(store: store, suite: parsed.id, profile: profile)
    var tuned = false
    if parsed.tunesBeforeRuns(profile: profile), force || TuneBeforeRuns.needed(parsed, profile: profile, path: path) {
      let (resolved, trainer) = try self.trainer(parsed, command: command)
      try TuneBeforeRuns.tune(resolved, trainer: trainer, jobs: jobs, path: path)
      tuned = true
    }
    let suite = parsed.tuning == nil ? parsed : try TunedSettings.apply(to: parsed, file: path)
    return (suite, try Planner().plan(suite, profile: profile), tuned)
  }
}
