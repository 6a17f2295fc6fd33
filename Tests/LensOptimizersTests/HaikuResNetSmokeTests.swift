import Testing
import LensEngine
import LensOptimizers

/// The optimizers of AdamQLR's SVHN/CIFAR-10 suites run on Haiku's ResNet-18 (1/16 width,
/// channels 4, 4, 8, 16, 32, on 3×16×16 inputs, batch 4) in Float, from Haiku's
/// initialisation (zero logits weights): every step gives a finite loss, and SGD and Adam
/// lower the loss of their batch.
@Suite struct HaikuResNetSmokeTests {
  static let cases: [(label: String, name: String, options: [String: JSONValue])] = [
    ("sgd", "sgd", ["lr": .number(0.1)]),
    ("adam", "adam", ["lr": .number(0.01)]),
    ("kfac", "kfac", [:]),
    ("adamqlr-fisher", "adamqlr", ["preset": .string("untuned")]),
    ("adamqlr-hessian", "adamqlr", ["preset": .string("untuned"), "curvature": .string("hessian")]),
  ]

  @Test(arguments: cases.map(\.label))
  func stepsOnTinyHaikuResNet(_ label: String) throws {
    let c = Self.cases.first { $0.label == label }!
    let net = try Network<Float>(Architecture.haikuResNet(widthMultiplier: 1.0 / 16, inputShape: [3, 16, 16], classes: 10))
    let objective = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
    var g = SeededGenerator(key: 1718)
    func batch(_ n: Int) -> Batch<Float> {
      let x = (0..<(n * 768)).map { _ in Float(g.normal()) }
      return Batch(inputs: Tensor(shape: [n, 3, 16, 16], scalars: x), targets: .classes((0..<n).map { Int32($0 % 10) }))
    }
    let train = batch(4)
    let env = OptimizerEnvironment<Float>(lossKind: .softmaxCrossEntropy(classes: 10), varianceBatches: [batch(4), batch(4)])
    let opt = try OptimizerRegistry.make(name: c.name, options: c.options, environment: env)
    var theta = net.initialParameters(.haikuTruncatedNormal, using: &g)
    let noise = SeededNoise(stream: RandomStreamKey(["smoke-haiku-resnet", label]))
    let start = objective.loss(at: theta, on: train)
    let steps = (label == "sgd" || label == "adam") ? 6 : 2
    for t in 0..<steps {
      let r = try opt.accountedStep(parameters: &theta, objective: objective, batch: train, context: StepContext(step: t, noise: noise))
      #expect(r.loss.isFinite, "\(label) step \(t): loss \(r.loss)")
      let finite = theta.allSatisfy { $0.isFinite }
      #expect(finite, "\(label) step \(t): non-finite parameters")
    }
    let end = objective.loss(at: theta, on: train)
    #expect(end.isFinite)
    if steps > 2 { #expect(end < start, "\(label): \(start) → \(end)") }
  }
}
