import LensData
import LensEngine

/// Full-split evaluation: mean loss and, for classification, accuracy.
///
/// The loss is the objective's mean loss over all examples of the split, computed in chunks
/// and combined with weights proportional to chunk size (exact for per-example means).
/// Evaluation work is not counted in the run's work counters: they count training only.
public struct Evaluator {
  public let network: Network<Float>
  public let chunks: [Batch<Float>]
  public let count: Int

  public init(network: Network<Float>, split: DataSplit, chunk: Int = 4096) {
    self.network = network
    self.chunks = BatchMaker(split: split).chunks(of: chunk)
    self.count = split.count
  }

  /// (mean loss, accuracy or nil) at `parameters`.
  public func evaluate(_ objective: NetworkObjective<Float>, parameters: [Float]) -> (loss: Double, accuracy: Double?) {
    let saved = objective.work
    defer { objective.work = saved }
    var total = 0.0
    var correct = 0
    var classification = false
    for batch in chunks {
      total += Double(objective.loss(at: parameters, on: batch)) * Double(batch.count)
      if case .classes(let labels) = batch.targets {
        classification = true
        let out = network.outputs(parameters: parameters, inputs: batch.inputs)
        let k = out.count / max(batch.count, 1)
        out.scalars.withUnsafeBufferPointer { p in
          for n in 0..<batch.count {
            var best = 0
            for c in 1..<k where p[n * k + c] > p[n * k + best] { best = c }
            if best == Int(labels[n]) { correct += 1 }
          }
        }
      }
    }
    return (total / Double(max(count, 1)), classification ? Double(correct) / Double(max(count, 1)) : nil)
  }
}
