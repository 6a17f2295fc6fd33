import CBLAS
import LensEngine

/// One layer's Kronecker block: where its weight (viewed as [out, in]) and bias sit in the flat
/// vector, and the shapes of its factors A (input side, `dimA`²) and G (output side, `dimG`²).
/// The factors themselves live in the optimizer's state (`Matrix`, Double) and are filled by
/// `accumulateA`/`accumulateG`, which write only their row-major UPPER triangle (the triangle
/// `CholeskyFactor` reads); the strict lower triangle is left as it was.
struct KroneckerBlock {
  var layer: Int
  var weight: Range<Int>
  var bias: Range<Int>?
  var outWidth: Int
  var inWidth: Int
  /// Whether A carries the bias as an extra last input ([a; 1], kfac-jax) or not (ASDL).
  var biasInA: Bool

  var dimA: Int { inWidth + (biasInA ? 1 : 0) }
  var dimG: Int { outWidth }

  /// Whether K-FAC factors this layer kind (linear, conv2d); normalisation layers are left
  /// unpreconditioned (ASDL's `ignore_modules`; kfac-jax's scale-and-shift blocks are not used
  /// by any of the papers' K-FAC runs).
  static func isFactored<S: LensScalar>(_ s: KroneckerStatistics<S>) -> Bool {
    switch s.kind {
    case .linear, .conv2d: return true
    case .batchNorm, .layerNorm: return false
    }
  }

  /// The block of a layer's statistics, with its shapes checked against the layout.
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
    let block = KroneckerBlock(layer: s.layer, weight: wt.range, bias: bias, outWidth: outW, inWidth: inW,
                               biasInA: biasColumn && bias != nil)
    try block.check(s)
    return block
  }

  /// Checks that `s` has this block's shapes (statistics of a later step against the state).
  func check<S: LensScalar>(_ s: KroneckerStatistics<S>) throws {
    guard s.inputs.shape.count == 2, s.inputs.shape[1] == inWidth,
          s.outputGradients.shape.count == 2, s.outputGradients.shape[1] == outWidth else {
      throw LensError.failure("layer \(s.layer): statistics of shapes \(s.inputs.shape) and \(s.outputGradients.shape), "
                              + "expected [rows, \(inWidth)] and [rows, \(outWidth)]")
    }
  }

  /// A ← β·A + Σ_rows ā āᵀ / (rows of inputs), upper triangle; ā = [a; 1] when `biasInA`.
  ///
  /// For a linear layer rows = B, so this is the batch mean (kfac-jax, ASDL). For conv2d the rows
  /// are (example, position) pairs and A is averaged over them (ASDL's convention; not pinned by
  /// a golden case). The products are formed in the statistics' scalar (`ssyrk` for Float, as
  /// the float32 reference does; `dsyrk` for Double); the bias entries are the column means and 1.
  func accumulateA<S: LensScalar>(_ s: KroneckerStatistics<S>, into A: inout Matrix, beta: Double,
                                  scratch: inout GramScratch<S>) {
    let rows = s.inputs.shape[0], d = dimA
    precondition(A.rows == d && A.cols == d)
    let alpha = 1 / Double(rows)
    s.inputs.scalars.withUnsafeBufferPointer { x in
      A.data.withUnsafeMutableBufferPointer { a in
        scratch.gram(x.baseAddress!, rows: rows, width: inWidth, alpha: alpha, beta: beta, into: a.baseAddress!, ldc: d)
        if biasInA {
          let sums = scratch.columnSums(x.baseAddress!, rows: rows, width: inWidth)
          for i in 0..<inWidth { a[i * d + inWidth] = beta * a[i * d + inWidth] + alpha * sums[i] }
          a[inWidth * d + inWidth] = beta * a[inWidth * d + inWidth] + alpha * Double(rows)
        }
      }
    }
  }

  /// G ← β·G + Σ_rows ġ ġᵀ / B (ġ: output gradients of the SUMMED loss; B = examples), upper
  /// triangle. For conv2d G is summed over positions per example (ASDL's convention).
  func accumulateG<S: LensScalar>(_ s: KroneckerStatistics<S>, into G: inout Matrix, beta: Double,
                                  scratch: inout GramScratch<S>) {
    let rows = s.outputGradients.shape[0]
    precondition(G.rows == outWidth && G.cols == outWidth)
    s.outputGradients.scalars.withUnsafeBufferPointer { x in
      G.data.withUnsafeMutableBufferPointer { g in
        scratch.gram(x.baseAddress!, rows: rows, width: outWidth, alpha: 1 / Double(s.examples), beta: beta,
                     into: g.baseAddress!, ldc: outWidth)
      }
    }
  }

  /// Writes the layer's gradient as the matrix M = [∇W | ∇b] ([out, in+1]) when the bias is in
  /// A, or ∇W ([out, in]) otherwise, into `m` (resized to that shape).
  func gatherGradient<S: LensScalar>(_ g: [S], into m: inout Matrix) {
    let w = dimA
    if m.rows != outWidth || m.cols != w { m = Matrix(zeros: outWidth, w) }
    g.withUnsafeBufferPointer { gp in
      m.data.withUnsafeMutableBufferPointer { mp in
        for o in 0..<outWidth {
          let src = weight.lowerBound + o * inWidth, dst = o * w
          for i in 0..<inWidth { mp[dst + i] = Double(gp[src + i]) }
          if biasInA, let b = bias { mp[dst + inWidth] = Double(gp[b.lowerBound + o]) }
        }
      }
    }
  }

  /// The layer's gradient as a new matrix (see `gatherGradient`).
  func gradientMatrix<S: LensScalar>(_ g: [S]) -> Matrix {
    var m = Matrix(zeros: outWidth, dimA)
    gatherGradient(g, into: &m)
    return m
  }

  /// Writes M back (and, when the bias is not in A, `biasVector` for the bias).
  func scatter<S: LensScalar>(_ m: Matrix, biasVector: [Double]?, into out: inout [S]) {
    let w = dimA
    m.data.withUnsafeBufferPointer { mp in
      out.withUnsafeMutableBufferPointer { op in
        for o in 0..<outWidth {
          let dst = weight.lowerBound + o * inWidth, src = o * w
          for i in 0..<inWidth { op[dst + i] = S(mp[src + i]) }
          if let b = bias {
            if biasInA { op[b.lowerBound + o] = S(mp[src + inWidth]) } else if let bv = biasVector { op[b.lowerBound + o] = S(bv[o]) }
          }
        }
      }
    }
  }

  /// tr(scale·M) = Σᵢ scale·Mᵢᵢ (the diagonal is in the upper triangle).
  static func trace(_ m: Matrix, scale: Double = 1) -> Double {
    var t = 0.0
    for i in 0..<min(m.rows, m.cols) { t += scale * m[i, i] }
    return t
  }

  /// π = sqrt((tr A / dim A) / (tr G / dim G)), the factored-Tikhonov split.
  static func pi(trA: Double, dimA: Int, trG: Double, dimG: Int) -> Double {
    ((trA / Double(dimA)) / (trG / Double(dimG))).squareRoot()
  }
}

