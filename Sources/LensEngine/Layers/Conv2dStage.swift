/// A 2-D convolution by im2col + GEMM, with an optional fused pointwise activation:
/// z[e, o, q] = Σ_k W[o, k] · patch(e, q)[k] + b[o], a = φ(z), with W stored `[O, C, kh, kw]`
/// (row-major, i.e. `[O, K]`, K = C·kh·kw), zero padding and a stride.
///
/// Each example is processed on its own, in cache: its patches X̃ₑ `[P, K]` (P output
/// positions), stored transposed as columns Cₑ = X̃ₑᵀ `[K, P]` (`im2colColumns`, contiguous
/// runs along output rows), then the channel-major output directly as one GEMM
/// Zₑ = W Cₑ `[O, P]` (no layout change). With Gₑ = ∂ℓ/∂Zₑ `[O, P]` (after φ'):
/// ∇W = Σₑ Gₑ X̃ₑ, ∇b = Σₑ Gₑ 1, g_x = col2im(Gₑᵀ W); tangent Żₑ = V X̃ₑᵀ + W im2col(ẋₑ)ᵀ + c;
/// R-backprop (Hv)_W = Σₑ Ġₑ X̃ₑ + Gₑ im2col(ẋₑ), ġ_x = col2im(Ġₑᵀ W + Gₑᵀ V).
/// Examples are split into fixed chunks (`BatchSplit`) shared by the engine's workers; the
/// parameter sums accumulate over a chunk's examples in order and chunks are added in chunk
/// order, so results do not depend on the number of workers. Patches are recomputed where a
/// pass needs them instead of being kept for the batch.
/// Kronecker rows: `inputs` X̃ and `outputGradients` G (P rows per example, one column per
/// output channel).
final class Conv2dStage<S: LensScalar>: Stage {
  let geometry: WindowGeometry
  let outChannels: Int
  let activation: Activation
  let layer: Int
  let weightTensor: Int
  let biasTensor: Int?
  let weightOffset: Int
  let biasOffset: Int?
  /// P ones (bias gradients as one matrix-vector product per example).
  private let ones: [S]

  init(geometry: WindowGeometry, outChannels: Int, activation: Activation = .identity, layer: Int, weightTensor: Int,
       biasTensor: Int?, weightOffset: Int, biasOffset: Int?) {
    self.geometry = geometry; self.outChannels = outChannels; self.activation = activation; self.layer = layer
    self.weightTensor = weightTensor; self.biasTensor = biasTensor
    self.weightOffset = weightOffset; self.biasOffset = biasOffset
    ones = [S](repeating: 1, count: geometry.positions)
  }

  var inShape: [Int] { [geometry.channels, geometry.height, geometry.width] }
  var outShape: [Int] { [outChannels, geometry.outHeight, geometry.outWidth] }
  private var k: Int { geometry.patch }
  private var positions: Int { geometry.positions }
  /// Parameter slice length (weights then bias) of one partial sum.
  private var parameterWidth: Int { outChannels * k + (biasOffset == nil ? 0 : outChannels) }

  /// The fixed example chunks of a batch of `n`.
  private func chunkCount(_ n: Int) -> Int {
    min(n, batchChunkCount(rows: n * positions, flops: 2 * n * positions * outChannels * k))
  }

  /// 0, 1, 2: per chunk one example's columns Cₑ, tangent columns, column gradients; 3: chunk
  /// partials of the parameter sums (room for gradient and Hv); 4: ż when φ'' ≠ 0;
  /// 5, 6: the batch's patch rows and output-gradient rows for a Kronecker sink (sized when a
  /// sink asks for them).
  func scratchSizes(batch n: Int) -> [Int] {
    let c = chunkCount(n), pk = positions * k
    return [c * pk, c * pk, c * pk, c * 2 * parameterWidth, activation.isPiecewiseLinear ? 0 : n * outWidth, 0, 0]
  }

  /// Runs `body(chunk, examples, first)` over the fixed example chunks.
  @inline(__always)
  private func forEachExample(_ n: Int, _ body: (Int, Int, Bool) -> Void) {
    forEachBatchChunk(count: chunkCount(n), rows: n) { c, r in
      for e in r { body(c, e, e == r.lowerBound) }
    }
  }

