import Foundation
import Testing
import LensCore
@testable import LensRunner

/// Tuning a real (small, synthetic) training problem end to end: ASHA over a learning-rate
/// space, the chosen configuration written and applied to the evaluation runs.
@Suite struct TuningRunnerTests {
  static let suiteText = TrainerTests.suiteText.replacingOccurrences(of: "repetitions: 3", with: """
  repetitions: 3
  tuning:
    samples: 12
    metric: test_loss
    reduction_factor: 2
    grace_period: 1
    space:
      adam: {lr: {loguniform: [1.0e-5, 1.0]}, batch_size: {choice: [16, 32]}}
  """).replacingOccurrences(of: "budget: {epochs: 3}", with: "budget: {epochs: 4}")
    .replacingOccurrences(of: "every: {steps: 5}", with: "every: {epochs: 1}")

  func suite() throws -> Suite {
    try SuiteParser(vocabulary: TrainerTests.vocabulary).parse(text: Self.suiteText, file: "t.yaml")
  }

  @Test func tunesStopsEarlyAndIsDeterministic() throws {
    let resolved = try Planner().resolve(try suite(), profile: "default")
    let trainer = Trainer(problem: TrainerTests.problem())
    let one = try TuningRunner(resolved: resolved, trainer: trainer, jobs: 1).tune()
    let two = try TuningRunner(resolved: resolved, trainer: trainer, jobs: 2).tune()
    #expect(one.map(\.label) == ["adam"])
    #expect(one[0].result.best != nil)
    #expect(one[0].result.best == two[0].result.best)
    #expect(one[0].result.trials.filter(\.stoppedEarly).count >= 4)
    // The chosen configuration is the completed one with the lowest test loss.
    let completed = one[0].result.trials.filter { !$0.stoppedEarly && $0.metric.isFinite }.map(\.metric)
    #expect(one[0].chosenMetric! == completed.min()!)
  }

  @Test func chosenSettingsRoundTripIntoTheEvaluationRuns() throws {
    let suite = try suite()
    let resolved = try Planner().resolve(suite, profile: "default")
    let outcomes = try TuningRunner(resolved: resolved, trainer: Trainer(problem: TrainerTests.problem()), jobs: 2).tune()
    let text = TunedSettings.render(suite: suite.id, profile: "default", metric: "test_loss", outcomes: outcomes)
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tuned-\(UUID().uuidString).yaml").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let tuned = try TunedSettings.apply(to: suite, file: file)
    let chosen = outcomes[0].chosen!
    let adam = tuned.optimizers.first { $0.label == "adam" }!
    #expect(HyperValue.int(adam.batchSize) == chosen.first { $0.0 == "batch_size" }!.1)
    #expect(adam.hyperparameters.first { $0.0 == "lr" }!.1 == chosen.first { $0.0 == "lr" }!.1)
    // The evaluation runs carry the tuned values, so their hashes differ from the untuned plan.
    let before = Set(try Planner().plan(suite, profile: "default").filter { $0.optimizer.label == "adam" }.map(\.hash))
    let after = Set(try Planner().plan(tuned, profile: "default").filter { $0.optimizer.label == "adam" }.map(\.hash))
    #expect(before.isDisjoint(with: after))
  }
}
