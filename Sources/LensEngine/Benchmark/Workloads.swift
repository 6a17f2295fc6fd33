/// The benchmark workloads of `lens bench` (research/cpu-reference-timings.md): one training
/// step each, in Float, on synthetic data.
///
/// FLOPs are the reference's nominal count (2·M·N·K per GEMM of the minimal algorithm,
/// 2 per multiply-add of a convolution; element-wise work not counted), so GFLOP/s figures are
/// comparable with the JAX and PyTorch columns.
public struct BenchmarkWorkload: Sendable, Hashable {
  public let id: String
  public let summary: String
  /// Nominal FLOPs per step.
  public let flops: Double
  /// Reference medians, ms per step, measured on the machine of research/cpu-reference-timings.md
  /// (a 2-core Zen 5 EPYC); `lens bench --jax-reference/--torch-reference` gives this machine's.
  public let jaxMilliseconds: Double?
  public let torchMilliseconds: Double?
}

/// One workload's measurement: one pass, or the faster of several (`fastestPass`).
public struct BenchmarkResult: Sendable {
  public let workload: BenchmarkWorkload
  public let millisecondsPerStep: Double
  public let steps: Int
  public var gflops: Double { workload.flops / (millisecondsPerStep * 1e-3) / 1e9 }
  /// Achieved GFLOP/s over the measured sgemm ceiling.
  public let ceilingFraction: Double
  /// CPU used by other processes during the timed steps, in cores (nil if unknown). The
  /// reference timings were taken below 0.15 cores; above that, compare with care.
  public let otherLoadCores: Double?
  /// The median milliseconds per step of every pass, in order (one entry for a single pass).
  public var passMilliseconds: [Double]

  /// The reference's summary of several passes: the faster pass median, its GFLOP/s over the
  /// highest of the passes' ceilings, and the highest other load seen in any pass.
  public static func fastestPass(_ passes: [BenchmarkResult], ceiling: Double) -> BenchmarkResult {
    precondition(!passes.isEmpty, "fastestPass: no passes")
    let best = passes.min { $0.millisecondsPerStep < $1.millisecondsPerStep }!
    let loads = passes.compactMap(\.otherLoadCores)
    return BenchmarkResult(workload: best.workload, millisecondsPerStep: best.millisecondsPerStep, steps: best.steps,
                           ceilingFraction: best.gflops / ceiling, otherLoadCores: loads.max(),
                           passMilliseconds: passes.map(\.millisecondsPerStep))
  }
}

public enum EngineBenchmark {
  /// MLP step FLOPs: forward and weight gradients of every layer, plus the input gradient of
  /// every layer but the first: 2B·(2·Σ dᵢdᵢ₊₁ + Σ_{i>0} dᵢdᵢ₊₁).
  static func mlpFlops(_ widths: [Int], batch b: Int) -> Double {
    var total = 0.0
    for i in 0..<(widths.count - 1) {
      let gemm = 2.0 * Double(b) * Double(widths[i] * widths[i + 1])
      total += 2 * gemm + (i > 0 ? gemm : 0)
    }
    return total
  }

  public static let workloads: [BenchmarkWorkload] = {
    let big = 2.0 * 3200 * 784 * 50, small = 2.0 * 3200 * 50 * 10
    let logreg = 2.0 * 1000 * 784 * 10
    return [
      BenchmarkWorkload(id: "W1", summary: "MLP 784-50-10, CE, batch 3200, Adam",
                        flops: mlpFlops([784, 50, 10], batch: 3200), jaxMilliseconds: 2.45, torchMilliseconds: 3.35),
      BenchmarkWorkload(id: "W2", summary: "MLP 784-50-10, CE, batch 400, Adam",
                        flops: mlpFlops([784, 50, 10], batch: 400), jaxMilliseconds: 0.49, torchMilliseconds: 0.60),
      BenchmarkWorkload(id: "W3", summary: "MLP 9-100-1, MSE, batch 800, Adam",
                        flops: mlpFlops([9, 100, 1], batch: 800), jaxMilliseconds: 0.127, torchMilliseconds: 0.268),
      BenchmarkWorkload(id: "W4", summary: "MLP 8-50-1, MSE, batch 692, Adam",
                        flops: mlpFlops([8, 50, 1], batch: 692), jaxMilliseconds: 0.137, torchMilliseconds: 0.213),
      // W5 = W1 + JVP tangent (x V₁ᵀ, V₂a + W₂ȧ) + VJP (weight grads + layer-2 input grad) + forward
      // = 1.280 GFLOP, the reference count.
      BenchmarkWorkload(id: "W5", summary: "W1 + GGN-vector product + extra forward (AdamQLR)",
                        flops: mlpFlops([784, 50, 10], batch: 3200) + (big + 2 * small) + (big + 2 * small) + (big + small),
                        jaxMilliseconds: 5.93, torchMilliseconds: 12.3),
      // W6 = 4 large + 9 small GEMMs (forward-over-reverse gradient and Hv).
      BenchmarkWorkload(id: "W6", summary: "W1 + Hessian-vector product (AdaHessian)",
                        flops: 4 * big + 9 * small, jaxMilliseconds: 4.83, torchMilliseconds: 7.15),
      BenchmarkWorkload(id: "W7", summary: "CNN conv3x3(3-32)-pool-conv3x3(32-64)-pool-linear(4096-10), batch 128, Adam",
                        flops: cnnFlops, jaxMilliseconds: 100.5, torchMilliseconds: 40.2),
      BenchmarkWorkload(id: "W8", summary: "logreg 784-10, batch 1000, gradient + 50-step Lanczos",
                        flops: 2 * logreg + 50 * 2 * logreg + lanczosReorthogonalisationFlops(parameters: 7850, steps: 50),
                        jaxMilliseconds: 19.6, torchMilliseconds: 25.4),
    ]
  }()

