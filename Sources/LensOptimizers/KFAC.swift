import LensEngine

/// K-FAC as kfac-jax 0.0.3 runs it with AQ's `configs/KFAC.yaml` (research note §4; golden
/// README "K-FAC (kfac-jax 0.0.3)"). Per step, in this order:
///
/// 1. Curvature statistics on the batch (estimation `fisher_sampled`: one label per example from
///    the model's softmax; `fisher_exact`: all classes, B = diag(√p) − p√pᵀ; `empirical`: true
///    labels). Per linear layer: A = mean āāᵀ with ā = [a; 1], G = mean ġġᵀ (ġ of the summed
///    loss). Normalised EMA: raw ← e·raw + new, w ← e·w + 1, factor = raw/w (e = curvature_ema).
/// 2. (f₀, g) on the batch.
/// 3. π-adjusted factored Tikhonov with the CURRENT λ: π = √((tr A/dim A)/(tr G/dim G)),
///    Δ = (G + √λ/π I)⁻¹ [∇W | ∇b] (A + π√λ I)⁻¹. A 1×1 G factor (one output unit) uses the
///    exact block inverse (g·A + λI)⁻¹; zero traces use I/√λ for both.
/// 4. Exact quadratic model on the batch over {Δ, δ_prev}: A_q = vᵢᵀFvⱼ (JVP Gram; MSE output
///    Fisher = I, summed over outputs), D = vᵢᵀvⱼ, b = gᵀvᵢ; w = −(A_q + λD)⁻¹b (first step, or
///    δ_prev = 0: w = (−b₀/(A_q+λD)₀₀, 0)). Non-adaptive lr/momentum fix w₁ = −lr / w₂ = momentum.
/// 5. δ = w₁Δ + w₂δ_prev; θ ← θ + δ.
/// 6. Damping (adaptive): ρ = (f(θ+δ) − f₀)/(½wᵀA_q w + wᵀb) (no λ term; NaN → −100);
///    λ ← decay·λ if ρ > ¾, λ/decay if ρ < ¼; λ ← max(λ, min_damping).
///
/// Trace: `learningRate` = −w₁, `momentum` = w₂, `damping` = λ after adaptation, `rho`.
/// Parameters of layers without Kronecker factors (normalisation layers, or none reported) are
/// left unpreconditioned (kfac-jax would refuse an unregistered parameter).
public struct KFACConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "kfac"
  public static let validKeys = ["initial_damping", "curvature_ema", "damping_decay", "min_damping", "adaptive_lr",
                                 "adaptive_momentum", "adaptive_damping", "estimation", "lr", "momentum"]
  public enum Estimation: String, Sendable, Hashable, CaseIterable {
    case fisherExact = "fisher_exact", fisherSampled = "fisher_sampled", empirical
  }
  public var initialDamping = 1.0
  public var curvatureEMA = 0.95
  public var dampingDecay = 0.9
  public var minDamping = 1e-8
  public var adaptiveLR = true
  public var adaptiveMomentum = true
  public var adaptiveDamping = true
  public var estimation: Estimation = .fisherSampled
  /// Fixed rate when `adaptive_lr` is false.
  public var lr: Double?
  /// Fixed momentum when `adaptive_momentum` is false.
  public var momentum: Double?

  public init() {}

  public init(options o: OptionReader) throws {
    initialDamping = try o.double("initial_damping", initialDamping)
    curvatureEMA = try o.double("curvature_ema", curvatureEMA)
    dampingDecay = try o.double("damping_decay", dampingDecay)
    minDamping = try o.double("min_damping", minDamping)
    adaptiveLR = try o.bool("adaptive_lr", adaptiveLR)
    adaptiveMomentum = try o.bool("adaptive_momentum", adaptiveMomentum)
    adaptiveDamping = try o.bool("adaptive_damping", adaptiveDamping)
    estimation = Estimation(rawValue: try o.choice("estimation", estimation.rawValue, Estimation.allCases.map(\.rawValue)))!
    lr = try o.optionalDouble("lr"); momentum = try o.optionalDouble("momentum")
    if !adaptiveLR && lr == nil { throw LensError.badInput("optimizer 'kfac': adaptive_lr = false needs lr") }
    if !adaptiveMomentum && momentum == nil { throw LensError.badInput("optimizer 'kfac': adaptive_momentum = false needs momentum") }
  }

  public var options: [String: JSONValue] {
    ["initial_damping": .number(initialDamping), "curvature_ema": .number(curvatureEMA),
     "damping_decay": .number(dampingDecay), "min_damping": .number(minDamping), "adaptive_lr": .bool(adaptiveLR),
     "adaptive_momentum": .bool(adaptiveMomentum), "adaptive_damping": .bool(adaptiveDamping),
     "estimation": .string(estimation.rawValue), "lr": lr.json, "momentum": momentum.json]
  }
}

