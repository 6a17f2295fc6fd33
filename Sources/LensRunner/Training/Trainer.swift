import Foundation
import LensCore
import LensData
import LensEngine
import LensOptimizers

/// Everything a run trains on: the network and loss, the data splits, and how parameters are
/// initialised. Built once per suite and shared read-only by the runs.
public struct TrainingProblem: @unchecked Sendable {
  /// Builds a fresh network (networks hold per-run workspaces, so each run gets its own).
  public var makeNetwork: @Sendable () throws -> Network<Float>
  public var loss: LossFunction
  public var lossKind: LossKind
  public var train: DataSplit
  /// Evaluation splits by name (`train`, `validation`, `test`).
  public var splits: [String: DataSplit]
  /// Draws initial parameters for a network from a generator.
  public var initialize: @Sendable (Network<Float>, inout SeededGenerator) -> [Float]
  /// Augmentation of training batches (nil: none).
  public var augmenter: ImageAugmenter?
  /// Which variant of the data recipe was loaded, when it has several (e.g. CIFAR-10's test
  /// split held out from the training file); written into every run log header as `"data"`.
  public var dataNote: String?

  public init(makeNetwork: @escaping @Sendable () throws -> Network<Float>, loss: LossFunction, lossKind: LossKind,
              train: DataSplit, splits: [String: DataSplit],
              initialize: @escaping @Sendable (Network<Float>, inout SeededGenerator) -> [Float],
              augmenter: ImageAugmenter? = nil, dataNote: String? = nil) {
    self.makeNetwork = makeNetwork; self.loss = loss; self.lossKind = lossKind
    self.train = train; self.splits = splits; self.initialize = initialize
    self.augmenter = augmenter; self.dataNote = dataNote
  }
}

/// Trains one run and returns its log lines.
///
/// Two kinds of problem: a network on data (`TrainingProblem`), or a model-free objective
/// (`ObjectiveTrainingProblem`, e.g. Rosenbrock). Both go through the same loop (`train`).
///
/// Random streams (children of the run's stream root): `init` for the initial parameters
/// (an objective's start point when it is drawn), `batches` for the per-epoch permutations,
/// `optimizer` for the optimizer's own draws, `augment/epoch=<e>` for epoch e's augmentation
/// draws (problems with augmentation only). For a network with batch norm, each optimizer
/// step's first linearisation (the gradient pass at θₜ on the step's batch) commits its batch
/// statistics into the running statistics (`NetworkObjective.commitRunningStatisticsOnNextLinearization`),
/// which evaluation (`Evaluator`, evaluation mode) then uses. Wall time counts optimizer steps only;
/// evaluations are untimed. A step whose loss or parameters are not finite, or whose loss
/// exceeds `divergenceFactor` × the first loss (and 10⁶ in absolute value), ends the run as
/// `diverged`.
public struct Trainer {
  public enum Source {
    case network(TrainingProblem)
    case objective(ObjectiveTrainingProblem)
  }
  public var source: Source
  public var divergenceFactor: Double = 1e6

  public init(problem: TrainingProblem) { self.source = .network(problem) }
  public init(objective: ObjectiveTrainingProblem) { self.source = .objective(objective) }

  /// Called after each evaluation with (epochs so far, training seconds so far, steps so far,
  /// the metrics); returning false stops the run there (ASHA's early stopping). A stopped run's
  /// log ends with status `stopped`.
  public typealias EvaluationHook = (_ epoch: Double, _ seconds: Double, _ step: Int, _ metrics: [(String, Double)]) -> Bool

  public func run(_ spec: RunSpec, onEvaluation: EvaluationHook? = nil) throws -> [String] {
    switch source {
    case .network(let problem): return try runNetwork(problem, spec, onEvaluation)
    case .objective(let problem): return try problem.run(self, spec, onEvaluation)
    }
  }

  func runNetwork(_ problem: TrainingProblem, _ spec: RunSpec, _ onEvaluation: EvaluationHook?) throws -> [String] {
    let network = try problem.makeNetwork()
    let objective = NetworkObjective<Float>(network: network, loss: problem.loss)
    var initGenerator = SeededGenerator(stream: spec.streamRoot.child("init"))
    var parameters = problem.initialize(network, &initGenerator)
    var batchGenerator = SeededGenerator(stream: spec.streamRoot.child("batches"))
    let maker = BatchMaker(split: problem.train)
    let batchSize = spec.optimizer.batchSize
    let evaluators = spec.evaluation.splits.compactMap { name in
      problem.splits[name].map { (name, Evaluator(network: network, split: $0)) }
    }
    var epochIndex = 0
    let storage = BatchStorage()
    return try train(
      spec, objective: objective, parameters: &parameters, lossKind: problem.lossKind,
      stepsPerEpoch: maker.stepsPerEpoch(batchSize: batchSize),
      epoch: {
        let permutation = batchGenerator.permutation(problem.train.count)
        let augmentation = problem.augmenter.map { ImageAugmentationStream(augmenter: $0, root: spec.streamRoot, epoch: epochIndex) }
        epochIndex += 1
        return AnySequence(maker.epoch(permutation: permutation, batchSize: batchSize, augmentation: augmentation,
                                       storage: storage))
      },
      measure: { parameters in
        var metrics: [(String, Double)] = []
        for (name, evaluator) in evaluators {
          let (loss, accuracy) = evaluator.evaluate(objective, parameters: parameters)
          if spec.evaluation.metrics.contains("loss") { metrics.append(("\(name)_loss", loss)) }
          if let accuracy, spec.evaluation.metrics.contains("accuracy") { metrics.append(("\(name)_accuracy", accuracy)) }
        }
        return metrics
      },
      logParameters: false, dataNote: problem.dataNote,
      beforeStep: network.hasBatchNorm ? { objective.commitRunningStatisticsOnNextLinearization() } : nil,
      onEvaluation: onEvaluation)
  }

