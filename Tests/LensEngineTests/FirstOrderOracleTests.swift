import Testing
import LensEngine

/// Gradient and output JVP against central finite differences (Double precision).
@Suite struct FirstOrderOracleTests {
  /// Tolerance: central differences with h = 1e-6 have truncation error O(h²) ≈ 1e-12 and
  /// rounding error ≈ 1e-16/h = 1e-10 relative to the loss scale, so 1e-7 norm-wise relative.
  static let tolerance = 1e-7

  @Test(arguments: Oracle.cases().map(\.name))
  func gradientMatchesFiniteDifferences(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 11)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let batch = Oracle.batch(c.net, c.loss, n: 6, &g)
    let exact = obj.linearize(at: theta, on: batch).gradient()
    let fd = Oracle.finiteDifferenceGradient(obj, theta, batch)
    #expect(Oracle.relativeError(exact, fd) <= Self.tolerance, "\(name): \(Oracle.relativeError(exact, fd))")
    #expect(!Oracle.close(Oracle.perturbed(exact), fd, Self.tolerance), "perturbed gradient must be rejected")
  }

  @Test(arguments: Oracle.cases().map(\.name))
  func outputJVPMatchesFiniteDifferences(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 12)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let v = Oracle.normals(c.net.parameterCount, &g)
    let batch = Oracle.batch(c.net, c.loss, n: 5, &g)
    let jvp = obj.linearize(at: theta, on: batch).outputJVP(v).scalars
    let h = 1e-6
    let plus = Oracle.outputs(obj, zip(theta, v).map { $0 + h * $1 }, batch)
    let minus = Oracle.outputs(obj, zip(theta, v).map { $0 - h * $1 }, batch)
    let fd = zip(plus, minus).map { ($0 - $1) / (2 * h) }
    #expect(Oracle.relativeError(jvp, fd) <= Self.tolerance, "\(name): \(Oracle.relativeError(jvp, fd))")
    #expect(!Oracle.close(Oracle.perturbed(jvp), fd, Self.tolerance))
  }

  @Test func lossMatchesHandComputation() {
    // One linear layer 2→2, identity weights, zero bias: logits = x.
    let net = try! Network<Double>(inputWidth: 2, layers: [.linear(2)])
    let theta = try! net.flatParameters(["0.weight": [1, 0, 0, 1], "0.bias": [0, 0]])
    let x = Tensor<Double>(shape: [2, 2], scalars: [0, 1, 2, 0])
    let ce = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let l = ce.loss(at: theta, on: Batch(inputs: x, targets: .classes([1, 1])))
    let expected = 0.5 * ((Double.log(1 + Double.exp(1)) - 1) + (Double.log(Double.exp(2) + 1) - 0))
    #expect(abs(l - expected) <= 1e-15)
    // mse_half: mean over batch and outputs of ½(ŷ − y)².
    let mse = NetworkObjective(network: net, loss: .mseHalf)
    let y = Tensor<Double>(shape: [2, 2], scalars: [1, 1, 1, 1])
    let lm = mse.loss(at: theta, on: Batch(inputs: x, targets: .values(y)))
    #expect(abs(lm - 0.5 * (1 + 0 + 1 + 1) / 4) <= 1e-15)
    #expect(ce.work.forward == 1 && ce.work.examples == 2)
  }
}
