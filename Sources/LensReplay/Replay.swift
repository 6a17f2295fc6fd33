import LensEngine
import LensOptimizers

/// The outcome of replaying one golden case.
public struct ReplayResult: Sendable {
  public var name: String
  public var passed: Bool
  /// max |a − b| / max(|b|, atol/rtol) over every compared value.
  public var maxRelativeDeviation: Double
  /// max |a − b| / (atol + rtol·|b|): ≤ 1 means within tolerance.
  public var worstToleranceRatio: Double
  /// Where the worst value was.
  public var worstAt: String
  /// Human-readable per-step lines.
  public var lines: [String]
  public var compared: Int
}

/// Accumulates element-wise comparisons against the case's tolerance.
struct Comparator {
  let rtol: Double, atol: Double
  var maxRel = 0.0, worst = 0.0, worstAt = "", compared = 0, failed = false

  /// Compares one value; returns its relative deviation.
  @discardableResult
  mutating func check(_ a: Double, _ b: Double, _ what: String) -> Double {
    compared += 1
    let dev = abs(a - b)
    let ratio = dev / (atol + rtol * abs(b))
    let rel = dev / max(abs(b), rtol > 0 ? atol / rtol : 0, .leastNormalMagnitude)
    if !(ratio <= 1) { failed = true }
    if !(rel <= maxRel) { maxRel = rel.isNaN ? .infinity : rel }
    if !(ratio <= worst) { worst = ratio.isNaN ? .infinity : ratio; worstAt = what }
    return rel
  }
}

/// Runs golden cases against the Lens optimizers.
public enum Replay {
  /// Replays `c` in its dtype.
  public static func run(_ c: ReplayCase) throws -> ReplayResult {
    switch c.dtype {
    case .float64: return try run(c, as: Double.self)
    case .float32: return try run(c, as: Float.self)
    }
  }

  public static func run<S: LensScalar>(_ c: ReplayCase, as _: S.Type) throws -> ReplayResult {
    let problem: ReplayProblem<S> = try ReplayProblem(c)
    if let e = c.estimateName { return try estimate(c, problem, name: e) }
    guard let optName = c.optimizerName else { throw LensError.badInput("case \(c.name) has no optimizer") }
    var options = c.optimizerOptions
    // FORMAT.md defines `lanczosopt` by the authors' code (additive ν): pin that variant.
    if optName == "lanczosopt" && options["variant"] == nil { options["variant"] = .string("code") }
    let env = OptimizerEnvironment<S>(lossKind: c.lossKind, varianceBatches: problem.varianceBatches)
    let optimizer = try OptimizerRegistry.make(name: optName, options: options, environment: env)
    let noise = RecordedNoise(rademacher: c.rademacher.map(problem.toLayoutOrder),
                              gaussian: c.gaussian.map(problem.toLayoutOrder), sampledLabels: c.sampledLabels)
    guard c.expectLoss.count == c.steps else {
      throw LensError.badInput("case \(c.name): expect.loss has \(c.expectLoss.count) entries for \(c.steps) steps")
    }
    var cmp = Comparator(rtol: c.rtol, atol: c.atol)
    var lines: [String] = []
    var theta = problem.initial
    let objective = problem.objective
    for t in 0..<c.steps {
      let batch = problem.batches.isEmpty ? Batch<S>.empty : problem.batches[t % problem.batches.count]
      let rec = try optimizer.accountedStep(parameters: &theta, objective: objective, batch: batch,
                                   context: StepContext(step: t, noise: noise))
      let rel = cmp.check(rec.loss, c.expectLoss[t], "loss[\(t)]")
      var line = "step \(t): loss \(fmt(rec.loss)) expect \(fmt(c.expectLoss[t])) rel \(fmt(rel, 2))"
      for (key, values) in c.expectTrace {
        let got: Double?
        switch key {
        case "lr": got = rec.learningRate
        case "damping": got = rec.damping
        default: got = rec.momentum
        }
        guard let g = got else {
          throw LensError.badInput("case \(c.name): optimizer \(optName) reports no \(key) but the case expects one")
        }
        let r = cmp.check(g, values[t], "trace.\(key)[\(t)]")
        line += "  \(key) \(fmt(g)) (rel \(fmt(r, 2)))"
      }
      for n in rec.notes { line += "  [\(n)]" }
      lines.append(line)
    }
    var paramRel = 0.0
    for (name, expected) in c.expectParams {
      guard let tensor = objective.layout.tensor(named: name) else {
        throw LensError.badInput("case \(c.name): expect.params has \(name), which the model lacks")
      }
      guard tensor.count == expected.count else {
        throw LensError.badInput("case \(c.name): expect.params.\(name) has \(expected.count) values, the tensor \(tensor.count)")
      }
      for (k, i) in tensor.range.enumerated() {
        paramRel = max(paramRel, cmp.check(Double(theta[i]), expected[k], "params.\(name)[\(k)]"))
      }
    }
    lines.append("final params: max rel deviation \(fmt(paramRel, 2))")
    let w = objective.work
    lines.append("work: \(w.forward) forward, \(w.backward) backward, \(w.jvp) JVP, \(w.ggnProduct) GGN products, "
                 + "\(w.hvp) HVP, \(w.factorInversions) factor inversions")
    return ReplayResult(name: c.name, passed: !cmp.failed, maxRelativeDeviation: cmp.maxRel,
                        worstToleranceRatio: cmp.worst, worstAt: cmp.worstAt, lines: lines, compared: cmp.compared)
  }

