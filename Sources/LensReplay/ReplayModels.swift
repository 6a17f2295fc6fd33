import LensEngine
import LensOptimizers

/// Builds the engine models of the replay cases.
enum ReplayModels {
  static func makeObjective<S: LensScalar>(_ c: ReplayCase, as _: S.Type) throws -> any Objective<S> {
    let layers = try c.model.layers.map { l in
      try LayerSpec.golden(type: l.kind.rawValue, out: l.out, bias: l.bias)
    }
    let loss: LossFunction
    switch c.model.loss {
    case .softmaxCrossEntropy: loss = .softmaxCrossEntropy
    case .mseHalf: loss = .mseHalf
    case .rosenbrockQuarter: throw LensError.badInput("rosenbrock_quarter is not a network loss")
    }
    let network = try Network<S>(inputWidth: c.model.input, layers: layers)
    return NetworkObjective(network: network, loss: loss)
  }

  static func batch<S: LensScalar>(_ b: ReplayCase.Batch, _ c: ReplayCase, as _: S.Type) throws -> Batch<S> {
    let x = Tensor<S>(shape: b.x.shape, scalars: b.x.data.map { S($0) })
    switch c.model.loss {
    case .softmaxCrossEntropy:
      return Batch(inputs: x, targets: .classes(b.y.data.map { Int32($0) }))
    case .mseHalf, .rosenbrockQuarter:
      return Batch(inputs: x, targets: .values(Tensor(shape: b.y.shape, scalars: b.y.data.map { S($0) })))
    }
  }
}
