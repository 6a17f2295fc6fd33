/// Max pooling (padded cells −∞, per-side padding from `WindowGeometry`) or average pooling
/// (no padding) over `[C, H, W]` examples.
///
/// Max pooling is piecewise linear: y = x[argmax], so backward scatters g_y to the recorded
/// maxima, the tangent gathers ẋ there, and the R-backprop step is the backward map applied
/// to both g_y and ġ_y (no curvature term). Average pooling is linear: the window mean and its
/// adjoint.
final class PoolStage<S: LensScalar>: Stage {
  enum Kind { case max, average }
  let kind: Kind
  let geometry: WindowGeometry

  init(kind: Kind, geometry: WindowGeometry) { self.kind = kind; self.geometry = geometry }

  var inShape: [Int] { [geometry.channels, geometry.height, geometry.width] }
  var outShape: [Int] { [geometry.channels, geometry.outHeight, geometry.outWidth] }

  func scratchSizes(batch n: Int) -> [Int] { [] }
  /// The argmax of every output (max pooling).
  func indexScratchSize(batch n: Int) -> Int { kind == .max ? n * outWidth : 0 }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    let (iw, ow, arg) = (inWidth, outWidth, scratch.indices.pointer)
    forEachChunk(n, workPerItem: iw) { r in
      switch kind {
      case .max: maxPoolForward(x + r.lowerBound * iw, y + r.lowerBound * ow, argmax: arg + r.lowerBound * ow, n: r.count, geometry)
      case .average: avgPoolForward(x + r.lowerBound * iw, y + r.lowerBound * ow, n: r.count, geometry)
      }
    }
  }

  private func adjoint(_ g: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let (iw, ow, arg) = (inWidth, outWidth, scratch.indices.pointer)
    forEachChunk(n, workPerItem: iw) { r in
      let (go, xo) = (r.lowerBound * ow, r.lowerBound * iw)
      switch kind {
      case .max: maxPoolScatter(g + go, argmax: arg + go, gx + xo, n: r.count, inWidth: iw, outWidth: ow)
      case .average: avgPoolBackward(g + go, gx + xo, n: r.count, geometry)
      }
    }
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    if let gx { adjoint(gy, gx, n: n, scratch: scratch) }
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    guard let xdot else { ydot.update(repeating: 0, count: n * outWidth); return }
    switch kind {
    case .max: maxPoolGather(xdot, argmax: scratch.indices.pointer, ydot, n: n, inWidth: inWidth, outWidth: outWidth)
    case .average: avgPoolForward(xdot, ydot, n: n, geometry)
    }
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    if let gx { adjoint(gy, gx, n: n, scratch: scratch) }
    if let gxdot { adjoint(gydot, gxdot, n: n, scratch: scratch) }
  }
}

/// Flattens each example to a vector (`[C, H, W]` → `[C·H·W]`, channel-major, as PyTorch's
/// `flatten`): a copy in every pass.
final class FlattenStage<S: LensScalar>: Stage {
  let shape: [Int]
  init(shape: [Int]) { self.shape = shape }
  var inShape: [Int] { shape }
  var outShape: [Int] { [shape.reduce(1, *)] }
  func scratchSizes(batch n: Int) -> [Int] { [] }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    y.update(from: x, count: n * inWidth)
  }
  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    gx?.update(from: gy, count: n * inWidth)
  }
  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    if let xdot { ydot.update(from: xdot, count: n * inWidth) } else { ydot.update(repeating: 0, count: n * inWidth) }
  }
  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    gx?.update(from: gy, count: n * inWidth)
    gxdot?.update(from: gydot, count: n * inWidth)
  }
}