  /// The training loop shared by every problem kind. `epoch()` gives the batches of the next
  /// epoch (`stepsPerEpoch` of them); `measure` evaluates at the current parameters (untimed,
  /// outside the work counters); with `logParameters` each evaluation line carries θ;
  /// `beforeStep` runs before every optimizer step (untimed).
  func train<O: Objective>(
    _ spec: RunSpec, objective: O, parameters: inout [Float], lossKind: LossKind, stepsPerEpoch: Int,
    epoch: () -> AnySequence<Batch<Float>>, measure: ([Float]) -> [(String, Double)], logParameters: Bool,
    dataNote: String? = nil, beforeStep: (() -> Void)? = nil, onEvaluation: EvaluationHook?
  ) throws -> [String] where O.Scalar == Float {
    let noise = SeededNoise(stream: spec.streamRoot.child("optimizer"))
    var options: [String: JSONValue] = [:]
    for (key, value) in spec.optimizer.hyperparameters { options[key] = value.json }
    if let preset = spec.optimizer.preset { options["preset"] = .string(preset) }
    let optimizer: any Optimizer<Float> = try OptimizerRegistry.make(
      name: spec.optimizer.optimizer, options: options,
      environment: OptimizerEnvironment<Float>(lossKind: lossKind))

    let evaluateEvery: Int
    switch spec.evaluation.every {
    case .steps(let n): evaluateEvery = n
    case .epochs(let n): evaluateEvery = n * stepsPerEpoch
    }

    var lines = [RunLog.header(spec, data: dataNote)]
    let clock = RunClock.forCurrentSettings
    let wallClock = RunClock.wall
    var seconds = 0.0
    var wallSeconds = 0.0
    var step = 0
    var firstLoss: Double?
    var status = "finished"
    var notes: [String] = []

    var stopRequested = false
    func evaluate() {
      let metrics = measure(parameters)
      let epoch = Double(step) / Double(stepsPerEpoch)
      lines.append(RunLog.evaluation(step: step, epoch: epoch, time: seconds, metrics: metrics,
                                     parameters: logParameters ? parameters.map(Double.init) : nil))
      if let onEvaluation, !onEvaluation(epoch, seconds, step, metrics) { stopRequested = true }
    }

    func done() -> Bool {
      switch spec.budget {
      case .epochs(let e): return step >= e * stepsPerEpoch
      case .steps(let s): return step >= s
      case .seconds(let s): return seconds >= s
      }
    }

    evaluate()
    training: while !done() {
      for batch in epoch() {
        beforeStep?()
        let start = clock.now(), wallStart = wallClock.now()
        let record: StepRecord
        do {
          record = try optimizer.step(parameters: &parameters, objective: objective, batch: batch,
                                      context: StepContext(step: step, noise: noise))
        } catch let error as LensError {
          status = "failed"; notes.append(error.message); break training
        }
        seconds += clock.now() - start
        wallSeconds += wallClock.now() - wallStart
        lines.append(RunLog.step(record, time: seconds))
        step += 1
        if firstLoss == nil { firstLoss = record.loss }
        let bound = max(1e6, divergenceFactor * abs(firstLoss ?? 1))
        let finiteParameters = parameters.allSatisfy { $0.isFinite }
        if !record.loss.isFinite || abs(record.loss) > bound || !finiteParameters {
          status = "diverged"
          notes.append("step \(record.step): loss \(record.loss)\(finiteParameters ? "" : ", non-finite parameters")")
          break training
        }
        if step % evaluateEvery == 0 { evaluate() }
        if stopRequested { status = "stopped"; break training }
        if done() { break training }
      }
    }
    if status == "finished", step % evaluateEvery != 0 { evaluate() }
    if stopRequested, status == "finished" { status = "stopped" }
    lines.append(RunLog.end(status: status, steps: step, time: seconds, clock: clock, wallTime: wallSeconds,
                           work: objective.work, notes: notes))
    return lines
  }
}

extension HyperValue {
  /// The value as an optimizer option.
  public var json: JSONValue {
    switch self {
    case .int(let i): return .number(Double(i))
    case .double(let d): return .number(d)
    case .string(let s): return .string(s)
    case .bool(let b): return .bool(b)
    case .null: return .null
    case .numbers(let xs): return .array(xs.map { .number($0) })
    }
  }
}
