/// The quarter-scaled Rosenbrock function of the AdamQLR paper (AQ `RosenbrockAsLeastSquares`
/// with `rosenbrock_mse_loss`, a = 1, b = 100):
///
///     r(x, y) = (1 − x, 10·(y − x²)),   f(x, y) = mean over the 2 residuals of ½r²
///             = ¼·[(1 − x)² + 100·(y − x²)²].
///
/// Parameters: one tensor `"xy"` of shape [2]. The objective has no data; every method ignores
/// the batch (pass `Batch.empty`).
///
/// Derivatives (exact, closed form):
/// - ∇f = (−½(1 − x) − 100·x·(y − x²),  50·(y − x²))
/// - ∇²f = [[½ − 100·(y − x²) + 200x², −100x], [−100x, 50]]
/// - Gauss-Newton/Fisher of the least-squares form, with the engine's (and AQ's) output-Fisher
///   convention for `mse_half`: the two residuals are the outputs of one example, the output
///   Fisher is the identity summed over outputs, so with J = ∂r/∂(x,y) = [[−1, 0], [−20x, 10]]
///   G = JᵀJ (AQ `learning_rate_from_fisher` on `RosenbrockAsLeastSquares`: dᵀFd = ‖J d‖²).
///   This is twice the Gauss-Newton part of ∇²f (the loss averages over the 2 residuals), as
///   for every multi-output `mse_half` model. AdamQLR's Rosenbrock runs use the Hessian
///   curvature (the golden case `adamqlr-hessian-damped-rosenbrock-quarter` is Hessian).
/// - No Kronecker statistics (no layers).
public final class RosenbrockObjective<Scalar: LensScalar>: Objective {
  public let layout: ParameterLayout
  public var work = WorkCounters()

  public init() {
    var layout = ParameterLayout()
    layout.append(name: "xy", shape: [2], role: .other, layer: 0)
    self.layout = layout
  }

  /// ¼·[(1 − x)² + 100·(y − x²)²], written as the mean of ½r² over the two residuals.
  public static func value(x: Scalar, y: Scalar) -> Scalar {
    let r0 = 1 - x, r1 = 10 * (y - x * x)
    return (r0 * r0 / 2 + r1 * r1 / 2) / 2
  }

  public func loss(at parameters: [Scalar], on batch: Batch<Scalar>) -> Scalar {
    precondition(parameters.count == 2, "Rosenbrock: expected 2 parameters, got \(parameters.count)")
    work.forward += 1
    return Self.value(x: parameters[0], y: parameters[1])
  }

  public func linearize(at parameters: [Scalar], on batch: Batch<Scalar>) -> Linearized {
    precondition(parameters.count == 2, "Rosenbrock: expected 2 parameters, got \(parameters.count)")
    work.forward += 1
    return Linearized(objective: self, x: parameters[0], y: parameters[1])
  }

  /// Rosenbrock at one point.
  public final class Linearized: Linearization {
    unowned let objective: RosenbrockObjective
    public let x: Scalar, y: Scalar
    public let loss: Scalar

    init(objective: RosenbrockObjective, x: Scalar, y: Scalar) {
      self.objective = objective; self.x = x; self.y = y
      loss = RosenbrockObjective.value(x: x, y: y)
    }

    public func gradient(into result: inout [Scalar]) {
      objective.work.backward += 1
      let e = y - x * x
      result = [-(1 - x) / 2 - 100 * x * e, 50 * e]
    }

    /// J v for the residuals r = (1 − x, 10(y − x²)).
    private func jvp(_ v: [Scalar]) -> (Scalar, Scalar) { (-v[0], -20 * x * v[0] + 10 * v[1]) }

    public func ggnVectorProduct(_ v: [Scalar], into result: inout [Scalar]) {
      objective.work.ggnProduct += 1
      let (u0, u1) = jvp(v)
      // Jᵀ u
      result = [-u0 - 20 * x * u1, 10 * u1]
    }

    public func ggnGram(_ vectors: [[Scalar]]) -> [Scalar] {
      objective.work.jvp += vectors.count
      let us = vectors.map { jvp($0) }
      let k = vectors.count
      var out = [Scalar](repeating: 0, count: k * k)
      for i in 0..<k { for j in 0..<k { out[i * k + j] = us[i].0 * us[j].0 + us[i].1 * us[j].1 } }
      return out
    }

    public func hessianVectorProduct(_ v: [Scalar], into result: inout [Scalar]) {
      objective.work.hvp += 1
      let hxx = Scalar(1) / 2 - 100 * (y - x * x) + 200 * x * x
      let hxy = -100 * x
      result = [hxx * v[0] + hxy * v[1], hxy * v[0] + 50 * v[1]]
    }

    public func kroneckerStatistics(_ targets: CurvatureTargets) -> [KroneckerStatistics<Scalar>] { [] }
  }
}
