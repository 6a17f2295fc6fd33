/// A 2-D convolution by im2col + GEMM: y[e, o, q] = Σ_k W[o, k] · patch(e, q)[k] + b[o], with
/// W stored `[O, C, kh, kw]` (row-major, i.e. `[O, C·kh·kw]`), zero padding and a stride.
///
/// Internally the patches are the rows of X̃ `[n·P, C·kh·kw]` (P output positions per
/// example) and the outputs the rows of Ỹ = X̃ Wᵀ `[n·P, O]`, transposed to channel-major
/// `[n, O, P]` between stages. Then, exactly as for a linear layer on the patch rows:
/// ∇W = G̃ᵀ X̃, ∇b = Σ G̃, g_x = col2im(G̃ W); tangent Ẏ = X̃ Vᵀ + im2col(ẋ) Wᵀ + c;
/// R-backprop (Hv)_W = Ġᵀ X̃ + G̃ᵀ im2col(ẋ), ġ_x = col2im(Ġ W + G̃ V).
/// Kronecker rows: `inputs` X̃ and `outputGradients` G̃ (P rows per example).
final class Conv2dStage<S: LensScalar>: Stage {
  let geometry: WindowGeometry
  let outChannels: Int
  let layer: Int
  let weightTensor: Int
  let biasTensor: Int?
  let weightOffset: Int
  let biasOffset: Int?

  init(geometry: WindowGeometry, outChannels: Int, layer: Int, weightTensor: Int, biasTensor: Int?,
       weightOffset: Int, biasOffset: Int?) {
    self.geometry = geometry; self.outChannels = outChannels; self.layer = layer
    self.weightTensor = weightTensor; self.biasTensor = biasTensor
    self.weightOffset = weightOffset; self.biasOffset = biasOffset
  }

  var inShape: [Int] { [geometry.channels, geometry.height, geometry.width] }
  var outShape: [Int] { [outChannels, geometry.outHeight, geometry.outWidth] }
  private var k: Int { geometry.patch }
  private var positions: Int { geometry.positions }

