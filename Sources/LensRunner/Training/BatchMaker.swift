import LensData
import LensEngine

/// Turns loader output (`DataSplit`) into engine batches.
///
/// Mini-batching follows the AdamQLR code: each epoch draws a fresh permutation of the training
/// set and cuts it into consecutive batches of `batchSize`; the last batch of an epoch holds the
/// remainder (the authors pad with NaN rows and mask them out, which gives the same losses and
/// gradients). A batch size at least the training-set size gives one full-batch step per epoch.
///
/// With an `ImageAugmentationStream`, each example of a training batch is written through the
/// augmenter straight into the batch's feature buffer (no extra buffer, no per-example
/// allocation); evaluation chunks (`chunks(of:)`) are never augmented.
public struct BatchMaker: Sendable {
  public let split: DataSplit

  public init(split: DataSplit) { self.split = split }

  /// Steps in one epoch with batches of `batchSize`.
  public func stepsPerEpoch(batchSize: Int) -> Int { (split.count + batchSize - 1) / batchSize }

  /// The batch of the examples at `indices`, in that order, augmented when `augmentation` is
  /// given (its generator advances by the draws of these examples).
  public func batch(_ indices: some Collection<Int>, augmentation: ImageAugmentationStream? = nil) -> Batch<Float> {
    let d = split.exampleSize
    var features = [Float](repeating: 0, count: indices.count * d)
    split.features.withUnsafeBufferPointer { src in
      features.withUnsafeMutableBufferPointer { dst in
        if let augmentation {
          let augmenter = augmentation.augmenter
          for (row, i) in indices.enumerated() {
            let (dy, dx, flip) = augmenter.draw(&augmentation.generator)
            augmenter.apply(src.baseAddress! + i * d, into: dst.baseAddress! + row * d, dy: dy, dx: dx, flip: flip)
          }
        } else {
          for (row, i) in indices.enumerated() {
            for k in 0..<d { dst[row * d + k] = src[i * d + k] }
          }
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
  /// gathered one at a time as the sequence is iterated, so only one batch is in memory; with
  /// `augmentation` (the epoch's stream) each is augmented as it is gathered.
  public func epoch(permutation: [Int], batchSize: Int,
                    augmentation: ImageAugmentationStream? = nil) -> LazyMapSequence<StrideTo<Int>, Batch<Float>> {
    stride(from: 0, to: permutation.count, by: batchSize).lazy.map { start in
      batch(permutation[start..<min(start + batchSize, permutation.count)], augmentation: augmentation)
    }
  }

  /// The whole split in consecutive chunks of at most `chunk` examples (for evaluation).
  public func chunks(of chunk: Int) -> [Batch<Float>] {
    stride(from: 0, to: split.count, by: chunk).map { start in batch(start..<min(start + chunk, split.count)) }
  }
}
