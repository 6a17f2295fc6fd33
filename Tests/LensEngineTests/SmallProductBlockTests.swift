import Testing
import LensEngine

/// Small-matrix row blocks (`SmallProductBlocking`): every derivative of networks whose
/// forward products, input gradients and weight-gradient reductions are blocked (ragged last
/// blocks included) equals, in Double, the same derivatives computed with one product per
/// batch chunk.
///
/// Nested in the serialized `BatchSplitTests`: switching the blocking mode changes last bits, so
/// these tests must never overlap its bit-exact worker-count comparison.
extension BatchSplitTests {
  @Suite struct SmallProductBlockTests {
    /// (name, input width, layers, loss, batch): 784-50-10 (forward and reductions blocked in 24
    /// rows; 150 rows = 2 chunks of 75), logistic regression 784→10 (blocks of 120 and 124 rows),
    /// 64-256-256-10 (input gradients and reductions of the 256×256 layer in blocks of 12),
    /// 9-100-1 (the forward product on a transposed copy of the 100×9 weights, bias and φ fused),
    /// 12-8-30-3 (every layer narrow, so tangents use transposed copies of V and of W).
    static let cases: [(name: String, input: Int, layers: [LayerSpec], loss: LossFunction, n: Int)] = [
      ("mlp-784-50-10-tanh", 784, [.linear(50), .tanh, .linear(10)], .softmaxCrossEntropy, 150),
      ("logreg-784-10", 784, [.linear(10)], .softmaxCrossEntropy, 300),
      ("mlp-64-256-256-10-relu-mse", 64, [.linear(256), .relu, .linear(256), .relu, .linear(10)], .mseHalf, 100),
      ("mlp-9-100-1-sigmoid-mse", 9, [.linear(100), .activation(.sigmoid), .linear(1)], .mseHalf, 800),
      ("mlp-12-8-30-3-narrow-hidden", 12, [.linear(8), .relu, .linear(30), .tanh, .linear(3)], .softmaxCrossEntropy, 256),
    ]

    @Test func theCasesAreBlocked() {
      let saved = smallProductBlockingMode
      defer { setSmallProductBlocking(saved) }
      setSmallProductBlocking(.on)
      #expect(SmallProductBlocking.rowProductBlock(rows: 75, n: 50, k: 784, transB: true) == 24)
      #expect(SmallProductBlocking.reductionBlock(rows: 75, n: 50, k: 784) == 24)
      #expect(SmallProductBlocking.rowProductBlock(rows: 300, n: 10, k: 784, transB: true) == 120)
      #expect(SmallProductBlocking.reductionBlock(rows: 300, n: 10, k: 784) == 124)
      #expect(SmallProductBlocking.rowProductBlock(rows: 100, n: 256, k: 256, transB: false) == 12)
      #expect(SmallProductBlocking.reductionBlock(rows: 100, n: 256, k: 256) == 12)
      // Too small to pay (K < 32 for x Wᵀ; fewer than 8 rows), or one call already qualifies.
      #expect(SmallProductBlocking.rowProductBlock(rows: 692, n: 50, k: 8, transB: true) == nil)
      #expect(SmallProductBlocking.rowProductBlock(rows: 100, n: 256, k: 256, transB: true) == nil)
      #expect(SmallProductBlocking.reductionBlock(rows: 692, n: 50, k: 8) == nil)
      #expect(SmallProductBlocking.transposesNarrowWeights(outputs: 100, inputs: 9))
      #expect(!SmallProductBlocking.transposesNarrowWeights(outputs: 50, inputs: 784))
      setSmallProductBlocking(.off)
      #expect(!SmallProductBlocking.transposesNarrowWeights(outputs: 100, inputs: 9))
      #expect(SmallProductBlocking.reductionBlock(rows: 300, n: 10, k: 784) == nil)
    }

    @Test func blockedProductsGiveTheSameDerivatives() throws {
      let saved = smallProductBlockingMode
      defer { setSmallProductBlocking(saved) }
      for c in Self.cases {
        let net = try Network<Double>(inputShape: [c.input], layers: c.layers)
        let obj = NetworkObjective(network: net, loss: c.loss)
        var g = SeededGenerator(key: 73)
        let theta = Oracle.normals(net.parameterCount, &g, scale: 0.1)
        let v = Oracle.normals(net.parameterCount, &g)
        let batch = Oracle.batch(net, c.loss, n: c.n, &g)
        setSmallProductBlocking(.off)
        let whole = BatchSplitTests.derivatives(obj, theta, v, batch)
        setSmallProductBlocking(.on)
        let blocked = BatchSplitTests.derivatives(obj, theta, v, batch)
        #expect(whole.count == blocked.count)
        #expect(Oracle.relativeError(whole, blocked) <= 1e-13, "\(c.name): \(Oracle.relativeError(whole, blocked))")
      }
    }
  }
}
