import Testing
import LensEngine
import LensOptimizers

/// AdamQLR on quadratics, where the quadratic model is exact (ρ known) and every quantity can
/// be written out.
@Suite struct AdamQLRTests {
  let quad = QuadraticObjective(a: [3, 1, 1, 2], b: [1, -1])

  func config(_ body: (inout AdamQLRConfiguration) -> Void) -> AdamQLRConfiguration {
    var c = AdamQLRConfiguration()
    c.curvature = .hessian; c.initialDamping = 0.1; c.lrClip = nil
    body(&c)
    return c
  }

  /// α = gᵀd/(dᵀHd + λ‖d‖²), θ ← θ − αd, and ρ = (f₁ − f₀)/(−αgᵀd + ½α²q) with q including λ.
  @Test func stepSizeAndRatioByHand() throws {
    let opt = AdamQLR<Double>(config { _ in }, lossKind: .deterministic)
    var theta = [1.0, 1.0]
    let rec = try opt.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    let g = [3.0 + 1 - 1, 1.0 + 2 + 1]  // Aθ − b
    let d = g.map { $0 / (abs($0) + 1e-8) }
    let dHd = 3 * d[0] * d[0] + 2 * d[0] * d[1] + 2 * d[1] * d[1]
    let gd = g[0] * d[0] + g[1] * d[1]
    let q = dHd + 0.1 * (d[0] * d[0] + d[1] * d[1])
    let alpha = gd / q
    #expect(close(rec.learningRate!, alpha))
    #expect(close(theta, [1 - alpha * d[0], 1 - alpha * d[1]]))
    let f0 = QuadraticObjective.value(quad.a, quad.b, [1, 1]), f1 = QuadraticObjective.value(quad.a, quad.b, theta)
    let rho = (f1 - f0) / (-alpha * gd + 0.5 * alpha * alpha * q)
    #expect(close(rec.rho!, rho))
    // ρ > ¾ on a quadratic with a small λ: damping decreases by ω_dec = ½.
    #expect(rho > 0.75)
    #expect(close(rec.damping!, 0.05))
  }

  @Test func dampingFloorAndIncrease() throws {
    let opt = AdamQLR<Double>(config { $0.initialDamping = 1e-8; $0.dampingDecrease = 0.5 }, lossKind: .deterministic)
    var theta = [1.0, 1.0]
    let rec = try opt.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    #expect(rec.damping == 1e-8)  // 0.5·1e-8 clipped back to the floor
  }

  @Test func clipBindsSymmetrically() throws {
    let opt = AdamQLR<Double>(config { $0.lrClip = 0.01 }, lossKind: .deterministic)
    var theta = [1.0, 1.0]
    let rec = try opt.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    #expect(rec.learningRate == 0.01)
  }

  @Test func amplificationScalesAfterClipping() throws {
    let opt = AdamQLR<Double>(config { $0.lrClip = 0.01; $0.amplification = 2 }, lossKind: .deterministic)
    var theta = [1.0, 1.0]
    let rec = try opt.step(parameters: &theta, objective: quad, batch: .empty, context: ctx(0))
    #expect(rec.learningRate == 0.02)
  }

  /// A zero curvature term (linear objective, undamped) is recorded; with a clip AQ's clipped ±∞
  /// is applied, without one the step is skipped.
  @Test func zeroCurvatureGuard() throws {
    let linear = QuadraticObjective(a: [0, 0, 0, 0], b: [1, 2])
    let clipped = AdamQLR<Double>(.preset(.undamped), lossKind: .deterministic)
    var theta = [0.0, 0.0]
    let r1 = try clipped.step(parameters: &theta, objective: linear, batch: .empty, context: ctx(0))
    #expect(!r1.notes.isEmpty)
    #expect(r1.learningRate == 0.1)  // gᵀd = 3 > 0 and q = 0: +∞ clipped to α_max
    #expect(close(theta, [0.1, 0.1], 1e-7))  // θ − 0.1·d with d ≈ sign(g) = (−1, −1)
    var c = AdamQLRConfiguration.preset(.undamped); c.lrClip = nil
    let unclipped = AdamQLR<Double>(c, lossKind: .deterministic)
    var theta2 = [0.0, 0.0]
    let r2 = try unclipped.step(parameters: &theta2, objective: linear, batch: .empty, context: ctx(0))
    #expect(theta2 == [0, 0])
    #expect(r2.notes.contains { $0.contains("skipped") })
  }

  /// Undamped: λ ≡ 0 and no ρ forward pass (one forward per step); damped: one extra forward.
  @Test func workCounts() throws {
    let q1 = QuadraticObjective(a: quad.a, b: quad.b), q2 = QuadraticObjective(a: quad.a, b: quad.b)
    var theta = [1.0, 1.0]
    let undamped = AdamQLR<Double>(.preset(.undamped), lossKind: .deterministic)
    let r = try undamped.step(parameters: &theta, objective: q1, batch: .empty, context: ctx(0))
    #expect(r.damping == 0 && r.rho == nil)
    #expect(q1.work.forward == 1 && q1.work.jvp == 1 && q1.work.hvp == 0)
    theta = [1, 1]
    let damped = AdamQLR<Double>(config { _ in }, lossKind: .deterministic)
    let rd = try damped.accountedStep(parameters: &theta, objective: q2, batch: .empty, context: ctx(0))
    #expect(q2.work.forward == 2 && q2.work.hvp == 1)
    #expect(rd.work?.forward == 2 && rd.work?.backward == 1 && rd.work?.hvp == 1 && rd.work?.jvp == 0)
  }

  @Test func presets() throws {
    let u = AdamQLRConfiguration.preset(.untuned)
    #expect(u.initialDamping == 1e-3 && u.dampingDecrease == 0.5 && u.dampingIncrease == 2 && u.lrClip == 0.1)
    #expect(u.curvature == .fisher && u.dampingMin == 1e-8 && AdamQLRConfiguration.untunedBatchSize == 3200)
    #expect(AdamQLRConfiguration.preset(.untuned_no_clip).lrClip == nil)
    let fromOptions = try AdamQLRConfiguration(options: ["preset": .string("untuned_no_clip"), "curvature": .string("hessian")])
    #expect(fromOptions.lrClip == nil && fromOptions.curvature == .hessian)
    #expect(throws: LensError.self) { try AdamQLRConfiguration(options: ["damped": .bool(false), "initial_damping": .number(1)]) }
  }
}
