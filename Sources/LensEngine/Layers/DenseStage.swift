/// A linear layer followed by an optional pointwise activation, fused:
/// a = φ(z), z = x Wᵀ + b, with W stored `[out, in]` (row-major) and b `[out]`.
///
/// With direction (V, c) for (W, b) and input tangent ẋ:
/// - backward: g_z = φ'(z) ⊙ g_a; ∇W = g_zᵀ x; ∇b = Σ_rows g_z; g_x = g_z W.
/// - tangent: ż = ẋ Wᵀ + x Vᵀ + c; ȧ = φ'(z) ⊙ ż.
/// - R-backprop: ġ_z = φ'(z) ⊙ ġ_a + φ''(z) ⊙ ż ⊙ g_a; (Hv)_W = ġ_zᵀ x + g_zᵀ ẋ;
///   (Hv)_b = Σ_rows ġ_z; ġ_x = ġ_z W + g_z V.
/// Every product is one GEMM; the bias and activation are one fused pass.
final class DenseStage<S: LensScalar>: Stage {
  let inputs: Int
  let outputs: Int
  let activation: Activation
  /// Index of the linear layer in the model's layer list (for names and statistics).
  let layer: Int
  let weightTensor: Int
  let biasTensor: Int?
  let weightOffset: Int
  let biasOffset: Int?

  init(inputs: Int, outputs: Int, activation: Activation, layer: Int, weightTensor: Int, biasTensor: Int?,
       weightOffset: Int, biasOffset: Int?) {
    self.inputs = inputs; self.outputs = outputs; self.activation = activation; self.layer = layer
    self.weightTensor = weightTensor; self.biasTensor = biasTensor
    self.weightOffset = weightOffset; self.biasOffset = biasOffset
  }

  var inShape: [Int] { [inputs] }
  var outShape: [Int] { [outputs] }

  /// Scratch 0 keeps ż when φ'' ≠ 0 (tanh, sigmoid).
  func scratchSizes(batch n: Int) -> [Int] { activation.isPiecewiseLinear ? [] : [n * outputs] }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    // With a bias, broadcast it into y and accumulate the product (β = 1 skips BLAS's
    // zeroing pass and the separate bias pass).
    if let biasOffset { broadcastRows(p + biasOffset, into: y, rows: n, cols: outputs) }
    S.gemm(transA: false, transB: true, m: n, n: outputs, k: inputs, alpha: 1, a: x, lda: inputs,
           b: p + weightOffset, ldb: inputs, beta: biasOffset == nil ? 0 : 1, c: y, ldc: outputs)
    activationInPlace(y, count: n * outputs, activation)
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    activationBackward(output: y, gy, count: n * outputs, activation)
    if let sink {
      sink.record(layer: layer, kind: .linear(inputs: inputs, outputs: outputs), weight: weightTensor, bias: biasTensor,
                  inputs: x, inputWidth: inputs, outputGradients: gy, outputWidth: outputs, rows: n, scale: 1)
    }
    if let grad { parameterProduct(gz: gy, x: x, into: grad, beta: 0, n: n) }
    if let gx {
      S.gemm(transA: false, transB: false, m: n, n: inputs, k: outputs, alpha: 1, a: gy, lda: outputs,
             b: p + weightOffset, ldb: inputs, beta: 0, c: gx, ldc: inputs)
    }
  }

  /// `W-slice ← g_zᵀ x (+β·old)`, `b-slice ← Σ_rows g_z (+β·old)`.
  private func parameterProduct(gz: UnsafePointer<S>, x: UnsafePointer<S>, into out: UnsafeMutablePointer<S>, beta: S, n: Int) {
    S.gemm(transA: true, transB: false, m: outputs, n: inputs, k: n, alpha: 1, a: gz, lda: outputs,
           b: x, ldb: inputs, beta: beta, c: out + weightOffset, ldc: inputs)
    if let biasOffset { columnSums(gz, rows: n, cols: outputs, alpha: 1, beta: beta, into: out + biasOffset) }
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    var beta: S = 0
    if let v {
      S.gemm(transA: false, transB: true, m: n, n: outputs, k: inputs, alpha: 1, a: x, lda: inputs,
             b: v + weightOffset, ldb: inputs, beta: 0, c: ydot, ldc: outputs)
      if let biasOffset { addRowVector(ydot, rows: n, cols: outputs, v + biasOffset) }
      beta = 1
    }
    if let xdot {
      S.gemm(transA: false, transB: true, m: n, n: outputs, k: inputs, alpha: 1, a: xdot, lda: inputs,
             b: p + weightOffset, ldb: inputs, beta: beta, c: ydot, ldc: outputs)
    } else if v == nil {
      ydot.update(repeating: 0, count: n * outputs)
    }
    if !activation.isPiecewiseLinear { scratch[0].pointer.update(from: ydot, count: n * outputs) }
    activationTangent(output: y, ydot, count: n * outputs, activation)
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    activationSecondOrderBackward(output: y, zdot: activation.isPiecewiseLinear ? nil : UnsafePointer(scratch[0].pointer),
                                  g: gy, gdot: gydot, count: n * outputs, activation)
    // (Hv)_W = ġ_zᵀ x + g_zᵀ ẋ ; (Hv)_b = Σ ġ_z.
    parameterProduct(gz: gydot, x: x, into: hv, beta: 0, n: n)
    if let xdot {
      S.gemm(transA: true, transB: false, m: outputs, n: inputs, k: n, alpha: 1, a: gy, lda: outputs,
             b: xdot, ldb: inputs, beta: 1, c: hv + weightOffset, ldc: inputs)
    }
    if let grad { parameterProduct(gz: gy, x: x, into: grad, beta: 0, n: n) }
    if let gx {
      S.gemm(transA: false, transB: false, m: n, n: inputs, k: outputs, alpha: 1, a: gy, lda: outputs,
             b: p + weightOffset, ldb: inputs, beta: 0, c: gx, ldc: inputs)
    }
    if let gxdot {
      S.gemm(transA: false, transB: false, m: n, n: inputs, k: outputs, alpha: 1, a: gydot, lda: outputs,
             b: p + weightOffset, ldb: inputs, beta: 0, c: gxdot, ldc: inputs)
      if let v {
        S.gemm(transA: false, transB: false, m: n, n: inputs, k: outputs, alpha: 1, a: gy, lda: outputs,
               b: v + weightOffset, ldb: inputs, beta: 1, c: gxdot, ldc: inputs)
      }
    }
  }
}
