import LensData
import LensEngine

/// Full-split evaluation: mean loss and, for classification, accuracy.
///
/// The loss is the objective's mean loss over all examples of the split, computed in chunks
/// and combined with weights proportional to chunk size (exact for per-example means).
/// Evaluation work is not counted in the run's work counters: they count training only.
///
/// Networks with batch norm are evaluated in EVALUATION mode (Haiku's `is_training=False`):
/// one `Network.outputs` pass per chunk, normalised with the running statistics, gives both the
/// loss (`LossFunction.meanValue`, the training loss's reduction) and the accuracy (argmax of
/// the outputs; ties go to the lowest class). Networks without batch norm, where both modes
/// agree, keep the training-mode loss (`NetworkObjective.loss(at:on:)`) and take the accuracy
/// from `Network.outputs`.
///
/// Chunks hold at most 512 examples for networks with convolutions (their per-chunk scratch
/// grows with the chunk: ≈ 3 GB for 4096 examples on the Haiku ResNet-18) and 4096 otherwise.
public struct Evaluator {
  public let network: Network<Float>
  public let chunks: [Batch<Float>]
  public let count: Int

  /// The default chunk size for `network`: 512 with convolutions, else 4096.
  public static func defaultChunk(for network: Network<Float>) -> Int { network.hasConvolutions ? 512 : 4096 }

  public init(network: Network<Float>, split: DataSplit, chunk: Int? = nil) {
    self.network = network
    self.chunks = BatchMaker(split: split).chunks(of: chunk ?? Evaluator.defaultChunk(for: network))
    self.count = split.count
  }

  /// (mean loss, accuracy or nil) at `parameters`.
  public func evaluate(_ objective: NetworkObjective<Float>, parameters: [Float]) -> (loss: Double, accuracy: Double?) {
    let saved = objective.work
    defer { objective.work = saved }
    let evaluationMode = network.hasBatchNorm
    var total = 0.0
    var correct = 0
    var classification = false
    for batch in chunks {
      var outputs: Tensor<Float>?
      if evaluationMode {
        let out = network.outputs(parameters: parameters, inputs: batch.inputs)
        total += Double(objective.lossFunction.meanValue(outputs: out, targets: batch.targets)) * Double(batch.count)
        outputs = out
      } else {
        total += Double(objective.loss(at: parameters, on: batch)) * Double(batch.count)
      }
      if case .classes(let labels) = batch.targets {
        classification = true
        let out = outputs ?? network.outputs(parameters: parameters, inputs: batch.inputs)
        correct += Evaluator.correct(out, labels: labels)
      }
    }
    return (total / Double(max(count, 1)), classification ? Double(correct) / Double(max(count, 1)) : nil)
  }

  /// The number of rows of `outputs` (`[B, classes]`) whose argmax (first maximum) is the label.
  static func correct(_ outputs: Tensor<Float>, labels: [Int32]) -> Int {
    let rows = labels.count
    let k = outputs.count / max(rows, 1)
    var correct = 0
    outputs.scalars.withUnsafeBufferPointer { p in
      for n in 0..<rows {
        var best = 0
        for c in 1..<k where p[n * k + c] > p[n * k + best] { best = c }
        if best == Int(labels[n]) { correct += 1 }
      }
    }
    return correct
  }
}
