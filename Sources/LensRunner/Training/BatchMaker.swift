import LensData
import LensEngine

/// Turns loader output (`DataSplit`) into engine batches.
///
/// Mini-batching follows the AdamQLR code: each epoch draws a fresh permutation of the training
/// set and cuts it into consecutive batches of `batchSize`; the last batch of an epoch holds the
/// remainder (the authors pad with NaN rows and mask them out, which gives the same losses and
/// gradients). A batch size at least the training-set size gives one full-batch step per epoch.
public struct BatchMaker: Sendable {
  public let split: DataSplit

  public init(split: DataSplit) { self.split = split }

  /// Steps in one epoch with batches of `batchSize`.
  public func stepsPerEpoch(batchSize: Int) -> Int { (split.count + batchSize - 1) / batchSize }

  /// The batch of the examples at `indices`, in that order.
  public func batch(_ indices: some Collection<Int>) -> Batch<Float> {
    let d = split.exampleSize
    var features = [Float](repeating: 0, count: indices.count * d)
    split.features.withUnsafeBufferPointer { src in
      features.withUnsafeMutableBufferPointer { dst in
        for (row, i) in indices.enumerated() {
          for k in 0..<d { dst[row * d + k] = src[i * d + k] }
        }
      }
    }
    let inputs = Tensor<Float>(shape: [indices.count] + split.exampleShape, scalars: features)
    switch split.targets {
    case .classes(let labels, _):
      return Batch(inputs: inputs, targets: .classes(indices.map { labels[$0] }))
    case .values(let values, let width):
      var out = [Float](repeating: 0, count: indices.count * width)
      for (row, i) in indices.enumerated() {
        for k in 0..<width { out[row * width + k] = values[i * width + k] }
      }
      return Batch(inputs: inputs, targets: .values(Tensor(shape: [indices.count, width], scalars: out)))
    }
  }

  /// The batches of one epoch, in order, from a permutation of the training set. Batches are
  /// gathered one at a time as the sequence is iterated, so only one batch is in memory.
  public func epoch(permutation: [Int], batchSize: Int) -> LazyMapSequence<StrideTo<Int>, Batch<Float>> {
    stride(from: 0, to: permutation.count, by: batchSize).lazy.map { start in
      batch(permutation[start..<min(start + batchSize, permutation.count)])
    }
  }

  /// The whole split in consecutive chunks of at most `chunk` examples (for evaluation).
  public func chunks(of chunk: Int) -> [Batch<Float>] {
    stride(from: 0, to: split.count, by: chunk).map { start in batch(start..<min(start + chunk, split.count)) }
  }
}
