import Foundation
import Testing
import LensCore
import LensData
import LensEngine
@testable import LensRunner

/// Evaluation of batch-norm networks in evaluation mode (running statistics), the trainer's
/// per-step commits, and MLP evaluation kept on its training-mode path.
@Suite struct BatchNormEvaluationTests {
  /// conv 3×3 (1 → 3 channels, no bias, padding 1) → BN (Haiku rule) → ReLU → average pool
  /// over the 4×4 map → flatten → linear(2), on 1×4×4 images.
  static let architecture = Architecture(
    name: "tiny-conv-bn", inputShape: [1, 4, 4],
    layers: [.conv2d(out: 3, kernel: 3, stride: 1, padding: 1, bias: false), .batchNorm(momentum: 0.1, epsilon: 1e-5),
             .relu, .avgPool(4), .flatten, .linear(out: 2, bias: true)],
    batchNormStatistics: .haiku)

  /// `n` images of N(1.5 + shift, 1) pixels; the label says whether the top half is brighter.
  /// Test splits are shifted, so that statistics of the training batches (running) and of the
  /// test chunks (training mode) differ clearly.
  static func split(_ n: Int, key: UInt64, shift: Double = 0) -> DataSplit {
    var g = SeededGenerator(key: key)
    var x = [Float](), y = [Int32]()
    for _ in 0..<n {
      let image = (0..<16).map { _ in Float(g.normal() + 1.5 + shift) }
      x += image
      y.append(image[0..<8].reduce(0, +) > image[8..<16].reduce(0, +) ? 1 : 0)
    }
    return DataSplit(features: x, exampleShape: [1, 4, 4], targets: .classes(y, classCount: 2))
  }

  static func parameters(_ net: Network<Float>) -> [Float] {
    var g = SeededGenerator(key: 5)
    return (0..<net.parameterCount).map { _ in Float(3 * (g.uniform() - 0.5)) }
  }

  /// Mean softmax cross-entropy and accuracy of `[B, C]` logits, by hand in Double.
  static func crossEntropy(_ z: [Float], labels: [Int32]) -> (loss: Double, accuracy: Double) {
    let c = z.count / labels.count
    var total = 0.0, correct = 0
    for (n, label) in labels.enumerated() {
      let row = (0..<c).map { Double(z[n * c + $0]) }
      let top = row.max()!
      total += top + log(row.map { exp($0 - top) }.reduce(0, +)) - row[Int(label)]
      if row.firstIndex(of: top)! == Int(label) { correct += 1 }
    }
    return (total / Double(labels.count), Double(correct) / Double(labels.count))
  }

  static func labels(_ split: DataSplit) -> [Int32] {
    if case .classes(let y, _) = split.targets { return y }
    preconditionFailure("class targets expected")
  }

  /// The chunk-weighted training-mode loss (`NetworkObjective.loss`, batch statistics).
  static func trainingModeLoss(_ objective: NetworkObjective<Float>, _ theta: [Float], _ split: DataSplit, chunk: Int) -> Double {
    BatchMaker(split: split).chunks(of: chunk).map { Double(objective.loss(at: theta, on: $0)) * Double($0.count) }
      .reduce(0, +) / Double(split.count)
  }

  @Test func evaluationModeLossAndAccuracyComeFromTheRunningStatistics() throws {
    let net = try Network<Float>(Self.architecture)
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let theta = Self.parameters(net)
    let train = Self.split(40, key: 1), test = Self.split(13, key: 2, shift: 2)
    // Commit two batches' statistics, as two training steps would.
    for batch in BatchMaker(split: train).chunks(of: 20) {
      objective.commitRunningStatisticsOnNextLinearization()
      _ = objective.linearize(at: theta, on: batch)
    }
    #expect(net.runningStatistics[0].mean != [0, 0, 0])
    let work = objective.work
    let (loss, accuracy) = Evaluator(network: net, split: test, chunk: 5).evaluate(objective, parameters: theta)
    #expect(objective.work == work)
    // Oracle: the loss applied by hand to the evaluation-mode outputs of the whole split.
    let all = BatchMaker(split: test).chunks(of: test.count)[0]
    let outputs = net.outputs(parameters: theta, inputs: all.inputs)
    let expected = Self.crossEntropy(outputs.scalars, labels: Self.labels(test))
    #expect(abs(loss - expected.loss) <= 1e-5 * max(1, expected.loss), "\(loss) vs \(expected.loss)")
    #expect(accuracy == expected.accuracy)
    // The engine's loss value on those outputs is the same mean.
    #expect(abs(Double(LossFunction.softmaxCrossEntropy.meanValue(outputs: outputs, targets: all.targets)) - expected.loss) <= 1e-5)
    // And it is not the training-mode (batch statistics) loss of the same chunks.
    #expect(abs(loss - Self.trainingModeLoss(objective, theta, test, chunk: 5)) > 1e-3)
    // Evaluating does not touch the running statistics.
    let before = net.runningStatistics.map(\.mean)
    _ = Evaluator(network: net, split: test).evaluate(objective, parameters: theta)
    #expect(net.runningStatistics.map(\.mean) == before)
  }

