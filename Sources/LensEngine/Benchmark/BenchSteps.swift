import CBLAS

/// Synthetic data as in the reference timings: N(0,1) inputs, uniform random labels or N(0,1)
/// regression targets, fixed seeds.
func syntheticBatch(_ net: Network<Float>, loss: LossFunction, batch n: Int, key: UInt64) -> Batch<Float> {
  var g = SeededGenerator(key: key)
  let x = Tensor(shape: [n] + net.inputShape, scalars: (0..<(n * net.inputWidth)).map { _ in Float(g.normal()) })
  switch loss {
  case .softmaxCrossEntropy:
    return Batch(inputs: x, targets: .classes((0..<n).map { _ in Int32(g.integer(below: net.outputWidth)) }))
  case .mseHalf:
    return Batch(inputs: x, targets: .values(Tensor(shape: [n, net.outputWidth],
                                                    scalars: (0..<(n * net.outputWidth)).map { _ in Float(g.normal()) })))
  }
}

/// One benchmark training step on a network, carrying its state from step to step.
final class TrainingStep {
  enum Kind { case adam, adamQLR, adaHessian }
  let kind: Kind
  let objective: NetworkObjective<Float>
  let batch: Batch<Float>
  var theta: [Float]
  var adam: BenchAdam
  var grad: [Float], direction: [Float], product: [Float], probe: [Float]
  var damping: Float = 1e-3
  var generator = SeededGenerator(key: 7)
  let learningRate: Float = 1e-3

  init(_ architecture: Architecture, loss: LossFunction, batch n: Int, kind: Kind) {
    let net = try! Network<Float>(architecture)
    objective = NetworkObjective(network: net, loss: loss)
    batch = syntheticBatch(net, loss: loss, batch: n, key: 1)
    var g = SeededGenerator(key: 2)
    theta = net.initialParameters(.haikuTruncatedNormal, using: &g)
    adam = BenchAdam(count: theta.count)
    grad = [Float](repeating: 0, count: theta.count)
    direction = grad; product = grad; probe = grad
    self.kind = kind
  }

  func step() {
    switch kind {
    case .adam:
      do { let lin = objective.linearize(at: theta, on: batch); lin.gradient(into: &grad) }
      adam.direction(grad, into: &direction)
      benchAxpy(-learningRate, direction, &theta)
    case .adamQLR:
      // AdamQLR (Fisher, damped): Adam direction d, q = dᵀGd + λ‖d‖² from one GGN product,
      // s = −gᵀd/q clipped to ±0.1, θ ← θ + s d, one forward at the new θ for ρ.
      var f0: Float = 0, gd: Float = 0, q: Float = 0
      do {
        let lin = objective.linearize(at: theta, on: batch)
        f0 = lin.loss
        lin.gradient(into: &grad)
        adam.direction(grad, into: &direction)
        lin.ggnVectorProduct(direction, into: &product)
        gd = benchDot(grad, direction)
        q = benchDot(direction, product) + damping * benchDot(direction, direction)
      }
      var s = q.isFinite && q != 0 ? -gd / q : 0
      s = min(max(s, -0.1), 0.1)
      benchAxpy(s, direction, &theta)
      let f1 = objective.loss(at: theta, on: batch)
      let rho = (f1 - f0) / (s * gd + 0.5 * s * s * q)
      if rho > 0.75 { damping *= 0.5 } else if rho < 0.25 { damping *= 2 }
      damping = max(damping, 1e-8)
    case .adaHessian:
      // AdaHessian: Rademacher z, gradient and Hz together, D = |Hz|, Adam-style moments on
      // (g, D), θ ← θ − lr · m̂/(√v̂ + ε).
      probe.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = Float(generator.rademacher()) } }
      do {
        let lin = objective.linearize(at: theta, on: batch)
        lin.gradientAndHessianVectorProduct(probe, gradient: &grad, hessianVectorProduct: &product)
      }
      product.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] = abs(p[i]) } }
      adam.direction(grad, second: product, into: &direction)
      benchAxpy(-0.15, direction, &theta)
    }
  }
}

/// W8: the gradient, an SGD step and a k-step Lanczos sweep of the Hessian with full
/// re-orthogonalisation (`LanczosSweep`, the one LanczosOPT uses), then the tridiagonal matrix's
/// eigenvalues (LAPACK `ssyevd`).
final class LanczosStep {
  let objective: NetworkObjective<Float>
  let batch: Batch<Float>
  var theta: [Float]
  let k: Int
  var start: [Float], grad: [Float]
  var sweep: LanczosSweep<Float>
  var generator = SeededGenerator(key: 9)
  /// The top Ritz value of the last sweep.
  var topRitzValue: Float = 0

  init(steps k: Int = 50) {
    let net = try! Network<Float>(.logisticRegression(inputs: 784, classes: 10))
    objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    batch = syntheticBatch(net, loss: .softmaxCrossEntropy, batch: 1000, key: 3)
    var g = SeededGenerator(key: 4)
    theta = net.initialParameters(.pytorchDefault, using: &g)
    self.k = k
    start = [Float](repeating: 0, count: theta.count); grad = start
    sweep = LanczosSweep(dimension: theta.count, steps: k)
  }

  func step() {
    let p = theta.count
    do {
      let lin = objective.linearize(at: theta, on: batch)
      lin.gradient(into: &grad)
      start.withUnsafeMutableBufferPointer { s in for i in 0..<p { s[i] = Float(generator.normal()) } }
      sweep.run(start: start, steps: k, breakdown: 0) { v, w in lin.hessianVectorProduct(v, into: &w) }
    }
    topRitzValue = Self.tridiagonalEigenvalues(sweep).last ?? 0
    benchAxpy(-0.01, grad, &theta)
  }

  /// Eigenvalues (ascending) of a sweep's tridiagonal matrix T.
  static func tridiagonalEigenvalues(_ sweep: LanczosSweep<Float>) -> [Float] {
    let k = sweep.steps
    var n = Int32(k), lda = Int32(k), info: Int32 = 0
    var a = [Float](repeating: 0, count: k * k)
    for i in 0..<k {
      a[i * k + i] = Float(sweep.alphas[i])
      if i + 1 < k { a[i * k + i + 1] = Float(sweep.betas[i]); a[(i + 1) * k + i] = Float(sweep.betas[i]) }
    }
    var eig = [Float](repeating: 0, count: k)
    var lwork: Int32 = Int32(1 + 6 * k + 2 * k * k), liwork: Int32 = Int32(3 + 5 * k)
    var work = [Float](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
    var jobz = Int8(UInt8(ascii: "N")), uplo = Int8(UInt8(ascii: "U"))
    ssyevd_(&jobz, &uplo, &n, &a, &lda, &eig, &work, &lwork, &iwork, &liwork, &info)
    return eig
  }
}
