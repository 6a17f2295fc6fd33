import LensEngine

/// Adam with optional COUPLED L2 weight decay (optax 0.1.4 `chain(add_decayed_weights(κ),
/// adam(η))` as AQ builds it; PyTorch `Adam(weight_decay=κ)`), research note §2:
///
///     g ← g + κ θ ;  t ← t + 1
///     m ← β₁ m + (1 − β₁) g ;  v ← β₂ v + (1 − β₂) g²
///     d = (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)        (ε outside the square root)
///     θ ← θ − η d
public struct AdamConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "adam"
  public static let validKeys = ["lr", "beta1", "beta2", "eps", "weight_decay"]
  public var lr: Double
  public var beta1: Double
  public var beta2: Double
  public var eps: Double
  public var weightDecay: Double

  public init(lr: Double, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0) {
    self.lr = lr; self.beta1 = beta1; self.beta2 = beta2; self.eps = eps; self.weightDecay = weightDecay
  }
  public init(options o: OptionReader) throws {
    guard let lr = try o.optionalDouble("lr") else { throw LensError.badInput("optimizer '\(o.optimizer)': option lr is required") }
    self.init(lr: lr, beta1: try o.double("beta1", 0.9), beta2: try o.double("beta2", 0.999),
              eps: try o.double("eps", 1e-8), weightDecay: try o.double("weight_decay", 0))
  }
  public var options: [String: JSONValue] {
    ["lr": .number(lr), "beta1": .number(beta1), "beta2": .number(beta2), "eps": .number(eps),
     "weight_decay": .number(weightDecay)]
  }
}

/// The Adam moments and the direction d = m̂/(√v̂ + ε), shared by Adam, AdamW and AdamQLR.
struct AdamMoments<Scalar: LensScalar> {
  var beta1: Scalar, beta2: Scalar, eps: Scalar
  var m: [Scalar] = [], v: [Scalar] = []
  var t = 0

  init(beta1: Double, beta2: Double, eps: Double) {
    self.beta1 = Scalar(beta1); self.beta2 = Scalar(beta2); self.eps = Scalar(eps)
  }

  /// Advances the moments with `g` and returns the direction d (descent is −d).
  mutating func direction(_ g: [Scalar]) -> [Scalar] {
    if m.isEmpty { m = Vec.zeros(g.count); v = Vec.zeros(g.count) }
    t += 1
    let c1 = 1 - powInt(beta1, t), c2 = 1 - powInt(beta2, t)
    var d = g
    for i in g.indices {
      m[i] = (1 - beta1) * g[i] + beta1 * m[i]
      v[i] = (1 - beta2) * g[i] * g[i] + beta2 * v[i]
      d[i] = (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
    }
    return d
  }
}

public final class Adam<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: AdamConfiguration
  public var name: String { AdamConfiguration.optimizerName }
  public var learningRateScale: Double = 1
  private var moments: AdamMoments<Scalar>

  public init(_ configuration: AdamConfiguration) {
    self.configuration = configuration
    moments = AdamMoments(beta1: configuration.beta1, beta2: configuration.beta2, eps: configuration.eps)
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let lin = objective.linearize(at: parameters, on: batch)
    var g = Vec.gradient(lin, count: parameters.count)
    let wd = Scalar(configuration.weightDecay)
    if wd != 0 { for i in g.indices { g[i] += wd * parameters[i] } }
    let d = moments.direction(g)
    let lr = Scalar(configuration.lr * learningRateScale)
    for i in d.indices { parameters[i] -= lr * d[i] }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr))
  }
}
