/// A feed-forward network: a layer list applied in order to a batch of inputs.
///
/// Inputs are `[B, inputShape…]` row-major (images `[B, C, H, W]`); the outputs are
/// `[B, outputWidth]` (logits for classification). Parameters live in ONE flat vector laid out
/// by `layout` (names `"<layer index>.weight"`, `"<layer index>.bias"`, linear weights
/// `[out, in]`), so the network itself holds no parameter values and any point can be
/// evaluated.
public final class Network<Scalar: LensScalar> {
  /// Per-example input shape (`[features]` or `[C, H, W]`).
  public let inputShape: [Int]
  public let layers: [LayerSpec]
  public let layout: ParameterLayout
  /// Per-example output shape.
  public let outputShape: [Int]
  /// Parameter tensors that `initialParameters` sets to zero whatever the initializer.
  public let zeroInitialized: Set<String>
  /// How the batch-norm layers update their running statistics (see `RunningStatisticsRule`).
  public let batchNormStatistics: RunningStatisticsRule
  let stages: [any Stage<Scalar>]

  /// Builds the network; throws `LensError.badInput` for an inconsistent layer list or a
  /// `zeroInitialized` name that is not a parameter tensor of it.
  public init(inputShape: [Int], layers: [LayerSpec], zeroInitialized: [String] = [],
              batchNormStatistics: RunningStatisticsRule = .pytorch) throws {
    guard !layers.isEmpty else { throw LensError.badInput("a network needs at least one layer") }
    guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
      throw LensError.badInput("input shape \(inputShape) must be non-empty and positive")
    }
    var builder = StageBuilder<Scalar>(inputShape: inputShape, runningStatistics: batchNormStatistics)
    try builder.build(layers)
    self.batchNormStatistics = batchNormStatistics
    self.inputShape = inputShape
    self.layers = layers
    self.layout = builder.layout
    self.stages = builder.stages
    self.outputShape = builder.shape
    let names = Set(builder.layout.tensors.map(\.name))
    if let unknown = zeroInitialized.first(where: { !names.contains($0) }) {
      throw LensError.badInput("zero-initialised tensor \"\(unknown)\" is not a parameter of this network")
    }
    self.zeroInitialized = Set(zeroInitialized)
  }

  /// A network on flat inputs of `inputWidth` features (the golden-case `model.input`).
  public convenience init(inputWidth: Int, layers: [LayerSpec]) throws {
    try self.init(inputShape: [inputWidth], layers: layers)
  }

  public var inputWidth: Int { inputShape.reduce(1, *) }
  public var outputWidth: Int { outputShape.reduce(1, *) }
  public var parameterCount: Int { layout.count }

  /// Whether any layer (residual bodies and shortcuts included) is a batch norm, i.e. the
  /// network has running statistics and evaluation mode differs from training mode.
  public var hasBatchNorm: Bool { !batchNormStages.isEmpty }

  /// Whether any layer (residual bodies and shortcuts included) is a convolution.
  public var hasConvolutions: Bool {
    func any(_ layers: [LayerSpec]) -> Bool {
      layers.contains { layer in
        switch layer {
        case .conv2d: return true
        case .residual(let body, let shortcut): return any(body) || any(shortcut)
        default: return false
        }
      }
    }
    return any(layers)
  }

  /// The running statistics of every batch-norm layer, in layer order (a residual block's body
  /// before its shortcut), per channel.
  public var runningStatistics: [(mean: [Double], variance: [Double])] {
    batchNormStages.map { ($0.runningMean, $0.runningVariance) }
  }

  /// The batch-norm stages, depth first in layer order.
  var batchNormStages: [NormalizationStage<Scalar>] {
    func collect(_ stages: [any Stage<Scalar>]) -> [NormalizationStage<Scalar>] {
      stages.flatMap { stage -> [NormalizationStage<Scalar>] in
        if let norm = stage as? NormalizationStage<Scalar> { return norm.isBatchNorm ? [norm] : [] }
        return stage.subchains.flatMap(collect)
      }
    }
    return collect(stages)
  }

  /// The flat parameter vector holding `tensors` (name → row-major values); every tensor of
  /// the layout must be given with its exact size.
  public func flatParameters(_ tensors: [String: [Scalar]]) throws -> [Scalar] {
    var flat = [Scalar](repeating: 0, count: layout.count)
    for t in layout.tensors {
      guard let values = tensors[t.name] else { throw LensError.badInput("missing parameter \"\(t.name)\"") }
      guard values.count == t.count else {
        throw LensError.badInput("parameter \"\(t.name)\" needs \(t.count) values (shape \(t.shape)), got \(values.count)")
      }
      flat.replaceSubrange(t.range, with: values)
    }
    if let extra = Set(tensors.keys).subtracting(layout.tensors.map(\.name)).sorted().first {
      throw LensError.badInput("unknown parameter \"\(extra)\"")
    }
    return flat
  }

  /// The network's outputs at `parameters` for `inputs` (`[B, inputShape…]`), in evaluation
  /// mode (batch norm uses its running statistics).
  public func outputs(parameters: [Scalar], inputs: Tensor<Scalar>) -> Tensor<Scalar> {
    let n = checkInputs(inputs)
    let ws = Workspace<Scalar>(stages: stages)
    ws.reserve(stages: stages, batch: n)
    parameters.withUnsafeBufferPointer { p in
      inputs.scalars.withUnsafeBufferPointer { x in
        forward(ws, x: x.baseAddress!, p: p.baseAddress!, n: n, training: false)
      }
    }
    let out = Array(UnsafeBufferPointer(start: ws.acts[stages.count - 1].pointer, count: n * outputWidth))
    return Tensor(shape: [n] + outputShape, scalars: out)
  }

  /// Validates a batch's inputs against the network and returns the batch size.
  func checkInputs(_ inputs: Tensor<Scalar>) -> Int {
    let n = inputs.shape.first ?? 0
    precondition(n > 0, "Network: empty batch")
    precondition(inputs.count == n * inputWidth,
                 "Network: inputs of shape \(inputs.shape) do not match the input shape \(inputShape)")
    return n
  }

  // MARK: Passes over a workspace

  var chain: Chain<Scalar> { Chain(stages: stages) }

  /// Forward pass: fills `ws.acts`; the output is `ws.acts.last`.
  func forward(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>, n: Int, training: Bool) {
    chain.forward(ws.chain, x: x, p: p, n: n, training: training)
  }

  /// Reverse pass from the seed in `ws.grads.last` (∂ℓ/∂output), writing the parameter
  /// gradient to `grad` (if given) and feeding `sink` (if given).
  func backward(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>,
                grad: UnsafeMutablePointer<Scalar>?, n: Int, sink: KroneckerSink<Scalar>?) {
    chain.backward(ws.chain, x: x, p: p, gx: nil, grad: grad, n: n, sink: sink)
  }

  /// Forward-mode pass in parameter direction `v`: fills `ws.tangents`; the output tangent
  /// J v is `ws.tangents.last`.
  func tangent(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>, v: UnsafePointer<Scalar>, n: Int) {
    chain.tangent(ws.chain, x: x, xdot: nil, p: p, v: v, n: n)
  }

  /// R-backprop from the seeds `ws.grads.last` (g) and `ws.gradTangents.last` (ġ), after
  /// `tangent` in direction `v`: writes Hv to `hv` and, if given, the gradient to `grad`.
  func secondOrderBackward(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>,
                           v: UnsafePointer<Scalar>, grad: UnsafeMutablePointer<Scalar>?,
                           hv: UnsafeMutablePointer<Scalar>, n: Int) {
    chain.secondOrderBackward(ws.chain, x: x, xdot: nil, p: p, v: v, gx: nil, gxdot: nil, grad: grad, hv: hv, n: n)
  }
}
