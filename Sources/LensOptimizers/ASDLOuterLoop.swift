import LensEngine

/// The outer loop AdaFisher's training script wraps around ASDL's preconditioners (K-FAC and
/// Shampoo, research/algorithms.md §7): clip the preconditioned gradient by its global norm,
/// then one `torch.optim.SGD` step with coupled weight decay and heavy-ball momentum.
///
///     g ← g · min(1, clip / (‖g‖ + 1e-6))          (when a clip is set)
///     d ← g + κ θ                                   (coupled weight decay, after clipping)
///     buf ← d on the first step, μ·buf + d afterwards
///     θ ← θ − η·buf                                 (θ ← θ − η·d when μ = 0)
enum ASDLOuterLoop {
  /// Applies the step in place and returns the notes for the step record.
  static func step<Scalar: LensScalar>(parameters: inout [Scalar], gradient g: inout [Scalar], buffer: inout [Scalar],
                                       clip: Double?, weightDecay: Double, momentum: Double, lr: Scalar) -> [String] {
    var notes: [String] = []
    if let clip {
      let norm = Double(Vec.norm(g))
      let coef = min(1, clip / (norm + 1e-6))
      if coef < 1 { notes.append("gradient norm \(norm) clipped to \(clip)") }
      let sc = Scalar(coef)
      for i in g.indices { g[i] *= sc }
    }
    let wd = Scalar(weightDecay), mu = Scalar(momentum)
    if wd != 0 { for i in g.indices { g[i] += wd * parameters[i] } }
    if momentum != 0 {
      if buffer.isEmpty { buffer = g } else { for i in g.indices { buffer[i] = mu * buffer[i] + g[i] } }
      for i in g.indices { parameters[i] -= lr * buffer[i] }
    } else {
      for i in g.indices { parameters[i] -= lr * g[i] }
    }
    return notes
  }
}
