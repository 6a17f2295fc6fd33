/// The training losses, with the reductions the papers' code uses.
///
/// - `softmaxCrossEntropy`: ℓ = (1/B) Σₙ [logsumexp(zₙ) − zₙ,yₙ], the MEAN over the batch of
///   the softmax cross-entropy of logits zₙ ∈ ℝᶜ with class labels yₙ.
/// - `mseHalf`: ℓ = (1/(B·C)) Σₙ Σₐ ½(zₙₐ − yₙₐ)², the MEAN over the batch AND the C outputs of
///   half the squared error (optax `l2_loss` averaged; golden format `mse_half`).
///
/// Curvature conventions (per example, before the 1/B of the batch mean):
/// - exact output Hessian: CE diag(p) − ppᵀ (p = softmax z); mse_half I/C.
/// - output Fisher (Gauss-Newton matrix of the papers' code): CE diag(p) − ppᵀ; MSE the
///   identity I, i.e. the Fisher of a unit-variance Gaussian likelihood with NLL ½‖z − y‖²,
///   summed over outputs even though `mseHalf` averages over them (AdamQLR's dᵀFd and
///   kfac-jax's MSE registration). For one output both coincide.
public enum LossFunction: String, Sendable, Hashable, Codable {
  case softmaxCrossEntropy = "softmax_cross_entropy"
  case mseHalf = "mse_half"
}

/// Raw pointers to a batch's targets.
enum TargetPointer<S: LensScalar> {
  case classes(UnsafePointer<Int32>)
  case values(UnsafePointer<S>)
}

extension LossFunction {
  /// The mean loss (this loss's reduction, as in training) of `outputs` (`[B, …]`, B rows of
  /// C = count/B outputs, e.g. `Network.outputs` in evaluation mode) against `targets`.
  /// Precondition: the targets fit the loss (class labels for cross-entropy, `[B, C]` values
  /// for `mseHalf`) and B > 0.
  public func meanValue<S: LensScalar>(outputs: Tensor<S>, targets: Batch<S>.Targets) -> S {
    let n = outputs.shape.first ?? 0
    precondition(n > 0, "LossFunction.meanValue: empty outputs")
    let c = outputs.count / n
    var probs = [S](repeating: 0, count: n * c)
    return outputs.scalars.withUnsafeBufferPointer { z in
      probs.withUnsafeMutableBufferPointer { pr in
        switch (self, targets) {
        case (.softmaxCrossEntropy, .classes(let y)):
          precondition(y.count == n, "LossFunction.meanValue: \(y.count) labels for \(n) examples")
          return y.withUnsafeBufferPointer { value(z.baseAddress!, targets: .classes($0.baseAddress!), n: n, c: c, probs: pr.baseAddress!) }
        case (.mseHalf, .values(let t)):
          precondition(t.count == n * c, "LossFunction.meanValue: targets of shape \(t.shape) for \(n)×\(c) outputs")
          return t.scalars.withUnsafeBufferPointer { value(z.baseAddress!, targets: .values($0.baseAddress!), n: n, c: c, probs: pr.baseAddress!) }
        default:
          preconditionFailure("LossFunction.meanValue: \(self) does not match the targets' kind")
        }
      }
    }
  }

  /// The mean loss of logits `z` (`[n, c]`); for cross-entropy also writes p = softmax(z) to `probs`.
  func value<S: LensScalar>(_ z: UnsafePointer<S>, targets: TargetPointer<S>, n: Int, c: Int,
                            probs: UnsafeMutablePointer<S>) -> S {
    switch (self, targets) {
    case (.softmaxCrossEntropy, .classes(let y)):
      return softmaxCrossEntropyForward(z, labels: y, n: n, c: c, probs: probs)
    case (.mseHalf, .values(let y)):
      return halfSquaredErrorMean(z, y, count: n * c)
    default:
      preconditionFailure("LossFunction: \(self) does not match the batch's target kind")
    }
  }

