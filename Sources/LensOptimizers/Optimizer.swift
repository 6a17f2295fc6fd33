import LensEngine

/// What one optimizer step chose and did, for the run log.
///
/// Values are reported in `Double` whatever the scalar type (exact for `Float`).
public struct StepRecord: Sendable, Codable, Hashable {
  /// 0-based step index.
  public var step: Int
  /// The mean batch loss at the parameters before the update (the forward pass that produced
  /// this step's gradient).
  public var loss: Double
  /// The step size actually applied (for AdamQLR −s, for K-FAC −w₁; may be negative).
  public var learningRate: Double?
  /// The damping in force AFTER this step's adaptation (the value the next step uses).
  public var damping: Double?
  /// The momentum coefficient applied (K-FAC's w₂).
  public var momentum: Double?
  /// The reduction ratio ρ of a damping rule, when one was computed.
  public var rho: Double?
  /// Safeguards that fired and other events (e.g. "non-finite curvature term").
  public var notes: [String]
  /// The work this step performed (filled by `accountedStep`).
  public var work: WorkCounters?

  public init(step: Int, loss: Double, learningRate: Double? = nil, damping: Double? = nil,
              momentum: Double? = nil, rho: Double? = nil, notes: [String] = []) {
    self.step = step; self.loss = loss; self.learningRate = learningRate; self.damping = damping
    self.momentum = momentum; self.rho = rho; self.notes = notes
  }
}

/// The loss family of the objective (class count for label sampling, the gradient scale of
/// the mean loss for AdaFisher's statistics). The engine's Gauss-Newton products already use the
/// authors' output Fisher (MSE: the identity, summed over outputs although `mse_half` averages
/// over them), so no rescaling is needed for AdamQLR's dᵀFd or kfac-jax's quadratic model.
public enum LossKind: Sendable, Hashable, Codable {
  /// Softmax cross-entropy over `classes` classes.
  case softmaxCrossEntropy(classes: Int)
  /// `mse_half` with `outputs` output units.
  case meanSquaredHalf(outputs: Int)
  /// A deterministic objective with no data (Rosenbrock).
  case deterministic

  /// The factor turning the engine's true-label output gradients of the SUMMED NLL into the
  /// gradient of the mean loss: 1/B for cross-entropy, 1/(B·outputs) for `mse_half`.
  public func meanGradientScale(examples: Int) -> Double {
    switch self {
    case .meanSquaredHalf(let o): return 1 / Double(examples * o)
    default: return 1 / Double(examples)
    }
  }
}

/// What every step receives besides the parameters: its index and the noise it may draw.
public struct StepContext {
  /// 0-based step index.
  public var step: Int
  public var noise: NoiseSource

  public init(step: Int, noise: NoiseSource) { self.step = step; self.noise = noise }
}

/// The optimizers of the three papers.
///
/// An optimizer object holds its state (moments, factors, damping, step counter); `step`
/// takes the current parameters, advances them in place by one update computed on `batch`, and
/// returns what it chose. All randomness comes from `context.noise`; nothing global is read.
/// Work (passes, products) is counted by the objective; optimizers add `factorInversions`.
public protocol Optimizer<Scalar>: AnyObject {
  associatedtype Scalar: LensScalar
  /// The registry name.
  var name: String { get }
  func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                          context: StepContext) throws -> StepRecord where O.Scalar == Scalar
}

extension Optimizer {
  /// `step`, with the work it performed (the objective's counters before and after, plus the
  /// factor inversions the optimizer added) recorded in the returned `StepRecord.work`.
  public func accountedStep<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                          context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let before = objective.work
    var record = try step(parameters: &parameters, objective: objective, batch: batch, context: context)
    record.work = objective.work.subtracting(before)
    return record
  }
}

extension WorkCounters {
  /// The counts performed since `earlier`.
  public func subtracting(_ earlier: WorkCounters) -> WorkCounters {
    var r = WorkCounters()
    r.forward = forward - earlier.forward; r.backward = backward - earlier.backward; r.jvp = jvp - earlier.jvp
    r.ggnProduct = ggnProduct - earlier.ggnProduct; r.hvp = hvp - earlier.hvp
    r.factorInversions = factorInversions - earlier.factorInversions; r.examples = examples - earlier.examples
    return r
  }
}

