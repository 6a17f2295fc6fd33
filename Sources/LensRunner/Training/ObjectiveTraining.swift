import LensCore
import LensEngine
import LensOptimizers

/// A model-free objective ready to train (built by `ObjectiveCatalog.make`): the objective's
/// name and a fresh objective per run.
///
/// A run: θ₀ from the problem's `StartPoint` (a drawn start uses the run's `init` stream), then
/// full-batch steps on `Batch.empty` — one step per epoch — in `Float`, as the authors' JAX code
/// runs (single precision). Every evaluation measures `train_loss` = f(θ) and logs θ, so an
/// evaluation every step records the trajectory θ₀…θ_T. The objective's work counters (forward,
/// backward, HVP, JVP) are recorded in the log's `end` line as for networks; evaluations are
/// outside them.
public struct ObjectiveTrainingProblem: Sendable {
  public var name: String
  public var dimension: Int

  public init(name: String, dimension: Int) { self.name = name; self.dimension = dimension }

  func run(_ trainer: Trainer, _ spec: RunSpec, _ onEvaluation: Trainer.EvaluationHook?) throws -> [String] {
    guard let objectiveSpec = spec.problem.objective, objectiveSpec.name == name else {
      throw LensError.badInput("run \(spec.variant): the trainer holds objective '\(name)', the run names '\(spec.problem.summary)'")
    }
    switch name {
    case "rosenbrock":
      return try run(trainer, spec, objective: RosenbrockObjective<Float>(), start: objectiveSpec.start, onEvaluation)
    default:
      throw LensError.badInput("unknown objective '\(name)'")
    }
  }

  func run<O: Objective>(_ trainer: Trainer, _ spec: RunSpec, objective: O, start: StartPoint,
                         _ onEvaluation: Trainer.EvaluationHook?) throws -> [String] where O.Scalar == Float {
    var initGenerator = SeededGenerator(stream: spec.streamRoot.child("init"))
    let theta0 = start.draw(dimension: dimension, using: &initGenerator)
    guard theta0.count == objective.layout.count else {
      throw LensError.badInput("objective '\(name)' has \(objective.layout.count) parameters; the start has \(theta0.count)")
    }
    var parameters = theta0.map { Float($0) }
    let batch = Batch<Float>.empty
    return try trainer.train(
      spec, objective: objective, parameters: &parameters, lossKind: .deterministic, stepsPerEpoch: 1,
      epoch: { AnySequence(CollectionOfOne(batch)) },
      measure: { parameters in
        let saved = objective.work
        defer { objective.work = saved }
        return [("train_loss", Double(objective.loss(at: parameters, on: batch)))]
      },
      logParameters: true, onEvaluation: onEvaluation)
  }
}
