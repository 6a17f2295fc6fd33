import Foundation
import Testing
import LensCore
@testable import LensEngine

/// Batch-norm running statistics: Haiku's zero-debiased moving average and PyTorch's rule,
/// committed once per arming by the next linearisation, against batch statistics computed by
/// hand from the layer inputs (Double).
@Suite struct BatchNormStatisticsTests {
  static let momentum = 0.1, epsilon = 1e-5

  /// conv 2×2 (1 → 2 channels, bias, no padding) on 1×3×3 inputs → BN → residual(body: BN)
  /// → flatten → linear(2): the first BN sees the convolution's outputs, the second (inside a
  /// residual body) the first BN's outputs.
  static func network(_ rule: RunningStatisticsRule) throws -> Network<Double> {
    let bn = LayerSpec.batchNorm(momentum: momentum, epsilon: epsilon)
    return try Network<Double>(Architecture(
      name: "conv-bn-res", inputShape: [1, 3, 3],
      layers: [.conv2d(out: 2, kernel: 2, stride: 1, padding: 0, bias: true), bn,
               .residual(body: [bn], shortcut: []), .flatten, .linear(out: 2, bias: true)],
      batchNormStatistics: rule))
  }

  static func parameters(_ net: Network<Double>) -> [Double] {
    var g = SeededGenerator(key: 41)
    return (0..<net.parameterCount).map { _ in g.normal() }
  }

  static func batches(_ count: Int, size: Int = 4) -> [Batch<Double>] {
    var g = SeededGenerator(key: 42)
    return (0..<count).map { b in
      Batch(inputs: Tensor(shape: [size, 1, 3, 3], scalars: (0..<(size * 9)).map { _ in 2 * g.normal() + Double(b) }),
            targets: .values(Tensor(zeros: [size, 2])))
    }
  }

  static func tensor(_ net: Network<Double>, _ theta: [Double], _ name: String) -> [Double] {
    Array(theta[net.layout.tensors.first { $0.name == name }!.range])
  }

