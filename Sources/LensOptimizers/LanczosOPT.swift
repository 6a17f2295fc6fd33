import LensEngine

/// LanczosOPT (Granziol et al., Eq. 9) — research note §8.1; FORMAT.md `lanczosopt`.
///
///     g = ∇f(θ) + κθ
///     k Lanczos steps on v ↦ Hv (exact Hessian of the step's mean loss, no κ term) from
///     z/‖z‖ (z Gaussian, injected), full re-orthogonalisation → Q (P×k), tridiagonal T (k×k);
///     early stop when β < 1e-6 (GP `lanczos_tridiag`)
///     (θᵢ, yᵢ) eigenpairs of T, φᵢ = Q yᵢ
///     variant `code` (GZ `LanczosSGD.step`):   u = Σᵢ [1/(|θᵢ| + δ + ν) − 1/δ] φᵢ(φᵢᵀg) + g/δ
///     variant `paper` (LOPT[η], default):      u = Σᵢ [1/(η(|θᵢ| + δ)) − 1/δ] φᵢ(φᵢᵀg) + g/δ
///     θ ← θ − α u
///
/// The paper writes λᵢ; Ritz values enter as |θᵢ| in both variants (identical for the convex
/// logistic-regression Hessian). `nosharp` (ν) belongs to `code`, `eta` (η) to `paper`.
public struct LanczosOPTConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "lanczosopt"
  public static let validKeys = ["lr", "lanczos_steps", "delta", "nosharp", "eta", "weight_decay", "curvature", "variant"]
  public enum Variant: String, Sendable, Hashable, CaseIterable { case paper, code }
  public var lr = 0.01
  public var lanczosSteps = 5
  public var delta = 100.0
  public var nosharp = 0.0
  public var eta = 1.0
  public var weightDecay = 0.0
  public var variant: Variant = .paper

  public init() {}
  public init(options o: OptionReader) throws {
    lr = try o.double("lr", lr); lanczosSteps = try o.int("lanczos_steps", lanczosSteps)
    delta = try o.double("delta", delta); nosharp = try o.double("nosharp", nosharp); eta = try o.double("eta", eta)
    weightDecay = try o.double("weight_decay", weightDecay)
    _ = try o.choice("curvature", "hessian", ["hessian"])
    variant = Variant(rawValue: try o.choice("variant", variant.rawValue, Variant.allCases.map(\.rawValue)))!
    if variant == .paper && nosharp != 0 {
      throw LensError.badInput("optimizer 'lanczosopt': nosharp (ν) is the code's additive term; set variant \"code\" or use eta")
    }
    if variant == .code && eta != 1 {
      throw LensError.badInput("optimizer 'lanczosopt': eta (η) is the paper's multiplicative term; set variant \"paper\" or use nosharp")
    }
    guard lanczosSteps >= 1 else { throw LensError.badInput("optimizer 'lanczosopt': lanczos_steps must be ≥ 1") }
  }
  public var options: [String: JSONValue] {
    ["lr": .number(lr), "lanczos_steps": .number(Double(lanczosSteps)), "delta": .number(delta),
     "nosharp": .number(nosharp), "eta": .number(eta), "weight_decay": .number(weightDecay),
     "curvature": .string("hessian"), "variant": .string(variant.rawValue)]
  }
}

/// T of a Lanczos sweep as a dense symmetric matrix (for its eigenpairs).
private func tridiagonal<S>(_ sweep: LanczosSweep<S>) -> Matrix {
  let m = sweep.steps
  var t = Matrix(zeros: m, m)
  for i in 0..<m {
    t[i, i] = sweep.alphas[i]
    if i + 1 < m { t[i, i + 1] = sweep.betas[i]; t[i + 1, i] = sweep.betas[i] }
  }
  return t
}

public final class LanczosOPT<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: LanczosOPTConfiguration
  public var name: String { LanczosOPTConfiguration.optimizerName }
  public var learningRateScale = 1.0
  /// The Lanczos buffers, kept from step to step.
  private var sweep: LanczosSweep<Scalar>?

  public init(_ configuration: LanczosOPTConfiguration) { self.configuration = configuration }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let n = parameters.count
    let lin = objective.linearize(at: parameters, on: batch)
    var g = Vec.gradient(lin, count: n)
    let wd = Scalar(c.weightDecay)
    if wd != 0 { for i in 0..<n { g[i] += wd * parameters[i] } }
    let z: [Scalar] = Vec.cast(try context.noise.gaussian(step: context.step, count: n))
    if sweep?.dimension != n { sweep = LanczosSweep(dimension: n, steps: c.lanczosSteps) }
    sweep!.run(start: z, steps: c.lanczosSteps) { v, w in lin.hessianVectorProduct(v, into: &w) }
    let sweep = self.sweep!
    let (ritz, y) = try tridiagonal(sweep).symmetricEigen()
    objective.work.factorInversions += 1
    let delta = c.delta
    var u = g.map { $0 / Scalar(delta) }
    var notes: [String] = []
    if sweep.steps < c.lanczosSteps { notes.append("Lanczos stopped after \(sweep.steps) of \(c.lanczosSteps) steps (β < 1e-6)") }
    var phi = [Scalar](repeating: 0, count: n)
    for i in 0..<ritz.count {
      sweep.combination((0..<sweep.steps).map { Scalar(y[$0, i]) }, into: &phi)
      let coefficient: Double
      switch c.variant {
      case .code: coefficient = 1 / (abs(ritz[i]) + delta + c.nosharp) - 1 / delta
      case .paper: coefficient = 1 / (c.eta * (abs(ritz[i]) + delta)) - 1 / delta
      }
      Vec.axpy(Scalar(coefficient) * Vec.dot(phi, g), phi, &u)
    }
    let lr = Scalar(c.lr * learningRateScale)
    for i in 0..<n { parameters[i] -= lr * u[i] }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr), damping: delta, notes: notes)
  }
}