  @inline(__always) private func patches(_ scratch: StageScratch<S>, _ i: Int, chunk c: Int) -> UnsafeMutablePointer<S> {
    scratch[i].pointer + c * positions * k
  }

  /// Zₑ (+)= M Cₑ for M = W or V (`[O, K]`) and columns Cₑ `[K, P]`, into channel-major `[O, P]`.
  @inline(__always)
  private func outputProduct(_ m: UnsafePointer<S>, _ columns: UnsafePointer<S>, beta: S, into z: UnsafeMutablePointer<S>) {
    S.gemm(transA: false, transB: false, m: outChannels, n: positions, k: k, alpha: 1, a: m, lda: k,
           b: columns, ldb: positions, beta: beta, c: z, ldc: positions)
  }

  /// `out[0..<O·K] (+)= Gₑ Cₑᵀ`, `out[O·K…] (+)= Gₑ 1` (β = 0 for a chunk's first example).
  @inline(__always)
  private func parameterProduct(_ g: UnsafePointer<S>, _ columns: UnsafePointer<S>, beta: S, into out: UnsafeMutablePointer<S>) {
    S.gemm(transA: false, transB: true, m: outChannels, n: k, k: positions, alpha: 1, a: g, lda: positions,
           b: columns, ldb: positions, beta: beta, c: out, ldc: k)
    if biasOffset != nil {
      ones.withUnsafeBufferPointer { one in
        S.gemv(trans: false, m: outChannels, n: positions, alpha: 1, a: g, lda: positions, x: one.baseAddress!,
               beta: beta, y: out + outChannels * k)
      }
    }
  }

  /// Column gradients Mᵀ Gₑ `[K, P]` (the transposed patch gradients) into `pg`.
  @inline(__always)
  private func patchGradient(_ g: UnsafePointer<S>, _ m: UnsafePointer<S>, beta: S, into pg: UnsafeMutablePointer<S>) {
    S.gemm(transA: true, transB: false, m: k, n: positions, k: outChannels, alpha: 1, a: m, lda: k,
           b: g, ldb: positions, beta: beta, c: pg, ldc: positions)
  }

