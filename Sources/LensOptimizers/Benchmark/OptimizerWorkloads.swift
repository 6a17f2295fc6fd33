#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LensEngine

/// One optimizer-step benchmark: a Float network, a synthetic batch and an optimizer built by
/// the registry with the options of the suite it stands for.
///
/// The data are synthetic (N(0,1) inputs, uniform labels or N(0,1) regression targets from
/// fixed seeds), so timings need no dataset mirror; the cost of a step does not depend on the
/// values. Every random draw of the optimizer (sampled labels, Gaussian noise) comes from a
/// `SeededNoise` with a fixed stream.
public struct OptimizerWorkload: Sendable {
  /// Short id, e.g. "K1".
  public var id: String
  public var summary: String
  public var architecture: Architecture
  public var loss: LossFunction
  public var batch: Int
  public var optimizer: String
  public var options: [String: JSONValue]

  public init(id: String, summary: String, architecture: Architecture, loss: LossFunction, batch: Int,
              optimizer: String, options: [String: JSONValue]) {
    self.id = id; self.summary = summary; self.architecture = architecture; self.loss = loss; self.batch = batch
    self.optimizer = optimizer; self.options = options
  }
}

/// The result of timing one optimizer workload.
public struct OptimizerBenchmarkResult: Sendable {
  /// Median wall-clock milliseconds per optimizer step.
  public var millisecondsPerStep: Double
  /// Median process CPU milliseconds per step (all threads): on a machine shared with other
  /// work this is the figure that does not grow with the load (with one BLAS thread it is the
  /// wall time of an unloaded machine).
  public var cpuMillisecondsPerStep: Double
  /// Timed steps.
  public var steps: Int
  /// The work of one step, averaged over the timed steps (forward passes, backward passes,
  /// JVPs, GGN products, HVPs, factor inversions), as totals over `steps`.
  public var work: WorkCounters
}

/// Times optimizer steps (`lens bench --optimizers`).
public enum OptimizerBenchmark {
  static let mnistMLP = Architecture.mlp(input: 784, hidden: [50], output: 10, activation: .relu)
  static let energyMLP = Architecture.mlp(input: 8, hidden: [50], output: 1, activation: .relu)

  /// K-FAC with Fig 1a's and Fig 1c's Table 2 settings; Shampoo, AdaFisher and K-FAC (ASDL) with
  /// AdaFisher's CNN settings on the Fig 1c MLP; AdamQLR (Fig 1c tuned) for scale; R1–R4 one
  /// step of SGD, Adam, AdamQLR and K-FAC on the scaled Haiku ResNet-18 of Figs 1d–e; L1 a
  /// LanczosOPT step with W8's 50-step sweep.
  public static let workloads: [OptimizerWorkload] = [
    OptimizerWorkload(id: "K1", summary: "kfac, MLP 8-50-1 mse, batch 50 (Fig 1a)", architecture: energyMLP,
                      loss: .mseHalf, batch: 50, optimizer: "kfac", options: ["initial_damping": .number(1.0047e-2)]),
    OptimizerWorkload(id: "K2", summary: "kfac, MLP 784-50-10 CE, batch 3200 (Fig 1c)", architecture: mnistMLP,
                      loss: .softmaxCrossEntropy, batch: 3200, optimizer: "kfac", options: ["initial_damping": .number(1.9224e-1)]),
    OptimizerWorkload(id: "K3", summary: "kfac_asdl, MLP 784-50-10 CE, batch 256, interval 1", architecture: mnistMLP,
                      loss: .softmaxCrossEntropy, batch: 256, optimizer: "kfac_asdl",
                      options: ["lr": .number(0.3), "weight_decay": .number(5e-4), "damping": .number(1e-3), "grad_clip": .number(1)]),
    OptimizerWorkload(id: "S1", summary: "shampoo, MLP 784-50-10 CE, batch 256, interval 1", architecture: mnistMLP,
                      loss: .softmaxCrossEntropy, batch: 256, optimizer: "shampoo",
                      options: ["lr": .number(0.3), "weight_decay": .number(5e-4), "grad_clip": .number(1)]),
    OptimizerWorkload(id: "F1", summary: "adafisher, MLP 784-50-10 CE, batch 256, stats_interval 1", architecture: mnistMLP,
                      loss: .softmaxCrossEntropy, batch: 256, optimizer: "adafisher",
                      options: ["weight_decay": .number(5e-4), "stats_interval": .number(1)]),
    OptimizerWorkload(id: "Q1", summary: "adamqlr, MLP 784-50-10 CE, batch 3200 (Fig 1c tuned)", architecture: mnistMLP,
                      loss: .softmaxCrossEntropy, batch: 3200, optimizer: "adamqlr",
                      options: ["lr_clip": .number(0.219), "initial_damping": .number(4.9595e-3),
                                "damping_decrease": .number(0.6), "damping_increase": .number(1.3)]),
    OptimizerWorkload(id: "R1", summary: "sgd, Haiku ResNet-18 x0.25 CE, 3x32x32, batch 128 (Figs 1d-e scaled)", architecture: haikuResNet,
                      loss: .softmaxCrossEntropy, batch: 128, optimizer: "sgd", options: ["lr": .number(0.01)]),
    OptimizerWorkload(id: "R2", summary: "adam, Haiku ResNet-18 x0.25 CE, 3x32x32, batch 128", architecture: haikuResNet,
                      loss: .softmaxCrossEntropy, batch: 128, optimizer: "adam", options: ["lr": .number(1e-3)]),
    OptimizerWorkload(id: "R3", summary: "adamqlr (fisher, untuned), Haiku ResNet-18 x0.25 CE, batch 128", architecture: haikuResNet,
                      loss: .softmaxCrossEntropy, batch: 128, optimizer: "adamqlr", options: ["preset": .string("untuned")]),
    OptimizerWorkload(id: "R4", summary: "kfac (defaults), Haiku ResNet-18 x0.25 CE, batch 128", architecture: haikuResNet,
                      loss: .softmaxCrossEntropy, batch: 128, optimizer: "kfac", options: [:]),
    OptimizerWorkload(id: "L1", summary: "lanczosopt, logreg 784-10 CE, batch 1000, 50 Lanczos steps (W8's sweep in a step)",
                      architecture: .logisticRegression(inputs: 784, classes: 10), loss: .softmaxCrossEntropy, batch: 1000,
                      optimizer: "lanczosopt", options: ["lanczos_steps": .number(50), "delta": .number(1)]),
  ]
  /// AdamQLR's SVHN/CIFAR-10 network at ¼ width (`HaikuResNet18/4`).
  static let haikuResNet = try! Architecture.haikuResNet(depth: 18, widthMultiplier: 0.25, inputShape: [3, 32, 32], classes: 10)

