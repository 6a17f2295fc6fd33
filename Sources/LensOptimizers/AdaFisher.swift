import LensEngine

/// AdaFisher / AdaFisherW (Gomes et al.) as AF `optimizers/AdaFisher.py` @ eb858c60e4b8 runs
/// it (research note §5.2; golden README "AdaFisher code variant"):
///
/// - Refresh on steps k with k % stats_interval == 0, from that step's TRUE-label
///   forward/backward (empirical Fisher): per layer, ĥᵢ = mean over rows of āᵢ² (ā = [a; 1]
///   with a bias), ŝⱼ = mean over rows of sⱼ², s = gradient of the MEAN loss at the layer output
///   (linear: rows = examples; conv2d: (example, position) rows of the im2col patches).
/// - Variant `code` (default; what produced the paper's numbers): normalise the fresh estimate,
///   then average: H ← γ_old·H + γ_new·MinMax(ĥ), same for S, with H = S = 1 before the first
///   refresh (the EMA is applied on step 0 too). MinMax(x) = (x − min)/(max − min + 1e-6)
///   (+∞ → 1, −∞ → 0).
///   Variant `paper` (the paper's literal ordering): average the raw diagonals (same weights,
///   same all-ones start), then normalise: H = MinMax(H_raw).
/// - F_W[j,i] = S[j]·H[i] + λ, F_b[j] = S[j]·H[last] + λ; parameters of other layers: F = 1.
/// - AdaFisher: g̃ = g + κθ; m ← βm + (1−β)g̃; θ ← θ − η·(m/(1−βᵗ))/F.
///   AdaFisherW: m ← βm + (1−β)g; θ ← θ − η·((m/(1−βᵗ))/F + κθ).
///
/// Batch norm / layer norm (AF `Compute_H_D`, `Compute_S_D`): u_c = Σ_{n,positions} x_c / P²,
/// ĥ = [Σ_c u_c², C]/B² (entry 0 for γ, entry 1 for β), ŝ_c = (Σ_{n,positions} s_c)²/B;
/// F_γ[c] = S[c]·H[0] + λ, F_β[c] = S[c]·H[1] + λ. [!] AF hooks the module INPUT x; the engine
/// reports x̂ = (x − μ)/σ, whose batch-norm channel sums vanish in training mode, so ĥ₀ = 0
/// here (after min-max both give (0, ≈1) whenever Σu² < C). Not pinned by a golden case.
public struct AdaFisherConfiguration: OptimizerConfiguration, Hashable {
  public static var optimizerName: String { "adafisher" }
  public static let validKeys = ["lr", "beta", "lambda", "gamma_old", "gamma_new", "stats_interval", "weight_decay", "variant"]
  public enum Variant: String, Sendable, Hashable, CaseIterable { case code, paper }
  public var lr = 1e-3, beta = 0.9, lambda = 1e-3, gammaOld = 0.08, gammaNew = 0.008
  public var statsInterval = 100
  public var weightDecay = 0.0
  public var variant: Variant = .code
  /// AdaFisherW (decoupled weight decay) when true.
  public var decoupled = false

  public init(decoupled: Bool = false) { self.decoupled = decoupled }

  public init(options o: OptionReader) throws {
    lr = try o.double("lr", lr); beta = try o.double("beta", beta); lambda = try o.double("lambda", lambda)
    gammaOld = try o.double("gamma_old", gammaOld); gammaNew = try o.double("gamma_new", gammaNew)
    statsInterval = try o.int("stats_interval", statsInterval)
    weightDecay = try o.double("weight_decay", weightDecay)
    variant = Variant(rawValue: try o.choice("variant", variant.rawValue, Variant.allCases.map(\.rawValue)))!
    decoupled = o.optimizer == "adafisherw"
    guard statsInterval >= 1 else { throw LensError.badInput("optimizer '\(o.optimizer)': stats_interval must be ≥ 1") }
  }

  public var options: [String: JSONValue] {
    ["lr": .number(lr), "beta": .number(beta), "lambda": .number(lambda), "gamma_old": .number(gammaOld),
     "gamma_new": .number(gammaNew), "stats_interval": .number(Double(statsInterval)),
     "weight_decay": .number(weightDecay), "variant": .string(variant.rawValue)]
  }
}

/// AdaFisherW's configuration: AdaFisher's keys with decoupled weight decay.
public struct AdaFisherWConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "adafisherw"
  public static let validKeys = AdaFisherConfiguration.validKeys
  public var base: AdaFisherConfiguration
  public init() { base = AdaFisherConfiguration(decoupled: true) }
  public init(options o: OptionReader) throws { base = try AdaFisherConfiguration(options: o); base.decoupled = true }
  public var options: [String: JSONValue] { base.options }
}

/// (x − min)/(max − min + 1e-6) with AF25's infinity replacement.
public func minMaxNormalised(_ x: [Double]) -> [Double] {
  guard let lo = x.min(), let hi = x.max() else { return x }
  return x.map { v in
    let r = (v - lo) / (hi - lo + 1e-6)
    if r == .infinity { return 1 }
    if r == -.infinity { return 0 }
    return r
  }
}

