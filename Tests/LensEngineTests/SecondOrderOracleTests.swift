import Testing
import LensEngine

/// Exact Hessian-vector products and Gauss-Newton products against dense oracles.
@Suite struct SecondOrderOracleTests {
  /// Tolerance for Hv against the Hessian from central differences (h = 1e-5) of the exact
  /// gradient: truncation O(h²) ≈ 1e-10, rounding ≈ 1e-16/h ≈ 1e-11 (relative), so 1e-7.
  static let hessianTolerance = 1e-7
  /// Tolerance for Gv against Jᵀ H_out J with J from central differences (h = 1e-6): 1e-7.
  static let ggnTolerance = 1e-7

  @Test(arguments: Oracle.cases().map(\.name).filter { !Oracle.kinkedForDenseHessian.contains($0) })
  func hessianVectorProductMatchesDenseHessian(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 21)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let v = Oracle.normals(c.net.parameterCount, &g)
    let batch = Oracle.batch(c.net, c.loss, n: 6, &g)
    let lin = obj.linearize(at: theta, on: batch)
    var hv: [Double] = []
    lin.hessianVectorProduct(v, into: &hv)
    let stiff = Oracle.stiffForDenseHessian.contains(name)
    let dense = Oracle.matVec(Oracle.finiteDifferenceHessian(obj, theta, batch, h: stiff ? 3e-5 : 1e-5, richardson: stiff), v)
    #expect(Oracle.relativeError(hv, dense) <= Self.hessianTolerance, "\(name): \(Oracle.relativeError(hv, dense))")
    #expect(!Oracle.close(Oracle.perturbed(hv), dense, Self.hessianTolerance))
    // The fused gradient + Hv gives the same two vectors.
    var grad: [Double] = [], hv2: [Double] = []
    lin.gradientAndHessianVectorProduct(v, gradient: &grad, hessianVectorProduct: &hv2)
    #expect(Oracle.relativeError(hv2, hv) <= 1e-13)
    #expect(Oracle.relativeError(grad, lin.gradient()) <= 1e-13)
    #expect(obj.work.hvp == 2)
  }

  @Test(arguments: Oracle.cases().map(\.name))
  func ggnProductMatchesExplicitJacobianForm(_ name: String) {
    let c = Oracle.cases().first { $0.name == name }!
    var g = SeededGenerator(key: 22)
    let obj = NetworkObjective(network: c.net, loss: c.loss)
    let theta = Oracle.normals(c.net.parameterCount, &g, scale: 0.8)
    let v = Oracle.normals(c.net.parameterCount, &g)
    let batch = Oracle.batch(c.net, c.loss, n: 5, &g)
    let lin = obj.linearize(at: theta, on: batch)
    var gv: [Double] = []
    lin.ggnVectorProduct(v, into: &gv)
    let explicit = Self.explicitGGN(obj, theta, batch, v)
    #expect(Oracle.relativeError(gv, explicit) <= Self.ggnTolerance, "\(name): \(Oracle.relativeError(gv, explicit))")
    #expect(!Oracle.close(Oracle.perturbed(gv), explicit, Self.ggnTolerance))
    // Gram entries agree with the product: vᵀGw.
    let w = Oracle.normals(c.net.parameterCount, &g)
    var gw: [Double] = []
    lin.ggnVectorProduct(w, into: &gw)
    let gram = lin.ggnGram([v, w])
    let expected = [Oracle.dot(v, gv), Oracle.dot(v, gw), Oracle.dot(w, gv), Oracle.dot(w, gw)]
    #expect(Oracle.relativeError(gram, expected) <= 1e-12, "gram \(gram) vs \(expected)")
    #expect(!Oracle.close(Oracle.perturbed(gram, size: 1e-6), expected, 1e-12))
  }

  /// (1/B) Σₙ Jₙᵀ Fₙ Jₙ v with J from finite differences and Fₙ written out: CE diag(p) − ppᵀ,
  /// MSE the identity.
  static func explicitGGN(_ obj: NetworkObjective<Double>, _ theta: [Double], _ batch: Batch<Double>,
                          _ v: [Double]) -> [Double] {
    let (net, loss) = (obj.network, obj.lossFunction)
    let jac = Oracle.finiteDifferenceJacobian(obj, theta, batch)
    let out = Oracle.outputs(obj, theta, batch)
    let (n, c, p) = (batch.count, net.outputWidth, theta.count)
    let u = Oracle.matVec(jac, v)
    var r = [Double](repeating: 0, count: n * c)
    for e in 0..<n {
      let z = Array(out[(e * c)..<((e + 1) * c)])
      switch loss {
      case .softmaxCrossEntropy:
        let m = z.max()!, ex = z.map { Double.exp($0 - m) }, s = ex.reduce(0, +), pr = ex.map { $0 / s }
        for a in 0..<c { for b in 0..<c { r[e * c + a] += ((a == b ? pr[a] : 0) - pr[a] * pr[b]) * u[e * c + b] } }
      case .mseHalf:
        for a in 0..<c { r[e * c + a] = u[e * c + a] }
      }
    }
    var result = [Double](repeating: 0, count: p)
    for row in 0..<(n * c) { for j in 0..<p { result[j] += jac[row * p + j] * r[row] / Double(n) } }
    return result
  }

  @Test func ggnEqualsHessianForLinearModels() {
    var g = SeededGenerator(key: 23)
    // A linear model is linear in θ, so the Hessian is exactly Jᵀ H_out J. With one output the
    // MSE Fisher convention (F = I) and mse_half's Hessian (I/C) coincide; with C outputs the
    // GGN product is C times the Hessian product.
    let cases: [(Network<Double>, LossFunction, Double)] = [
      (try! Network(inputWidth: 4, layers: [.linear(1)]), .mseHalf, 1),
      (try! Network(inputWidth: 4, layers: [.linear(3)]), .mseHalf, 3),
      (try! Network(inputWidth: 4, layers: [.linear(3)]), .softmaxCrossEntropy, 1),
    ]
    for (net, loss, factor) in cases {
      let obj = NetworkObjective(network: net, loss: loss)
      let theta = Oracle.normals(net.parameterCount, &g)
      let v = Oracle.normals(net.parameterCount, &g)
      let lin = obj.linearize(at: theta, on: Oracle.batch(net, loss, n: 7, &g))
      var gv: [Double] = [], hv: [Double] = []
      lin.ggnVectorProduct(v, into: &gv)
      lin.hessianVectorProduct(v, into: &hv)
      // Tolerance 1e-12: both are exact products; only rounding differs.
      #expect(Oracle.relativeError(gv, hv.map { $0 * factor }) <= 1e-12, "\(net.layers) \(loss)")
      #expect(!Oracle.close(Oracle.perturbed(gv), hv.map { $0 * factor }, 1e-12))
    }
  }
}
