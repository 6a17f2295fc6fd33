import Foundation
import Testing
import LensCore
@testable import LensRunner

/// Model-free objective suites (AdamQLR Fig 2, Rosenbrock): strict parsing, deterministic
/// full-batch training with the trajectory logged, and tuning from drawn start points.
@Suite struct ObjectiveSuiteTests {
  static let vocabulary = SuiteVocabulary(
    datasets: [(name: "uci-energy", splits: ["adamqlr"])], models: [(name: "mlp", options: ["hidden"])],
    losses: ["mse_half"],
    optimizers: [(name: "sgd", schema: .init(keys: ["lr", "momentum", "weight_decay"])),
                 (name: "adam", schema: .init(keys: ["lr"])),
                 (name: "adamqlr", schema: .init(keys: ["curvature", "lr_clip", "initial_damping", "damping_decrease",
                                                        "damping_increase"], presets: ["untuned"]))],
    objectives: [(name: "rosenbrock", dimension: 2)])

  static let suiteText = """
  lens_suite: 1
  id: rosen-check
  paper: adamqlr
  problem: {objective: rosenbrock, start: [1, -1]}
  budget: {steps: 20}
  evaluation: {every: {steps: 1}, splits: [train], metrics: [loss]}
  repetitions: 1
  optimizers:
    gd: {optimizer: sgd, lr: 1.0e-3}
    qlr: {optimizer: adamqlr, preset: untuned, curvature: hessian}
  tuning:
    samples: 8
    metric: train_loss
    reduction_factor: 2
    grace_period: 5
    start: {normal: {mean: 0, std: 1}}
    before_runs: true
    space:
      gd: {lr: {loguniform: [1.0e-4, 1.0e-2]}}
  profiles:
    smoke: {budget: {steps: 10}}
  """

  func suite(_ text: String = suiteText) throws -> Suite {
    try SuiteParser(vocabulary: Self.vocabulary).parse(text: text, file: "r.yaml")
  }

  func plan() throws -> [RunSpec] { try Planner().plan(try suite(), profile: "default") }

  static let trainer = Trainer(objective: ObjectiveTrainingProblem(name: "rosenbrock", dimension: 2))

  @Test func parsesAnObjectiveSuite() throws {
    let s = try suite()
    #expect(s.problem.objective == ObjectiveSpec(name: "rosenbrock", start: .point([1, -1])))
    #expect(s.optimizers.map(\.batchSize) == [1, 1])
    #expect(s.tuning?.start == .normal(mean: 0, std: 1))
    #expect(s.tuning?.beforeRuns == true)
    #expect(s.problem.summary == "rosenbrock objective, start (1.0, -1.0)")
  }

  /// Every misuse is refused with the file:line:column of the offending value.
  @Test func misusesAreLocatedErrors() {
    let cases: [(String, String, String)] = [
      ("start: [1, -1]}", "start: [1, -1], loss: mse_half}", "r.yaml:4:"),
      ("start: [1, -1]}", "start: [1, -1, 2]}", "r.yaml:4:"),
      ("objective: rosenbrock,", "objective: rosenbrok,", "did you mean 'rosenbrock'?"),
      ("splits: [train]", "splits: [train, test]", "the only split is 'train'"),
      ("metrics: [loss]", "metrics: [loss, accuracy]", "only the metric 'loss'"),
      ("{optimizer: sgd, lr: 1.0e-3}", "{optimizer: sgd, batch_size: 32, lr: 1.0e-3}", "full-batch"),
      ("{steps: 10}}", "{steps: 10}, subset: {train: 5}}", "no data to subset"),
      ("start: {normal: {mean: 0, std: 1}}", "start: {normal: {mean: 0, std: 0}}", "std > 0"),
      ("start: {normal: {mean: 0, std: 1}}", "start: {uniform: [0, 1]}", "unknown key 'uniform'"),
      ("before_runs: true", "before_run: true", "did you mean 'before_runs'?"),
    ]
    for (old, new, expected) in cases {
      let text = Self.suiteText.replacingOccurrences(of: old, with: new)
      #expect(text != Self.suiteText, "fixture does not contain \(old)")
      do { _ = try suite(text); Issue.record("accepted: \(new)") } catch let e as LensError {
        #expect(e.exitCode == 2)
        #expect(e.message.hasPrefix("r.yaml:") && e.message.contains(expected), "\(new): \(e.message)")
      } catch { Issue.record("unexpected \(error)") }
    }
  }

