/// A `NetworkObjective` linearised at one parameter vector θ on one batch: the forward pass
/// is done once at creation, and every derivative below reuses it.
///
/// With J the Jacobian of the network outputs with respect to θ (per example), ℓ the mean loss
/// and F the per-example output Fisher (see `LossFunction`):
/// - `gradient`: ∇ℓ (one reverse pass).
/// - `outputJVP(v)`: u = J v, `[B, outputs]` (one forward-mode pass).
/// - `ggnVectorProduct(v)`: (1/B) Σₙ Jₙᵀ Fₙ Jₙ v (one forward-mode and one reverse pass).
/// - `ggnGram(vs)`: vᵢᵀ G vⱼ from one forward-mode pass per vector.
/// - `hessianVectorProduct(v)`: ∇²ℓ v, exact, by Pearlmutter's R-backprop (forward-over-reverse).
/// - `kroneckerStatistics(targets)`: per-layer inputs and output gradients.
/// Work counters of the owning objective are advanced by each call.
public final class NetworkLinearization<Scalar: LensScalar>: Linearization {
  public let objective: NetworkObjective<Scalar>
  public let parameters: [Scalar]
  public let batch: Batch<Scalar>
  /// The mean loss at the linearisation point.
  public let loss: Scalar
  let ws: Workspace<Scalar>
  var network: Network<Scalar> { objective.network }
  var lossFunction: LossFunction { objective.lossFunction }
  var n: Int { ws.batch }
  var c: Int { network.outputWidth }
  var last: Int { network.stages.count - 1 }

  init(objective: NetworkObjective<Scalar>, parameters: [Scalar], batch: Batch<Scalar>, workspace: Workspace<Scalar>) {
    self.objective = objective; self.parameters = parameters; self.batch = batch; self.ws = workspace
    let n = workspace.batch
    objective.work.forward += 1; objective.work.examples += n
    var value: Scalar = 0
    parameters.withUnsafeBufferPointer { p in
      batch.inputs.scalars.withUnsafeBufferPointer { x in
        objective.network.forward(workspace, x: x.baseAddress!, p: p.baseAddress!, n: n, training: true)
        value = withTargets(batch) { t in
          objective.lossFunction.value(workspace.acts[objective.network.stages.count - 1].pointer, targets: t, n: n,
                                       c: objective.network.outputWidth, probs: workspace.probs.pointer)
        }
      }
    }
    loss = value
    if objective.commitsNextLinearization {
      objective.commitsNextLinearization = false
      updateRunningStatistics()
    }
  }

  deinit { objective.pool.append(ws) }

  /// Folds this linearisation's batch statistics into the network's batch-norm running
  /// statistics by the network's `RunningStatisticsRule` (PyTorch's or Haiku's training-mode
  /// update); evaluation (`Network.outputs`) reads them, no derivative does. Done at creation
  /// when the objective was armed by `commitRunningStatisticsOnNextLinearization`.
  public func updateRunningStatistics() {
    for (s, sc) in zip(network.stages, ws.chain.scratch) { s.commitRunningStatistics(scratch: sc, n: n) }
  }

  /// The number of examples in the batch.
  public var examples: Int { n }

  /// The network outputs (logits) at the linearisation point, `[B, outputs]`.
  public var outputs: Tensor<Scalar> {
    Tensor(shape: [n, c], scalars: Array(UnsafeBufferPointer(start: ws.acts[last].pointer, count: n * c)))
  }

  /// softmax(outputs) for cross-entropy objectives, `[B, classes]`.
  public var probabilities: Tensor<Scalar> {
    precondition(lossFunction == .softmaxCrossEntropy, "probabilities: only for cross-entropy")
    return Tensor(shape: [n, c], scalars: Array(UnsafeBufferPointer(start: ws.probs.pointer, count: n * c)))
  }

  /// One label per example drawn from the model's predictive distribution softmax(zₙ) (the
  /// sampled Fisher's targets), by `SeededGenerator.categorical`.
  public func sampleLabels(using generator: inout SeededGenerator) -> [Int] {
    precondition(lossFunction == .softmaxCrossEntropy, "sampleLabels: only for cross-entropy")
    return (0..<n).map { r in generator.categorical(weights: UnsafeBufferPointer(start: ws.probs.pointer + r * c, count: c)) }
  }

