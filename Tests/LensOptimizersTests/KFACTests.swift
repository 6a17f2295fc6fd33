import Testing
import LensEngine
import LensOptimizers

/// K-FAC against the dense natural-gradient step on a linear model, where the Kronecker
/// factorisation is exact.
@Suite struct KFACTests {
  /// Linear regression 3 → 2 with `mse_half`: the exact Fisher (output Fisher I) is A ⊗ I, so
  /// with a vanishing damping K-FAC's Δ is F⁻¹g, the quadratic model gives w₁ = −1, and one
  /// step is θ − F⁻¹g, F built densely column by column from the engine's GGN products.
  @Test func oneStepEqualsDenseNaturalGradient() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(2)])
    let objective = NetworkObjective(network: net, loss: .mseHalf)
    let batch = regressionBatch(examples: 16, inputs: 3, outputs: 2, seed: 11)
    let theta0 = initialParameters(objective.layout, seed: 5)
    let lin = objective.linearize(at: theta0, on: batch)
    let P = theta0.count
    var g = [Double](repeating: 0, count: P); lin.gradient(into: &g)
    var F = Matrix(zeros: P, P)
    for j in 0..<P {
      var e = [Double](repeating: 0, count: P); e[j] = 1
      var col = [Double](repeating: 0, count: P); lin.ggnVectorProduct(e, into: &col)
      for i in 0..<P { F[i, j] = col[i] }
    }
    let natural = try F.solve(g)

    var c = KFACConfiguration(); c.estimation = .fisherExact; c.initialDamping = 1e-14
    let kfac = KFAC<Double>(c, lossKind: .meanSquaredHalf(outputs: 2))
    var theta = theta0
    let rec = try kfac.step(parameters: &theta, objective: objective, batch: batch, context: ctx(0))
    let expected = zip(theta0, natural).map { $0 - $1 }
    #expect(close(theta, expected, 1e-6))
    #expect(abs(rec.learningRate! - 1) < 1e-6)
    #expect(rec.momentum == 0)
    #expect(objective.work.factorInversions == 2)
    // The step reaches the minimum of the quadratic model, so ρ = 1 exactly for this quadratic
    // loss up to the 2× between the summed Fisher and the mean-loss Hessian: f is quadratic with
    // Hessian F/2, so ρ = (−gᵀF⁻¹g + ¼gᵀF⁻¹g)/(−½gᵀF⁻¹g) = 1.5 > ¾ and λ decreases.
    #expect(abs(rec.rho! - 1.5) < 1e-6)
    #expect(rec.damping == 1e-8)  // 0.9·1e-14, clipped to min_damping
  }

  /// One output unit: the G factor is 1×1 and kfac-jax inverts the block exactly, so with the
  /// exact Fisher (G = 1 for MSE) Δ = (F + λI)⁻¹g for any λ, and the step is w₁Δ with
  /// w₁ = −gᵀΔ/(ΔᵀFΔ + λ‖Δ‖²).
  @Test func singleOutputBlockIsTheDampedNaturalGradient() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(1)])
    let objective = NetworkObjective(network: net, loss: .mseHalf)
    let batch = regressionBatch(examples: 10, inputs: 3, outputs: 1, seed: 12)
    let theta0 = initialParameters(objective.layout, seed: 6)
    let lin = objective.linearize(at: theta0, on: batch)
    let P = theta0.count, lambda = 0.1
    var g = [Double](repeating: 0, count: P); lin.gradient(into: &g)
    var F = Matrix(zeros: P, P)
    for j in 0..<P {
      var e = [Double](repeating: 0, count: P); e[j] = 1
      var col = [Double](repeating: 0, count: P); lin.ggnVectorProduct(e, into: &col)
      for i in 0..<P { F[i, j] = col[i] }
    }
    let delta = try F.addingDiagonal(lambda).solve(g)
    let fd = (F * Matrix(rows: P, cols: 1, data: delta)).data
    let b = zip(g, delta).reduce(0) { $0 + $1.0 * $1.1 }
    let q = zip(delta, fd).reduce(0) { $0 + $1.0 * $1.1 } + lambda * delta.reduce(0) { $0 + $1 * $1 }
    let w1 = -b / q
    var c = KFACConfiguration(); c.estimation = .fisherExact; c.initialDamping = lambda
    let kfac = KFAC<Double>(c, lossKind: .meanSquaredHalf(outputs: 1))
    var theta = theta0
    let rec = try kfac.step(parameters: &theta, objective: objective, batch: batch, context: ctx(0))
    #expect(close(theta, zip(theta0, delta).map { $0 + w1 * $1 }, 1e-10))
    #expect(close(rec.learningRate!, -w1, 1e-10))
  }

  /// The sampled Fisher draws exactly one label per example per step from the noise source.
  @Test func sampledFisherDrawsLabelsEveryStep() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(4), .tanh, .linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 8, inputs: 3, classes: 3, seed: 3)
    var theta = initialParameters(objective.layout, seed: 1)
    let kfac = KFAC<Double>(KFACConfiguration(), lossKind: .softmaxCrossEntropy(classes: 3))
    let noise = RecordedNoise(sampledLabels: [[0, 1, 2, 0, 1, 2, 0, 1], [2, 2, 2, 2, 2, 2, 2, 2]])
    let r0 = try kfac.step(parameters: &theta, objective: objective, batch: batch, context: StepContext(step: 0, noise: noise))
    let r1 = try kfac.step(parameters: &theta, objective: objective, batch: batch, context: StepContext(step: 1, noise: noise))
    #expect(r0.momentum == 0 && r1.momentum != 0)
    #expect(throws: LensError.self) {
      try kfac.step(parameters: &theta, objective: objective, batch: batch, context: StepContext(step: 2, noise: noise))
    }
    // Seeded noise works through the engine's probabilities.
    let seeded = KFAC<Double>(KFACConfiguration(), lossKind: .softmaxCrossEntropy(classes: 3))
    var theta2 = initialParameters(objective.layout, seed: 1)
    let s = try seeded.step(parameters: &theta2, objective: objective, batch: batch,
                            context: StepContext(step: 0, noise: SeededNoise(stream: RandomStreamKey(["test", "kfac"]))))
    #expect(s.learningRate!.isFinite)
  }

  /// ASDL K-FAC refreshes (draws labels, inverts factors) only on steps t % interval == 0 and
  /// reuses the inverses in between.
  @Test func asdlRefreshSchedule() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(4), .relu, .linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 6, inputs: 3, classes: 3, seed: 9)
    var theta = initialParameters(objective.layout, seed: 2)
    var c = KFACASDLConfiguration(lr: 0.1); c.interval = 3; c.damping = 0.01
    let opt = KFACASDL<Double>(c, lossKind: .softmaxCrossEntropy(classes: 3))
    let labels = [0, 1, 2, 2, 1, 0]
    let noise = RecordedNoise(sampledLabels: [labels, [], [], labels])
    for t in 0..<4 {
      _ = try opt.step(parameters: &theta, objective: objective, batch: batch, context: StepContext(step: t, noise: noise))
    }
    #expect(objective.work.factorInversions == 2 * 2 * 2)  // 2 refreshes × 2 layers × 2 factors
  }

  /// ASDL gradient clipping: with a tiny clip the update norm (momentum 0, κ 0) is lr·clip.
  @Test func asdlClipsThePreconditionedGradient() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 6, inputs: 3, classes: 3, seed: 4)
    let theta0 = initialParameters(objective.layout, seed: 8)
    var theta = theta0
    var c = KFACASDLConfiguration(lr: 1); c.momentum = 0; c.gradClip = 1e-3; c.fisher = .fisherEmp
    let opt = KFACASDL<Double>(c, lossKind: .softmaxCrossEntropy(classes: 3))
    let r = try opt.step(parameters: &theta, objective: objective, batch: batch, context: ctx(0))
    let norm = zip(theta, theta0).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    // Coefficient clip/(‖g‖ + 1e-6): the update norm is clip·‖g‖/(‖g‖ + 1e-6) ≈ clip.
    #expect(abs(norm - 1e-3) < 1e-3 * 1e-4)
    #expect(!r.notes.isEmpty)
  }
}