  /// Per channel (mean, biased variance) of `[n, C, P]` values.
  static func channelStatistics(_ v: [Double], n: Int, channels: Int, positions p: Int) -> [(Double, Double)] {
    (0..<channels).map { c in
      var xs: [Double] = []
      for e in 0..<n { for i in 0..<p { xs.append(v[(e * channels + c) * p + i]) } }
      let mean = xs.reduce(0, +) / Double(xs.count)
      return (mean, xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count))
    }
  }

  /// The batch statistics of both BN layers for one batch, by hand: the convolution
  /// yₑₒᵢⱼ = bₒ + Σᵤᵥ Wₒ₀ᵤᵥ xₑ₀₍ᵢ₊ᵤ₎₍ⱼ₊ᵥ₎, then z = γ(y − μ)/√(σ² + ε) + β.
  static func batchStatistics(_ net: Network<Double>, _ theta: [Double], _ batch: Batch<Double>) -> [[(Double, Double)]] {
    let x = batch.inputs.scalars, n = batch.inputs.shape[0]
    let w = tensor(net, theta, "0.weight"), b = tensor(net, theta, "0.bias")
    let gamma = tensor(net, theta, "1.weight"), beta = tensor(net, theta, "1.bias")
    var y = [Double](repeating: 0, count: n * 2 * 4)
    for e in 0..<n { for o in 0..<2 { for i in 0..<2 { for j in 0..<2 {
      var s = b[o]
      for u in 0..<2 { for v in 0..<2 { s += w[o * 4 + u * 2 + v] * x[e * 9 + (i + u) * 3 + (j + v)] } }
      y[(e * 2 + o) * 4 + i * 2 + j] = s
    } } } }
    let first = channelStatistics(y, n: n, channels: 2, positions: 4)
    var z = y
    for e in 0..<n { for o in 0..<2 { for i in 0..<4 {
      let k = (e * 2 + o) * 4 + i
      z[k] = gamma[o] * (y[k] - first[o].0) / (first[o].1 + epsilon).squareRoot() + beta[o]
    } } }
    return [first, channelStatistics(z, n: n, channels: 2, positions: 4)]
  }

  static func close(_ a: Double, _ b: Double, _ tol: Double = 1e-10) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }

  @Test func haikuRuleIsTheZeroDebiasedMovingAverageOfBatchMeansAndBiasedVariances() throws {
    let net = try Self.network(.haiku)
    #expect(net.batchNormStatistics == .haiku && net.hasBatchNorm && net.hasConvolutions)
    let theta = Self.parameters(net)
    let obj = NetworkObjective(network: net, loss: .mseHalf)
    let batches = Self.batches(3)
    let stats = batches.map { Self.batchStatistics(net, theta, $0) }
    let d = 0.9   // Haiku's decay_rate = 1 − momentum
    for (t, batch) in batches.enumerated() {
      obj.commitRunningStatisticsOnNextLinearization()
      _ = obj.linearize(at: theta, on: batch)
      // Direct (non-recursive) form: Σₛ (1 − d) d^(t−s) vₛ / (1 − dᵗ) over the t + 1 batches so far.
      let running = net.runningStatistics
      #expect(running.count == 2)
      for layer in 0..<2 {
        for c in 0..<2 {
          var mean = 0.0, variance = 0.0
          for s in 0...t {
            let weight = (1 - d) * pow(d, Double(t - s))
            mean += weight * stats[s][layer][c].0; variance += weight * stats[s][layer][c].1
          }
          let debias = 1 - pow(d, Double(t + 1))
          #expect(Self.close(running[layer].mean[c], mean / debias), "t \(t) layer \(layer) channel \(c) mean")
          #expect(Self.close(running[layer].variance[c], variance / debias), "t \(t) layer \(layer) channel \(c) variance")
        }
      }
    }
    // After the first commit the average is that batch's statistics exactly (debiasing).
    let fresh = try Self.network(.haiku)
    let freshObj = NetworkObjective(network: fresh, loss: .mseHalf)
    freshObj.commitRunningStatisticsOnNextLinearization()
    _ = freshObj.linearize(at: theta, on: batches[0])
    #expect(Self.close(fresh.runningStatistics[1].variance[0], stats[0][1][0].1))
  }

  @Test func pytorchRuleIsUnchanged() throws {
    let net = try Self.network(.pytorch)
    #expect(net.batchNormStatistics == .pytorch)
    let theta = Self.parameters(net)
    let obj = NetworkObjective(network: net, loss: .mseHalf)
    let batches = Self.batches(3)
    var expected = [[(Double, Double)]](repeating: [(0, 1), (0, 1)], count: 2)
    let m = 4.0 * 4   // members per channel: 4 examples × 2×2 positions
    for batch in batches {
      let stats = Self.batchStatistics(net, theta, batch)
      for layer in 0..<2 { for c in 0..<2 {
        let (mu, v) = stats[layer][c]
        expected[layer][c] = ((1 - Self.momentum) * expected[layer][c].0 + Self.momentum * mu,
                              (1 - Self.momentum) * expected[layer][c].1 + Self.momentum * v * m / (m - 1))
      } }
      obj.commitRunningStatisticsOnNextLinearization()
      _ = obj.linearize(at: theta, on: batch)
    }
    for layer in 0..<2 { for c in 0..<2 {
      #expect(Self.close(net.runningStatistics[layer].mean[c], expected[layer][c].0))
      #expect(Self.close(net.runningStatistics[layer].variance[c], expected[layer][c].1))
    } }
  }

  @Test func commitIsOneShotAndLeavesDerivativesAndWorkAlone() throws {
    let theta = Self.parameters(try Self.network(.haiku))
    let batches = Self.batches(2)
    let armedNet = try Self.network(.haiku), plainNet = try Self.network(.haiku)
    let armed = NetworkObjective(network: armedNet, loss: .mseHalf)
    let plain = NetworkObjective(network: plainNet, loss: .mseHalf)
    // Without arming nothing is committed.
    _ = plain.linearize(at: theta, on: batches[0])
    #expect(plainNet.runningStatistics.allSatisfy { $0.mean == [0, 0] && $0.variance == [1, 1] })
    armed.commitRunningStatisticsOnNextLinearization()
    let first = armed.linearize(at: theta, on: batches[0])
    #expect(!armed.commitsNextLinearization)
    let afterFirst = armedNet.runningStatistics
    // A second linearisation in the same step (another batch) does not commit.
    _ = armed.linearize(at: theta, on: batches[1])
    let afterSecond = armedNet.runningStatistics
    #expect(afterFirst.map(\.mean) == afterSecond.map(\.mean) && afterFirst.map(\.variance) == afterSecond.map(\.variance))
    let stats = Self.batchStatistics(armedNet, theta, batches[0])
    #expect(Self.close(afterFirst[0].mean[1], stats[0][1].0) && Self.close(afterFirst[0].variance[1], stats[0][1].1))
    // Derivatives, loss and work counters are those of an unarmed linearisation.
    let reference = plain.linearize(at: theta, on: batches[0])
    #expect(first.loss == reference.loss)
    #expect(first.gradient() == reference.gradient())
    let v = (0..<theta.count).map { Double($0 % 5) - 2 }
    var hvFirst: [Double] = [], hvReference: [Double] = []
    first.hessianVectorProduct(v, into: &hvFirst)
    reference.hessianVectorProduct(v, into: &hvReference)
    #expect(hvFirst == hvReference)
    #expect(armed.work == plain.work)
    // Networks without batch norm: arming is a no-op.
    let mlp = try Network<Double>(.mlp(input: 3, hidden: [4], output: 2))
    let mlpObj = NetworkObjective(network: mlp, loss: .mseHalf)
    mlpObj.commitRunningStatisticsOnNextLinearization()
    #expect(!mlp.hasBatchNorm && !mlp.hasConvolutions && mlp.runningStatistics.isEmpty && !mlpObj.commitsNextLinearization)
  }

  @Test func architectureCarriesTheRuleAndOldEncodingsDecode() throws {
    let mlp = Architecture.mlp(input: 3, hidden: [4], output: 2)
    let json = String(decoding: try JSONEncoder().encode(mlp), as: UTF8.self)
    #expect(!json.contains("batchNormStatistics"))
    #expect(try JSONDecoder().decode(Architecture.self, from: Data(json.utf8)) == mlp)
    let resnet = try Architecture.haikuResNet(widthMultiplier: 1.0 / 16)
    #expect(resnet.batchNormStatistics == .haiku)
    let decoded = try JSONDecoder().decode(Architecture.self, from: try JSONEncoder().encode(resnet))
    #expect(decoded == resnet && decoded.batchNormStatistics == .haiku)
    let net = try Network<Float>(resnet)
    #expect(net.batchNormStatistics == .haiku && net.hasBatchNorm && net.hasConvolutions)
    #expect(net.runningStatistics.count == 1 + 8 * 2 + 3)   // stem, two per block, three projections
  }
}