  /// W7: forward + weight gradients of the two convolutions and the linear layer, plus the
  /// input gradients of the second convolution and the linear layer (2 FLOPs per multiply-add).
  static let cnnFlops: Double = {
    let conv1 = 2.0 * 128 * (32 * 32) * 32 * 27, conv2 = 2.0 * 128 * (16 * 16) * 64 * 288, fc = 2.0 * 128 * 4096 * 10
    return 2 * (conv1 + conv2 + fc) + conv2 + fc
  }()

  /// Full re-orthogonalisation: at step j, two passes of Qᵀ(Q w) over j+1 vectors: 2·2·P·(j+1)
  /// each; the reference counts one pass (4·P·(j+1)), which is what is used here.
  static func lanczosReorthogonalisationFlops(parameters p: Int, steps k: Int) -> Double {
    (0..<k).reduce(0.0) { $0 + 4 * Double(p) * Double($1 + 1) }
  }

  /// The step closure of a workload (state carried across calls).
  static func makeStep(_ id: String) -> () -> Void {
    switch id {
    case "W1": let s = TrainingStep(.fashionMNISTMLP, loss: .softmaxCrossEntropy, batch: 3200, kind: .adam); return s.step
    case "W2": let s = TrainingStep(.fashionMNISTMLP, loss: .softmaxCrossEntropy, batch: 400, kind: .adam); return s.step
    case "W3": let s = TrainingStep(.uciProteinMLP, loss: .mseHalf, batch: 800, kind: .adam); return s.step
    case "W4": let s = TrainingStep(.uciEnergyMLP, loss: .mseHalf, batch: 692, kind: .adam); return s.step
    case "W5": let s = TrainingStep(.fashionMNISTMLP, loss: .softmaxCrossEntropy, batch: 3200, kind: .adamQLR); return s.step
    case "W6": let s = TrainingStep(.fashionMNISTMLP, loss: .softmaxCrossEntropy, batch: 3200, kind: .adaHessian); return s.step
    case "W7": let s = TrainingStep(.smallCNN(), loss: .softmaxCrossEntropy, batch: 128, kind: .adam); return s.step
    case "W8": let s = LanczosStep(steps: 50); return s.step
    default: preconditionFailure("unknown workload \(id)")
    }
  }

  /// Runs one workload: a first call and 5 warm-up steps, then at least 30 timed steps and
  /// `minSeconds` of timing; the figure is the median step time. The steps run with BLAS
  /// single-threaded throughout (the engine's workers are its parallelism), so the step's own
  /// vector operations (Adam, dot products, Lanczos re-orthogonalisation) never wake
  /// OpenBLAS's thread pool, whose spinning threads would compete with the engine's workers.
  public static func run(_ workload: BenchmarkWorkload, ceiling: Double, minSeconds: Double = 1) -> BenchmarkResult {
    let step = makeStep(workload.id)
    let (times, load) = withSingleThreadedBLAS { () -> ([Double], Double?) in
      step()
      for _ in 0..<5 { step() }
      let probe = OtherLoadProbe()
      let times = timeCalls(warmup: 0, minCalls: 30, minSeconds: minSeconds, step)
      return (times, probe.otherCores())
    }
    let ms = median(times) * 1e3
    let gflops = workload.flops / (ms * 1e-3) / 1e9
    return BenchmarkResult(workload: workload, millisecondsPerStep: ms, steps: times.count,
                           ceilingFraction: gflops / ceiling, otherLoadCores: load, passMilliseconds: [ms])
  }
}
