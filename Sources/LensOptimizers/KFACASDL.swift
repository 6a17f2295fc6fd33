import LensEngine

/// K-FAC as ASDL's `KfacGradientMaker` (`fisher_mc`, `ema_decay` −1) runs it as AdaFisher's
/// baseline, driven as AF `Image_Classification/src/train.py` does (research note §7; FORMAT.md
/// `kfac_asdl`):
///
/// - Refresh steps t % interval == 0: one label per example sampled from the softmax; per
///   linear layer A = (1/B)Σ aaᵀ (NO bias column), G = (1/B)Σ ġġᵀ (ġ of the SUMMED sampled NLL);
///   no EMA. π = √((tr A/dim A)/(tr G/dim G)); λ_A = max(√λ·π, 1e-7), λ_G = max(√λ/π, 1e-7);
///   (A+λ_A I)⁻¹ and (G+λ_G I)⁻¹ by Cholesky, kept until the next refresh.
/// - Every step: g = ∇ of the mean TRUE-label loss; ∇W ← G⁻¹∇W A⁻¹, ∇b ← G⁻¹∇b.
/// - Clip over all parameters: g ← g·min(1, clip/(‖g‖ + 1e-6)) (`clip_grad_norm_`).
/// - PyTorch SGD: d = g + κθ (coupled, after clipping); buf = d at the first step, else
///   μ·buf + d; θ ← θ − η·buf.
///
/// Estimation options: `fisher_mc` (default, sampled), `fisher_emp` (true labels), `fisher_exact`.
public struct KFACASDLConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "kfac_asdl"
  public static let validKeys = ["lr", "momentum", "weight_decay", "damping", "interval", "grad_clip", "fisher"]
  public enum Fisher: String, Sendable, Hashable, CaseIterable { case fisherMC = "fisher_mc", fisherEmp = "fisher_emp", fisherExact = "fisher_exact" }
  public var lr: Double
  public var momentum = 0.9
  public var weightDecay = 0.0
  public var damping = 1e-7
  public var interval = 1
  /// nil = no clipping.
  public var gradClip: Double?
  public var fisher: Fisher = .fisherMC

  public init(lr: Double) { self.lr = lr }

  public init(options o: OptionReader) throws {
    guard let lr = try o.optionalDouble("lr") else { throw LensError.badInput("optimizer 'kfac_asdl': option lr is required") }
    self.lr = lr
    momentum = try o.double("momentum", momentum)
    weightDecay = try o.double("weight_decay", weightDecay)
    damping = try o.double("damping", damping)
    interval = try o.int("interval", interval)
    gradClip = try o.optionalDouble("grad_clip")
    fisher = Fisher(rawValue: try o.choice("fisher", fisher.rawValue, Fisher.allCases.map(\.rawValue)))!
    guard interval >= 1 else { throw LensError.badInput("optimizer 'kfac_asdl': interval must be ≥ 1") }
  }

  public var options: [String: JSONValue] {
    ["lr": .number(lr), "momentum": .number(momentum), "weight_decay": .number(weightDecay), "damping": .number(damping),
     "interval": .number(Double(interval)), "grad_clip": gradClip.json, "fisher": .string(fisher.rawValue)]
  }
}

public final class KFACASDL<Scalar: LensScalar>: Optimizer, LearningRateScalable, DampingControllable {
  public let configuration: KFACASDLConfiguration
  public let lossKind: LossKind
  public var name: String { KFACASDLConfiguration.optimizerName }
  public var learningRateScale = 1.0
  /// λ used at the next refresh.
  public var damping: Double
  /// The blocks and the Cholesky factors of (A + λ_A I) and (G + λ_G I) of the last refresh
  /// (none before the first refresh: the gradient is then left unpreconditioned).
  private var blocks: [KroneckerBlock] = []
  private var factorA: [CholeskyFactor] = [], factorG: [CholeskyFactor] = []
  private var A: [Matrix] = [], G: [Matrix] = [], gradientMatrices: [Matrix] = []
  private var gramScratch = GramScratch<Scalar>()
  private var buffer: [Scalar] = []

