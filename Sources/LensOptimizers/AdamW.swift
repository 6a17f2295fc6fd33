import LensEngine

/// AdamW: Adam with DECOUPLED, learning-rate-scaled weight decay (optax 0.1.4
/// `adamw(η, weight_decay=κ)`; AF `optimizers/AdamW.py`), research note §2:
///
///     d = Adam direction of g (no κ in the moments)
///     θ ← θ − η (d + κ θ)
///
/// Keys as Adam's; `weight_decay` defaults to optax's 1e-4.
public struct AdamWConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "adamw"
  public static let validKeys = AdamConfiguration.validKeys
  public var adam: AdamConfiguration

  public init(lr: Double, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 1e-4) {
    adam = AdamConfiguration(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay)
  }
  public init(options o: OptionReader) throws {
    adam = try AdamConfiguration(options: o)
    if !o.has("weight_decay") { adam.weightDecay = 1e-4 }
  }
  public var options: [String: JSONValue] { adam.options }
}

public final class AdamW<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: AdamWConfiguration
  public var name: String { AdamWConfiguration.optimizerName }
  public var learningRateScale: Double = 1
  private var moments: AdamMoments<Scalar>

  public init(_ configuration: AdamWConfiguration) {
    self.configuration = configuration
    let a = configuration.adam
    moments = AdamMoments(beta1: a.beta1, beta2: a.beta2, eps: a.eps)
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let lin = objective.linearize(at: parameters, on: batch)
    let g = Vec.gradient(lin, count: parameters.count)
    let d = moments.direction(g)
    let lr = Scalar(configuration.adam.lr * learningRateScale), wd = Scalar(configuration.adam.weightDecay)
    for i in d.indices { parameters[i] -= lr * (d[i] + wd * parameters[i]) }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr))
  }
}
