/// The buffers one linearisation (or one loss evaluation) of a `Network` computes into:
/// per stage output its activations, tangents, gradients and gradient tangents, each stage's
/// private scratch, and the loss's softmax. Sized for a batch on first use and reused.
final class Workspace<S: LensScalar> {
  var batch = 0
  /// `acts[i]` is stage i's OUTPUT (stage i reads `acts[i-1]`, or the batch for i = 0).
  let acts: [ScratchBuffer<S>]
  let tangents: [ScratchBuffer<S>]
  let grads: [ScratchBuffer<S>]
  let gradTangents: [ScratchBuffer<S>]
  let scratch: [[ScratchBuffer<S>]]
  let probs = ScratchBuffer<S>()
  /// Output-sized extras (loss seeds, output tangents for Gram matrices).
  var extras: [ScratchBuffer<S>] = []
  /// Parameter-sized extra (e.g. a discarded gradient).
  let parameterScratch = ScratchBuffer<S>()

  init(stages: [any Stage<S>]) {
    acts = stages.map { _ in ScratchBuffer<S>() }
    tangents = stages.map { _ in ScratchBuffer<S>() }
    grads = stages.map { _ in ScratchBuffer<S>() }
    gradTangents = stages.map { _ in ScratchBuffer<S>() }
    scratch = stages.map { s in s.scratchSizes(batch: 1).map { _ in ScratchBuffer<S>() } }
  }

  /// Sizes every buffer for `n` examples (allocates only when `n` exceeds earlier batches).
  func reserve(stages: [any Stage<S>], batch n: Int) {
    batch = n
    for (i, s) in stages.enumerated() {
      let w = n * s.outWidth
      acts[i].ensure(w); tangents[i].ensure(w); grads[i].ensure(w); gradTangents[i].ensure(w)
      for (j, size) in s.scratchSizes(batch: n).enumerated() { scratch[i][j].ensure(size) }
    }
    if let last = stages.last { probs.ensure(n * last.outWidth) }
  }

  /// The `k`-th output-sized extra buffer for `count` scalars.
  func extra(_ k: Int, count: Int) -> UnsafeMutablePointer<S> {
    while extras.count <= k { extras.append(ScratchBuffer<S>()) }
    return extras[k].ensure(count)
  }
}
