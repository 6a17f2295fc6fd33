import LensEngine

/// The damping learner of Granziol et al. (research note §8.3; GZ `adam_damping_gap.py`,
/// `KFAC_damping_gap.py`): after the update of steps 0, G, 2G, …, the Hessian variance σ² on
/// the fixed sub-sample (probe injected) sets
///
///     δ ← δ* + σ²                       (first estimate)
///     δ ← e·δ + (1 − e)·(δ* + σ²)       (afterwards; e = damping_ema, 0.7)
///     rate ← base·(1 + δ)               (the code's factor; option `lr_factor`, default on)
///
/// δ* is the floor (`damping_floor`), G the interval (`damping_interval`).
public struct DampingLearner: Sendable, Hashable {
  public var floor: Double
  public var interval: Int
  public var ema: Double
  public var learningRateFactor: Bool
  /// The current δ (δ* before the first estimate).
  public private(set) var delta: Double
  public private(set) var estimates = 0

  public init(floor: Double, interval: Int, ema: Double, learningRateFactor: Bool) {
    self.floor = floor; self.interval = interval; self.ema = ema; self.learningRateFactor = learningRateFactor
    delta = floor
  }

  /// Whether step t (0-based) is followed by an estimate.
  public func due(step t: Int) -> Bool { t % interval == 0 }

  /// Folds in a new variance estimate.
  public mutating func update(sigma2: Double) {
    delta = estimates == 0 ? floor + sigma2 : ema * delta + (1 - ema) * (floor + sigma2)
    estimates += 1
  }

  /// The rate factor after the estimates so far: 1 + δ once estimated (if enabled).
  public var rateFactor: Double { learningRateFactor && estimates > 0 ? 1 + delta : 1 }

  static let keys = ["damping_floor", "damping_interval", "damping_ema", "lr_factor"]

  init(options o: OptionReader, floorDefault: Double) throws {
    self.init(floor: try o.double("damping_floor", floorDefault), interval: try o.int("damping_interval", 1),
              ema: try o.double("damping_ema", 0.7), learningRateFactor: try o.bool("lr_factor", true))
    guard interval >= 1 else { throw LensError.badInput("optimizer '\(o.optimizer)': damping_interval must be ≥ 1") }
  }

  var options: [String: JSONValue] {
    ["damping_floor": .number(floor), "damping_interval": .number(Double(interval)), "damping_ema": .number(ema),
     "lr_factor": .bool(learningRateFactor)]
  }

  /// Runs the estimate after step t when due and folds it in; returns σ² when one ran.
  mutating func afterStep<O: Objective>(step t: Int, objective: O, parameters: [O.Scalar],
                                        varianceBatches: [Batch<O.Scalar>], noise: NoiseSource) throws -> Double? {
    guard due(step: t) else { return nil }
    guard !varianceBatches.isEmpty else {
      throw LensError.badInput("learned damping needs the variance sub-sample (variance_batches)")
    }
    let z: [O.Scalar] = Vec.cast(try noise.gaussian(step: t, count: parameters.count))
    let s2 = Double(HessianVariance.estimate(objective: objective, at: parameters, batches: varianceBatches, probe: z))
    update(sigma2: s2)
    return s2
  }
}

/// Adam with learned damping (GZ `optimizers/adam.py` `Adam` driven by `adam_damping_gap.py`;
/// FORMAT.md `adam_learned_damping`): Adam with coupled weight decay, n = t + 1,
///
///     g ← ∇f + κθ ;  m ← β₁m + (1−β₁)g ;  v ← β₂v + (1−β₂)g²
///     θ ← θ − (η_t/(1−β₁ⁿ))·m/(√v/√(1−β₂ⁿ) + ε_t)
///
/// with η₀ = base lr and ε₀ = δ*; after an estimate η = base·(1+δ) and ε = δ.
/// Trace: `learningRate` = η_t applied at step t; `damping` = δ after step t (ε of step t+1).
public struct AdamLearnedDampingConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "adam_learned_damping"
  public static let validKeys = ["lr", "beta1", "beta2", "weight_decay"] + DampingLearner.keys
  public var lr = 1e-3, beta1 = 0.9, beta2 = 0.999, weightDecay = 0.0
  public var learner = DampingLearner(floor: 1e-8, interval: 1, ema: 0.7, learningRateFactor: true)

  public init() {}
  public init(options o: OptionReader) throws {
    lr = try o.double("lr", lr); beta1 = try o.double("beta1", beta1); beta2 = try o.double("beta2", beta2)
    weightDecay = try o.double("weight_decay", weightDecay)
    learner = try DampingLearner(options: o, floorDefault: 1e-8)
  }
  public var options: [String: JSONValue] {
    ["lr": .number(lr), "beta1": .number(beta1), "beta2": .number(beta2), "weight_decay": .number(weightDecay)]
      .merging(learner.options) { a, _ in a }
  }
}

