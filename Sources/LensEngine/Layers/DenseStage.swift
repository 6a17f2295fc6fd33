/// A linear layer followed by an optional pointwise activation, fused:
/// a = φ(z), z = x Wᵀ + b, with W stored `[out, in]` (row-major) and b `[out]`.
///
/// With direction (V, c) for (W, b) and input tangent ẋ:
/// - backward: g_z = φ'(z) ⊙ g_a; ∇W = g_zᵀ x; ∇b = Σ_rows g_z; g_x = g_z W.
/// - tangent: ż = ẋ Wᵀ + x Vᵀ + c; ȧ = φ'(z) ⊙ ż.
/// - R-backprop: ġ_z = φ'(z) ⊙ ġ_a + φ''(z) ⊙ ż ⊙ g_a; (Hv)_W = ġ_zᵀ x + g_zᵀ ẋ;
///   (Hv)_b = Σ_rows ġ_z; ġ_x = ġ_z W + g_z V.
/// Every product is one GEMM per batch chunk, or a run of small-matrix row blocks where that is
/// faster (`SmallProductBlocking`); the bias and activation are one fused pass.
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

  /// Parameter slice length (weights then bias) of one partial sum.
  private var parameterWidth: Int { outputs * inputs + (biasOffset == nil ? 0 : outputs) }
  /// FLOPs of one batch product of this layer (fixes the batch chunks of every pass).
  private func productFlops(_ n: Int) -> Int { 2 * n * outputs * inputs }

  /// Scratch 0: chunk partials of the parameter sums (room for two: gradient and Hv);
  /// scratch 1 keeps ż when φ'' ≠ 0 (tanh, sigmoid); scratch 2 holds Wᵀ and Vᵀ `[in, out]` when
  /// the products with x run on them (`transposedForNarrowInputs`).
  func scratchSizes(batch n: Int) -> [Int] {
    let partials = batchReductionScratch(rows: n, flops: productFlops(n), width: 2 * parameterWidth)
    let transposed = SmallProductBlocking.hasNarrowInputs(outputs: outputs, inputs: inputs) ? 2 * inputs * outputs : 0
    return [partials, activation.isPiecewiseLinear ? 0 : n * outputs, transposed]
  }

  // Every pass runs over fixed batch chunks (`BatchSplit`): row-local work (bias, activation,
  // input gradients, tangents) per chunk, and parameter sums as chunk partials added in chunk
  // order, so results do not depend on the number of workers.

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    let (din, dout) = (inputs, outputs)
    let bias = biasOffset.map { p + $0 }, w = p + weightOffset, act = activation
    // With small-matrix kernels β = 0 costs nothing (no zeroing pass, C is not read), so the
    // product goes first and bias and φ follow in one pass. Otherwise the bias is broadcast into
    // y and the product accumulated (β = 1 skips BLAS's zeroing pass and a separate bias pass).
    // Either way the epilogue runs on the chunk in cache.
    let small = SmallProductBlocking.active
    let wt = transposedForNarrowInputs(w, scratch: scratch, slot: 0)
    forEachRowChunk(rows: n, flops: productFlops(n)) { r in
      let m = r.count, xr = x + r.lowerBound * din, yr = y + r.lowerBound * dout
      if small {
        inputProduct(xr, rows: m, w, transposed: wt, beta: 0, into: yr)
        biasActivationForward(yr, bias: bias, rows: m, cols: dout, act)
      } else {
        if let bias { broadcastRows(bias, into: yr, rows: m, cols: dout) }
        inputProduct(xr, rows: m, w, transposed: wt, beta: bias == nil ? 0 : 1, into: yr)
        activationInPlace(yr, count: m * dout, act)
      }
    }
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    let (din, dout, act) = (inputs, outputs, activation)
    if let sink {
      activationBackward(output: y, gy, count: n * dout, act)
      sink.record(layer: layer, kind: .linear(inputs: din, outputs: dout), weight: weightTensor, bias: biasTensor,
                  inputs: x, inputWidth: din, outputGradients: gy, outputWidth: dout, rows: n, scale: 1)
    }
    let fused = sink == nil, w = p + weightOffset, width = parameterWidth
    let chunks = reduceOverBatch(rows: n, flops: productFlops(n), width: width, partials: scratch[0].pointer) { _, r, out in
      let m = r.count, o = r.lowerBound * dout
      if fused { activationBackward(output: y + o, gy + o, count: m * dout, act) }
      if grad != nil { parameterProduct(gz: gy + o, x: x + r.lowerBound * din, into: out, rows: m) }
      if let gx {
        rowProduct(transB: false, m: m, n: din, k: dout, alpha: 1, a: gy + o, lda: dout,
                   b: w, ldb: din, beta: 0, c: gx + r.lowerBound * din, ldc: din)
      }
    }
    if let grad { foldPartials(scratch[0].pointer, stride: width, chunks: chunks, into: grad) }
  }

  /// `out[0..<out·in] ← g_zᵀ x`, `out[out·in…] ← Σ_rows g_z` for one chunk of `rows` rows
  /// (`out` laid out as `parameterWidth`: weights, then bias).
  private func parameterProduct(gz: UnsafePointer<S>, x: UnsafePointer<S>, into out: UnsafeMutablePointer<S>, rows m: Int) {
    batchReduction(m: m, n: outputs, k: inputs, alpha: 1, a: gz, lda: outputs, b: x, ldb: inputs, beta: 0,
                   c: out, ldc: inputs)
    if biasOffset != nil { columnSums(gz, rows: m, cols: outputs, alpha: 1, beta: 0, into: out + outputs * inputs) }
  }

  /// Writes the chunk-ordered sum of the partials (weights, then bias) into the parameter
  /// vector's slices.
  private func foldPartials(_ partials: UnsafeMutablePointer<S>, stride: Int, chunks: Int, into dest: UnsafeMutablePointer<S>) {
    sumPartials(partials, stride: stride, chunks: chunks, count: outputs * inputs, beta: 0, into: dest + weightOffset)
    if let biasOffset {
      sumPartials(partials + outputs * inputs, stride: stride, chunks: chunks, count: outputs, beta: 0, into: dest + biasOffset)
    }
  }

  /// For a narrow input (`SmallProductBlocking.transposesNarrowWeights`, e.g. UCI's 8 or 9
  /// features), M `[out, in]` transposed into scratch 2 (slot 0 for W, 1 for V), else nil: the
  /// small-matrix kernels take x·(Mᵀ) but refuse x Mᵀ for fewer than 32 inputs.
  private func transposedForNarrowInputs(_ mat: UnsafePointer<S>, scratch: StageScratch<S>, slot: Int) -> UnsafePointer<S>? {
    guard SmallProductBlocking.transposesNarrowWeights(outputs: outputs, inputs: inputs) else { return nil }
    let mt = scratch[2].pointer + slot * inputs * outputs
    for o in 0..<outputs { for i in 0..<inputs { mt[i * outputs + o] = mat[o * inputs + i] } }
    return UnsafePointer(mt)
  }

  /// `y ← x Mᵀ + β·y` over `m` rows for M = W or V `[out, in]`: on M's transposed copy `mt`
  /// when there is one (`transposedForNarrowInputs`), else as x Mᵀ.
  @inline(__always)
  private func inputProduct(_ x: UnsafePointer<S>, rows m: Int, _ mat: UnsafePointer<S>, transposed mt: UnsafePointer<S>?,
                            beta: S, into y: UnsafeMutablePointer<S>) {
    if let mt {
      rowProduct(transB: false, m: m, n: outputs, k: inputs, alpha: 1, a: x, lda: inputs, b: mt, ldb: outputs, beta: beta,
                 c: y, ldc: outputs)
    } else {
      rowProduct(transB: true, m: m, n: outputs, k: inputs, alpha: 1, a: x, lda: inputs, b: mat, ldb: inputs, beta: beta,
                 c: y, ldc: outputs)
    }
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    let (din, dout, act) = (inputs, outputs, activation)
    let w = p + weightOffset, cdot = biasOffset.flatMap { b in v.map { $0 + b } }
    let keep: UnsafeMutablePointer<S>? = act.isPiecewiseLinear ? nil : scratch[1].pointer
    let vw = v.map { $0 + weightOffset }
    let vt = vw.flatMap { transposedForNarrowInputs($0, scratch: scratch, slot: 1) }
    let wt = xdot == nil ? nil : transposedForNarrowInputs(w, scratch: scratch, slot: 0)
    forEachRowChunk(rows: n, flops: productFlops(n)) { r in
      let m = r.count, o = r.lowerBound * dout, i = r.lowerBound * din, yd = ydot + o
      var beta: S = 0
      if let vw {
        inputProduct(x + i, rows: m, vw, transposed: vt, beta: 0, into: yd)
        if let cdot { addRowVector(yd, rows: m, cols: dout, cdot) }
        beta = 1
      }
      if let xdot {
        inputProduct(xdot + i, rows: m, w, transposed: wt, beta: beta, into: yd)
        beta = 1
      }
      if beta == 0 { yd.update(repeating: 0, count: m * dout) }
      if let keep { (keep + o).update(from: yd, count: m * dout) }
      activationTangent(output: y + o, yd, count: m * dout, act)
    }
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let (din, dout, act) = (inputs, outputs, activation)
    let zdot: UnsafePointer<S>? = act.isPiecewiseLinear ? nil : UnsafePointer(scratch[1].pointer)
    let w = p + weightOffset, pw = parameterWidth, width = 2 * pw
    let chunks = reduceOverBatch(rows: n, flops: productFlops(n), width: width, partials: scratch[0].pointer) { _, r, out in
      let m = r.count, o = r.lowerBound * dout, i = r.lowerBound * din
      activationSecondOrderBackward(output: y + o, zdot: zdot.map { $0 + o }, g: gy + o, gdot: gydot + o,
                                    count: m * dout, act)
      // (Hv)_W = ġ_zᵀ x + g_zᵀ ẋ ; (Hv)_b = Σ ġ_z (first half of the partial), gradient second.
      parameterProduct(gz: gydot + o, x: x + i, into: out, rows: m)
      if let xdot {
        batchReduction(m: m, n: dout, k: din, alpha: 1, a: gy + o, lda: dout, b: xdot + i, ldb: din, beta: 1,
                       c: out, ldc: din)
      }
      if grad != nil { parameterProduct(gz: gy + o, x: x + i, into: out + pw, rows: m) }
      if let gx {
        rowProduct(transB: false, m: m, n: din, k: dout, alpha: 1, a: gy + o, lda: dout,
                   b: w, ldb: din, beta: 0, c: gx + i, ldc: din)
      }
      if let gxdot {
        rowProduct(transB: false, m: m, n: din, k: dout, alpha: 1, a: gydot + o, lda: dout,
                   b: w, ldb: din, beta: 0, c: gxdot + i, ldc: din)
        if let v {
          rowProduct(transB: false, m: m, n: din, k: dout, alpha: 1, a: gy + o, lda: dout,
                     b: v + weightOffset, ldb: din, beta: 1, c: gxdot + i, ldc: din)
        }
      }
    }
    foldPartials(scratch[0].pointer, stride: width, chunks: chunks, into: hv)
    if let grad { foldPartials(scratch[0].pointer + pw, stride: width, chunks: chunks, into: grad) }
  }
}
