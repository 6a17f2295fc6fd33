import ArgumentParser
import LensData
import LensRunner

/// `lens plan SUITE`: what would run, and what is already done.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan", abstract: "Expand a suite into runs and show which are already done.")

  @OptionGroup var options: SuiteOptions

  func run() throws {
    try runReportingLensErrors {
      let (suite, plan, store) = try options.load()
      print("suite \(suite.id) (\(suite.title)), profile \(options.profile): \(plan.count) runs")
      let problem = try Planner().resolve(suite, profile: options.profile).problem
      switch ProblemCatalog.availability(problem, store: DataStore.fromEnvironment()) {
      case .available: if problem.objective == nil { print("data: \(problem.dataset) present") }
      case .unavailable(_, _, let message): print(message)
      }
      var done = 0
      for spec in plan {
        let finished = store.isFinished(suite: spec.suite, hash: spec.hash)
        if finished { done += 1 }
        print("  \(finished ? "done   " : "pending") \(spec.hash.prefix(12))  \(spec.variant)  rep \(spec.repetition)  batch \(spec.optimizer.batchSize)  \(spec.budget)")
      }
      print("\(done) done, \(plan.count - done) to run; results in \(store.root.path)")
    }
  }
}