public final class AdamLearnedDamping<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: AdamLearnedDampingConfiguration
  public var name: String { AdamLearnedDampingConfiguration.optimizerName }
  /// Schedule factor on the base rate (multiplies with the learned (1+δ)).
  public var learningRateScale = 1.0
  public private(set) var learner: DampingLearner
  private let varianceBatches: [Batch<Scalar>]
  private var m: [Scalar] = [], v: [Scalar] = []
  private var n = 0

  public init(_ configuration: AdamLearnedDampingConfiguration, varianceBatches: [Batch<Scalar>]) {
    self.configuration = configuration
    learner = configuration.learner
    self.varianceBatches = varianceBatches
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let lin = objective.linearize(at: parameters, on: batch)
    var g = Vec.gradient(lin, count: parameters.count)
    let wd = Scalar(c.weightDecay)
    if wd != 0 { for i in g.indices { g[i] += wd * parameters[i] } }
    if m.isEmpty { m = Vec.zeros(g.count); v = Vec.zeros(g.count) }
    n += 1
    let b1 = Scalar(c.beta1), b2 = Scalar(c.beta2)
    let rate = c.lr * learningRateScale * learner.rateFactor
    let eps = Scalar(learner.delta)
    let stepSize = Scalar(rate) / (1 - powInt(b1, n))
    let bc2 = (1 - powInt(b2, n)).squareRoot()
    for i in g.indices {
      m[i] = b1 * m[i] + (1 - b1) * g[i]
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
      parameters[i] -= stepSize * m[i] / (v[i].squareRoot() / bc2 + eps)
    }
    var notes: [String] = []
    if let s2 = try learner.afterStep(step: context.step, objective: objective, parameters: parameters,
                                      varianceBatches: varianceBatches, noise: context.noise) {
      notes.append("Hessian variance σ² = \(s2)")
    }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: rate, damping: learner.delta, notes: notes)
  }
}

/// Learned damping around another optimizer (K-FAC's damping, as GZ `KFAC_damping_gap.py`):
/// after each due step the learner's δ becomes the inner optimizer's damping and its rate factor
/// becomes (1+δ). Registry name `kfac_learned_damping` (inner: `kfac_asdl` options under
/// `inner`, or `kfac` with `inner_name`).
public final class LearnedDampingWrapper<Scalar: LensScalar>: Optimizer {
  public let inner: any Optimizer<Scalar> & DampingControllable
  public private(set) var learner: DampingLearner
  private let varianceBatches: [Batch<Scalar>]
  public var name: String { "kfac_learned_damping" }

  public init(inner: any Optimizer<Scalar> & DampingControllable, learner: DampingLearner, varianceBatches: [Batch<Scalar>]) {
    self.inner = inner; self.learner = learner; self.varianceBatches = varianceBatches
    inner.damping = learner.delta
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    var rec = try inner.step(parameters: &parameters, objective: objective, batch: batch, context: context)
    if let s2 = try learner.afterStep(step: context.step, objective: objective, parameters: parameters,
                                      varianceBatches: varianceBatches, noise: context.noise) {
      inner.damping = learner.delta
      inner.learningRateScale = learner.rateFactor
      rec.notes.append("Hessian variance σ² = \(s2)")
    }
    rec.damping = learner.delta
    return rec
  }
}