  /// Times `workload` on `batchCount` synthetic batches: two untimed warm-up steps, then steps until at least `minSteps` steps and
  /// `minSeconds` seconds have run (capped at `maxSteps`). Throws if the optimizer refuses its
  /// options or a step fails.
  public static func run(_ workload: OptimizerWorkload, minSeconds: Double = 1, minSteps: Int = 5,
                         maxSteps: Int = 100_000, batchCount: Int = 4, restartEvery: Int = 100) throws -> OptimizerBenchmarkResult {
    let net = try Network<Float>(workload.architecture)
    let objective = NetworkObjective(network: net, loss: workload.loss)
    var g = SeededGenerator(key: 11)
    let n = workload.batch
    let lossKind: LossKind
    switch workload.loss {
    case .softmaxCrossEntropy: lossKind = .softmaxCrossEntropy(classes: net.outputWidth)
    case .mseHalf: lossKind = .meanSquaredHalf(outputs: net.outputWidth)
    }
    var batches: [Batch<Float>] = []
    for _ in 0..<batchCount {
      let x = Tensor(shape: [n] + net.inputShape, scalars: (0..<(n * net.inputWidth)).map { _ in Float(g.normal()) })
      switch workload.loss {
      case .softmaxCrossEntropy:
        batches.append(Batch(inputs: x, targets: .classes((0..<n).map { _ in Int32(g.integer(below: net.outputWidth)) })))
      case .mseHalf:
        batches.append(Batch(inputs: x, targets: .values(Tensor(shape: [n, net.outputWidth],
                                                                scalars: (0..<(n * net.outputWidth)).map { _ in Float(g.normal()) }))))
      }
    }
    let theta0 = net.initialParameters(.haikuTruncatedNormal, using: &g)
    var theta = theta0
    func fresh() throws -> any Optimizer<Float> {
      try OptimizerRegistry.make(name: workload.optimizer, options: workload.options,
                                 environment: OptimizerEnvironment<Float>(lossKind: lossKind))
    }
    var optimizer = try fresh()
    let noise = SeededNoise(stream: RandomStreamKey(["bench", workload.id]))
    var step = 0
    // Cycles over a few batches and restarts from θ₀ with a fresh optimizer every
    // `restartEvery` steps (untimed), so that long timings never train a tiny model to the
    // degenerate regime (zero loss, exploding damping) that real runs do not reach.
    func once() throws {
      if step > 0 && step % restartEvery == 0 { theta = theta0; optimizer = try fresh() }
      do {
        _ = try optimizer.step(parameters: &theta, objective: objective, batch: batches[step % batchCount],
                               context: StepContext(step: step % restartEvery, noise: noise))
      } catch {
        throw LensError.failure("optimizer benchmark \(workload.id), step \(step): \(error)")
      }
      step += 1
    }
    for _ in 0..<2 { try once() }
    let before = objective.work
    var times: [Double] = [], cpuTimes: [Double] = []
    var total = 0.0
    while (times.count < minSteps || total < minSeconds) && times.count < maxSteps {
      let t0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID)
      try once()
      let dt = seconds(CLOCK_MONOTONIC) - t0
      cpuTimes.append(seconds(CLOCK_PROCESS_CPUTIME_ID) - c0)
      times.append(dt); total += dt
    }
    return OptimizerBenchmarkResult(millisecondsPerStep: 1000 * median(times), cpuMillisecondsPerStep: 1000 * median(cpuTimes),
                                    steps: times.count, work: objective.work.subtracting(before))
  }

  static func median(_ xs: [Double]) -> Double {
    let sorted = xs.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid])
  }

  static func seconds(_ clock: clockid_t) -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }
}
