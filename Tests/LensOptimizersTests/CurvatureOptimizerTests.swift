import Testing
import LensEngine
import LensOptimizers

/// AdaHessian, AdaFisher, Shampoo and LanczosOPT against hand-derived expectations.
@Suite struct CurvatureOptimizerTests {
  /// AdaHessian: D = |Hz|, averaged over (kh, kw) for a 4-D kernel; first step
  /// θ₁ = θ₀ − η(g/(D + ε) + κθ₀) because m̂ = g and √v̂ = D.
  @Test func adaHessianSpatialAveraging() throws {
    let a = [1.0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4], b = [0.5, -1, 2, 0.25]
    let z = [1.0, -1, 1, 1]
    var c = AdaHessianConfiguration(); c.lr = 0.1; c.weightDecay = 0.01
    let cases: [([Int], [Double])] = [([1, 1, 2, 2], [2.5, 2.5, 2.5, 2.5]), ([4], [1.0, 2, 3, 4])]
    for (shape, D) in cases {
      let quad = QuadraticObjective(a: a, b: b, shapes: [shape])
      let opt = AdaHessian<Double>(c)
      var theta = [1.0, 1, 1, 1]
      _ = try opt.step(parameters: &theta, objective: quad, batch: .empty,
                       context: StepContext(step: 0, noise: RecordedNoise(rademacher: [z])))
      let g: [Double] = [0.5, 3, 1, 3.75]
      var expected = [Double](repeating: 0, count: 4)
      for i in 0..<4 {
        let step: Double = g[i] / (D[i] + 1e-4) + 0.01
        expected[i] = 1 - 0.1 * step
      }
      #expect(close(theta, expected), "shape \(shape)")
    }
  }

