import Testing
import LensEngine

/// Model construction from golden-case descriptions, parameter loading and work counters.
@Suite struct NetworkTests {
  @Test func goldenDescriptionBuildsNamedLayout() throws {
    let layers = try [("linear", 8, true), ("relu", 0, false), ("linear", 3, true)].map { (t, out, bias) in
      try LayerSpec.golden(type: t, out: out, bias: bias)
    }
    let net = try Network<Double>(inputWidth: 4, layers: layers)
    #expect(net.layout.tensors.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(net.layout.tensors.map(\.shape) == [[8, 4], [8], [3, 8], [3]])
    #expect(net.layout.tensors.map(\.layer) == [0, 0, 2, 2])
    #expect(net.parameterCount == 8 * 4 + 8 + 3 * 8 + 3)
    #expect(net.outputWidth == 3)
    #expect(LossFunction(rawValue: "mse_half") == .mseHalf)
    #expect(LossFunction(rawValue: "softmax_cross_entropy") == .softmaxCrossEntropy)
    #expect(throws: LensError.self) { try LayerSpec.golden(type: "conv9", out: 1) }
    #expect(throws: LensError.self) { try LayerSpec.golden(type: "linear") }
  }

  @Test func flatParametersChecksNamesAndSizes() throws {
    let net = try Network<Double>(inputWidth: 2, layers: [.linear(2), .tanh, .linear(out: 1, bias: false)])
    let theta = try net.flatParameters(["0.weight": [1, 2, 3, 4], "0.bias": [5, 6], "2.weight": [7, 8]])
    #expect(theta == [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(throws: LensError.self) { try net.flatParameters(["0.weight": [1, 2, 3, 4], "0.bias": [5, 6]]) }
    #expect(throws: LensError.self) { try net.flatParameters(["0.weight": [1, 2, 3], "0.bias": [5, 6], "2.weight": [7, 8]]) }
    #expect(throws: LensError.self) {
      try net.flatParameters(["0.weight": [1, 2, 3, 4], "0.bias": [5, 6], "2.weight": [7, 8], "9.bias": [0]])
    }
    // y = tanh(x Wᵀ + b) · w₂ for x = (1, 0): tanh(1 + 5) · 7 + tanh(3 + 6) · 8.
    let y = net.outputs(parameters: theta, inputs: Tensor(shape: [1, 2], scalars: [1, 0])).scalars
    #expect(abs(y[0] - (7 * Double.tanh(6) + 8 * Double.tanh(9))) <= 1e-14)
  }

  @Test func workCountersCountEachOperation() {
    let net = try! Network<Double>(inputWidth: 3, layers: [.linear(4), .relu, .linear(2)])
    var g = SeededGenerator(key: 41)
    let obj = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let theta = Oracle.normals(net.parameterCount, &g)
    let batch = Oracle.batch(net, .softmaxCrossEntropy, n: 5, &g)
    let lin = obj.linearize(at: theta, on: batch)
    var out: [Double] = []
    lin.gradient(into: &out)
    lin.ggnVectorProduct(theta, into: &out)
    _ = lin.ggnGram([theta, theta, theta])
    lin.hessianVectorProduct(theta, into: &out)
    _ = lin.kroneckerStatistics(.exactFisher)
    _ = obj.loss(at: theta, on: batch)
    #expect(obj.work.forward == 2 && obj.work.examples == 10)
    #expect(obj.work.backward == 1 + 2)
    #expect(obj.work.ggnProduct == 1 && obj.work.jvp == 3 && obj.work.hvp == 1)
  }

  @Test func linearisationsDoNotShareBuffers() {
    // A loss evaluation and a second linearisation between two calls on the first one must
    // not change its results (each linearisation owns its workspace).
    let net = try! Network<Double>(inputWidth: 3, layers: [.linear(4), .tanh, .linear(2)])
    var g = SeededGenerator(key: 42)
    let obj = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let theta = Oracle.normals(net.parameterCount, &g)
    let batch = Oracle.batch(net, .softmaxCrossEntropy, n: 5, &g)
    let lin = obj.linearize(at: theta, on: batch)
    let g1 = lin.gradient()
    let other = obj.linearize(at: theta.map { $0 * 2 }, on: Oracle.batch(net, .softmaxCrossEntropy, n: 9, &g))
    _ = other.gradient()
    _ = obj.loss(at: theta.map { -$0 }, on: batch)
    #expect(lin.gradient() == g1)
  }
}
