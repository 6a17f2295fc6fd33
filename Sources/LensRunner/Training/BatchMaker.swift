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
/// allocation); evaluation chunks (`chunks(of:)`) are never augmented. With a `BatchStorage`
/// (the trainer keeps one per run), training batches are gathered into the storage's arrays
/// instead of fresh ones: once the previous batch of the same size has been released, the next
/// one is written in place, so a run allocates no feature or label arrays after its first epoch.
public struct BatchMaker: Sendable {
  public let split: DataSplit

  public init(split: DataSplit) { self.split = split }

  /// Steps in one epoch with batches of `batchSize`.
  public func stepsPerEpoch(batchSize: Int) -> Int { (split.count + batchSize - 1) / batchSize }

  /// The batch of the examples at `indices`, in that order, augmented when `augmentation` is
  /// given (its generator advances by the draws of these examples), gathered into `storage`'s
  /// arrays for this batch size when given.
  public func batch(_ indices: some Collection<Int>, augmentation: ImageAugmentationStream? = nil,
                    storage: BatchStorage? = nil) -> Batch<Float> {
    let d = split.exampleSize
    let n = indices.count
    var slot = storage?.take(count: n, features: n * d, values: n * valueWidth)
      ?? BatchStorage.Slot(features: [Float](repeating: 0, count: n * d), labels: [],
                           values: [Float](repeating: 0, count: n * valueWidth))
    defer { storage?.put(slot, count: n) }
    split.features.withUnsafeBufferPointer { src in
      slot.features.withUnsafeMutableBufferPointer { dst in
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
    let inputs = Tensor<Float>(shape: [n] + split.exampleShape, scalars: slot.features)
    switch split.targets {
    case .classes(let labels, _):
      if slot.labels.count != n { slot.labels = [Int32](repeating: 0, count: n) }
      slot.labels.withUnsafeMutableBufferPointer { out in
        for (row, i) in indices.enumerated() { out[row] = labels[i] }
      }
      return Batch(inputs: inputs, targets: .classes(slot.labels))
    case .values(let values, let width):
      slot.values.withUnsafeMutableBufferPointer { out in
        for (row, i) in indices.enumerated() {
          for k in 0..<width { out[row * width + k] = values[i * width + k] }
        }
      }
      return Batch(inputs: inputs, targets: .values(Tensor(shape: [n, width], scalars: slot.values)))
    }
  }

  var valueWidth: Int { if case .values(_, let w) = split.targets { return w }; return 0 }

  /// The batches of one epoch, in order, from a permutation of the training set. Batches are
  /// gathered one at a time as the sequence is iterated, so only one batch is in memory; with
  /// `augmentation` (the epoch's stream) each is augmented as it is gathered.
  public func epoch(permutation: [Int], batchSize: Int, augmentation: ImageAugmentationStream? = nil,
                    storage: BatchStorage? = nil) -> LazyMapSequence<StrideTo<Int>, Batch<Float>> {
    stride(from: 0, to: permutation.count, by: batchSize).lazy.map { start in
      batch(permutation[start..<min(start + batchSize, permutation.count)], augmentation: augmentation, storage: storage)
    }
  }

  /// The whole split in consecutive chunks of at most `chunk` examples (for evaluation).
  public func chunks(of chunk: Int) -> [Batch<Float>] {
    stride(from: 0, to: split.count, by: chunk).map { start in batch(start..<min(start + chunk, split.count)) }
  }
}

/// Reusable arrays for training batches, one slot per batch size (an epoch has at most two: full
/// batches and the remainder). A slot's arrays are lent to the batch being built and kept here
/// while the batch is in use; when the caller has released that batch, the next batch of the same
/// size writes into the same memory (Swift's copy-on-write makes this safe: a batch still held
/// elsewhere is copied instead of overwritten). One run, one thread: not shared.
public final class BatchStorage {
  public struct Slot {
    var features: [Float]
    var labels: [Int32]
    var values: [Float]
  }
  var slots: [Int: Slot] = [:]

  public init() {}

  /// The slot for batches of `count` examples, emptied from the storage while it is written (so
  /// the storage's own reference does not force a copy), sized as asked.
  func take(count: Int, features: Int, values: Int) -> Slot {
    var slot = slots.removeValue(forKey: count) ?? Slot(features: [], labels: [], values: [])
    if slot.features.count != features { slot.features = [Float](repeating: 0, count: features) }
    if slot.values.count != values { slot.values = [Float](repeating: 0, count: values) }
    return slot
  }

  func put(_ slot: Slot, count: Int) { slots[count] = slot }
}