  @Test func chunkSizeDependsOnConvolutions() throws {
    let conv = try Network<Float>(Self.architecture)
    let mlp = try Network<Float>(.mlp(input: 16, hidden: [4], output: 2))
    #expect(Evaluator.defaultChunk(for: conv) == 512 && Evaluator.defaultChunk(for: mlp) == 4096)
    #expect(Evaluator(network: conv, split: Self.split(1100, key: 3)).chunks.map(\.count) == [512, 512, 76])
  }

  /// Networks without batch norm keep the training-mode loss path: the evaluator's loss is the
  /// chunk-weighted `NetworkObjective.loss` bit for bit, in chunks of 4096.
  @Test func mlpEvaluationIsTheTrainingModePath() throws {
    let net = try Network<Float>(.mlp(input: 16, hidden: [5], output: 2))
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let theta = Self.parameters(net)
    let split = Self.split(4200, key: 4)
    let evaluator = Evaluator(network: net, split: split)
    #expect(evaluator.chunks.map(\.count) == [4096, 104])
    let (loss, accuracy) = evaluator.evaluate(objective, parameters: theta)
    var total = 0.0
    for batch in evaluator.chunks { total += Double(objective.loss(at: theta, on: batch)) * Double(batch.count) }
    #expect(loss == total / Double(split.count))
    let all = BatchMaker(split: split).chunks(of: split.count)[0]
    #expect(accuracy == Self.crossEntropy(net.outputs(parameters: theta, inputs: all.inputs).scalars, labels: Self.labels(split)).accuracy)
  }

  final class Captured: @unchecked Sendable {
    var networks: [Network<Float>] = []
    var parameters: [[Float]] = []
  }

  static let suiteText = """
  lens_suite: 1
  id: bn-check
  paper: adamqlr
  problem: {dataset: synthetic, split: fixed, model: {builder: mlp, hidden: [8]}, loss: softmax_cross_entropy}
  budget: {steps: 6}
  evaluation: {every: {steps: 3}, splits: [test], metrics: [loss, accuracy]}
  repetitions: 1
  optimizers:
    sgd: {optimizer: sgd, batch_size: 16, lr: 0.1}
    frozen: {optimizer: sgd, batch_size: 16, lr: 1.0e-30}
  """

  @Test func trainerCommitsEachStepAndEvaluatesInEvaluationMode() throws {
    let captured = Captured()
    let train = Self.split(64, key: 6), test = Self.split(24, key: 7, shift: 2)
    let problem = TrainingProblem(
      makeNetwork: { let n = try Network<Float>(Self.architecture); captured.networks.append(n); return n },
      loss: .softmaxCrossEntropy, lossKind: .softmaxCrossEntropy(classes: 2),
      train: train, splits: ["test": test],
      initialize: { network, g in
        let theta = (0..<network.parameterCount).map { _ in Float(3 * (g.uniform() - 0.5)) }
        captured.parameters.append(theta); return theta
      })
    let plan = try Planner().plan(try SuiteParser(vocabulary: TrainerTests.vocabulary).parse(text: Self.suiteText, file: "s.yaml"),
                                  profile: "default")
    for spec in plan {
      let lines = try Trainer(problem: problem).run(spec)
      #expect(lines.last!.contains("\"status\":\"finished\""), "\(lines.last!)")
      let net = captured.networks.last!, theta = captured.parameters.last!
      // Six steps committed: the running statistics moved away from (0, 1).
      let stats = net.runningStatistics[0]
      #expect(stats.mean.allSatisfy { $0 != 0 } && stats.variance.allSatisfy { $0 != 1 })
      guard spec.variant == "frozen" else { continue }
      // lr 1e-30 leaves θ unchanged (in Float), so the final evaluation is at the initial θ:
      // the logged test loss is the evaluation-mode loss there, not the training-mode one.
      let last = lines.last { $0.contains("\"type\":\"eval\"") }!
      let logged = try #require(Double(last.split(separator: "\"test_loss\":")[1].prefix { "0123456789.eE+-".contains($0) }))
      let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
      let all = BatchMaker(split: test).chunks(of: test.count)[0]
      let expected = Self.crossEntropy(net.outputs(parameters: theta, inputs: all.inputs).scalars, labels: Self.labels(test))
      #expect(abs(logged - expected.loss) <= 1e-5 * max(1, expected.loss), "\(logged) vs \(expected.loss)")
      #expect(abs(logged - Self.trainingModeLoss(objective, theta, test, chunk: 512)) > 1e-3)
    }
  }
}
