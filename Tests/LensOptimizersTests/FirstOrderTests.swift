import Testing
import LensEngine
import LensOptimizers

/// SGD, Adam and AdamW against hand-derived steps on f(θ) = ½θᵀAθ − bᵀθ.
@Suite struct FirstOrderTests {
  let quad = QuadraticObjective(a: [2, 0, 0, 1], b: [1, 1])

  /// SGD Full: g̃ = g + ωθ, m = μm + g̃, θ −= ηm — two steps by hand from θ₀ = (1, 2).
  @Test func sgdFullTwoStepsByHand() throws {
    let sgd = SGD<Double>(.full(lr: 0.1, momentum: 0.9, weightDecay: 0.5))
    var theta = [1.0, 2.0]
    let r0 = try sgd.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    #expect(close(theta, [0.85, 1.8]))
    #expect(close(r0.loss, QuadraticObjective.value(quad.a, quad.b, [1, 2])))
    _ = try sgd.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(1))
    #expect(close(theta, [0.6025, 1.45]))
  }

  @Test func sgdMinimalIsPlainGradientDescent() throws {
    let sgd = SGD<Double>(.minimal(lr: 0.25))
    var theta = [1.0, 2.0]
    _ = try sgd.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    #expect(close(theta, [1 - 0.25, 2 - 0.25]))
  }

  /// Adam's first step is η·g/(|g| + ε) per coordinate (m̂ = g, √v̂ = |g|), with κθ coupled into g.
  @Test func adamFirstStepAndCoupledDecay() throws {
    let adam = Adam<Double>(AdamConfiguration(lr: 0.01, eps: 1e-8, weightDecay: 0.5))
    var theta = [1.0, 2.0]
    _ = try adam.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    let g = [1.0 + 0.5, 1.0 + 1.0]
    #expect(close(theta, [1 - 0.01 * g[0] / (g[0] + 1e-8), 2 - 0.01 * g[1] / (g[1] + 1e-8)]))
  }

  /// AdamW: the decay is outside the moments and scaled by η: θ −= η(d + κθ).
  @Test func adamWDecoupledDecay() throws {
    let adamw = AdamW<Double>(AdamWConfiguration(lr: 0.01, weightDecay: 0.5))
    var theta = [1.0, 2.0]
    _ = try adamw.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    let g = [1.0, 1.0]
    #expect(close(theta, [1 - 0.01 * (g[0] / (g[0] + 1e-8) + 0.5), 2 - 0.01 * (g[1] / (g[1] + 1e-8) + 1.0)]))
  }

  /// Second Adam step against the bias-corrected formula written out.
  @Test func adamSecondStepBiasCorrection() throws {
    let adam = Adam<Double>(AdamConfiguration(lr: 0.1))
    var theta = [1.0, 2.0]
    _ = try adam.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    let t1 = theta
    _ = try adam.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(1))
    let g0 = [1.0, 1.0], g1 = [2 * t1[0] - 1, t1[1] - 1]
    for i in 0..<2 {
      let m = 0.9 * 0.1 * g0[i] + 0.1 * g1[i], v = 0.999 * 0.001 * g0[i] * g0[i] + 0.001 * g1[i] * g1[i]
      let d = (m / (1 - 0.81)) / ((v / (1 - 0.999 * 0.999)).squareRoot() + 1e-8)
      #expect(close(theta[i], t1[i] - 0.1 * d))
    }
  }
}
