import LensEngine

/// SGD as in the AdamQLR paper's baselines (AQ `configs/SGD.yaml` → `optax.sgd(lr)`; and
/// `configs/SGDmwd.yaml` → `optax.chain(add_decayed_weights(ω), sgd(lr, momentum=μ))`), research
/// note §1. Also the outer loop PyTorch `SGD` of the ASDL baselines (same algorithm).
///
///     g̃ ← g + ω θ          (coupled L2, added BEFORE momentum)
///     m ← μ m + g̃          (heavy ball, m₀ = 0, no dampening, not Nesterov)
///     θ ← θ − η m          (μ = 0: θ ← θ − η g̃)
///
/// Presets: "SGD Minimal" = `.minimal(lr:)` (μ = ω = 0), "SGD Full" = `.full(lr:momentum:weightDecay:)`.
public struct SGDConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "sgd"
  public static let validKeys = ["lr", "momentum", "weight_decay"]
  public var lr: Double
  public var momentum: Double
  public var weightDecay: Double

  public init(lr: Double, momentum: Double = 0, weightDecay: Double = 0) {
    self.lr = lr; self.momentum = momentum; self.weightDecay = weightDecay
  }
  /// AQ "SGD Minimal" (config start value η = 1e-3).
  public static func minimal(lr: Double = 1e-3) -> Self { Self(lr: lr) }
  /// AQ "SGD Full" (config start values η = 0.1, μ = 0.9, ω = 5e-4).
  public static func full(lr: Double = 0.1, momentum: Double = 0.9, weightDecay: Double = 5e-4) -> Self {
    Self(lr: lr, momentum: momentum, weightDecay: weightDecay)
  }

  public init(options o: OptionReader) throws {
    guard let lr = try o.optionalDouble("lr") else { throw LensError.badInput("optimizer 'sgd': option lr is required") }
    self.init(lr: lr, momentum: try o.double("momentum", 0), weightDecay: try o.double("weight_decay", 0))
  }
  public var options: [String: JSONValue] {
    ["lr": .number(lr), "momentum": .number(momentum), "weight_decay": .number(weightDecay)]
  }
}

public final class SGD<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: SGDConfiguration
  public var name: String { SGDConfiguration.optimizerName }
  public var learningRateScale: Double = 1
  private var buffer: [Scalar] = []

  public init(_ configuration: SGDConfiguration) { self.configuration = configuration }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let lin = objective.linearize(at: parameters, on: batch)
    var g = Vec.gradient(lin, count: parameters.count)
    let c = configuration
    let wd = Scalar(c.weightDecay), mu = Scalar(c.momentum)
    let lr = Scalar(c.lr * learningRateScale)
    if wd != 0 { for i in g.indices { g[i] += wd * parameters[i] } }
    if c.momentum != 0 {
      if buffer.isEmpty { buffer = Vec.zeros(parameters.count) }
      for i in g.indices { buffer[i] = mu * buffer[i] + g[i] }
      for i in g.indices { parameters[i] -= lr * buffer[i] }
    } else {
      for i in g.indices { parameters[i] -= lr * g[i] }
    }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr),
                      momentum: c.momentum == 0 ? nil : c.momentum)
  }
}

/// Optimizers with a base learning rate that a schedule may scale (the runner sets
/// `learningRateScale` = schedule(t)/η₀ before a step).
public protocol LearningRateScalable: AnyObject {
  var learningRateScale: Double { get set }
}
