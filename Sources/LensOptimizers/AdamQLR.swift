import LensEngine

/// AdamQLR (Clarke et al.), exactly as AQ `optimisers.py::WrappedQuadraticLROptimiser.step`
/// runs it (research note §3):
///
///     (f₀, g) on the batch at θ;  d ← Adam direction of g (Adam state advances)
///     q ← dᵀCd + λ‖d‖²             C = exact output-space Fisher (GGN) or the Hessian, same
///                                   batch, pre-update θ, current λ
///     s ← −gᵀd / q ;  s ← clip(s, ±α_max) if set ;  s ← k·s   (k = amplification)
///     θ ← θ + s·d − w·θ             (w = weight decay, 0 in every paper config, not lr-scaled)
///     if damped:  f₁ on the SAME batch at the new θ ;  M = s·gᵀd + ½s²q  (q includes λ‖d‖²)
///                 ρ = (f₁ − f₀)/M ;  λ ← ω_dec·λ if ρ > ¾, ω_inc·λ if ρ < ¼ (strict; NaN ⇒
///                 unchanged) ;  λ ← max(λ, λ_min)
///
/// Fisher with cross-entropy: dᵀFd = mean over examples of uᵀ(diag p − ppᵀ)u, u = J d; with
/// `mse_half`: mean over examples of ‖u‖², summed over output units although the loss averages
/// over them. Both are the engine's `ggnGram` (which uses the authors' output Fisher).
///
/// Trace: `learningRate` = −s (the applied rate along −d; negative when gᵀd < 0), `damping` = λ
/// after adaptation, `rho`. Safeguard (not in AQ): when q is zero or not finite the step is
/// recorded in `notes`; with q = 0 and a clip the clipped ±α_max is applied as AQ would, and
/// otherwise (0/0, ±∞ without clip, NaN) the parameters are left unchanged for that step.
///
/// Named presets: `untuned` (paper: B = 3200, λ₀ = 1e-3, ½/2, floor 1e-8, α_max = 0.1, Fisher)
/// and `untuned_no_clip` (the repository's `AdamQLR_NoHPO_NoLRClipping.yaml` reading, run by
/// `run_nohpo.sh`); `undamped` (λ ≡ 0, no ρ pass).
public struct AdamQLRConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "adamqlr"
  public static let validKeys = ["beta1", "beta2", "eps", "curvature", "initial_damping", "damping_decrease",
                                 "damping_increase", "damping_min", "lr_clip", "damped", "amplification",
                                 "weight_decay", "preset"]
  public enum Curvature: String, Sendable, Hashable, CaseIterable { case fisher, hessian }
  public enum Preset: String, Sendable, Hashable, CaseIterable { case untuned, untuned_no_clip, undamped }

  public var beta1 = 0.9, beta2 = 0.999, eps = 1e-8
  public var curvature: Curvature = .fisher
  public var damped = true
  public var initialDamping = 1e-3
  public var dampingDecrease = 0.5
  public var dampingIncrease = 2.0
  public var dampingMin = 1e-8
  /// α_max; nil = no clipping.
  public var lrClip: Double? = 0.1
  /// k, the update amplification of the sensitivity study (α ← k·α after clipping).
  public var amplification = 1.0
  public var weightDecay = 0.0
  /// The preset the configuration started from, if any (recorded for provenance).
  public var preset: Preset?

  /// The batch size of the untuned preset (the paper's B = 3200); the runner owns batching.
  public static let untunedBatchSize = 3200

  public init() {}

  public static func preset(_ p: Preset) -> Self {
    var c = Self()
    c.preset = p
    switch p {
    case .untuned: break
    case .untuned_no_clip: c.lrClip = nil
    case .undamped: c.damped = false; c.initialDamping = 0
    }
    return c
  }

  public init(options o: OptionReader) throws {
    if let p = try o.has("preset") ? o.choice("preset", "", Preset.allCases.map(\.rawValue)) : nil {
      self = .preset(Preset(rawValue: p)!)
    } else {
      self.init()
    }
    beta1 = try o.double("beta1", beta1); beta2 = try o.double("beta2", beta2); eps = try o.double("eps", eps)
    curvature = Curvature(rawValue: try o.choice("curvature", curvature.rawValue, Curvature.allCases.map(\.rawValue)))!
    damped = try o.bool("damped", damped)
    initialDamping = try o.double("initial_damping", damped ? initialDamping : 0)
    dampingDecrease = try o.double("damping_decrease", dampingDecrease)
    dampingIncrease = try o.double("damping_increase", dampingIncrease)
    dampingMin = try o.double("damping_min", dampingMin)
    if o.has("lr_clip") { lrClip = try o.optionalDouble("lr_clip") }
    amplification = try o.double("amplification", amplification)
    weightDecay = try o.double("weight_decay", weightDecay)
    if !damped && initialDamping != 0 {
      throw LensError.badInput("optimizer 'adamqlr': damped = false needs initial_damping 0 (λ ≡ 0), got \(initialDamping)")
    }
  }

  public var options: [String: JSONValue] {
    var o: [String: JSONValue] = [
      "beta1": .number(beta1), "beta2": .number(beta2), "eps": .number(eps), "curvature": .string(curvature.rawValue),
      "damped": .bool(damped), "initial_damping": .number(initialDamping), "damping_decrease": .number(dampingDecrease),
      "damping_increase": .number(dampingIncrease), "damping_min": .number(dampingMin), "lr_clip": lrClip.json,
      "amplification": .number(amplification), "weight_decay": .number(weightDecay)]
    if let p = preset { o["preset"] = .string(p.rawValue) }
    return o
  }
}

