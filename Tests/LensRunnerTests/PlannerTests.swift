import Testing
import LensCore
@testable import LensRunner

@Suite struct PlannerTests {
  let suite = try! SuiteParser(vocabulary: Fixtures.vocabulary).parse(text: Fixtures.suite, file: "fig.yaml")

  @Test func defaultProfileExpandsOptimizersLatticeAndRepetitions() throws {
    let runs = try Planner().plan(suite, profile: "default")
    // 2 plain optimizers + 3 lattice points, 5 repetitions each.
    #expect(runs.count == (2 + 3) * 5)
    #expect(runs.first?.variant == "sgd_full")
    #expect(runs.map(\.variant).contains("adamqlr_untuned@update_amplification=0.5"))
    #expect(Set(runs.map(\.hash)).count == runs.count)
  }

  @Test func profileOverridesApply() throws {
    let runs = try Planner().plan(suite, profile: "smoke")
    #expect(runs.count == (2 + 3) * 2)
    #expect(runs.allSatisfy { $0.budget == .steps(20) && $0.problem.subset["train"] == 1000 })
  }

  @Test func unknownProfileIsRefused() {
    #expect(throws: LensError.self) { try Planner().plan(suite, profile: "smoek") }
  }

  /// The hash depends on what changes the numbers, not on cosmetic fields.
  @Test func hashIsStableAndSensitive() throws {
    let a = try Planner().plan(suite, profile: "default")[0]
    var b = a
    #expect(a.hash == b.hash)
    b.optimizer.hyperparameters[0].1 = .double(0.058069)
    #expect(a.hash != b.hash)
    var retitled = suite
    retitled.title = "Another title"
    #expect(try Planner().plan(retitled, profile: "default")[0].hash == a.hash)
    var c = a
    c.repetition = 1
    #expect(c.hash != a.hash)
    #expect(c.streamRoot.key != a.streamRoot.key)
  }

  /// Adding an optimizer to a suite does not change any other run's hash or random streams.
  @Test func addingAnOptimizerShiftsNothingElse() throws {
    let before = try Planner().plan(suite, profile: "default")
    let extended = Fixtures.suite.replacingOccurrences(
      of: "  adam: {optimizer: adam,", with: "  sgd: {optimizer: sgd, batch_size: 50, lr: 0.1}\n  adam: {optimizer: adam,")
    let after = try Planner().plan(try SuiteParser(vocabulary: Fixtures.vocabulary).parse(text: extended, file: "f"), profile: "default")
    let afterHashes = Set(after.map(\.hash))
    #expect(before.allSatisfy { afterHashes.contains($0.hash) })
    #expect(after.count == before.count + 5)
  }
}