  /// `g ← scale · ∂ℓₙ/∂zₙ` for each example, where ℓₙ is example n's term of the UNREDUCED
  /// NLL: CE pₙ − onehot(yₙ); MSE zₙ − yₙ. The mean loss's gradient is this with
  /// scale 1/B for CE and 1/(B·C) for `mseHalf` (`meanGradientScale`).
  func nllGradient<S: LensScalar>(_ z: UnsafePointer<S>, probs: UnsafePointer<S>, targets: TargetPointer<S>,
                                  n: Int, c: Int, scale: S, into g: UnsafeMutablePointer<S>) {
    switch (self, targets) {
    case (.softmaxCrossEntropy, .classes(let y)):
      probabilityMinusOneHot(probs, labels: y, n: n, c: c, scale: scale, into: g)
    case (.mseHalf, .values(let y)):
      scaledDifference(z, y, count: n * c, scale: scale, into: g)
    default:
      preconditionFailure("LossFunction: \(self) does not match the batch's target kind")
    }
  }

  /// The factor turning `nllGradient` into the gradient of the mean loss.
  func meanGradientScale<S: LensScalar>(n: Int, c: Int) -> S {
    self == .softmaxCrossEntropy ? 1 / S(n) : 1 / S(n * c)
  }

  /// `out ← scale · Fₙ uₙ` per example with the output Fisher (CE: pₙ ⊙ (uₙ − pₙᵀuₙ); MSE: uₙ).
  func fisherProduct<S: LensScalar>(_ u: UnsafePointer<S>, probs: UnsafePointer<S>, n: Int, c: Int, scale: S,
                                    into out: UnsafeMutablePointer<S>) {
    switch self {
    case .softmaxCrossEntropy: softmaxCurvatureProduct(u, probs: probs, n: n, c: c, scale: scale, into: out)
    case .mseHalf: scaleCopy(u, out, count: n * c, alpha: scale)
    }
  }

  /// `out ← scale · Hₙ uₙ` per example with the exact Hessian of the per-example term of the
  /// mean loss's sum (CE: diag(p) − ppᵀ; `mseHalf`: I/C).
  func hessianProduct<S: LensScalar>(_ u: UnsafePointer<S>, probs: UnsafePointer<S>, n: Int, c: Int, scale: S,
                                     into out: UnsafeMutablePointer<S>) {
    switch self {
    case .softmaxCrossEntropy: softmaxCurvatureProduct(u, probs: probs, n: n, c: c, scale: scale, into: out)
    case .mseHalf: scaleCopy(u, out, count: n * c, alpha: scale / S(c))
    }
  }

  /// `out[i·k + j] = (1/n) Σₙ uᵢₙᵀ Fₙ uⱼₙ` for output tangents `us` (each `[n, c]`).
  func fisherGram<S: LensScalar>(_ us: [UnsafePointer<S>], probs: UnsafePointer<S>, n: Int, c: Int) -> [S] {
    let k = us.count
    var out = [S](repeating: 0, count: k * k)
    for i in 0..<k {
      for j in i..<k {
        let value: S
        switch self {
        case .softmaxCrossEntropy: value = softmaxFisherInner(us[i], us[j], probs: probs, n: n, c: c)
        // Single-threaded: a threaded BLAS dot sums in a thread-count-dependent order.
        case .mseHalf: value = withSingleThreadedBLAS { S.dot(n: n * c, x: us[i], y: us[j]) } / S(n)
        }
        out[i * k + j] = value; out[j * k + i] = value
      }
    }
    return out
  }

  /// Column `a` of a square root B of each example's output Fisher (F = B Bᵀ), scaled:
  /// CE: √pₐ (eₐ − p); MSE: eₐ. Written as `[n, c]`.
  func fisherSquareRootColumn<S: LensScalar>(_ a: Int, probs: UnsafePointer<S>, n: Int, c: Int,
                                             into out: UnsafeMutablePointer<S>) {
    switch self {
    case .softmaxCrossEntropy: softmaxFisherRootColumn(a, probs: probs, n: n, c: c, into: out)
    case .mseHalf:
      out.update(repeating: 0, count: n * c)
      for r in 0..<n { out[r * c + a] = 1 }
    }
  }
}