/// Reusable buffers for forming Kronecker factors from statistics of scalar `S` without
/// allocating per step: XᵀX by `ssyrk`/`dsyrk` (Float products are widened into the Double
/// factor), and column sums by `gemv` against a vector of ones; on one BLAS thread
/// (`withSingleThreadedBLAS`), so the bits do not depend on the thread count.
struct GramScratch<S: LensScalar> {
  private var floatGram: [Float] = []
  private var ones: [S] = []
  private var sums: [S] = []
  private var wideSums: [Double] = []

  init() {}

  /// C ← β·C + α·XᵀX on the row-major upper triangle of C (width×width, row stride `ldc`),
  /// X row-major [rows, width]. The product is computed in S; the update in Double.
  mutating func gram(_ x: UnsafePointer<S>, rows: Int, width: Int, alpha: Double, beta: Double,
                     into c: UnsafeMutablePointer<Double>, ldc: Int) {
    withSingleThreadedBLAS { gramBody(x, rows: rows, width: width, alpha: alpha, beta: beta, into: c, ldc: ldc) }
  }

  private mutating func gramBody(_ x: UnsafePointer<S>, rows: Int, width: Int, alpha: Double, beta: Double,
                                 into c: UnsafeMutablePointer<Double>, ldc: Int) {
    if width == 0 { return }
    if rows == 0 {
      for i in 0..<width { for j in i..<width { c[i * ldc + j] *= beta } }
      return
    }
    if S.self == Double.self {
      let xd = UnsafeRawPointer(x).assumingMemoryBound(to: Double.self)
      cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(width), Int32(rows), alpha, xd, Int32(width),
                  beta, c, Int32(ldc))
    } else {
      precondition(S.self == Float.self, "Kronecker factors: unsupported scalar \(S.self)")
      let xf = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self)
      if floatGram.count < width * width { floatGram = [Float](repeating: 0, count: width * width) }
      floatGram.withUnsafeMutableBufferPointer { f in
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(width), Int32(rows), 1, xf, Int32(width),
                    0, f.baseAddress, Int32(width))
        for i in 0..<width {
          let cr = c + i * ldc, fr = f.baseAddress! + i * width
          for j in i..<width { cr[j] = beta * cr[j] + alpha * Double(fr[j]) }
        }
      }
    }
  }

  /// Σ_rows X[r, ·] for X row-major [rows, width], in S, widened to Double.
  mutating func columnSums(_ x: UnsafePointer<S>, rows: Int, width: Int) -> [Double] {
    if ones.count < rows { ones = [S](repeating: 1, count: rows) }
    if sums.count < width { sums = [S](repeating: 0, count: width) }
    if wideSums.count != width { wideSums = [Double](repeating: 0, count: width) }
    if rows == 0 || width == 0 {
      for i in 0..<width { wideSums[i] = 0 }
      return wideSums
    }
    ones.withUnsafeBufferPointer { o in
      sums.withUnsafeMutableBufferPointer { s in
        withSingleThreadedBLAS {
          S.gemv(trans: true, m: rows, n: width, alpha: 1, a: x, lda: width, x: o.baseAddress!, beta: 0, y: s.baseAddress!)
        }
        for i in 0..<width { wideSums[i] = Double(s[i]) }
      }
    }
    return wideSums
  }
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
