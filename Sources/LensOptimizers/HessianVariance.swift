import LensEngine

/// The Hessian-variance estimator of Granziol et al. as GZ `curvature/utils.py::loss_stats_old`
/// computes it (research note §8.2; the consistent estimator, not the paper's Algorithm 1):
///
///     u = z/‖z‖ ;  hᵢ = Hᵢ u  (exact HVP of batch i's mean loss at θ, i = 1…N)
///     σ² = (1/N) Σᵢ ‖hᵢ‖² − ‖(1/N) Σᵢ hᵢ‖²
public enum HessianVariance {
  public static func estimate<O: Objective>(objective: O, at parameters: [O.Scalar], batches: [Batch<O.Scalar>],
                                            probe z: [O.Scalar]) -> O.Scalar {
    typealias S = O.Scalar
    precondition(!batches.isEmpty, "Hessian variance needs at least one batch")
    let nz = Vec.norm(z)
    let u = z.map { $0 / nz }
    var sumSq: S = 0
    var mean = [S](repeating: 0, count: u.count)
    for b in batches {
      let lin = objective.linearize(at: parameters, on: b)
      let h = Vec.hvp(lin, u)
      sumSq += Vec.dot(h, h)
      for i in h.indices { mean[i] += h[i] }
    }
    let n = S(batches.count)
    for i in mean.indices { mean[i] /= n }
    return sumSq / n - Vec.dot(mean, mean)
  }
}
