import LensEngine

/// AdaHessian (Yao et al.) as AH `image_classification/optim_adahessian.py::Adahessian` runs it
/// (research note §6; AF's copy is the same algorithm):
///
///     z ~ Rademacher (one probe per step, injected) ;  h = H z (exact HVP of the mean loss)
///     D = |h| ; for 4-D conv kernels [out, in, kh, kw]: D ← mean of |h| over (kh, kw), broadcast
///     t ← t+1 ;  m ← β₁m + (1−β₁)g ;  v ← β₂v + (1−β₂)D²
///     denom = (√v)^k / (√(1−β₂ᵗ))^k + ε        (k = hessian_power)
///     θ ← θ − η·( m/(1−β₁ᵗ)/denom + κθ )      (decoupled, lr-scaled weight decay)
public struct AdaHessianConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "adahessian"
  public static let validKeys = ["lr", "beta1", "beta2", "eps", "weight_decay", "hessian_power"]
  public var lr = 0.15, beta1 = 0.9, beta2 = 0.999, eps = 1e-4, weightDecay = 0.0, hessianPower = 1.0

  public init() {}
  public init(options o: OptionReader) throws {
    lr = try o.double("lr", lr); beta1 = try o.double("beta1", beta1); beta2 = try o.double("beta2", beta2)
    eps = try o.double("eps", eps); weightDecay = try o.double("weight_decay", weightDecay)
    hessianPower = try o.double("hessian_power", hessianPower)
  }
  public var options: [String: JSONValue] {
    ["lr": .number(lr), "beta1": .number(beta1), "beta2": .number(beta2), "eps": .number(eps),
     "weight_decay": .number(weightDecay), "hessian_power": .number(hessianPower)]
  }
}

public final class AdaHessian<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: AdaHessianConfiguration
  public var name: String { AdaHessianConfiguration.optimizerName }
  public var learningRateScale = 1.0
  private var m: [Scalar] = [], v: [Scalar] = []
  private var t = 0

  public init(_ configuration: AdaHessianConfiguration) { self.configuration = configuration }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let n = parameters.count
    let lin = objective.linearize(at: parameters, on: batch)
    let g = Vec.gradient(lin, count: n)
    let z: [Scalar] = Vec.cast(try context.noise.rademacher(step: context.step, count: n))
    var d = Vec.hvp(lin, z)
    for i in d.indices { d[i] = abs(d[i]) }
    // Spatial averaging for 4-D kernels.
    for tensor in objective.layout.tensors where tensor.shape.count == 4 {
      let spatial = tensor.shape[2] * tensor.shape[3]
      var base = tensor.offset
      while base < tensor.offset + tensor.count {
        var s: Scalar = 0
        for i in base..<(base + spatial) { s += d[i] }
        let mean = s / Scalar(spatial)
        for i in base..<(base + spatial) { d[i] = mean }
        base += spatial
      }
    }
    if m.isEmpty { m = Vec.zeros(n); v = Vec.zeros(n) }
    t += 1
    let b1 = Scalar(c.beta1), b2 = Scalar(c.beta2), eps = Scalar(c.eps), k = Scalar(c.hessianPower)
    let bc1 = 1 - powInt(b1, t), bc2 = 1 - powInt(b2, t)
    let lr = Scalar(c.lr * learningRateScale), wd = Scalar(c.weightDecay)
    let bc2k = Scalar.pow(bc2.squareRoot(), k)
    for i in 0..<n {
      m[i] = b1 * m[i] + (1 - b1) * g[i]
      v[i] = b2 * v[i] + (1 - b2) * d[i] * d[i]
      let denom = (k == 1 ? v[i].squareRoot() : Scalar.pow(v[i].squareRoot(), k)) / bc2k + eps
      parameters[i] = parameters[i] - lr * (m[i] / bc1 / denom + wd * parameters[i])
    }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr))
  }
}
