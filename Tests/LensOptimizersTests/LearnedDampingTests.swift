import Testing
import LensEngine
import LensOptimizers

/// The Hessian-variance estimator and the damping learner.
@Suite struct LearnedDampingTests {
  static let h1 = [2.0, 0, 0, 1], h2 = [1.0, 1, 1, 3]
  static func batch(_ a: [Double]) -> Batch<Double> { Batch(inputs: Tensor(shape: [2, 2], scalars: a), targets: .none) }

  /// Two batches: σ² = ½(‖H₁u‖² + ‖H₂u‖²) − ‖½(H₁ + H₂)u‖² = ¼‖(H₁ − H₂)u‖², u = z/‖z‖.
  @Test func varianceOfTwoHessians() {
    let quad = QuadraticObjective(a: Self.h1, b: [0, 0])
    let z = [3.0, 4.0]
    let s2 = HessianVariance.estimate(objective: quad, at: [0.1, 0.2], batches: [Self.batch(Self.h1), Self.batch(Self.h2)], probe: z)
    let u = [0.6, 0.8]
    let diff = [(2 - 1) * u[0] + (0 - 1) * u[1], (0 - 1) * u[0] + (1 - 3) * u[1]]
    #expect(close(s2, 0.25 * (diff[0] * diff[0] + diff[1] * diff[1])))
    // The probe is normalised: scaling z changes nothing.
    let s2b = HessianVariance.estimate(objective: quad, at: [0.1, 0.2], batches: [Self.batch(Self.h1), Self.batch(Self.h2)], probe: [30, 40])
    #expect(close(s2, s2b))
    #expect(quad.work.hvp == 4)
  }

  @Test func learnerRecursion() {
    var l = DampingLearner(floor: 1e-3, interval: 3, ema: 0.7, learningRateFactor: true)
    #expect(l.delta == 1e-3 && l.rateFactor == 1)
    #expect(l.due(step: 0) && !l.due(step: 1) && l.due(step: 3))
    l.update(sigma2: 0.02)
    #expect(close(l.delta, 0.021))
    l.update(sigma2: 0.04)
    #expect(close(l.delta, 0.7 * 0.021 + 0.3 * 0.041))
    #expect(close(l.rateFactor, 1 + l.delta))
    var off = DampingLearner(floor: 1e-3, interval: 1, ema: 0.7, learningRateFactor: false)
    off.update(sigma2: 0.5)
    #expect(off.rateFactor == 1)
  }

  /// Adam with learned damping: step 0 runs with ε = δ* and the base rate; after the estimate the
  /// rate is lr·(1+δ) and ε = δ, with δ = δ* + σ² (σ² is θ-independent for quadratics).
  @Test func adamLearnedDampingTrace() throws {
    let quad = QuadraticObjective(a: Self.h1, b: [1, -1])
    var c = AdamLearnedDampingConfiguration(); c.lr = 0.01
    c.learner = DampingLearner(floor: 1e-3, interval: 2, ema: 0.7, learningRateFactor: true)
    let vb = [Self.batch(Self.h1), Self.batch(Self.h2)]
    let opt = AdamLearnedDamping<Double>(c, varianceBatches: vb)
    let z = [3.0, 4.0]
    let noise = RecordedNoise(gaussian: [z, [], z])
    var theta = [1.0, 1.0]
    let r0 = try opt.step(parameters: &theta, objective: quad, batch: Self.batch(Self.h1), context: StepContext(step: 0, noise: noise))
    let s2 = HessianVariance.estimate(objective: quad, at: theta, batches: vb, probe: z)
    #expect(r0.learningRate == 0.01)
    #expect(close(r0.damping!, 1e-3 + s2))
    let r1 = try opt.step(parameters: &theta, objective: quad, batch: Self.batch(Self.h1), context: StepContext(step: 1, noise: noise))
    #expect(close(r1.learningRate!, 0.01 * (1 + 1e-3 + s2)))
    #expect(close(r1.damping!, 1e-3 + s2))
    let r2 = try opt.step(parameters: &theta, objective: quad, batch: Self.batch(Self.h1), context: StepContext(step: 2, noise: noise))
    #expect(close(r2.damping!, 0.7 * (1e-3 + s2) + 0.3 * (1e-3 + s2)))
    // The first step is Adam with ε = δ*: θ₁ = θ₀ − lr·g/(|g| + δ*).
    let g0 = [2.0 - 1, 1.0 + 1]
    let opt2 = AdamLearnedDamping<Double>(c, varianceBatches: vb)
    var t2 = [1.0, 1.0]
    _ = try opt2.step(parameters: &t2, objective: quad, batch: Self.batch(Self.h1), context: StepContext(step: 0, noise: noise))
    #expect(close(t2, [1 - 0.01 * g0[0] / (g0[0] + 1e-3), 1 - 0.01 * g0[1] / (g0[1] + 1e-3)]))
  }

  /// The learner around ASDL K-FAC sets its damping and rate factor after each estimate.
  @Test func wrapperSetsInnerDamping() throws {
    let net = try Network<Double>(inputWidth: 3, layers: [.linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    let batch = classificationBatch(examples: 6, inputs: 3, classes: 3, seed: 2)
    let vb = [classificationBatch(examples: 6, inputs: 3, classes: 3, seed: 30), classificationBatch(examples: 6, inputs: 3, classes: 3, seed: 31)]
    let opt = try OptimizerRegistry.make(
      name: "kfac_learned_damping",
      options: ["inner": .object(["name": .string("kfac_asdl"), "lr": .number(0.1), "fisher": .string("fisher_emp")]),
                "damping_floor": .number(1e-2)],
      environment: OptimizerEnvironment<Double>(lossKind: .softmaxCrossEntropy(classes: 3), varianceBatches: vb))
    var theta = initialParameters(objective.layout, seed: 1)
    let noise = SeededNoise(stream: RandomStreamKey(["test", "wrapper"]))
    let r = try opt.step(parameters: &theta, objective: objective, batch: batch, context: StepContext(step: 0, noise: noise))
    let wrapper = try #require(opt as? LearnedDampingWrapper<Double>)
    #expect(r.damping! > 1e-2)
    #expect(wrapper.inner.damping == r.damping!)
    #expect(close(wrapper.inner.learningRateScale, 1 + r.damping!))
  }
}
