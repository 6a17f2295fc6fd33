import LensEngine

/// One layer's Kronecker block: where its weight (viewed as [out, in]) and bias sit in the flat
/// vector, and its factors A (input side) and G (output side), in Double.
struct KroneckerBlock {
  var layer: Int
  var weight: Range<Int>
  var bias: Range<Int>?
  var outWidth: Int
  var inWidth: Int
  /// Whether A carries the bias as an extra last input ([a; 1], kfac-jax) or not (ASDL).
  var biasInA: Bool
  var A: Matrix
  var G: Matrix

  var dimA: Int { A.rows }
  var dimG: Int { G.rows }

  /// Whether K-FAC factors this layer kind (linear, conv2d); normalisation layers are left
  /// unpreconditioned (ASDL's `ignore_modules`; kfac-jax's scale-and-shift blocks are not used
  /// by any of the papers' K-FAC runs).
  static func isFactored<S: LensScalar>(_ s: KroneckerStatistics<S>) -> Bool {
    switch s.kind {
    case .linear, .conv2d: return true
    case .batchNorm, .layerNorm: return false
    }
  }

  /// Builds A and G from the engine's per-example statistics.
  ///
  ///     A = Σ_rows ā āᵀ / (rows of inputs)     (ā = [a; 1] when `biasColumn` and the layer has a bias)
  ///     G = Σ_rows ġ ġᵀ / B                   (ġ: output gradients of the SUMMED loss; B = examples)
  ///
  /// For a linear layer rows = B, so both are batch means (kfac-jax, ASDL). For conv2d the rows
  /// are (example, position) pairs: A is averaged over them and G summed over positions per
  /// example (ASDL's convention; not pinned by a golden case).
  static func make<S: LensScalar>(_ s: KroneckerStatistics<S>, layout: ParameterLayout, biasColumn: Bool) throws -> KroneckerBlock {
    let wt = layout.tensors[s.weightTensor]
    let outW: Int, inW: Int
    switch s.kind {
    case .linear(let i, let o): inW = i; outW = o
    case .conv2d(let ci, let co, let kh, let kw): inW = ci * kh * kw; outW = co
    case .batchNorm, .layerNorm:
      throw LensError.failure("Kronecker factors are defined for linear and conv2d layers only (layer \(s.layer) is \(s.kind))")
    }
    guard wt.count == inW * outW else {
      throw LensError.failure("layer \(s.layer): weight \(wt.name) has \(wt.count) entries, expected \(outW)×\(inW)")
    }
    let bias = s.biasTensor.map { layout.tensors[$0].range }
    let withBias = biasColumn && bias != nil
    let rowsA = s.inputs.shape[0]
    precondition(s.inputs.count == rowsA * inW, "layer \(s.layer): inputs are not [rows, \(inW)]")
    let widthA = inW + (withBias ? 1 : 0)
    var a = [Double](repeating: 1, count: rowsA * widthA)
    s.inputs.scalars.withUnsafeBufferPointer { x in
      for r in 0..<rowsA { for j in 0..<inW { a[r * widthA + j] = Double(x[r * inW + j]) } }
    }
    let A = Matrix.gram(rowsOf: a, rows: rowsA, width: widthA, divisor: Double(rowsA))
    let rowsG = s.outputGradients.shape[0]
    precondition(s.outputGradients.count == rowsG * outW, "layer \(s.layer): output gradients are not [rows, \(outW)]")
    let gd = s.outputGradients.scalars.map { Double($0) }
    let G = Matrix.gram(rowsOf: gd, rows: rowsG, width: outW, divisor: Double(s.examples))
    return KroneckerBlock(layer: s.layer, weight: wt.range, bias: bias, outWidth: outW, inWidth: inW,
                          biasInA: withBias, A: A, G: G)
  }

  /// The layer's gradient as the matrix M = [∇W | ∇b] ([out, in(+1)]) when the bias is in A,
  /// or ∇W ([out, in]) otherwise.
  func gradientMatrix<S: LensScalar>(_ g: [S]) -> Matrix {
    let w = inWidth + (biasInA ? 1 : 0)
    var m = Matrix(zeros: outWidth, w)
    for o in 0..<outWidth {
      for i in 0..<inWidth { m[o, i] = Double(g[weight.lowerBound + o * inWidth + i]) }
      if biasInA, let b = bias { m[o, inWidth] = Double(g[b.lowerBound + o]) }
    }
    return m
  }

  /// Writes M back (and, when the bias is not in A, `biasVector` for the bias).
  func scatter<S: LensScalar>(_ m: Matrix, biasVector: [Double]?, into out: inout [S]) {
    for o in 0..<outWidth {
      for i in 0..<inWidth { out[weight.lowerBound + o * inWidth + i] = S(m[o, i]) }
      if let b = bias {
        if biasInA { out[b.lowerBound + o] = S(m[o, inWidth]) } else if let bv = biasVector { out[b.lowerBound + o] = S(bv[o]) }
      }
    }
  }

  /// π = sqrt((tr A / dim A) / (tr G / dim G)), the factored-Tikhonov split.
  var pi: Double { ((A.trace / Double(dimA)) / (G.trace / Double(dimG))).squareRoot() }
}

/// Class probabilities of a softmax cross-entropy model at a linearisation, recovered from the
/// true-label statistics of the last layer: the per-example output gradient of the summed loss
/// is p − onehot(y), so p = ġ + onehot(y). (The `Linearization` contract exposes no outputs;
/// used only when labels are actually sampled, never in replay; the engine's
/// `NetworkLinearization.probabilities` is used directly when available.)
enum ClassProbabilities {
  static func of<L: Linearization>(_ lin: L, batch: Batch<L.Scalar>) -> (classes: Int, p: [Double]) {
    if let nl = lin as? NetworkLinearization<L.Scalar> {
      let p = nl.probabilities
      return (p.shape[1], p.scalars.map { Double($0) })
    }
    let stats = lin.kroneckerStatistics(.trueLabels)
    guard let last = stats.max(by: { $0.layer < $1.layer }), case .classes(let y) = batch.targets else {
      preconditionFailure("sampled labels need a classification model with Kronecker statistics")
    }
    let rows = last.outputGradients.shape[0], c = last.outputGradients.shape[1]
    var p = last.outputGradients.scalars.map { Double($0) }
    for n in 0..<rows { p[n * c + Int(y[n])] += 1 }
    for i in p.indices { p[i] = max(p[i], 0) }
    return (c, p)
  }
}