public final class KFAC<Scalar: LensScalar>: Optimizer, DampingControllable {
  public let configuration: KFACConfiguration
  public let lossKind: LossKind
  public var name: String { KFACConfiguration.optimizerName }
  /// The current damping λ.
  public var damping: Double
  /// Multiplies the fixed rate (non-adaptive lr) — the learned-damping (1+δ) factor or a schedule.
  public var learningRateScale = 1.0
  private var blocks: [KroneckerBlock] = []
  /// EMA numerators of the factors (upper triangles; A = rawA/w, G = rawG/w).
  private var rawA: [Matrix] = [], rawG: [Matrix] = []
  private var factorA: [CholeskyFactor] = [], factorG: [CholeskyFactor] = []
  private var gradientMatrices: [Matrix] = []
  private var gramScratch = GramScratch<Scalar>()
  private var emaWeight = 0.0
  private var previous: [Scalar] = []

  public init(_ configuration: KFACConfiguration, lossKind: LossKind) {
    self.configuration = configuration; self.lossKind = lossKind
    damping = configuration.initialDamping
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let lin = objective.linearize(at: parameters, on: batch)
    let f0 = lin.loss
    // 1. Curvature statistics and the moving average.
    let targets: CurvatureTargets
    switch c.estimation {
    case .fisherExact: targets = .exactFisher
    case .empirical: targets = .trueLabels
    case .fisherSampled:
      switch lossKind {
      case .softmaxCrossEntropy(let classes):
        targets = .sampledLabels(try context.noise.sampledLabels(
          step: context.step, examples: batch.count, classes: classes,
          probabilities: { ClassProbabilities.of(lin, batch: batch).p }))
      case .meanSquaredHalf(let outputs):
        targets = .sampledGaussianNoise(try context.noise.gaussian(step: context.step, count: batch.count * outputs))
      case .deterministic:
        throw LensError.badInput("kfac: fisher_sampled needs a model with outputs (this objective has none)")
      }
    }
    let stats = lin.kroneckerStatistics(targets).filter(KroneckerBlock.isFactored)
    if blocks.isEmpty {
      blocks = try stats.map { try KroneckerBlock.make($0, layout: objective.layout, biasColumn: true) }
      rawA = blocks.map { Matrix(zeros: $0.dimA, $0.dimA) }
      rawG = blocks.map { Matrix(zeros: $0.dimG, $0.dimG) }
      factorA = blocks.map { _ in CholeskyFactor() }
      factorG = blocks.map { _ in CholeskyFactor() }
      gradientMatrices = blocks.map { Matrix(zeros: $0.outWidth, $0.dimA) }
    }
    guard stats.count == blocks.count else {
      throw LensError.failure("kfac: \(stats.count) factored layers reported, the state has \(blocks.count)")
    }
    emaWeight = c.curvatureEMA * emaWeight + 1
    for k in blocks.indices {
      try blocks[k].check(stats[k])
      blocks[k].accumulateA(stats[k], into: &rawA[k], beta: c.curvatureEMA, scratch: &gramScratch)
      blocks[k].accumulateG(stats[k], into: &rawG[k], beta: c.curvatureEMA, scratch: &gramScratch)
    }
    // 2–3. Gradient and preconditioned gradient: M ← (G + √λ/π I)⁻¹ M (A + π√λ I)⁻¹ by
    // Cholesky factors and triangular solves (the factors are A = raw/w, G = raw/w).
    let g = Vec.gradient(lin, count: parameters.count)
    var delta = g
    let lambda = damping
    let scale = 1 / emaWeight
    for k in blocks.indices {
      let b = blocks[k]
      b.gatherGradient(g, into: &gradientMatrices[k])
      let rows = b.outWidth, w = b.dimA
      if b.dimG == 1 {
        // Exact inverse of the 1×1 ⊗ A block: (g·A + λI)⁻¹ acting on the row.
        let g00 = scale * rawG[k][0, 0]
        try factorA[k].refactor(rawA[k], scale: g00 * scale, shift: lambda)
        objective.work.factorInversions += 1
        gradientMatrices[k].data.withUnsafeMutableBufferPointer { m in factorA[k].solveRows(m.baseAddress!, rows: rows, ld: w) }
      } else {
        let trA = KroneckerBlock.trace(rawA[k], scale: scale), trG = KroneckerBlock.trace(rawG[k], scale: scale)
        objective.work.factorInversions += 2
        if trA * trG > 0 {
          let pi = KroneckerBlock.pi(trA: trA, dimA: b.dimA, trG: trG, dimG: b.dimG), s = lambda.squareRoot()
          try factorA[k].refactor(rawA[k], scale: scale, shift: pi * s)
          try factorG[k].refactor(rawG[k], scale: scale, shift: s / pi)
          gradientMatrices[k].data.withUnsafeMutableBufferPointer { m in
            factorA[k].solveRows(m.baseAddress!, rows: rows, ld: w)
            factorG[k].solveColumns(m.baseAddress!, cols: w, ld: w)
          }
        } else {
          let r = 1 / lambda.squareRoot()
          for i in gradientMatrices[k].data.indices { gradientMatrices[k].data[i] *= r * r }
        }
      }
      b.scatter(gradientMatrices[k], biasVector: nil, into: &delta)
    }
    // 4. Quadratic model.
    let first = previous.isEmpty || previous.allSatisfy { $0 == 0 }
    let vectors = first ? [delta] : [delta, previous]
    let gram = lin.ggnGram(vectors).map { Double($0) }
    let k = vectors.count
    var D = [Double](repeating: 0, count: k * k), bvec = [Double](repeating: 0, count: k)
    for i in 0..<k {
      bvec[i] = Double(Vec.dot(g, vectors[i]))
      for j in 0..<k { D[i * k + j] = Double(Vec.dot(vectors[i], vectors[j])) }
    }
    var H = Matrix(zeros: k, k)
    for i in 0..<k { for j in 0..<k { H[i, j] = gram[i * k + j] + lambda * D[i * k + j] } }
    var w = [Double](repeating: 0, count: 2)
    let fixedLR = (c.lr ?? 0) * learningRateScale, fixedMomentum = c.momentum ?? 0
    switch (c.adaptiveLR, c.adaptiveMomentum) {
    case (true, true):
      if k == 1 { w[0] = -bvec[0] / H[0, 0] } else {
        do { w = try H.solve(bvec.map { -$0 }) } catch {
          throw LensError.failure("kfac step \(context.step): quadratic model A + λD = \(H.data) is singular (b = \(bvec), λ = \(lambda))")
        }
      }
    case (true, false):
      w[1] = k == 1 ? 0 : fixedMomentum
      w[0] = -(bvec[0] + (k == 1 ? 0 : H[0, 1] * w[1])) / H[0, 0]
    case (false, true):
      w[0] = -fixedLR
      w[1] = k == 1 ? 0 : -(bvec[1] + H[1, 0] * w[0]) / H[1, 1]
    case (false, false):
      w = [-fixedLR, k == 1 ? 0 : fixedMomentum]
    }
    // 5. Update.
    let w0 = Scalar(w[0]), w1 = Scalar(w[1])
    var update = delta
    for i in update.indices { update[i] = w0 * delta[i] + (k == 1 ? 0 : w1 * previous[i]) }
    for i in parameters.indices { parameters[i] += update[i] }
    previous = update
    // 6. Damping.
    var rho: Double?
    if c.adaptiveDamping {
      var quad = 0.0
      for i in 0..<k {
        quad += w[i] * bvec[i]
        for j in 0..<k { quad += 0.5 * w[i] * gram[i * k + j] * w[j] }
      }
      let f1 = objective.loss(at: parameters, on: batch)
      var r = Double(f1 - f0) / quad
      if r.isNaN { r = -100 }
      rho = r
      if r > 0.75 { damping *= c.dampingDecay } else if r < 0.25 { damping /= c.dampingDecay }
      damping = max(damping, c.minDamping)
    }
    return StepRecord(step: context.step, loss: Double(f0), learningRate: -w[0], damping: damping,
                      momentum: k == 1 ? 0 : w[1], rho: rho)
  }
}

/// Optimizers whose damping (and rate factor) an outer controller may set — the learned
/// damping of Granziol et al. sets K-FAC's damping and Adam's ε.
public protocol DampingControllable: AnyObject {
  var damping: Double { get set }
  var learningRateScale: Double { get set }
}