  static func estimate<S: LensScalar>(_ c: ReplayCase, _ problem: ReplayProblem<S>, name: String) throws -> ReplayResult {
    var cmp = Comparator(rtol: c.rtol, atol: c.atol)
    var lines: [String] = []
    switch name {
    case "hessian_variance":
      guard c.gaussian.count == 1 else {
        throw LensError.badInput("case \(c.name): hessian_variance needs exactly one probe in noise.gaussian")
      }
      let probe: [S] = Vec64.cast(problem.toLayoutOrder(c.gaussian[0]))
      let sigma2 = HessianVariance.estimate(objective: problem.objective, at: problem.initial,
                                            batches: problem.batches, probe: probe)
      guard let expected = c.expectEstimate.first(where: { $0.name == "sigma2" }) else {
        throw LensError.badInput("case \(c.name): expect has no sigma2")
      }
      let rel = cmp.check(Double(sigma2), expected.value, "sigma2")
      lines.append("sigma2 \(fmt(Double(sigma2))) expect \(fmt(expected.value)) rel \(fmt(rel, 2))")
    default:
      throw LensError.badInput("case \(c.name): unknown estimate '\(name)'; known: hessian_variance")
    }
    return ReplayResult(name: c.name, passed: !cmp.failed, maxRelativeDeviation: cmp.maxRel,
                        worstToleranceRatio: cmp.worst, worstAt: cmp.worstAt, lines: lines, compared: cmp.compared)
  }

  static func fmt(_ x: Double, _ digits: Int = 12) -> String {
    if x == 0 { return "0" }
    if !x.isFinite { return "\(x)" }
    let e = Int((log10(abs(x))).rounded(.down))
    let m = x / pow10(e)
    var s = String(m)
    let maxLen = digits + (m < 0 ? 3 : 2)
    if s.count > maxLen { s = String(s.prefix(maxLen)) }
    return e == 0 ? s : "\(s)e\(e)"
  }

  static func pow10(_ e: Int) -> Double {
    var r = 1.0
    if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
    return r
  }

  static func log10(_ x: Double) -> Double {
    var e = 0.0, y = x
    while y >= 10 { y /= 10; e += 1 }
    while y < 1 { y *= 10; e -= 1 }
    return e
  }
}

enum Vec64 {
  static func cast<S: LensScalar>(_ v: [Double]) -> [S] { v.map { S($0) } }
}

/// A case's model, data and parameters in the working scalar type.
struct ReplayProblem<S: LensScalar> {
  var objective: any Objective<S>
  var initial: [S]
  var batches: [Batch<S>]
  var varianceBatches: [Batch<S>]
  /// For each case parameter (file order), its layout range.
  var caseRanges: [Range<Int>]

  init(_ c: ReplayCase) throws {
    switch c.model.loss {
    case .rosenbrockQuarter:
      guard c.model.layers.isEmpty else { throw LensError.badInput("rosenbrock_quarter takes no layers") }
      objective = RosenbrockObjective<S>()
    case .softmaxCrossEntropy, .mseHalf:
      objective = try ReplayModels.makeObjective(c, as: S.self)
    }
    let layout = objective.layout
    initial = [S](repeating: 0, count: layout.count)
    caseRanges = []
    var seen = Set<String>()
    for (name, t) in c.params {
      guard let lt = layout.tensor(named: name) else {
        throw LensError.badInput("case \(c.name): parameter \(name) is not in the model (model has \(layout.tensors.map(\.name).joined(separator: ", ")))")
      }
      guard lt.shape == t.shape else {
        throw LensError.badInput("case \(c.name): parameter \(name) has shape \(t.shape), the model \(lt.shape)")
      }
      for (k, i) in lt.range.enumerated() { initial[i] = S(t.data[k]) }
      caseRanges.append(lt.range)
      seen.insert(name)
    }
    let missing = layout.tensors.map(\.name).filter { !seen.contains($0) }
    if !missing.isEmpty { throw LensError.badInput("case \(c.name): params lacks \(missing.joined(separator: ", "))") }
    batches = try c.batches.map { try ReplayModels.batch($0, c, as: S.self) }
    varianceBatches = try c.varianceBatches.map { try ReplayModels.batch($0, c, as: S.self) }
  }

  /// A flat vector in the case's parameter order → layout order. Empty stays empty.
  func toLayoutOrder(_ v: [Double]) -> [Double] {
    if v.isEmpty { return v }
    var out = [Double](repeating: 0, count: initial.count)
    var k = 0
    for r in caseRanges {
      for i in r where k < v.count { out[i] = v[k]; k += 1 }
    }
    // A wrong length is reported by the noise source (it checks the count); keep it visible.
    return k == v.count && v.count == initial.count ? out : v
  }
}
