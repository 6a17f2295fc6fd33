import Foundation
import Testing
import LensCore
import LensData
import LensEngine
@testable import LensRunner

/// End-to-end runs on a small synthetic classification problem: determinism, divergence,
/// resume.
@Suite struct TrainerTests {
  static let vocabulary = SuiteVocabulary(
    datasets: [(name: "synthetic", splits: ["fixed"])],
    models: [(name: "mlp", options: ["hidden"])],
    losses: ["softmax_cross_entropy"],
    optimizers: [(name: "sgd", schema: .init(keys: ["lr", "momentum", "weight_decay"])),
                 (name: "adam", schema: .init(keys: ["lr", "beta1", "beta2", "eps", "weight_decay"]))])

  static let suiteText = """
  lens_suite: 1
  id: synthetic-check
  paper: adamqlr
  problem: {dataset: synthetic, split: fixed, model: {builder: mlp, hidden: [8]}, loss: softmax_cross_entropy}
  budget: {epochs: 3}
  evaluation: {every: {steps: 5}, splits: [train, test], metrics: [loss, accuracy]}
  repetitions: 3
  optimizers:
    adam: {optimizer: adam, batch_size: 32, lr: 0.01}
    sgd_exploding: {optimizer: sgd, batch_size: 32, lr: 1.0e+4}
  """

  /// 200 examples of 4 features, 3 classes from a fixed linear teacher.
  static func problem() -> TrainingProblem {
    var g = SeededGenerator(key: 99)
    func split(_ n: Int) -> DataSplit {
      var x = [Float](), y = [Int32]()
      for _ in 0..<n {
        let f = (0..<4).map { _ in Float(g.normal()) }
        x += f
        let scores = [f[0] + f[1], f[2] - f[0], f[3] - f[1]]
        y.append(Int32(scores.firstIndex(of: scores.max()!)!))
      }
      return DataSplit(features: x, exampleShape: [4], targets: .classes(y, classCount: 3))
    }
    let train = split(200), test = split(100)
    return TrainingProblem(
      makeNetwork: { try Network<Float>(inputWidth: 4, layers: [.linear(8), .relu, .linear(3)]) },
      loss: .softmaxCrossEntropy, lossKind: .softmaxCrossEntropy(classes: 3),
      train: train, splits: ["train": train, "test": test],
      initialize: { network, g in (0..<network.parameterCount).map { _ in Float(g.uniform() - 0.5) } })
  }

  func plan() throws -> [RunSpec] {
    try Planner().plan(try SuiteParser(vocabulary: Self.vocabulary).parse(text: Self.suiteText, file: "s.yaml"), profile: "default")
  }

  @Test func sameSpecGivesIdenticalLogsApartFromTime() throws {
    let spec = try plan()[0]
    let trainer = Trainer(problem: Self.problem())
    let a = try trainer.run(spec), b = try trainer.run(spec)
    func stripTime(_ lines: [String]) -> [String] {
      lines.map { $0.replacingOccurrences(of: #""(wall_)?time":[^,}]*"#, with: "", options: .regularExpression) }
    }
    #expect(stripTime(a) == stripTime(b))
    #expect(a.first!.contains("\"type\":\"run\""))
    #expect(a.last!.contains("\"status\":\"finished\""))
    // 3 epochs of ⌈200/32⌉ = 7 steps.
    #expect(a.filter { $0.contains("\"type\":\"step\"") }.count == 21)
    // Training reduces the loss.
    let evals = a.filter { $0.contains("\"type\":\"eval\"") }
    #expect(evals.count == 1 + 4 + 1)
  }

  @Test func explodingLearningRateIsRecordedAsDiverged() throws {
    let spec = try plan().first { $0.variant == "sgd_exploding" }!
    let lines = try Trainer(problem: Self.problem()).run(spec)
    #expect(lines.last!.contains("\"status\":\"diverged\""), "\(lines.last!)")
  }

  /// Runs the plan, deletes one finished log as if its run had been killed, and runs again:
  /// only that run is trained again, and every other log is byte-for-byte untouched.
  @Test func resumeRedoesOnlyMissingRuns() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lens-resume-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let store = ResultsStore(root: root)
    let plan = try plan()
    let runner = SuiteRunner(store: store, jobs: 2)
    let first = try runner.run(plan, trainer: Trainer(problem: Self.problem()), provenance: "{}")
    #expect(first.reused == 0)
    #expect(first.finished == 3 && first.diverged == 3 && first.failed.isEmpty)
    let bytes = plan.map { FileManager.default.contents(atPath: store.logURL(suite: $0.suite, hash: $0.hash).path)! }
    try FileManager.default.removeItem(at: store.logURL(suite: plan[1].suite, hash: plan[1].hash))
    let second = try runner.run(plan, trainer: Trainer(problem: Self.problem()), provenance: "{}")
    #expect(second.reused == plan.count - 1)
    #expect(second.finished + second.diverged == 1)
    for (i, spec) in plan.enumerated() where i != 1 {
      #expect(FileManager.default.contents(atPath: store.logURL(suite: spec.suite, hash: spec.hash).path)! == bytes[i])
    }
  }
}