  /// 0: patches X̃; 1: output rows (Ỹ, then G̃); 2: tangent patches im2col(ẋ); 3: Ġ rows;
  /// 4: patch gradients.
  func scratchSizes(batch n: Int) -> [Int] {
    let rows = n * positions
    return [rows * k, rows * outChannels, rows * k, rows * outChannels, rows * k]
  }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    let patches = scratch[0].pointer, rows = scratch[1].pointer
    parallelIm2col(x, patches, n: n)
    S.gemm(transA: false, transB: true, m: n * positions, n: outChannels, k: k, alpha: 1, a: patches, lda: k,
           b: p + weightOffset, ldb: k, beta: 0, c: rows, ldc: outChannels)
    parallelRowsToChannels(rows, y, bias: biasOffset.map { p + $0 }, n: n)
  }

  // Per-example loops split over the engine's workers (disjoint example ranges).
  private func parallelIm2col(_ x: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int) {
    let (iw, rw, g) = (inWidth, positions * k, geometry)
    forEachChunk(n, workPerItem: rw) { r in im2col(x + r.lowerBound * iw, rows + r.lowerBound * rw, n: r.count, g) }
  }
  private func parallelCol2im(_ rows: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, n: Int) {
    let (iw, rw, g) = (inWidth, positions * k, geometry)
    forEachChunk(n, workPerItem: rw) { r in col2im(rows + r.lowerBound * rw, gx + r.lowerBound * iw, n: r.count, g) }
  }
  private func parallelRowsToChannels(_ rows: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?, n: Int) {
    let (w, p, o) = (outWidth, positions, outChannels)
    forEachChunk(n, workPerItem: w) { r in
      rowsToChannels(rows + r.lowerBound * w, y + r.lowerBound * w, bias: bias, n: r.count, positions: p, channels: o)
    }
  }
  private func parallelChannelsToRows(_ y: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int) {
    let (w, p, o) = (outWidth, positions, outChannels)
    forEachChunk(n, workPerItem: w) { r in
      channelsToRows(y + r.lowerBound * w, rows + r.lowerBound * w, n: r.count, positions: p, channels: o)
    }
  }

  /// ∇W (+β·old) = G̃ᵀ X̃, ∇b = Σ G̃.
  private func parameterProduct(_ g: UnsafePointer<S>, _ patches: UnsafePointer<S>, into out: UnsafeMutablePointer<S>,
                                beta: S, n: Int) {
    S.gemm(transA: true, transB: false, m: outChannels, n: k, k: n * positions, alpha: 1, a: g, lda: outChannels,
           b: patches, ldb: k, beta: beta, c: out + weightOffset, ldc: k)
    if let biasOffset { columnSums(g, rows: n * positions, cols: outChannels, alpha: 1, beta: beta, into: out + biasOffset) }
  }

  /// g_x = col2im(G̃ · M) for M = W or V (accumulating a second product when `plus` is given).
  private func inputProduct(_ g: UnsafePointer<S>, _ m: UnsafePointer<S>, plus: (UnsafePointer<S>, UnsafePointer<S>)?,
                            into gx: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let pg = scratch[4].pointer
    S.gemm(transA: false, transB: false, m: n * positions, n: k, k: outChannels, alpha: 1, a: g, lda: outChannels,
           b: m, ldb: k, beta: 0, c: pg, ldc: k)
    if let (g2, m2) = plus {
      S.gemm(transA: false, transB: false, m: n * positions, n: k, k: outChannels, alpha: 1, a: g2, lda: outChannels,
             b: m2, ldb: k, beta: 1, c: pg, ldc: k)
    }
    parallelCol2im(pg, gx, n: n)
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    let patches = scratch[0].pointer, g = scratch[1].pointer
    parallelChannelsToRows(gy, g, n: n)
    if let sink {
      sink.record(layer: layer, kind: .conv2d(inChannels: geometry.channels, outChannels: outChannels,
                                              kernelHeight: geometry.kernelHeight, kernelWidth: geometry.kernelWidth),
                  weight: weightTensor, bias: biasTensor, inputs: patches, inputWidth: k, outputGradients: g,
                  outputWidth: outChannels, rows: n * positions, scale: 1)
    }
    if let grad { parameterProduct(g, patches, into: grad, beta: 0, n: n) }
    if let gx { inputProduct(g, p + weightOffset, plus: nil, into: gx, n: n, scratch: scratch) }
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    let patches = scratch[0].pointer, rows = scratch[1].pointer, tpatches = scratch[2].pointer
    let m = n * positions
    var beta: S = 0
    if let v {
      S.gemm(transA: false, transB: true, m: m, n: outChannels, k: k, alpha: 1, a: patches, lda: k,
             b: v + weightOffset, ldb: k, beta: 0, c: rows, ldc: outChannels)
      beta = 1
    }
    if let xdot {
      parallelIm2col(xdot, tpatches, n: n)
      S.gemm(transA: false, transB: true, m: m, n: outChannels, k: k, alpha: 1, a: tpatches, lda: k,
             b: p + weightOffset, ldb: k, beta: beta, c: rows, ldc: outChannels)
      beta = 1
    }
    if beta == 0 { rows.update(repeating: 0, count: m * outChannels) }
    let cdot: UnsafePointer<S>? = (v != nil && biasOffset != nil) ? v! + biasOffset! : nil
    parallelRowsToChannels(rows, ydot, bias: cdot, n: n)
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let patches = scratch[0].pointer, g = scratch[1].pointer, tpatches = scratch[2].pointer, gd = scratch[3].pointer
    parallelChannelsToRows(gy, g, n: n)
    parallelChannelsToRows(gydot, gd, n: n)
    parameterProduct(gd, patches, into: hv, beta: 0, n: n)
    if xdot != nil {
      S.gemm(transA: true, transB: false, m: outChannels, n: k, k: n * positions, alpha: 1, a: g, lda: outChannels,
             b: tpatches, ldb: k, beta: 1, c: hv + weightOffset, ldc: k)
    }
    if let grad { parameterProduct(g, patches, into: grad, beta: 0, n: n) }
    if let gx { inputProduct(g, p + weightOffset, plus: nil, into: gx, n: n, scratch: scratch) }
    if let gxdot {
      inputProduct(gd, p + weightOffset, plus: v.map { (UnsafePointer(g), $0 + weightOffset) }, into: gxdot, n: n, scratch: scratch)
    }
  }
}