  private func withPointers<R>(_ body: (UnsafePointer<Scalar>, UnsafePointer<Scalar>, TargetPointer<Scalar>) -> R) -> R {
    parameters.withUnsafeBufferPointer { p in
      batch.inputs.scalars.withUnsafeBufferPointer { x in
        withTargets(batch) { t in body(x.baseAddress!, p.baseAddress!, t) }
      }
    }
  }

  private func checkDirection(_ v: [Scalar]) {
    precondition(v.count == parameters.count, "direction has \(v.count) entries, the layout has \(parameters.count)")
  }

  // MARK: First order

  public func gradient(into result: inout [Scalar]) {
    resize(&result, parameters.count)
    objective.work.backward += 1
    let (n, c) = (self.n, self.c)
    withPointers { x, p, t in
      lossFunction.nllGradient(ws.acts[last].pointer, probs: ws.probs.pointer, targets: t, n: n, c: c,
                               scale: lossFunction.meanGradientScale(n: n, c: c), into: ws.grads[last].pointer)
      result.withUnsafeMutableBufferPointer { g in
        network.backward(ws, x: x, p: p, grad: g.baseAddress!, n: n, sink: nil)
      }
    }
  }

  /// The gradient as a new array.
  public func gradient() -> [Scalar] { var g: [Scalar] = []; gradient(into: &g); return g }

  // MARK: Forward mode

  /// u = J v, the output Jacobian-vector product, `[B, outputs]` (one forward-mode pass).
  public func outputJVP(_ v: [Scalar]) -> Tensor<Scalar> {
    checkDirection(v)
    tangentPass(v)
    return Tensor(shape: [n, c], scalars: Array(UnsafeBufferPointer(start: ws.tangents[last].pointer, count: n * c)))
  }

  private func tangentPass(_ v: [Scalar]) {
    objective.work.jvp += 1
    withPointers { x, p, _ in
      v.withUnsafeBufferPointer { vp in network.tangent(ws, x: x, p: p, v: vp.baseAddress!, n: n) }
    }
  }

  // MARK: Gauss-Newton / Fisher

  public func ggnVectorProduct(_ v: [Scalar], into result: inout [Scalar]) {
    checkDirection(v)
    resize(&result, parameters.count)
    objective.work.ggnProduct += 1
    let (n, c) = (self.n, self.c)
    withPointers { x, p, _ in
      v.withUnsafeBufferPointer { vp in network.tangent(ws, x: x, p: p, v: vp.baseAddress!, n: n) }
      lossFunction.fisherProduct(ws.tangents[last].pointer, probs: ws.probs.pointer, n: n, c: c,
                                 scale: 1 / Scalar(n), into: ws.grads[last].pointer)
      result.withUnsafeMutableBufferPointer { g in
        network.backward(ws, x: x, p: p, grad: g.baseAddress!, n: n, sink: nil)
      }
    }
  }

  public func ggnGram(_ vectors: [[Scalar]]) -> [Scalar] {
    let (n, c) = (self.n, self.c)
    var outs: [UnsafePointer<Scalar>] = []
    for (k, v) in vectors.enumerated() {
      checkDirection(v)
      tangentPass(v)
      let buffer = ws.extra(k, count: n * c)
      buffer.update(from: ws.tangents[last].pointer, count: n * c)
      outs.append(UnsafePointer(buffer))
    }
    return lossFunction.fisherGram(outs, probs: ws.probs.pointer, n: n, c: c)
  }

  // MARK: Exact Hessian

  public func hessianVectorProduct(_ v: [Scalar], into result: inout [Scalar]) {
    secondOrder(v, gradient: nil, hv: &result)
  }

