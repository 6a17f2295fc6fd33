/// Turns a layer list into executable stages and the flat parameter layout.
///
/// A linear layer immediately followed by an activation becomes one fused `DenseStage`
/// (the activation's list index is consumed; it owns no parameters).
struct StageBuilder<S: LensScalar> {
  var layout = ParameterLayout()
  var stages: [any Stage<S>] = []
  var shape: [Int]

  init(inputShape: [Int]) { shape = inputShape }

  mutating func build(_ layers: [LayerSpec], indexOffset: Int = 0) throws {
    var i = 0
    while i < layers.count {
      let index = i + indexOffset
      switch layers[i] {
      case .linear(let out, let bias):
        let inputs = shape.reduce(1, *)
        guard inputs > 0 else { throw LensError.badInput("layer \(index): linear layer on an empty input") }
        var act = Activation.identity
        if i + 1 < layers.count, case .activation(let a) = layers[i + 1] { act = a; i += 1 }
        let w = layout.append(name: "\(index).weight", shape: [out, inputs], role: .weight, layer: index)
        let b = bias ? layout.append(name: "\(index).bias", shape: [out], role: .bias, layer: index) : nil
        stages.append(DenseStage<S>(inputs: inputs, outputs: out, activation: act, layer: index, weightTensor: w,
                                    biasTensor: b, weightOffset: layout.tensors[w].offset,
                                    biasOffset: b.map { layout.tensors[$0].offset }))
        shape = [out]
      case .activation(let a):
        stages.append(ActivationStage<S>(shape: shape, activation: a))
      case .softmax:
        stages.append(SoftmaxStage<S>(width: shape.reduce(1, *)))
        shape = [shape.reduce(1, *)]
      }
      i += 1
    }
  }
}