  /// Writes the chunk-ordered sum of the partials (weights, then bias) into the parameter slices.
  private func foldPartials(_ partials: UnsafeMutablePointer<S>, stride: Int, chunks: Int, into dest: UnsafeMutablePointer<S>) {
    sumPartials(partials, stride: stride, chunks: chunks, count: outChannels * k, beta: 0, into: dest + weightOffset)
    if let biasOffset {
      sumPartials(partials + outChannels * k, stride: stride, chunks: chunks, count: outChannels, beta: 0, into: dest + biasOffset)
    }
  }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    let (iw, ow, g, act, o, q) = (inWidth, outWidth, geometry, activation, outChannels, positions)
    let w = p + weightOffset, bias = biasOffset.map { p + $0 }
    forEachExample(n) { c, e, _ in
      let xp = patches(scratch, 0, chunk: c), ye = y + e * ow
      im2colColumns(x + e * iw, xp, g)
      if let bias { broadcastColumns(bias, into: ye, rows: o, cols: q) }
      outputProduct(w, xp, beta: bias == nil ? 0 : 1, into: ye)
      activationInPlace(ye, count: ow, act)
    }
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    let (iw, ow, g, act) = (inWidth, outWidth, geometry, activation)
    if let sink {
      activationBackward(output: y, gy, count: n * ow, act)
      record(sink, x: x, gy: gy, n: n, scratch: scratch)
    }
    let fused = sink == nil, w = p + weightOffset, width = parameterWidth, partials = scratch[3].pointer
    forEachExample(n) { c, e, first in
      let ge = gy + e * ow
      if fused { activationBackward(output: y + e * ow, ge, count: ow, act) }
      if grad != nil {
        let xp = patches(scratch, 0, chunk: c)
        im2colColumns(x + e * iw, xp, g)
        parameterProduct(ge, xp, beta: first ? 0 : 1, into: partials + c * width)
      }
      if let gx {
        let pg = patches(scratch, 2, chunk: c)
        patchGradient(ge, w, beta: 0, into: pg)
        col2imColumns(pg, gx + e * iw, g)
      }
    }
    if let grad { foldPartials(partials, stride: width, chunks: chunkCount(n), into: grad) }
  }

  /// Feeds a Kronecker sink the batch's patch rows X̃ `[n·P, K]` and output-gradient rows
  /// `[n·P, O]` (kept in scratch 5 and 6, sized here).
  private func record(_ sink: KroneckerSink<S>, x: UnsafePointer<S>, gy: UnsafePointer<S>, n: Int, scratch: StageScratch<S>) {
    let rows = n * positions
    let xr = scratch[5].ensure(rows * k), gr = scratch[6].ensure(rows * outChannels)
    im2col(x, xr, n: n, geometry)
    channelsToRows(gy, gr, n: n, positions: positions, channels: outChannels)
    sink.record(layer: layer, kind: .conv2d(inChannels: geometry.channels, outChannels: outChannels,
                                            kernelHeight: geometry.kernelHeight, kernelWidth: geometry.kernelWidth),
                weight: weightTensor, bias: biasTensor, inputs: xr, inputWidth: k, outputGradients: gr,
                outputWidth: outChannels, rows: rows, scale: 1)
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    let (iw, ow, g, act, o, q) = (inWidth, outWidth, geometry, activation, outChannels, positions)
    let w = p + weightOffset, cdot = biasOffset.flatMap { b in v.map { $0 + b } }
    let keep: UnsafeMutablePointer<S>? = act.isPiecewiseLinear ? nil : scratch[4].pointer
    forEachExample(n) { c, e, _ in
      let yd = ydot + e * ow
      var beta: S = 0
      if let cdot { broadcastColumns(cdot, into: yd, rows: o, cols: q); beta = 1 }
      if let v {
        let xp = patches(scratch, 0, chunk: c)
        im2colColumns(x + e * iw, xp, g)
        outputProduct(v + weightOffset, xp, beta: beta, into: yd)
        beta = 1
      }
      if let xdot {
        let tp = patches(scratch, 1, chunk: c)
        im2colColumns(xdot + e * iw, tp, g)
        outputProduct(w, tp, beta: beta, into: yd)
        beta = 1
      }
      if beta == 0 { yd.update(repeating: 0, count: ow) }
      if let keep { (keep + e * ow).update(from: yd, count: ow) }
      activationTangent(output: y + e * ow, yd, count: ow, act)
    }
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let (iw, ow, g, act) = (inWidth, outWidth, geometry, activation)
    let zdot: UnsafePointer<S>? = act.isPiecewiseLinear ? nil : UnsafePointer(scratch[4].pointer)
    let w = p + weightOffset, pw = parameterWidth, width = 2 * pw, partials = scratch[3].pointer
    forEachExample(n) { c, e, first in
      let ge = gy + e * ow, gde = gydot + e * ow, out = partials + c * width, beta: S = first ? 0 : 1
      activationSecondOrderBackward(output: y + e * ow, zdot: zdot.map { $0 + e * ow }, g: ge, gdot: gde, count: ow, act)
      let xp = patches(scratch, 0, chunk: c)
      im2colColumns(x + e * iw, xp, g)
      // (Hv) = Ġₑ X̃ₑ + Gₑ im2col(ẋₑ) (first half of the partial), gradient second.
      parameterProduct(gde, xp, beta: beta, into: out)
      if let xdot {
        let tp = patches(scratch, 1, chunk: c)
        im2colColumns(xdot + e * iw, tp, g)
        S.gemm(transA: false, transB: true, m: outChannels, n: k, k: positions, alpha: 1, a: ge, lda: positions,
               b: tp, ldb: positions, beta: 1, c: out, ldc: k)
      }
      if grad != nil { parameterProduct(ge, xp, beta: beta, into: out + pw) }
      let pg = patches(scratch, 2, chunk: c)
      if let gx {
        patchGradient(ge, w, beta: 0, into: pg)
        col2imColumns(pg, gx + e * iw, g)
      }
      if let gxdot {
        patchGradient(gde, w, beta: 0, into: pg)
        if let v { patchGradient(ge, v + weightOffset, beta: 1, into: pg) }
        col2imColumns(pg, gxdot + e * iw, g)
      }
    }
    let chunks = chunkCount(n)
    foldPartials(partials, stride: width, chunks: chunks, into: hv)
    if let grad { foldPartials(partials + pw, stride: width, chunks: chunks, into: grad) }
  }
}
