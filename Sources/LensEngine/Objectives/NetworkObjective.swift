/// A supervised training objective: a `Network` with a `LossFunction`, the engine's
/// implementation of the `Objective` contract.
///
/// The loss is the MEAN over the batch (see `LossFunction` for each loss's reduction). Each
/// `linearize` takes a workspace from a pool and gives it back when the linearisation is
/// released, so a training loop that keeps one linearisation alive at a time allocates nothing
/// after its first step. Not thread-safe: use one objective per thread.
public final class NetworkObjective<Scalar: LensScalar>: Objective {
  public let network: Network<Scalar>
  public let lossFunction: LossFunction
  public var work = WorkCounters()
  public var layout: ParameterLayout { network.layout }

  var pool: [Workspace<Scalar>] = []
  private let evaluationWorkspace: Workspace<Scalar>
  /// Set by `commitRunningStatisticsOnNextLinearization`, cleared by the next `linearize`.
  var commitsNextLinearization = false

  public init(network: Network<Scalar>, loss: LossFunction) {
    self.network = network
    self.lossFunction = loss
    self.evaluationWorkspace = Workspace(stages: network.stages)
  }

  /// Asks that the NEXT `linearize` fold its training-mode batch statistics into the network's
  /// batch-norm running statistics (by the network's `RunningStatisticsRule`), once: later
  /// linearisations do not commit until this is called again. The trainer calls it before each
  /// optimizer step, whose first linearisation is the gradient pass at θₜ on the step's batch
  /// (Haiku's `is_training=True` pass that updates the BN state). The commit reads only the
  /// forward pass's batch statistics: no derivative and no work counter changes. A no-op for
  /// networks without batch norm.
  public func commitRunningStatisticsOnNextLinearization() {
    if network.hasBatchNorm { commitsNextLinearization = true }
  }

  /// The mean loss at `parameters` on `batch` (one forward pass in training mode; nothing
  /// cached, no optimizer or model state changed, running statistics neither used nor updated).
  public func loss(at parameters: [Scalar], on batch: Batch<Scalar>) -> Scalar {
    let n = check(parameters, batch)
    let ws = evaluationWorkspace
    ws.reserve(stages: network.stages, batch: n)
    work.forward += 1; work.examples += n
    return parameters.withUnsafeBufferPointer { p in
      batch.inputs.scalars.withUnsafeBufferPointer { x in
        network.forward(ws, x: x.baseAddress!, p: p.baseAddress!, n: n, training: true)
        return withTargets(batch) { t in
          lossFunction.value(ws.acts[network.stages.count - 1].pointer, targets: t, n: n, c: network.outputWidth,
                             probs: ws.probs.pointer)
        }
      }
    }
  }

  public func linearize(at parameters: [Scalar], on batch: Batch<Scalar>) -> NetworkLinearization<Scalar> {
    let n = check(parameters, batch)
    let ws = pool.popLast() ?? Workspace(stages: network.stages)
    ws.reserve(stages: network.stages, batch: n)
    return NetworkLinearization(objective: self, parameters: parameters, batch: batch, workspace: ws)
  }

  /// Validates parameters and batch against the network and loss; returns the batch size.
  func check(_ parameters: [Scalar], _ batch: Batch<Scalar>) -> Int {
    precondition(parameters.count == layout.count,
                 "NetworkObjective: \(parameters.count) parameters given, the layout has \(layout.count)")
    let n = network.checkInputs(batch.inputs)
    switch (lossFunction, batch.targets) {
    case (.softmaxCrossEntropy, .classes(let y)):
      precondition(y.count == n, "NetworkObjective: \(y.count) labels for \(n) examples")
    case (.mseHalf, .values(let y)):
      precondition(y.count == n * network.outputWidth,
                   "NetworkObjective: targets of shape \(y.shape) for \(n) examples × \(network.outputWidth) outputs")
    default:
      preconditionFailure("NetworkObjective: \(lossFunction) needs \(lossFunction == .softmaxCrossEntropy ? "class" : "value") targets")
    }
    return n
  }
}

/// Calls `body` with raw pointers to the batch's targets.
func withTargets<S: LensScalar, R>(_ batch: Batch<S>, _ body: (TargetPointer<S>) -> R) -> R {
  switch batch.targets {
  case .classes(let y): return y.withUnsafeBufferPointer { body(.classes($0.baseAddress!)) }
  case .values(let t): return t.scalars.withUnsafeBufferPointer { body(.values($0.baseAddress!)) }
  case .none: preconditionFailure("a supervised objective needs targets")
  }
}

/// Resizes `array` to `count` (allocating only when the size differs).
@inline(__always)
func resize<S: LensScalar>(_ array: inout [S], _ count: Int) {
  if array.count != count { array = [S](repeating: 0, count: count) }
}