public final class AdaFisher<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: AdaFisherConfiguration
  public var name: String { configuration.decoupled ? "adafisherw" : "adafisher" }
  public var learningRateScale = 1.0
  private struct LayerState { var H: [Double]; var S: [Double]; var weight: Range<Int>; var bias: Range<Int>?; var inWidth: Int }
  private var layers: [Int: LayerState] = [:]
  private var m: [Scalar] = []
  private var k = 0

  public let lossKind: LossKind

  public init(_ configuration: AdaFisherConfiguration, lossKind: LossKind) {
    self.configuration = configuration; self.lossKind = lossKind
  }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let n = parameters.count
    let lin = objective.linearize(at: parameters, on: batch)
    var g = Vec.gradient(lin, count: n)
    if k % c.statsInterval == 0 { try refresh(lin, layout: objective.layout) }
    // Fisher diagonal, F = 1 off the supported layers.
    var F = [Double](repeating: 1, count: n)
    for st in layers.values {
      let outW = st.S.count
      for j in 0..<outW {
        for i in 0..<st.inWidth { F[st.weight.lowerBound + j * st.inWidth + i] = st.S[j] * st.H[i] + c.lambda }
        if let b = st.bias { F[b.lowerBound + j] = st.S[j] * st.H[st.H.count - 1] + c.lambda }
      }
    }
    if m.isEmpty { m = Vec.zeros(n) }
    k += 1
    let beta = Scalar(c.beta), wd = Scalar(c.weightDecay), lr = Scalar(c.lr * learningRateScale)
    let bc = 1 - powInt(beta, k)
    if !c.decoupled && wd != 0 { for i in 0..<n { g[i] += wd * parameters[i] } }
    for i in 0..<n {
      m[i] = beta * m[i] + (1 - beta) * g[i]
      let u = (m[i] / bc) / Scalar(F[i])
      parameters[i] -= c.decoupled ? lr * (u + wd * parameters[i]) : lr * u
    }
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr), damping: c.lambda)
  }

  private var rawH: [Int: [Double]] = [:], rawS: [Int: [Double]] = [:]

  /// The fresh diagonal statistics (ĥ, ŝ) of one layer and the input width its weight rows use
  /// (1 for normalisation layers, whose H is the 2-vector (γ entry, β entry)).
  private func diagonals(_ s: KroneckerStatistics<Scalar>) -> (h: [Double], s: [Double], inWidth: Int) {
    let scale = lossKind.meanGradientScale(examples: s.examples)
    let rows = s.inputs.shape[0], B = Double(s.examples)
    let x = s.inputs.scalars, gy = s.outputGradients.scalars
    switch s.kind {
    case .linear, .conv2d:
      let inW = s.inputs.shape[1], outW = s.outputGradients.shape[1], rowsG = s.outputGradients.shape[0]
      let withBias = s.biasTensor != nil
      var h = [Double](repeating: 0, count: inW + (withBias ? 1 : 0))
      for r in 0..<rows { for i in 0..<inW { let a = Double(x[r * inW + i]); h[i] += a * a } }
      for i in 0..<inW { h[i] /= Double(rows) }
      if withBias { h[inW] = 1 }
      var sd = [Double](repeating: 0, count: outW)
      for r in 0..<rowsG { for j in 0..<outW { let v = Double(gy[r * outW + j]) * scale; sd[j] += v * v } }
      for j in 0..<outW { sd[j] /= Double(rowsG) }
      return (h, sd, inW)
    case .batchNorm(let c), .layerNorm(let c):
      // AF `Compute_H_D`/`Compute_S_D` for BatchNorm2d / LayerNorm on the engine's rows
      // (one row per example·position for batch norm, per example for layer norm):
      // u_c = Σ_rows x_c / P², ĥ = [Σ_c u_c², C]/B²;  ŝ_c = (Σ_rows s_c)²/B.
      let positions = Double(rows) / B
      var u = [Double](repeating: 0, count: c), g = [Double](repeating: 0, count: c)
      for r in 0..<rows {
        for k in 0..<c { u[k] += Double(x[r * c + k]); g[k] += Double(gy[r * c + k]) * scale }
      }
      let uu = u.reduce(0) { $0 + ($1 / (positions * positions)) * ($1 / (positions * positions)) }
      return ([uu / (B * B), Double(c) / (B * B)], g.map { $0 * $0 / B }, 1)
    }
  }

  private func refresh<L: Linearization>(_ lin: L, layout: ParameterLayout) throws where L.Scalar == Scalar {
    let c = configuration
    for s in lin.kroneckerStatistics(.trueLabels) {
      let (h, sd, inW) = diagonals(s)
      let outW = sd.count
      var st = layers[s.layer] ?? LayerState(H: .init(repeating: 1, count: h.count), S: .init(repeating: 1, count: outW),
                                              weight: layout.tensors[s.weightTensor].range,
                                              bias: s.biasTensor.map { layout.tensors[$0].range }, inWidth: inW)
      switch c.variant {
      case .code:
        let hn = minMaxNormalised(h), sn = minMaxNormalised(sd)
        for i in st.H.indices { st.H[i] = c.gammaOld * st.H[i] + c.gammaNew * hn[i] }
        for j in st.S.indices { st.S[j] = c.gammaOld * st.S[j] + c.gammaNew * sn[j] }
      case .paper:
        var rh = rawH[s.layer] ?? .init(repeating: 1, count: h.count)
        var rs = rawS[s.layer] ?? .init(repeating: 1, count: outW)
        for i in rh.indices { rh[i] = c.gammaOld * rh[i] + c.gammaNew * h[i] }
        for j in rs.indices { rs[j] = c.gammaOld * rs[j] + c.gammaNew * sd[j] }
        rawH[s.layer] = rh; rawS[s.layer] = rs
        st.H = minMaxNormalised(rh); st.S = minMaxNormalised(rs)
      }
      layers[s.layer] = st
    }
  }
}
