/// Per-stage working memory: the stage's own buffers, and buffers for the stage chains it
/// contains (a residual block's body and shortcut).
final class StageScratch<S: LensScalar> {
  let buffers: [ScratchBuffer<S>]
  let chains: [ChainBuffers<S>]
  /// Integer scratch (max-pooling argmax), sized by `Stage.indexScratchSize`.
  let indices = IndexBuffer()

  init(_ stage: any Stage<S>) {
    buffers = stage.scratchSizes(batch: 1).map { _ in ScratchBuffer<S>() }
    chains = stage.subchains.map { ChainBuffers(stages: $0) }
  }

  subscript(_ i: Int) -> ScratchBuffer<S> { buffers[i] }

  func reserve(_ stage: any Stage<S>, batch n: Int) {
    for (j, size) in stage.scratchSizes(batch: n).enumerated() { buffers[j].ensure(size) }
    for (c, sub) in zip(chains, stage.subchains) { c.reserve(stages: sub, batch: n) }
    indices.ensure(stage.indexScratchSize(batch: n))
  }
}

/// The buffers of a chain of stages: per stage output its activations, tangents, gradients and
/// gradient tangents, and each stage's scratch.
final class ChainBuffers<S: LensScalar> {
  /// `acts[i]` is stage i's OUTPUT (stage i reads `acts[i-1]`, or the chain's input for i = 0).
  let acts: [ScratchBuffer<S>]
  let tangents: [ScratchBuffer<S>]
  let grads: [ScratchBuffer<S>]
  let gradTangents: [ScratchBuffer<S>]
  let scratch: [StageScratch<S>]

  init(stages: [any Stage<S>]) {
    acts = stages.map { _ in ScratchBuffer<S>() }
    tangents = stages.map { _ in ScratchBuffer<S>() }
    grads = stages.map { _ in ScratchBuffer<S>() }
    gradTangents = stages.map { _ in ScratchBuffer<S>() }
    scratch = stages.map { StageScratch($0) }
  }

  func reserve(stages: [any Stage<S>], batch n: Int) {
    for (i, s) in stages.enumerated() {
      let w = n * s.outWidth
      acts[i].ensure(w); tangents[i].ensure(w); grads[i].ensure(w); gradTangents[i].ensure(w)
      scratch[i].reserve(s, batch: n)
    }
  }
}

/// The four passes over a chain of stages (see `Stage`), reading the chain's input `x` (and
/// input tangent `xdot`) and writing through `ChainBuffers`.
struct Chain<S: LensScalar> {
  let stages: [any Stage<S>]

  @inline(__always) private func input(_ b: ChainBuffers<S>, _ i: Int, _ x: UnsafePointer<S>) -> UnsafePointer<S> {
    i == 0 ? x : UnsafePointer(b.acts[i - 1].pointer)
  }

  @inline(__always) private func inputTangent(_ b: ChainBuffers<S>, _ i: Int, _ xdot: UnsafePointer<S>?) -> UnsafePointer<S>? {
    i == 0 ? xdot : UnsafePointer(b.tangents[i - 1].pointer)
  }

  /// Output of the chain: `b.acts.last`.
  func forward(_ b: ChainBuffers<S>, x: UnsafePointer<S>, p: UnsafePointer<S>, n: Int, training: Bool) {
    for (i, s) in stages.enumerated() {
      s.forward(x: input(b, i, x), y: b.acts[i].pointer, p: p, n: n, scratch: b.scratch[i], training: training)
    }
  }

  /// Reverse pass from the seed in `b.grads.last`; the chain's input gradient goes to `gx`.
  func backward(_ b: ChainBuffers<S>, x: UnsafePointer<S>, p: UnsafePointer<S>, gx: UnsafeMutablePointer<S>?,
                grad: UnsafeMutablePointer<S>?, n: Int, sink: KroneckerSink<S>?) {
    for i in stride(from: stages.count - 1, through: 0, by: -1) {
      stages[i].backward(x: input(b, i, x), y: b.acts[i].pointer, gy: b.grads[i].pointer,
                         gx: i > 0 ? b.grads[i - 1].pointer : gx, p: p, grad: grad, n: n,
                         scratch: b.scratch[i], sink: sink)
    }
  }

  /// Forward-mode pass; the output tangent is `b.tangents.last`.
  func tangent(_ b: ChainBuffers<S>, x: UnsafePointer<S>, xdot: UnsafePointer<S>?, p: UnsafePointer<S>,
               v: UnsafePointer<S>?, n: Int) {
    for (i, s) in stages.enumerated() {
      s.tangent(x: input(b, i, x), y: b.acts[i].pointer, xdot: inputTangent(b, i, xdot), ydot: b.tangents[i].pointer,
                p: p, v: v, n: n, scratch: b.scratch[i])
    }
  }

  /// R-backprop from the seeds `b.grads.last`, `b.gradTangents.last`.
  func secondOrderBackward(_ b: ChainBuffers<S>, x: UnsafePointer<S>, xdot: UnsafePointer<S>?, p: UnsafePointer<S>,
                           v: UnsafePointer<S>?, gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           grad: UnsafeMutablePointer<S>?, hv: UnsafeMutablePointer<S>, n: Int) {
    for i in stride(from: stages.count - 1, through: 0, by: -1) {
      stages[i].secondOrderBackward(
        x: input(b, i, x), y: b.acts[i].pointer, xdot: inputTangent(b, i, xdot), ydot: b.tangents[i].pointer,
        gy: b.grads[i].pointer, gydot: b.gradTangents[i].pointer,
        gx: i > 0 ? b.grads[i - 1].pointer : gx, gxdot: i > 0 ? b.gradTangents[i - 1].pointer : gxdot,
        p: p, v: v, grad: grad, hv: hv, n: n, scratch: b.scratch[i])
    }
  }
}
