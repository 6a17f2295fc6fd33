import Testing
import LensEngine
import LensOptimizers

/// Every registered optimizer runs in Float through the engine with seeded noise and lowers
/// the full-batch loss of a small classification problem.
@Suite struct SmokeTests {
  static let settings: [String: [String: JSONValue]] = [
    "sgd": ["lr": .number(0.5)], "adam": ["lr": .number(0.05)], "adamw": ["lr": .number(0.05)],
    "adamqlr": ["preset": .string("untuned")], "kfac": [:],
    "kfac_asdl": ["lr": .number(0.1), "damping": .number(1e-3), "grad_clip": .number(1)], "adahessian": [:],
    "adafisher": [:], "adafisherw": [:], "shampoo": ["lr": .number(0.1), "grad_clip": .number(1)],
    "lanczosopt": ["lr": .number(0.1), "delta": .number(1)], "adam_learned_damping": ["lr": .number(0.05), "damping_floor": .number(1e-3)],
    "kfac_learned_damping": ["inner": .object(["name": .string("kfac_asdl"), "lr": .number(0.1)])],
  ]

  @Test(arguments: OptimizerRegistry.names)
  func lowersTheLossInFloat(_ name: String) throws {
    let net = try Network<Float>(inputWidth: 4, layers: [.linear(8), .relu, .linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    var g = SeededGenerator(key: 99)
    func batch(_ n: Int) -> Batch<Float> {
      let x = (0..<(n * 4)).map { _ in Float(g.normal()) }
      var y: [Int32] = []
      for i in 0..<n {
        let s: Float = x[i * 4] + x[i * 4 + 1]
        var label: Int32 = s > 0 ? 1 : 0
        if x[i * 4 + 2] > 0.5 { label += 1 }
        y.append(label)
      }
      return Batch(inputs: Tensor(shape: [n, 4], scalars: x), targets: .classes(y))
    }
    let train = batch(32)
    let env = OptimizerEnvironment<Float>(lossKind: .softmaxCrossEntropy(classes: 3), varianceBatches: [batch(16), batch(16)])
    let opt = try OptimizerRegistry.make(name: name, options: Self.settings[name] ?? [:], environment: env)
    var theta = (0..<objective.layout.count).map { _ in Float(0.4 * g.normal()) }
    let noise = SeededNoise(stream: RandomStreamKey(["smoke", name]))
    let start = objective.loss(at: theta, on: train)
    for t in 0..<30 {
      let r = try opt.accountedStep(parameters: &theta, objective: objective, batch: train, context: StepContext(step: t, noise: noise))
      #expect(r.loss.isFinite && r.work != nil)
    }
    let end = objective.loss(at: theta, on: train)
    #expect(end.isFinite && end < start, "\(name): \(start) → \(end)")
  }

  /// The conv2d and batch-norm paths (Kronecker factors on im2col rows, AdaHessian's spatial
  /// averaging, Shampoo's 4-D modes, AdaFisher's conv statistics) run and lower the loss of a
  /// tiny CNN in Double.
  @Test(arguments: OptimizerRegistry.names)
  func convolutionalModel(_ name: String) throws {
    let net = try Network<Double>(inputShape: [2, 5, 5], layers: [.conv(3), .batchNorm, .relu, .flatten, .linear(3)])
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    #expect(objective.layout.tensors.contains { $0.shape.count == 4 })
    var g = SeededGenerator(key: 7)
    func batch(_ n: Int) -> Batch<Double> {
      let x = (0..<(n * 50)).map { _ in g.normal() }
      let y = (0..<n).map { i in Int32(x[i * 50] > 0 ? 1 : (x[i * 50 + 1] > 0 ? 2 : 0)) }
      return Batch(inputs: Tensor(shape: [n, 2, 5, 5], scalars: x), targets: .classes(y))
    }
    let train = batch(12)
    let env = OptimizerEnvironment<Double>(lossKind: .softmaxCrossEntropy(classes: 3), varianceBatches: [batch(6), batch(6)])
    let opt = try OptimizerRegistry.make(name: name, options: Self.settings[name] ?? [:], environment: env)
    var theta = (0..<objective.layout.count).map { _ in 0.3 * g.normal() }
    for t in objective.layout.tensors where t.role == .scale { for i in t.range { theta[i] = 1 } }
    let noise = SeededNoise(stream: RandomStreamKey(["smoke-cnn", name]))
    let start = objective.loss(at: theta, on: train)
    for t in 0..<15 {
      _ = try opt.step(parameters: &theta, objective: objective, batch: train, context: StepContext(step: t, noise: noise))
    }
    let end = objective.loss(at: theta, on: train)
    #expect(end.isFinite && end < start, "\(name): \(start) → \(end)")
  }
}