/// The random draws an optimizer makes. In replay it serves the recorded arrays; in real runs
/// it draws from a `SeededGenerator`.
public protocol NoiseSource: AnyObject {
  /// A ±1 probe of `count` entries for step `step` (AdaHessian).
  func rademacher(step: Int, count: Int) throws -> [Double]
  /// A standard normal vector of `count` entries for step `step` (Lanczos start vector,
  /// Hessian-variance probe).
  func gaussian(step: Int, count: Int) throws -> [Double]
  /// One class label per example drawn from the model's predictive distribution.
  /// `probabilities()` gives the row-major [examples, classes] softmax probabilities; a
  /// recorded source never calls it.
  func sampledLabels(step: Int, examples: Int, classes: Int, probabilities: () -> [Double]) throws -> [Int]
}

/// Noise from a seeded generator (real runs).
public final class SeededNoise: NoiseSource {
  public var generator: SeededGenerator
  public init(generator: SeededGenerator) { self.generator = generator }
  public convenience init(stream: RandomStreamKey) { self.init(generator: SeededGenerator(stream: stream)) }

  public func rademacher(step: Int, count: Int) throws -> [Double] {
    (0..<count).map { _ in generator.rademacher() }
  }
  public func gaussian(step: Int, count: Int) throws -> [Double] {
    (0..<count).map { _ in generator.normal() }
  }
  public func sampledLabels(step: Int, examples: Int, classes: Int, probabilities: () -> [Double]) throws -> [Int] {
    let p = probabilities()
    precondition(p.count == examples * classes, "sampledLabels: probabilities have the wrong size")
    return p.withUnsafeBufferPointer { buf in
      (0..<examples).map { n in
        generator.categorical(weights: UnsafeBufferPointer(rebasing: buf[(n * classes)..<((n + 1) * classes)]))
      }
    }
  }
}

/// Noise that must never be drawn (deterministic optimizers); any draw is an error.
public final class NoNoise: NoiseSource {
  public init() {}
  public func rademacher(step: Int, count: Int) throws -> [Double] {
    throw LensError.failure("step \(step): this run has no noise source, but a Rademacher probe was requested")
  }
  public func gaussian(step: Int, count: Int) throws -> [Double] {
    throw LensError.failure("step \(step): this run has no noise source, but a Gaussian vector was requested")
  }
  public func sampledLabels(step: Int, examples: Int, classes: Int, probabilities: () -> [Double]) throws -> [Int] {
    throw LensError.failure("step \(step): this run has no noise source, but sampled labels were requested")
  }
}

/// Noise served from recorded arrays (golden replay): `rademacher[t]`, `gaussian[t]`,
/// `sampledLabels[t]` are the draws of step t.
public final class RecordedNoise: NoiseSource {
  public var rademacher: [[Double]]
  public var gaussian: [[Double]]
  public var sampledLabels: [[Int]]

  public init(rademacher: [[Double]] = [], gaussian: [[Double]] = [], sampledLabels: [[Int]] = []) {
    self.rademacher = rademacher; self.gaussian = gaussian; self.sampledLabels = sampledLabels
  }

  private func entry<T>(_ arrays: [[T]], _ kind: String, step: Int, count: Int) throws -> [T] {
    guard step < arrays.count else {
      throw LensError.badInput("recorded noise: no \(kind) entry for step \(step) (have \(arrays.count))")
    }
    let v = arrays[step]
    guard v.count == count else {
      throw LensError.badInput("recorded noise: \(kind)[\(step)] has \(v.count) entries, the optimizer needs \(count)")
    }
    return v
  }

  public func rademacher(step: Int, count: Int) throws -> [Double] {
    try entry(rademacher, "rademacher", step: step, count: count)
  }
  public func gaussian(step: Int, count: Int) throws -> [Double] {
    try entry(gaussian, "gaussian", step: step, count: count)
  }
  public func sampledLabels(step: Int, examples: Int, classes: Int, probabilities: () -> [Double]) throws -> [Int] {
    let labels = try entry(sampledLabels, "sampled_labels", step: step, count: examples)
    for l in labels where l < 0 || l >= classes {
      throw LensError.badInput("recorded noise: sampled_labels[\(step)] has label \(l) outside 0..<\(classes)")
    }
    return labels
  }
}
