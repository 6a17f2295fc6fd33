import Foundation
import Testing
import LensEngine
import LensOptimizers

/// Names, strict options, serialisation, noise sources, schedules and small linear algebra.
@Suite struct RegistryTests {
  static let minimal: [String: [String: JSONValue]] = [
    "sgd": ["lr": .number(0.1)], "adam": ["lr": .number(0.1)], "adamw": ["lr": .number(0.1)], "adamqlr": [:],
    "kfac": [:], "kfac_asdl": ["lr": .number(0.1)], "adahessian": [:], "adafisher": [:], "adafisherw": [:],
    "shampoo": ["lr": .number(0.1)], "lanczosopt": [:], "adam_learned_damping": [:],
    "kfac_learned_damping": ["inner": .object(["name": .string("kfac_asdl"), "lr": .number(0.1)])],
  ]

  @Test func everyNameBuilds() throws {
    #expect(Set(OptimizerRegistry.names) == Set(Self.minimal.keys))
    let env = OptimizerEnvironment<Double>(lossKind: .softmaxCrossEntropy(classes: 3))
    for (name, options) in Self.minimal {
      let o = try OptimizerRegistry.make(name: name, options: options, environment: env)
      #expect(o.name == name)
      let f = try OptimizerRegistry.make(name: name, options: options, environment: OptimizerEnvironment<Float>(lossKind: .deterministic))
      #expect(f.name == name)
    }
  }

  @Test func unknownNameListsTheValidOnes() {
    do {
      _ = try OptimizerRegistry.make(name: "adamax", options: [:], environment: OptimizerEnvironment<Double>(lossKind: .deterministic))
      Issue.record("adamax accepted")
    } catch let e as LensError {
      #expect(e.message.contains("unknown optimizer 'adamax'") && e.message.contains("adafisherw") && e.kind == .badInput)
    } catch { Issue.record("\(error)") }
  }

  @Test func unknownKeyListsTheValidOnes() {
    do {
      _ = try AdamConfiguration(options: ["lr": .number(0.1), "amsgrad": .bool(true)])
      Issue.record("amsgrad accepted")
    } catch let e as LensError {
      #expect(e.message.contains("amsgrad") && e.message.contains("beta2"))
    } catch { Issue.record("\(error)") }
    #expect(throws: LensError.self) { try SGDConfiguration(options: ["lr": .string("fast")]) }
    #expect(throws: LensError.self) { try SGDConfiguration(options: [:]) }
    #expect(throws: LensError.self) { try KFACConfiguration(options: ["estimation": .string("fisher_magic")]) }
    #expect(throws: LensError.self) { try AdaFisherConfiguration(options: ["variant": .string("v3")]) }
  }

  /// Every configuration round-trips through JSON with the golden keys.
  @Test func configurationsRoundTrip() throws {
    func roundTrip<C: OptimizerConfiguration & Equatable>(_ c: C) throws {
      let data = try JSONEncoder().encode(c)
      let back = try JSONDecoder().decode(C.self, from: data)
      #expect(back == c, "\(C.optimizerName)")
      let keys = try JSONDecoder().decode([String: JSONValue].self, from: data).keys
      #expect(Set(keys).isSubset(of: Set(C.validKeys)), "\(C.optimizerName)")
    }
    try roundTrip(SGDConfiguration.full())
    try roundTrip(AdamConfiguration(lr: 0.3, weightDecay: 0.1))
    try roundTrip(AdamWConfiguration(lr: 0.3))
    try roundTrip(AdamQLRConfiguration.preset(.untuned_no_clip))
    var k = KFACConfiguration(); k.estimation = .empirical; k.adaptiveMomentum = false; k.momentum = 0.5
    try roundTrip(k)
    try roundTrip(KFACASDLConfiguration(lr: 0.2))
    try roundTrip(AdaHessianConfiguration())
    var af = AdaFisherConfiguration(); af.variant = .paper
    try roundTrip(af)
    try roundTrip(AdaFisherWConfiguration())
    try roundTrip(ShampooConfiguration(lr: 0.3))
    var l = LanczosOPTConfiguration(); l.variant = .code; l.nosharp = 0.2
    try roundTrip(l)
    try roundTrip(AdamLearnedDampingConfiguration())
  }