  @Test func aTuningStartNeedsAnObjectiveProblem() {
    let text = TrainerTests.suiteText + """

    tuning:
      samples: 2
      metric: train_loss
      start: {normal: {mean: 0, std: 1}}
      space:
        adam: {lr: {loguniform: [1.0e-4, 1.0e-2]}}
    """
    #expect(throws: LensError.self) { try SuiteParser(vocabulary: TrainerTests.vocabulary).parse(text: text, file: "t.yaml") }
  }

  /// The hash covers the start point; dataset suites keep their hashes (no objective key).
  @Test func theStartIsPartOfTheRunIdentity() throws {
    let a = try plan()[0]
    var b = a
    b.problem.objective?.start = .point([1, -0.5])
    #expect(a.hash != b.hash)
    #expect(a.canonicalJSON.contains(#""problem":{"objective":"rosenbrock","start":{"point":[1.0,-1.0]}}"#))
    let dataset = try Planner().plan(try SuiteParser(vocabulary: TrainerTests.vocabulary).parse(text: TrainerTests.suiteText, file: "s.yaml"),
                                     profile: "default")[0]
    #expect(!dataset.canonicalJSON.contains("objective"))
  }

  /// GD's logged trajectory against an independent double-precision oracle of
  /// θ ← θ − η∇f with ∇f of ¼[(1 − x)² + 100(y − x²)²]; one evaluation (θ and f) per step.
  @Test func gradientDescentTrajectoryMatchesTheOracle() throws {
    let spec = try plan().first { $0.variant == "gd" }!
    let lines = try Self.trainer.run(spec)
    let record = try RunRecord(lines: lines, name: "gd")
    #expect(record.status == "finished")
    #expect(record.steps.count == 20)
    #expect(record.evaluations.count == 21)
    var x = 1.0, y = -1.0
    for (t, e) in record.evaluations.enumerated() {
      let f = 0.25 * ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x))
      let p = try #require(e.parameters)
      #expect(e.step == t)
      #expect(abs(p[0] - x) <= 1e-5 * max(1, abs(x)) && abs(p[1] - y) <= 1e-5 * max(1, abs(y)), "step \(t): \(p) vs (\(x), \(y))")
      #expect(abs(e.value("train_loss")! - f) <= 1e-5 * f, "step \(t)")
      if t < record.steps.count { #expect(abs(record.steps[t].loss - f) <= 1e-5 * f) }
      let gx = -0.5 * (1 - x) - 100 * x * (y - x * x), gy = 50 * (y - x * x)
      x -= 1e-3 * gx; y -= 1e-3 * gy
    }
    // Work: one forward and one backward per step; evaluations are not counted.
    #expect(record.work["forward"] == 20 && record.work["backward"] == 20 && record.work["hvp"] == 0)
  }

  @Test func adamQLRHessianCountsItsProductsAndIsDeterministic() throws {
    let spec = try plan().first { $0.variant == "qlr" }!
    let a = try Self.trainer.run(spec), b = try Self.trainer.run(spec)
    func stripTime(_ lines: [String]) -> [String] {
      lines.map { $0.replacingOccurrences(of: #""(wall_)?time":[^,}]*"#, with: "", options: .regularExpression) }
    }
    #expect(stripTime(a) == stripTime(b))
    let record = try RunRecord(lines: a, name: "qlr")
    // One HVP (the curvature) and two forwards (the step, and f at the new θ for ρ) per step.
    #expect(record.work["hvp"] == 20 && record.work["forward"] == 40 && record.work["jvp"] == 0)
    #expect(record.steps.allSatisfy { $0.learningRate != nil && $0.damping != nil })
  }

  /// A drawn start comes from the run's own `init` stream: reproducible, different per
  /// variant (trial), and distributed as N(mean, std²) coordinate-wise.
  @Test func drawnStartsAreSeededPerTrial() throws {
    var spec = try plan().first { $0.variant == "gd" }!
    spec.problem.objective?.start = .normal(mean: 0, std: 1)
    func start(_ variant: String) throws -> [Double] {
      var s = spec
      s.variant = variant
      return try #require(RunRecord(lines: try Self.trainer.run(s), name: variant).evaluations.first?.parameters)
    }
    #expect(try start("gd#config=0") == start("gd#config=0"))
    let draws = try (0..<200).flatMap { try start("gd#config=\($0)") }
    #expect(Set(draws).count == draws.count)
    let mean = draws.reduce(0, +) / Double(draws.count)
    let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)
    // 400 draws: the sample mean's sd is 0.05, the variance's about 0.07.
    #expect(abs(mean) < 0.2 && abs(variance - 1) < 0.3, "mean \(mean), variance \(variance)")
    var generator = SeededGenerator(stream: RandomStreamKey(suite: "rosen-check", problem: "rosenbrock", variant: "gd#config=7",
                                                            repetition: 0, stream: "run").child("init"))
    let expected = StartPoint.normal(mean: 0, std: 1).draw(dimension: 2, using: &generator)
    let logged = try start("gd#config=7")
    #expect(abs(logged[0] - expected[0]) < 1e-6 && abs(logged[1] - expected[1]) < 1e-6)
  }

  /// Tuning draws each trial's start from N(0, I): the trials' logs start at different
  /// points, the outcome does not depend on the number of workers.
  @Test func tuningFromDrawnStartsIsDeterministic() throws {
    let resolved = try Planner().resolve(try suite(), profile: "default")
    let one = try TuningRunner(resolved: resolved, trainer: Self.trainer, jobs: 1).tune()
    let two = try TuningRunner(resolved: resolved, trainer: Self.trainer, jobs: 2).tune()
    #expect(one.map(\.label) == ["gd"])
    #expect(one[0].result.best != nil && one[0].result.best == two[0].result.best)
    #expect(one[0].result.trials.map(\.metric) == two[0].result.trials.map(\.metric))
    // Trials start at their own draws, so equal learning rates would still give different losses.
    #expect(Set(one[0].result.trials.map(\.metric)).count == one[0].result.trials.count)
  }

  @Test func tuneBeforeRunsWritesSettingsThatApply() throws {
    let s = try suite()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-tbr-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = ResultsStore(root: dir)
    let path = TunedSettings.path(store: store, suite: s.id, profile: "smoke")
    #expect(TuneBeforeRuns.needed(s, profile: "smoke", path: path))
    try TuneBeforeRuns.tune(try Planner().resolve(s, profile: "smoke"), trainer: Self.trainer, jobs: 2, path: path)
    #expect(!TuneBeforeRuns.needed(s, profile: "smoke", path: path))
    let tuned = try TunedSettings.apply(to: s, file: path)
    let chosen = try TunedSettings.read(path)
    #expect(chosen.map(\.label) == ["gd"])
    #expect(tuned.optimizers[0].hyperparameters.first { $0.0 == "lr" }?.1 == chosen[0].values.first { $0.0 == "lr" }?.1)
    #expect(tuned.optimizers[0].batchSize == 1)
    #expect(TunedSettings.differences(committed: chosen, regenerated: chosen, rtol: 1e-4).isEmpty)
  }

  @Test func tunedSettingsDifferencesAreReported() {
    let a: [(label: String, values: [(String, HyperValue)])] = [("gd", [("trial", .int(3)), ("metric", .double(0.5)), ("lr", .double(1e-3))])]
    var b = a
    b[0].values[2].1 = .double(1.01e-3)
    #expect(TunedSettings.differences(committed: a, regenerated: b, rtol: 1e-4) == ["gd.lr: committed 0.001, regenerated 0.00101"])
    b = a
    b[0].values[0].1 = .int(4)
    #expect(TunedSettings.differences(committed: a, regenerated: b, rtol: 1).count == 1)
    #expect(TunedSettings.differences(committed: a, regenerated: [], rtol: 1e-4) == ["gd: missing"])
    #expect(TunedSettings.differences(committed: [], regenerated: a, rtol: 1e-4) == ["gd: not in the committed file"])
  }
}
