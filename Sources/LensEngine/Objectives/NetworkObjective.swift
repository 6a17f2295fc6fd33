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

  public init(network: Network<Scalar>, loss: LossFunction) {
    self.network = network
    self.lossFunction = loss
    self.evaluationWorkspace = Workspace(stages: network.stages)
  }

  /// The mean loss at `parameters` on `batch` (one forward pass in training mode; nothing
  /// cached, no optimizer or model state changed).
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
