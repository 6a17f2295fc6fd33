/// A residual block y = F(x) + S(x): F is the body chain and S the shortcut chain (the
/// identity when empty). Every pass is the sum of the two chains' passes (both are fed the same
/// output gradient; their input gradients add).
final class ResidualStage<S: LensScalar>: Stage {
  let shape: [Int]
  let body: Chain<S>
  let shortcut: Chain<S>

  init(inShape: [Int], body: [any Stage<S>], shortcut: [any Stage<S>]) {
    self.shape = inShape
    self.body = Chain(stages: body)
    self.shortcut = Chain(stages: shortcut)
  }

  var inShape: [Int] { shape }
  var outShape: [Int] { body.stages.last?.outShape ?? shape }
  var subchains: [[any Stage<S>]] { [body.stages, shortcut.stages] }
  private var identityShortcut: Bool { shortcut.stages.isEmpty }

  /// 0, 1: the shortcut's input gradient and its tangent.
  func scratchSizes(batch n: Int) -> [Int] { [n * inWidth, n * inWidth] }

  @inline(__always) private func add(_ a: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, _ count: Int) {
    S.axpy(n: count, alpha: 1, x: a, y: y)
  }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    let (bb, sb) = (scratch.chains[0], scratch.chains[1])
    let count = n * outWidth
    if body.stages.isEmpty { y.update(from: x, count: count) } else {
      body.forward(bb, x: x, p: p, n: n, training: training)
      y.update(from: bb.acts.last!.pointer, count: count)
    }
    if identityShortcut { add(x, into: y, count) } else {
      shortcut.forward(sb, x: x, p: p, n: n, training: training)
      add(sb.acts.last!.pointer, into: y, count)
    }
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    let (bb, sb) = (scratch.chains[0], scratch.chains[1])
    let count = n * outWidth
    if body.stages.isEmpty { gx?.update(from: gy, count: count) } else {
      bb.grads.last!.pointer.update(from: gy, count: count)
      body.backward(bb, x: x, p: p, gx: gx, grad: grad, n: n, sink: sink)
    }
    if identityShortcut { if let gx { add(gy, into: gx, count) } } else {
      sb.grads.last!.pointer.update(from: gy, count: count)
      let gs = scratch[0].pointer
      shortcut.backward(sb, x: x, p: p, gx: gx == nil ? nil : gs, grad: grad, n: n, sink: sink)
      if let gx { add(gs, into: gx, n * inWidth) }
    }
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    let (bb, sb) = (scratch.chains[0], scratch.chains[1])
    let count = n * outWidth
    if body.stages.isEmpty {
      if let xdot { ydot.update(from: xdot, count: count) } else { ydot.update(repeating: 0, count: count) }
    } else {
      body.tangent(bb, x: x, xdot: xdot, p: p, v: v, n: n)
      ydot.update(from: bb.tangents.last!.pointer, count: count)
    }
    if identityShortcut { if let xdot { add(xdot, into: ydot, count) } } else {
      shortcut.tangent(sb, x: x, xdot: xdot, p: p, v: v, n: n)
      add(sb.tangents.last!.pointer, into: ydot, count)
    }
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let (bb, sb) = (scratch.chains[0], scratch.chains[1])
    let count = n * outWidth
    if body.stages.isEmpty {
      gx?.update(from: gy, count: count); gxdot?.update(from: gydot, count: count)
    } else {
      bb.grads.last!.pointer.update(from: gy, count: count)
      bb.gradTangents.last!.pointer.update(from: gydot, count: count)
      body.secondOrderBackward(bb, x: x, xdot: xdot, p: p, v: v, gx: gx, gxdot: gxdot, grad: grad, hv: hv, n: n)
    }
    if identityShortcut {
      if let gx { add(gy, into: gx, count) }
      if let gxdot { add(gydot, into: gxdot, count) }
    } else {
      sb.grads.last!.pointer.update(from: gy, count: count)
      sb.gradTangents.last!.pointer.update(from: gydot, count: count)
      let gs = scratch[0].pointer, gsd = scratch[1].pointer
      shortcut.secondOrderBackward(sb, x: x, xdot: xdot, p: p, v: v, gx: gx == nil ? nil : gs,
                                   gxdot: gxdot == nil ? nil : gsd, grad: grad, hv: hv, n: n)
      if let gx { add(gs, into: gx, n * inWidth) }
      if let gxdot { add(gsd, into: gxdot, n * inWidth) }
    }
  }

  func commitRunningStatistics(scratch: StageScratch<S>, n: Int) {
    for (chain, buffers) in zip([body, shortcut], scratch.chains) {
      for (s, sc) in zip(chain.stages, buffers.scratch) { s.commitRunningStatistics(scratch: sc, n: n) }
    }
  }
}
