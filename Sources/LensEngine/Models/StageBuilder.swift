/// Turns a layer list into executable stages and the flat parameter layout.
///
/// A linear or convolution layer immediately followed by an activation becomes one fused
/// `DenseStage` / `Conv2dStage` (the activation's list index is consumed; it owns no parameters).
struct StageBuilder<S: LensScalar> {
  var layout = ParameterLayout()
  var stages: [any Stage<S>] = []
  var shape: [Int]
  /// The running-statistics rule of every batch-norm layer built (nested ones too).
  var runningStatistics: RunningStatisticsRule = .pytorch

  init(inputShape: [Int], runningStatistics: RunningStatisticsRule = .pytorch) {
    shape = inputShape; self.runningStatistics = runningStatistics
  }

  /// `prefix` names nested parameters (`"3.body."`); `owner` is the top-level layer index
  /// recorded in the layout (nil: the layer's own index).
  mutating func build(_ layers: [LayerSpec], prefix: String = "", owner: Int? = nil) throws {
    var i = 0
    while i < layers.count {
      let index = owner ?? i
      let name = prefix + String(i)
      switch layers[i] {
      case .linear(let out, let bias):
        let inputs = shape.reduce(1, *)
        guard inputs > 0 else { throw LensError.badInput("layer \(index): linear layer on an empty input") }
        var act = Activation.identity
        if i + 1 < layers.count, case .activation(let a) = layers[i + 1] { act = a; i += 1 }
        let w = layout.append(name: "\(name).weight", shape: [out, inputs], role: .weight, layer: index)
        let b = bias ? layout.append(name: "\(name).bias", shape: [out], role: .bias, layer: index) : nil
        stages.append(DenseStage<S>(inputs: inputs, outputs: out, activation: act, layer: index, weightTensor: w,
                                    biasTensor: b, weightOffset: layout.tensors[w].offset,
                                    biasOffset: b.map { layout.tensors[$0].offset }))
        shape = [out]
      case .activation(let a):
        stages.append(ActivationStage<S>(shape: shape, activation: a))
      case .softmax:
        stages.append(SoftmaxStage<S>(width: shape.reduce(1, *)))
        shape = [shape.reduce(1, *)]
      case .conv2d(let out, let kernel, let stride, let padding, let bias):
        let g = try window(index, kernel: kernel, stride: stride, padding: padding)
        var act = Activation.identity
        if i + 1 < layers.count, case .activation(let a) = layers[i + 1] { act = a; i += 1 }
        let w = layout.append(name: "\(name).weight", shape: [out, g.channels, kernel, kernel], role: .weight, layer: index)
        let b = bias ? layout.append(name: "\(name).bias", shape: [out], role: .bias, layer: index) : nil
        stages.append(Conv2dStage<S>(geometry: g, outChannels: out, activation: act, layer: index, weightTensor: w, biasTensor: b,
                                     weightOffset: layout.tensors[w].offset, biasOffset: b.map { layout.tensors[$0].offset }))
        shape = [out, g.outHeight, g.outWidth]
      case .maxPool(let size, let stride, let padding):
        let g = try window(index, kernel: size, stride: stride, padding: padding)
        // Every window must hold an input cell (padding is −∞, never selected).
        guard g.padTop < size, g.padLeft < size, (g.outHeight - 1) * stride - g.padTop < g.height,
              (g.outWidth - 1) * stride - g.padLeft < g.width else {
          throw LensError.badInput("layer \(index): max-pool padding \(padding) leaves a window with no input cell")
        }
        stages.append(PoolStage<S>(kind: .max, geometry: g))
        shape = [g.channels, g.outHeight, g.outWidth]
      case .avgPool(let size, let stride):
        let g = try window(index, kernel: size, stride: stride, padding: 0)
        stages.append(PoolStage<S>(kind: .average, geometry: g))
        shape = [g.channels, g.outHeight, g.outWidth]
      case .flatten:
        stages.append(FlattenStage<S>(shape: shape))
        shape = [shape.reduce(1, *)]
      case .batchNorm(let momentum, let epsilon):
        let channels = shape[0]
        let w = layout.append(name: "\(name).weight", shape: [channels], role: .scale, layer: index)
        let b = layout.append(name: "\(name).bias", shape: [channels], role: .shift, layer: index)
        stages.append(NormalizationStage<S>(kind: .batch(momentum: momentum), shape: shape, epsilon: epsilon, layer: index,
                                            scaleTensor: w, shiftTensor: b, scaleOffset: layout.tensors[w].offset,
                                            shiftOffset: layout.tensors[b].offset, rule: runningStatistics))
      case .layerNorm(let epsilon):
        let w = layout.append(name: "\(name).weight", shape: shape, role: .scale, layer: index)
        let b = layout.append(name: "\(name).bias", shape: shape, role: .shift, layer: index)
        stages.append(NormalizationStage<S>(kind: .layer, shape: shape, epsilon: epsilon, layer: index,
                                            scaleTensor: w, shiftTensor: b, scaleOffset: layout.tensors[w].offset,
                                            shiftOffset: layout.tensors[b].offset))
      case .residual(let body, let shortcut):
        var bodyBuilder = StageBuilder(inputShape: shape, runningStatistics: runningStatistics)
        bodyBuilder.layout = layout
        try bodyBuilder.build(body, prefix: "\(name).body.", owner: index)
        var shortcutBuilder = StageBuilder(inputShape: shape, runningStatistics: runningStatistics)
        shortcutBuilder.layout = bodyBuilder.layout
        try shortcutBuilder.build(shortcut, prefix: "\(name).shortcut.", owner: index)
        guard bodyBuilder.shape.reduce(1, *) == shortcutBuilder.shape.reduce(1, *), bodyBuilder.shape == shortcutBuilder.shape else {
          throw LensError.badInput("layer \(name): residual body gives \(bodyBuilder.shape) but the shortcut gives \(shortcutBuilder.shape)")
        }
        layout = shortcutBuilder.layout
        stages.append(ResidualStage<S>(inShape: shape, body: bodyBuilder.stages, shortcut: shortcutBuilder.stages))
        shape = bodyBuilder.shape
      }
      i += 1
    }
  }

  /// The window geometry of a conv/pool layer on the current `[C, H, W]` shape, with the
  /// padding resolved per side (`Padding.resolve`).
  private func window(_ index: Int, kernel: Int, stride: Int, padding: Padding) throws -> WindowGeometry {
    guard shape.count == 3 else { throw LensError.badInput("layer \(index): needs [C, H, W] inputs, got \(shape)") }
    if case .symmetric(let p) = padding, p < 0 { throw LensError.badInput("layer \(index): negative padding \(p)") }
    guard kernel > 0, stride > 0 else { throw LensError.badInput("layer \(index): bad window \(kernel)/\(stride)/\(padding)") }
    let (top, bottom) = padding.resolve(size: shape[1], kernel: kernel, stride: stride)
    let (left, right) = padding.resolve(size: shape[2], kernel: kernel, stride: stride)
    let g = WindowGeometry(channels: shape[0], height: shape[1], width: shape[2], kernelHeight: kernel, kernelWidth: kernel,
                           stride: stride, padTop: top, padBottom: bottom, padLeft: left, padRight: right)
    guard g.outHeight > 0, g.outWidth > 0 else { throw LensError.badInput("layer \(index): window larger than the input \(shape)") }
    return g
  }
}
