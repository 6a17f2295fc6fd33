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
  let stages: [any Stage<Scalar>]

  /// Builds the network; throws `LensError.badInput` for an inconsistent layer list.
  public init(inputShape: [Int], layers: [LayerSpec]) throws {
    guard !layers.isEmpty else { throw LensError.badInput("a network needs at least one layer") }
    guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
      throw LensError.badInput("input shape \(inputShape) must be non-empty and positive")
    }
    var builder = StageBuilder<Scalar>(inputShape: inputShape)
    try builder.build(layers)
    self.inputShape = inputShape
    self.layers = layers
    self.layout = builder.layout
    self.stages = builder.stages
    self.outputShape = builder.shape
  }

  /// A network on flat inputs of `inputWidth` features (the golden-case `model.input`).
  public convenience init(inputWidth: Int, layers: [LayerSpec]) throws {
    try self.init(inputShape: [inputWidth], layers: layers)
  }

  public var inputWidth: Int { inputShape.reduce(1, *) }
  public var outputWidth: Int { outputShape.reduce(1, *) }
  public var parameterCount: Int { layout.count }

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

  @inline(__always) private func input(_ ws: Workspace<Scalar>, _ i: Int, _ x: UnsafePointer<Scalar>) -> UnsafePointer<Scalar> {
    i == 0 ? x : UnsafePointer(ws.acts[i - 1].pointer)
  }

  /// Forward pass: fills `ws.acts`; the output is `ws.acts.last`.
  func forward(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>, n: Int, training: Bool) {
    for (i, s) in stages.enumerated() {
      s.forward(x: input(ws, i, x), y: ws.acts[i].pointer, p: p, n: n, scratch: ws.scratch[i], training: training)
    }
  }

  /// Reverse pass from the seed in `ws.grads.last` (∂ℓ/∂output), writing the parameter
  /// gradient to `grad` (if given) and feeding `sink` (if given).
  func backward(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>,
                grad: UnsafeMutablePointer<Scalar>?, n: Int, sink: KroneckerSink<Scalar>?) {
    for i in stride(from: stages.count - 1, through: 0, by: -1) {
      stages[i].backward(x: input(ws, i, x), y: ws.acts[i].pointer, gy: ws.grads[i].pointer,
                         gx: i > 0 ? ws.grads[i - 1].pointer : nil, p: p, grad: grad, n: n,
                         scratch: ws.scratch[i], sink: sink)
    }
  }

  /// Forward-mode pass in parameter direction `v`: fills `ws.tangents`; the output tangent
  /// J v is `ws.tangents.last`.
  func tangent(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>, v: UnsafePointer<Scalar>, n: Int) {
    for (i, s) in stages.enumerated() {
      s.tangent(x: input(ws, i, x), y: ws.acts[i].pointer, xdot: i > 0 ? UnsafePointer(ws.tangents[i - 1].pointer) : nil,
                ydot: ws.tangents[i].pointer, p: p, v: v, n: n, scratch: ws.scratch[i])
    }
  }

  /// R-backprop from the seeds `ws.grads.last` (g) and `ws.gradTangents.last` (ġ), after
  /// `tangent` in direction `v`: writes Hv to `hv` and, if given, the gradient to `grad`.
  func secondOrderBackward(_ ws: Workspace<Scalar>, x: UnsafePointer<Scalar>, p: UnsafePointer<Scalar>,
                           v: UnsafePointer<Scalar>, grad: UnsafeMutablePointer<Scalar>?,
                           hv: UnsafeMutablePointer<Scalar>, n: Int) {
    for i in stride(from: stages.count - 1, through: 0, by: -1) {
      stages[i].secondOrderBackward(
        x: input(ws, i, x), y: ws.acts[i].pointer,
        xdot: i > 0 ? UnsafePointer(ws.tangents[i - 1].pointer) : nil, ydot: ws.tangents[i].pointer,
        gy: ws.grads[i].pointer, gydot: ws.gradTangents[i].pointer,
        gx: i > 0 ? ws.grads[i - 1].pointer : nil, gxdot: i > 0 ? ws.gradTangents[i - 1].pointer : nil,
        p: p, v: v, grad: grad, hv: hv, n: n, scratch: ws.scratch[i])
    }
  }
}
