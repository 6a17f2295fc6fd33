/// The buffers one linearisation (or one loss evaluation) of a `Network` computes into: the
/// top-level chain's buffers, the loss's softmax, and output-sized extras. Sized for a batch on
/// first use and reused.
final class Workspace<S: LensScalar> {
  var batch = 0
  let chain: ChainBuffers<S>
  let probs = ScratchBuffer<S>()
  /// Output-sized extras (output tangents kept for Gram matrices).
  var extras: [ScratchBuffer<S>] = []

  init(stages: [any Stage<S>]) { chain = ChainBuffers(stages: stages) }

  var acts: [ScratchBuffer<S>] { chain.acts }
  var tangents: [ScratchBuffer<S>] { chain.tangents }
  var grads: [ScratchBuffer<S>] { chain.grads }
  var gradTangents: [ScratchBuffer<S>] { chain.gradTangents }

  /// The batch of the last `reserve` call: reserving it again changes nothing (buffers only
  /// grow), so the walk over the stages is skipped. Per-step calls with the training batch size
  /// then cost one comparison instead of a scratch-size query per stage.
  private var reservedBatch = -1

  /// Sizes every buffer for `n` examples (allocates only when `n` exceeds earlier batches).
  /// `stages` must be the stages this workspace was made for.
  func reserve(stages: [any Stage<S>], batch n: Int) {
    batch = n
    guard n != reservedBatch else { return }
    chain.reserve(stages: stages, batch: n)
    if let last = stages.last { probs.ensure(n * last.outWidth) }
    reservedBatch = n
  }

  /// The `k`-th output-sized extra buffer for `count` scalars.
  func extra(_ k: Int, count: Int) -> UnsafeMutablePointer<S> {
    while extras.count <= k { extras.append(ScratchBuffer<S>()) }
    return extras[k].ensure(count)
  }
}