  /// The gradient and Hv together from one forward-mode pass and one combined reverse pass
  /// (AdaHessian's step; cheaper than `gradient` then `hessianVectorProduct`).
  public func gradientAndHessianVectorProduct(_ v: [Scalar], gradient: inout [Scalar], hessianVectorProduct hv: inout [Scalar]) {
    resize(&gradient, parameters.count)
    objective.work.backward += 1
    gradient.withUnsafeMutableBufferPointer { g in secondOrder(v, gradient: g.baseAddress!, hv: &hv) }
  }

  private func secondOrder(_ v: [Scalar], gradient: UnsafeMutablePointer<Scalar>?, hv result: inout [Scalar]) {
    checkDirection(v)
    resize(&result, parameters.count)
    objective.work.hvp += 1
    let (n, c) = (self.n, self.c)
    withPointers { x, p, t in
      v.withUnsafeBufferPointer { vp in
        network.tangent(ws, x: x, p: p, v: vp.baseAddress!, n: n)
        let scale: Scalar = lossFunction.meanGradientScale(n: n, c: c)
        lossFunction.nllGradient(ws.acts[last].pointer, probs: ws.probs.pointer, targets: t, n: n, c: c,
                                 scale: scale, into: ws.grads[last].pointer)
        lossFunction.hessianProduct(ws.tangents[last].pointer, probs: ws.probs.pointer, n: n, c: c,
                                    scale: 1 / Scalar(n), into: ws.gradTangents[last].pointer)
        result.withUnsafeMutableBufferPointer { h in
          network.secondOrderBackward(ws, x: x, p: p, v: vp.baseAddress!, grad: gradient, hv: h.baseAddress!, n: n)
        }
      }
    }
  }

  // MARK: Kronecker statistics

  /// Per-layer Kronecker statistics (see `KroneckerStatistics` and `CurvatureTargets`).
  ///
  /// Output gradients are those of the SUMMED per-example negative log-likelihood (not divided
  /// by B): CE pₙ − onehot(ŷₙ); MSE ẑₙ − ŷₙ with the Gaussian NLL ½‖z − y‖² summed over outputs
  /// (so for `.trueLabels` the rows are C times the gradient of the summed `mseHalf` loss).
  /// `.exactFisher` backpropagates each column a of a square root of the output Fisher
  /// (CE √pₐ(eₐ − p), MSE eₐ): `outputGradients` then holds C blocks of B·positions rows,
  /// block a for column a, while `inputs` holds the B·positions rows once.
  public func kroneckerStatistics(_ targets: CurvatureTargets) -> [KroneckerStatistics<Scalar>] {
    let (n, c) = (self.n, self.c)
    let sink = KroneckerSink<Scalar>(examples: n)
    let seed = ws.grads[last].pointer
    withPointers { x, p, t in
      func run() { objective.work.backward += 1; network.backward(ws, x: x, p: p, grad: nil, n: n, sink: sink) }
      switch targets {
      case .trueLabels:
        lossFunction.nllGradient(ws.acts[last].pointer, probs: ws.probs.pointer, targets: t, n: n, c: c, scale: 1, into: seed)
        run()
      case .sampledLabels(let labels):
        precondition(lossFunction == .softmaxCrossEntropy, "sampledLabels: only for cross-entropy")
        precondition(labels.count == n, "sampledLabels: \(labels.count) labels for \(n) examples")
        let y = labels.map { Int32($0) }
        y.withUnsafeBufferPointer { yp in
          lossFunction.nllGradient(ws.acts[last].pointer, probs: ws.probs.pointer, targets: .classes(yp.baseAddress!),
                                   n: n, c: c, scale: 1, into: seed)
        }
        run()
      case .sampledGaussianNoise(let noise):
        precondition(lossFunction == .mseHalf, "sampledGaussianNoise: only for mse_half")
        precondition(noise.count == n * c, "sampledGaussianNoise: \(noise.count) values for \(n)×\(c) outputs")
        for i in 0..<(n * c) { seed[i] = Scalar(-noise[i]) }
        run()
      case .exactFisher:
        for a in 0..<c {
          lossFunction.fisherSquareRootColumn(a, probs: ws.probs.pointer, n: n, c: c, into: seed)
          run()
        }
      }
    }
    return sink.statistics()
  }
}