  @Test func noiseSources() throws {
    let a = SeededNoise(stream: RandomStreamKey(["n"])), b = SeededNoise(stream: RandomStreamKey(["n"]))
    #expect(try a.gaussian(step: 0, count: 5) == b.gaussian(step: 0, count: 5))
    #expect(try a.rademacher(step: 1, count: 100).allSatisfy { $0 == 1 || $0 == -1 })
    let labels = try a.sampledLabels(step: 0, examples: 3, classes: 2, probabilities: { [1, 0, 0, 1, 1, 0] })
    #expect(labels == [0, 1, 0])
    let rec = RecordedNoise(gaussian: [[1, 2]])
    #expect(throws: LensError.self) { try rec.gaussian(step: 0, count: 3) }
    #expect(throws: LensError.self) { try rec.gaussian(step: 1, count: 2) }
    #expect(throws: LensError.self) { try NoNoise().rademacher(step: 0, count: 1) }
  }

  @Test func schedules() throws {
    #expect(LearningRateSchedule.constant.factor(epoch: 7, of: 10) == 1)
    #expect(close(LearningRateSchedule.cosine(minimum: 0).factor(epoch: 5, of: 10), 0.5))
    #expect(LearningRateSchedule.cosine(minimum: 0.1).factor(epoch: 0, of: 10) == 1)
    let e12 = LearningRateSchedule.granziolEq12Paper
    #expect(e12.factor(epoch: 50, of: 100) == 1)
    #expect(close(e12.factor(epoch: 70, of: 100), 1 - 0.99 * 0.5))
    #expect(e12.factor(epoch: 95, of: 100) == 0.01)
    let p16 = LearningRateSchedule.granziolEq16Paper, c16 = LearningRateSchedule.granziolEq16Code
    #expect(close(p16.factor(epoch: 20, of: 100), 3))
    #expect(close(p16.factor(epoch: 30, of: 100), 5))
    #expect(close(p16.factor(epoch: 60, of: 100), 5 - 4.99 * 0.5))
    #expect(close(c16.factor(epoch: 60, of: 100), 5 - 4.9 * 0.5))
    #expect(p16.factor(epoch: 95, of: 100) == 0.01 && c16.factor(epoch: 95, of: 100) == 0.1)
    #expect(try LearningRateSchedule(name: "granziol_eq16_code") == c16)
    #expect(throws: LensError.self) { try LearningRateSchedule(name: "step") }
  }

  @Test func denseLinearAlgebra() throws {
    let a = Matrix(rows: 3, cols: 3, data: [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2])
    let inv = try a.choleskyInverse()
    #expect(ShampooMath.maxAbsDiffFromIdentity(a * inv) < 1e-14)
    let (w, v) = try a.symmetricEigen()
    #expect(w == w.sorted())
    for k in 0..<3 {
      let col = Matrix(rows: 3, cols: 1, data: (0..<3).map { v[$0, k] })
      let av = a * col
      for i in 0..<3 { #expect(abs(av.data[i] - w[k] * col.data[i]) < 1e-13) }
    }
    let x = try Matrix(rows: 2, cols: 2, data: [0, 1, 2, 3]).solve([1, 5])  // needs pivoting
    #expect(close(x, [1, 1]))
    #expect(throws: LensError.self) { try Matrix(rows: 2, cols: 2, data: [1, 2, 2, 1]).choleskyInverse() }
  }

  /// Rosenbrock: gradient and Hessian against central differences; GGN = JᵀJ.
  @Test func rosenbrockDerivatives() {
    let r = RosenbrockObjective<Double>()
    let p = [0.7, -0.3], h = 1e-5
    let lin = r.linearize(at: p, on: .empty)
    var g = [0.0, 0.0]; lin.gradient(into: &g)
    for i in 0..<2 {
      var pp = p, pm = p; pp[i] += h; pm[i] -= h
      #expect(abs((r.loss(at: pp, on: .empty) - r.loss(at: pm, on: .empty)) / (2 * h) - g[i]) < 1e-7)
      var e = [0.0, 0.0]; e[i] = 1
      var hv = [0.0, 0.0]; lin.hessianVectorProduct(e, into: &hv)
      var gp = [0.0, 0.0], gm = [0.0, 0.0]
      r.linearize(at: pp, on: .empty).gradient(into: &gp); r.linearize(at: pm, on: .empty).gradient(into: &gm)
      for j in 0..<2 { #expect(abs((gp[j] - gm[j]) / (2 * h) - hv[j]) < 1e-5) }
    }
    #expect(close(r.loss(at: [1, -1], on: .empty), 0.25 * 400))
    let gram = lin.ggnGram([[1, 0], [0, 1]])
    let x = 0.7
    #expect(close(gram, [1 + 400 * x * x, -200 * x, -200 * x, 100]))
  }
}
