import Testing
import LensEngine

/// Per-layer Kronecker statistics against explicit per-example gradients and the exact Fisher.
@Suite struct KroneckerOracleTests {
  /// Every comparison here is between two exact computations (no finite differences), so
  /// only rounding differs: tolerance 1e-12 relative.
  static let tolerance = 1e-12

  /// Each example's gradient of its own loss, restricted to a layer, equals the sum over that
  /// example's rows (one for a linear layer, one per output position for a convolution) of
  /// (output-gradient row) ⊗ (input row): ∇W = Σ_q ġ_q x̃_qᵀ, ∇b = Σ_q ġ_q (divided by C for
  /// mse_half, whose per-example loss averages over the C outputs while the statistics use the
  /// summed Gaussian NLL).
  @Test(arguments: Oracle.perExampleCases().map(\.name))
  func trueLabelRowsReproducePerExampleGradients(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 31)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let batch = Oracle.batch(c.net, c.loss, n: 4, &g)
    let stats = obj.linearize(at: theta, on: batch).kroneckerStatistics(.trueLabels)
    #expect(stats.count == c.net.layout.tensors.filter { $0.role == .weight || $0.role == .scale }.count)
    let scale = c.loss == .mseHalf ? 1 / Double(c.net.outputWidth) : 1
    for n in 0..<batch.count {
      let single = Self.example(batch, n, c.net)
      let grad = obj.linearize(at: theta, on: single).gradient()
      for s in stats {
        switch s.kind { case .linear, .conv2d: break; default: continue }
        #expect(s.examples == 4)
        let w = c.net.layout.tensors[s.weightTensor]
        let (out, inp) = (w.shape[0], w.shape[1])
        let inp2 = w.count / out
        #expect(inp2 == inp || w.shape.count == 4)
        let rowsPerExample = s.inputs.shape[0] / s.examples
        #expect(s.outputGradients.shape[0] == s.inputs.shape[0])
        var predicted = [Double](repeating: 0, count: out * inp2), biasPart = [Double](repeating: 0, count: out)
        for q in 0..<rowsPerExample {
          let r = n * rowsPerExample + q
          let gRow = Array(s.outputGradients.scalars[(r * out)..<((r + 1) * out)])
          let xRow = Array(s.inputs.scalars[(r * inp2)..<((r + 1) * inp2)])
          for o in 0..<out { biasPart[o] += scale * gRow[o]; for i in 0..<inp2 { predicted[o * inp2 + i] += scale * gRow[o] * xRow[i] } }
        }
        if s.biasTensor != nil { predicted += biasPart }
        var actual = Array(grad[w.range])
        if let b = s.biasTensor { actual += Array(grad[c.net.layout.tensors[b].range]) }
        #expect(Oracle.relativeError(predicted, actual) <= Self.tolerance, "\(name) layer \(s.layer) example \(n)")
        #expect(!Oracle.close(Oracle.perturbed(predicted, size: 1e-8), actual, Self.tolerance))
      }
    }
  }

  /// For one example, K-FAC's factors with the exact Fisher reproduce the exact Fisher block
  /// of a layer's weight: F[(o,i),(o',i')] = (Σₐ ġₐ ġₐᵀ)[o,o'] · (x xᵀ)[i,i'].
  @Test(arguments: Oracle.perExampleCases().map(\.name))
  func exactFisherFactorsReproduceFisherBlockForOneExample(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 32)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let batch = Oracle.batch(c.net, c.loss, n: 1, &g)
    let lin = obj.linearize(at: theta, on: batch)
    let stats = lin.kroneckerStatistics(.exactFisher)
    for s in stats { #expect(s.outputGradients.shape[0] == c.net.outputWidth * s.inputs.shape[0]) }
    for s in stats {
      guard case .linear = s.kind else { continue }  // a convolution's or norm's block is not Kronecker
      let w = c.net.layout.tensors[s.weightTensor]
      let (out, inp) = (w.shape[0], w.shape[1])
      #expect(s.outputGradients.shape == [c.net.outputWidth, out])
      var gFactor = [Double](repeating: 0, count: out * out)
      for a in 0..<c.net.outputWidth {
        for o in 0..<out { for q in 0..<out {
          gFactor[o * out + q] += s.outputGradients.scalars[a * out + o] * s.outputGradients.scalars[a * out + q]
        } }
      }
      let x = s.inputs.scalars
      var predicted = [Double](), exact = [Double]()
      for col in 0..<w.count {
        var e = [Double](repeating: 0, count: theta.count)
        e[w.offset + col] = 1
        var fe: [Double] = []
        lin.ggnVectorProduct(e, into: &fe)
        exact += Array(fe[w.range])
        let (o2, i2) = (col / inp, col % inp)
        for o in 0..<out { for i in 0..<inp { predicted.append(gFactor[o * out + o2] * x[i] * x[i2]) } }
      }
      // The block entries are small differences of products (F = diag p − ppᵀ) through several
      // layers, so allow 1e-10 here (observed ≤ 1.1e-11).
      #expect(Oracle.relativeError(predicted, exact) <= 1e-10, "\(name) layer \(s.layer)")
      #expect(!Oracle.close(Oracle.perturbed(predicted, size: 1e-8), exact, 1e-10))
    }
  }

  /// Σₐ ġₐġₐᵀ (exact Fisher) equals the expectation over labels drawn from the model,
  /// Σ_y p_y ġ⁽ʸ⁾ġ⁽ʸ⁾ᵀ, built from `.sampledLabels` with every label; and `.sampledLabels`
  /// with the true labels equals `.trueLabels`.
  @Test func sampledAndExactFisherRowsAgree() {
    let c = Oracle.mlpCases().first { $0.name == "deep-mixed-ce" }!
    var g = SeededGenerator(key: 33)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let batch = Oracle.batch(c.net, c.loss, n: 1, &g)
    let lin = obj.linearize(at: theta, on: batch)
    let p = lin.probabilities.scalars
    let exact = lin.kroneckerStatistics(.exactFisher)
    let perLabel = (0..<c.net.outputWidth).map { lin.kroneckerStatistics(.sampledLabels([$0])) }
    for (k, s) in exact.enumerated() {
      let out = s.outputGradients.shape[1]
      var fromExact = [Double](repeating: 0, count: out * out), fromSamples = fromExact
      for a in 0..<c.net.outputWidth {
        let ge = Array(s.outputGradients.scalars[(a * out)..<((a + 1) * out)])
        let gs = perLabel[a][k].outputGradients.scalars
        for o in 0..<out { for q in 0..<out { fromExact[o * out + q] += ge[o] * ge[q]; fromSamples[o * out + q] += p[a] * gs[o] * gs[q] } }
      }
      #expect(Oracle.relativeError(fromExact, fromSamples) <= Self.tolerance)
      #expect(!Oracle.close(Oracle.perturbed(fromExact, size: 1e-8), fromSamples, Self.tolerance))
    }
    guard case .classes(let y) = batch.targets else { return }
    let t = lin.kroneckerStatistics(.trueLabels), s = lin.kroneckerStatistics(.sampledLabels(y.map { Int($0) }))
    for (a, b) in zip(t, s) { #expect(a.outputGradients.scalars == b.outputGradients.scalars) }
  }

  /// For MSE, Gaussian noise ε = y − ŷ turns the sampled rows into the true-label rows, and the
  /// exact Fisher with F = I backpropagates the identity's columns.
  @Test func gaussianNoiseRowsForRegression() {
    let c = Oracle.mlpCases().first { $0.name == "sigmoid-mse2" }!
    var g = SeededGenerator(key: 34)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let batch = Oracle.batch(c.net, c.loss, n: 3, &g)
    let lin = obj.linearize(at: theta, on: batch)
    guard case .values(let y) = batch.targets else { return }
    let noise = zip(y.scalars, lin.outputs.scalars).map { $0 - $1 }
    let t = lin.kroneckerStatistics(.trueLabels), s = lin.kroneckerStatistics(.sampledGaussianNoise(noise))
    for (a, b) in zip(t, s) {
      #expect(Oracle.relativeError(b.outputGradients.scalars, a.outputGradients.scalars) <= Self.tolerance)
      #expect(a.inputs.scalars == b.inputs.scalars)
    }
    let before = obj.work.backward
    let e = lin.kroneckerStatistics(.exactFisher)
    #expect(obj.work.backward == before + c.net.outputWidth)
    let lastLayer = e.last!
    // At the output layer the rows are the identity columns, one block per output.
    #expect(lastLayer.outputGradients.scalars == [1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1])
  }

  /// Normalisation layers' rows (x̂ and g_y per row, one column per channel or feature) sum to
  /// the batch gradient of the summed loss: Σ_rows g ⊙ x̂ = B ∇γ, Σ_rows g = B ∇β (CE; also
  /// with batch norm, whose examples interact, since the rows are taken from the batch pass).
  @Test(arguments: ["bn-conv-ce", "ln-features-ce", "ln-conv-ce", "bn-resnet-ce", "bn-haiku-resnet18-ce"])
  func normalizationRowsSumToTheGradient(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 35)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let batch = Oracle.batch(c.net, c.loss, n: 4, &g)
    let lin = obj.linearize(at: theta, on: batch)
    let grad = lin.gradient()
    let norms = lin.kroneckerStatistics(.trueLabels).filter {
      switch $0.kind { case .batchNorm, .layerNorm: return true; default: return false }
    }
    #expect(!norms.isEmpty)
    for s in norms {
      let width = s.inputs.shape[1], rows = s.inputs.shape[0]
      #expect(s.outputGradients.shape == [rows, width])
      var dScale = [Double](repeating: 0, count: width), dShift = dScale
      for r in 0..<rows { for j in 0..<width {
        dScale[j] += s.outputGradients.scalars[r * width + j] * s.inputs.scalars[r * width + j]
        dShift[j] += s.outputGradients.scalars[r * width + j]
      } }
      let expected = (Array(grad[c.net.layout.tensors[s.weightTensor].range]) + Array(grad[c.net.layout.tensors[s.biasTensor!].range]))
        .map { $0 * Double(batch.count) }
      #expect(Oracle.relativeError(dScale + dShift, expected) <= Self.tolerance, "\(name) layer \(s.layer)")
      #expect(!Oracle.close(Oracle.perturbed(dScale + dShift, size: 1e-8), expected, Self.tolerance))
    }
  }

  static func example(_ batch: Batch<Double>, _ n: Int, _ net: Network<Double>) -> Batch<Double> {
    let w = net.inputWidth
    let x = Tensor(shape: [1] + net.inputShape, scalars: Array(batch.inputs.scalars[(n * w)..<((n + 1) * w)]))
    switch batch.targets {
    case .classes(let y): return Batch(inputs: x, targets: .classes([y[n]]))
    case .values(let t):
      let c = net.outputWidth
      return Batch(inputs: x, targets: .values(Tensor(shape: [1, c], scalars: Array(t.scalars[(n * c)..<((n + 1) * c)]))))
    case .none: return Batch(inputs: x, targets: .none)
    }
  }
}