  /// AdaFisher's code variant keeps F = S⊗H + λ in [0.0064 + λ, 0.0077 + λ] after the first
  /// refresh (all-ones start, 0.08/0.008 weights); the paper variant spans [λ, 1 + λ].
  /// Read back from the first step: Δθ = −η·g/F (m̂ = g).
  @Test func adaFisherVariants() throws {
    let net = try Network<Double>(inputWidth: 4, layers: [.linear(5), .relu, .linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 12, inputs: 4, classes: 3, seed: 21)
    let theta0 = initialParameters(objective.layout, seed: 4)
    var g = [Double](repeating: 0, count: theta0.count)
    objective.linearize(at: theta0, on: batch).gradient(into: &g)
    func fisher(_ variant: AdaFisherConfiguration.Variant) throws -> [Double] {
      var c = AdaFisherConfiguration(); c.variant = variant; c.lr = 1e-3
      let opt = AdaFisher<Double>(c, lossKind: .softmaxCrossEntropy(classes: 3))
      var theta = theta0
      _ = try opt.step(parameters: &theta, objective: objective, batch: batch, context: ctx(0))
      return (0..<theta.count).compactMap { i in g[i] == 0 ? nil : -1e-3 * g[i] / (theta[i] - theta0[i]) }
    }
    let code = try fisher(.code), paper = try fisher(.paper)
    #expect(code.allSatisfy { $0 > 0.0064 + 1e-3 - 1e-9 && $0 < 0.088 * 0.088 + 1e-3 + 1e-9 })
    #expect(paper.allSatisfy { $0 > 1e-3 - 1e-9 && $0 < 1 + 1e-3 + 1e-9 })
    #expect(paper.contains { $0 > 0.5 })
  }

  /// Layer-norm scale and shift get AdaFisher's diagonal (F = S[c]·H[0|1] + λ, code variant
  /// range), not the F = 1 of unsupported modules.
  @Test func adaFisherPreconditionsLayerNorm() throws {
    let net = try Network<Double>(inputWidth: 4, layers: [.linear(5), .layerNorm, .relu, .linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 12, inputs: 4, classes: 3, seed: 22)
    let theta0 = initialParameters(objective.layout, seed: 5)
    var g = [Double](repeating: 0, count: theta0.count)
    objective.linearize(at: theta0, on: batch).gradient(into: &g)
    var c = AdaFisherConfiguration(); c.lr = 1e-3
    let opt = AdaFisher<Double>(c, lossKind: .softmaxCrossEntropy(classes: 3))
    var theta = theta0
    _ = try opt.step(parameters: &theta, objective: objective, batch: batch, context: ctx(0))
    let norm = objective.layout.tensors.filter { $0.layer == 1 }
    #expect(norm.count == 2)
    for t in norm {
      for i in t.range where abs(g[i]) > 1e-12 {
        let F = -1e-3 * g[i] / (theta[i] - theta0[i])
        #expect(F > 0.0064 + 1e-3 - 1e-9 && F < 0.088 * 0.088 + 1e-3 + 1e-9, "\(t.name)")
      }
    }
  }

  /// MinMax normalisation with AF25's ε = 1e-6.
  @Test func minMax() {
    let r = minMaxNormalised([1, 3, 2])
    #expect(close(r, [0, 2 / (2 + 1e-6), 1 / (2 + 1e-6)]))
    #expect(minMaxNormalised([5, 5]) == [0, 0])
  }

  /// Coupled-Newton inverse 4th root: P⁴(L + rI) ≈ I, and the ridge is added into L.
  @Test func shampooInverseRoot() {
    var g = SeededGenerator(key: 77)
    let x = Matrix(rows: 4, cols: 6, data: (0..<24).map { _ in g.normal() })
    let L0 = x * x.transposed
    var L = L0
    let P = ShampooMath.inverseRoot(&L, p: 4, ridgeEpsilon: 1e-12)
    let check = P * P * P * P * L
    #expect(ShampooMath.maxAbsDiffFromIdentity(check) < 1e-5)
    #expect(L != L0)
    #expect(abs(L[0, 0] - L0[0, 0] - 1e-12 * ShampooMath.powerIteration(L0)) < 1e-18 + 1e-12 * abs(L0[0, 0]))
  }

  /// Shampoo preconditions only tensors with ndim > 1: with lr 1, momentum 0 and no clip the
  /// bias moves by exactly −g_b; the first weight step is P_L ∇W P_R.
  @Test func shampooLeavesBiasesRaw() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(2)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 5, inputs: 3, classes: 2, seed: 6)
    let theta0 = initialParameters(objective.layout, seed: 3)
    var g = [Double](repeating: 0, count: theta0.count)
    objective.linearize(at: theta0, on: batch).gradient(into: &g)
    var c = ShampooConfiguration(lr: 1); c.momentum = 0
    let opt = Shampoo<Double>(c)
    var theta = theta0
    _ = try opt.step(parameters: &theta, objective: objective, batch: batch, context: ctx(0))
    let bias = objective.layout.tensor(named: "0.bias")!.range
    for i in bias { #expect(close(theta[i], theta0[i] - g[i])) }
    let w = objective.layout.tensor(named: "0.weight")!.range
    let G = Matrix(rows: 2, cols: 3, data: w.map { g[$0] })
    var L = Matrix.identity(2, scale: 1e-12) + G * G.transposed
    var R = Matrix.identity(3, scale: 1e-12) + G.transposed * G
    let pre = ShampooMath.inverseRoot(&L, p: 4, ridgeEpsilon: 1e-12) * G * ShampooMath.inverseRoot(&R, p: 4, ridgeEpsilon: 1e-12)
    for (k, i) in w.enumerated() { #expect(close(theta[i], theta0[i] - pre.data[k], 1e-9)) }
    #expect(objective.work.factorInversions == 2)
  }

  /// LanczosOPT with k = P (the Krylov space is everything): code variant u = (|H| + δ + ν)⁻¹g,
  /// paper variant u = (1/η)(|H| + δ)⁻¹g; here H = diag(2, −1, 0.5) (indefinite: |θᵢ|).
  @Test func lanczosFullSpace() throws {
    let quad = QuadraticObjective(a: [2, 0, 0, 0, -1, 0, 0, 0, 0.5], b: [1, 1, 1])
    let theta0 = [0.5, -0.5, 2.0]
    let g = [2 * 0.5 - 1, 0.5 - 1, 1.0 - 1]
    let absH = [2.0, 1, 0.5]
    let noise = RecordedNoise(gaussian: [[0.3, 1.1, -0.7]])
    for (variant, nu, eta) in [(LanczosOPTConfiguration.Variant.code, 0.3, 1.0), (.paper, 0.0, 2.0)] {
      var c = LanczosOPTConfiguration(); c.lr = 1; c.lanczosSteps = 3; c.delta = 0.5
      c.variant = variant; c.nosharp = nu; c.eta = eta
      let opt = LanczosOPT<Double>(c)
      var theta = theta0
      _ = try opt.step(parameters: &theta, objective: quad, batch: .empty, context: StepContext(step: 0, noise: noise))
      let u = (0..<3).map { g[$0] / (eta * (absH[$0] + 0.5 + nu)) }
      #expect(close(theta, zip(theta0, u).map { $0 - $1 }, 1e-10), "\(variant)")
    }
  }

  /// k = 1: φ = z/‖z‖, θ₁ = φᵀHφ, u = [1/(|θ₁| + δ) − 1/δ]φ(φᵀg) + g/δ.
  @Test func lanczosOneStepComplement() throws {
    let quad = QuadraticObjective(a: [2, 0, 0, 1], b: [0, 0])
    let theta0 = [1.0, 1.0], g = [2.0, 1.0], z = [3.0, 4.0]
    var c = LanczosOPTConfiguration(); c.lr = 1; c.lanczosSteps = 1; c.delta = 0.5; c.variant = .code
    let opt = LanczosOPT<Double>(c)
    var theta = theta0
    _ = try opt.step(parameters: &theta, objective: quad, batch: .empty,
                     context: StepContext(step: 0, noise: RecordedNoise(gaussian: [z])))
    let phi = [0.6, 0.8], ritz = 2 * 0.36 + 0.64, pg = 0.6 * 2 + 0.8
    let coef = 1 / (ritz + 0.5) - 1 / 0.5
    let u = (0..<2).map { coef * phi[$0] * pg + g[$0] / 0.5 }
    #expect(close(theta, [1 - u[0], 1 - u[1]]))
  }

  @Test func lanczosVariantKeysAreExclusive() {
    #expect(throws: LensError.self) { try LanczosOPTConfiguration(options: ["nosharp": .number(0.2)]) }
    #expect(throws: LensError.self) { try LanczosOPTConfiguration(options: ["variant": .string("code"), "eta": .number(3)]) }
    #expect((try? LanczosOPTConfiguration(options: ["variant": .string("code"), "nosharp": .number(0.2)])) != nil)
  }
}