public final class AdamQLR<Scalar: LensScalar>: Optimizer {
  public let configuration: AdamQLRConfiguration
  public let lossKind: LossKind
  public var name: String { AdamQLRConfiguration.optimizerName }
  /// The current damping λ.
  public private(set) var damping: Double
  private var moments: AdamMoments<Scalar>

  public init(_ configuration: AdamQLRConfiguration, lossKind: LossKind) {
    self.configuration = configuration
    self.lossKind = lossKind
    damping = configuration.damped ? configuration.initialDamping : 0
    moments = AdamMoments(beta1: configuration.beta1, beta2: configuration.beta2, eps: configuration.eps)
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let lin = objective.linearize(at: parameters, on: batch)
    let f0 = lin.loss
    let g = Vec.gradient(lin, count: parameters.count)
    let d = moments.direction(g)
    let gd = Vec.dot(g, d)
    let lambda = Scalar(damping)
    let dCd: Scalar
    switch c.curvature {
    case .fisher:
      dCd = lin.ggnGram([d])[0]
    case .hessian:
      dCd = Vec.dot(d, Vec.hvp(lin, d))
    }
    let q = dCd + lambda * Vec.dot(d, d)
    var notes: [String] = []
    // s = −gᵀd/q; the applied rate along −d is α = −s = gᵀd/q.
    var alpha = gd / q
    if let clip = c.lrClip {
      let m = Scalar(clip)
      if alpha > m { alpha = m } else if alpha < -m { alpha = -m }  // NaN stays NaN, as jnp.clip
    }
    if !q.isFinite || q == 0 {
      notes.append("curvature term q = \(q) (dᵀCd = \(dCd)); " + (alpha.isFinite ? "clipped rate \(alpha) applied" : "step skipped"))
    }
    if !alpha.isFinite { alpha = 0 }
    alpha *= Scalar(c.amplification)
    let wd = Scalar(c.weightDecay)
    for i in parameters.indices { parameters[i] = parameters[i] - alpha * d[i] - wd * parameters[i] }

    var rho: Double?
    if c.damped {
      let f1 = objective.loss(at: parameters, on: batch)
      let s = -alpha
      let model = s * gd + s * s * q / 2
      let r = (f1 - f0) / model
      rho = Double(r)
      if r > 0.75 { damping *= c.dampingDecrease } else if r < 0.25 { damping *= c.dampingIncrease }
      damping = max(damping, c.dampingMin)
    }
    return StepRecord(step: context.step, loss: Double(f0), learningRate: Double(alpha), damping: damping,
                      rho: rho, notes: notes)
  }
}
