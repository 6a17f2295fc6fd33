import Testing
import LensEngine

/// Row kernels that the oracle networks do not reach: bias gradients (column sums as products
/// with a vector of ones) over more rows than that vector holds, against a plain sum.
@Suite struct RowKernelTests {
  /// Linear 3 → 2 with ½-squared error averaged over 40 000 rows and both outputs (one chunk; the
  /// ones vector holds 16 384): ∂ℓ/∂b = (1/(2n)) Σₙ (zₙ − yₙ).
  @Test func biasGradientOverManyRowsIsTheMeanResidual() throws {
    let n = 40_000
    let net = try Network<Double>(inputShape: [3], layers: [.linear(2)])
    let obj = NetworkObjective(network: net, loss: .mseHalf)
    var g = SeededGenerator(key: 74)
    let theta = Oracle.normals(net.parameterCount, &g)
    let batch = Oracle.batch(net, .mseHalf, n: n, &g)
    let gradient = obj.linearize(at: theta, on: batch).gradient()
    let z = net.outputs(parameters: theta, inputs: batch.inputs).scalars
    guard case .values(let y) = batch.targets else { Issue.record("targets"); return }
    var expected = [0.0, 0.0]
    for r in 0..<n { for j in 0..<2 { expected[j] += (z[r * 2 + j] - y.scalars[r * 2 + j]) / Double(2 * n) } }
    let bias = net.layout.tensors.first { $0.name == "0.bias" }!
    let got = Array(gradient[bias.range])
    #expect(Oracle.relativeError(got, expected) <= 1e-12, "\(got) vs \(expected)")
  }
}