  public init(_ configuration: KFACASDLConfiguration, lossKind: LossKind) {
    self.configuration = configuration; self.lossKind = lossKind
    damping = configuration.damping
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let lin = objective.linearize(at: parameters, on: batch)
    if context.step % c.interval == 0 {
      let targets: CurvatureTargets
      switch c.fisher {
      case .fisherEmp: targets = .trueLabels
      case .fisherExact: targets = .exactFisher
      case .fisherMC:
        guard case .softmaxCrossEntropy(let classes) = lossKind else {
          throw LensError.badInput("kfac_asdl: fisher_mc is implemented for softmax cross-entropy only")
        }
        targets = .sampledLabels(try context.noise.sampledLabels(
          step: context.step, examples: batch.count, classes: classes,
          probabilities: { ClassProbabilities.of(lin, batch: batch).p }))
      }
      let stats = lin.kroneckerStatistics(targets).filter(KroneckerBlock.isFactored)
      if blocks.isEmpty {
        blocks = try stats.map { try KroneckerBlock.make($0, layout: objective.layout, biasColumn: false) }
        factorA = blocks.map { _ in CholeskyFactor() }
        factorG = blocks.map { _ in CholeskyFactor() }
        A = blocks.map { Matrix(zeros: $0.dimA, $0.dimA) }
        G = blocks.map { Matrix(zeros: $0.dimG, $0.dimG) }
        gradientMatrices = blocks.map { Matrix(zeros: $0.outWidth, $0.dimA) }
      }
      guard stats.count == blocks.count else {
        throw LensError.failure("kfac_asdl: \(stats.count) factored layers reported, the state has \(blocks.count)")
      }
      let s = damping.squareRoot()
      for k in blocks.indices {
        let b = blocks[k]
        try b.check(stats[k])
        b.accumulateA(stats[k], into: &A[k], beta: 0, scratch: &gramScratch)
        b.accumulateG(stats[k], into: &G[k], beta: 0, scratch: &gramScratch)
        let pi = KroneckerBlock.pi(trA: KroneckerBlock.trace(A[k]), dimA: b.dimA, trG: KroneckerBlock.trace(G[k]), dimG: b.dimG)
        let la = max(s * pi, 1e-7), lg = max(s / pi, 1e-7)
        try factorA[k].refactor(A[k], shift: la)
        try factorG[k].refactor(G[k], shift: lg)
      }
      objective.work.factorInversions += 2 * blocks.count
    }
    var g = Vec.gradient(lin, count: parameters.count)
    var pg = g
    for k in blocks.indices {
      let b = blocks[k]
      b.gatherGradient(g, into: &gradientMatrices[k])
      let rows = b.outWidth, w = b.dimA
      gradientMatrices[k].data.withUnsafeMutableBufferPointer { m in
        factorA[k].solveRows(m.baseAddress!, rows: rows, ld: w)
        factorG[k].solveColumns(m.baseAddress!, cols: w, ld: w)
      }
      var bias: [Double]?
      if let br = b.bias {
        var gb = br.map { Double(g[$0]) }
        gb.withUnsafeMutableBufferPointer { v in factorG[k].solveColumns(v.baseAddress!, cols: 1, ld: 1) }
        bias = gb
      }
      b.scatter(gradientMatrices[k], biasVector: bias, into: &pg)
    }
    g = pg
    let lr = Scalar(c.lr * learningRateScale)
    let notes = ASDLOuterLoop.step(parameters: &parameters, gradient: &g, buffer: &buffer, clip: c.gradClip,
                                   weightDecay: c.weightDecay, momentum: c.momentum, lr: lr)
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr), damping: damping,
                      momentum: c.momentum, notes: notes)
  }
}
