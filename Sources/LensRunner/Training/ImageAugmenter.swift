import LensCore
import LensData

/// Applies an `ImageAugmentation` to channel-major `[C, H, W]` Float images, one example at a
/// time, writing into a caller-owned buffer (no allocation).
///
/// Draws, per example in batch order, from the epoch's generator (`ImageAugmentationStream`):
/// `dy = integer(below: 2p + 1) − p`, then `dx` the same way (only when `p > 0`), then, with
/// flipping on, one word whose top bit set means "flip". Output, for channel c:
/// `out[c, y, x] = in[c, y + dy, x' + dx]` with `x' = W − 1 − x` when flipped else `x`, and 0
/// when `(y + dy, x' + dx)` lies outside the image — a crop of the zero-padded image followed by
/// a mirror, exactly as `jnp.pad` + `random_crop` + `random_flip_left_right`.
public struct ImageAugmenter: Sendable {
  public let augmentation: ImageAugmentation
  public let channels: Int, height: Int, width: Int

  /// Fails unless examples are images `[C, H, W]` at least `p` pixels tall and wide.
  public init(_ augmentation: ImageAugmentation, exampleShape: [Int]) throws {
    guard exampleShape.count == 3 else {
      throw LensError.badInput("augmentation needs image examples [channels, height, width]; this dataset's examples have shape \(exampleShape)")
    }
    let p = augmentation.randomCropPadding
    guard exampleShape[1] >= p, exampleShape[2] >= p else {
      throw LensError.badInput("random_crop_padding \(p) exceeds the image size \(exampleShape[1])×\(exampleShape[2])")
    }
    self.augmentation = augmentation
    channels = exampleShape[0]; height = exampleShape[1]; width = exampleShape[2]
  }

  /// One example's offsets and flip, drawn as documented above.
  @inlinable
  public func draw(_ g: inout SeededGenerator) -> (dy: Int, dx: Int, flip: Bool) {
    let p = augmentation.randomCropPadding
    var dy = 0, dx = 0
    if p > 0 {
      dy = g.integer(below: 2 * p + 1) - p
      dx = g.integer(below: 2 * p + 1) - p
    }
    let flip = augmentation.horizontalFlip ? (g.next() >> 63) == 1 : false
    return (dy, dx, flip)
  }

  /// Writes the augmented `source` (one image, `C·H·W` floats) into `destination`.
  @inlinable
  public func apply(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
                    dy: Int, dx: Int, flip: Bool) {
    let h = height, w = width
    for c in 0..<channels {
      let plane = c * h * w
      for y in 0..<h {
        let out = destination + plane + y * w
        let sy = y + dy
        guard sy >= 0, sy < h else {
          out.update(repeating: 0, count: w)
          continue
        }
        let row = source + plane + sy * w
        for x in 0..<w {
          let sx = (flip ? w - 1 - x : x) + dx
          out[x] = sx >= 0 && sx < w ? row[sx] : 0
        }
      }
    }
  }
}

/// The augmentation draws of one epoch: a generator on the stream
/// `streamRoot/augment/epoch=<e>` (e counted from 0), consumed example by example in batch order,
/// so the draws depend on (suite, dataset, variant, repetition, epoch) only — not on thread
/// counts or timing.
public final class ImageAugmentationStream {
  public let augmenter: ImageAugmenter
  public var generator: SeededGenerator

  public init(augmenter: ImageAugmenter, generator: SeededGenerator) {
    self.augmenter = augmenter
    self.generator = generator
  }

  /// The stream of epoch `epoch` of the run rooted at `root`.
  public convenience init(augmenter: ImageAugmenter, root: RandomStreamKey, epoch: Int) {
    self.init(augmenter: augmenter, generator: SeededGenerator(stream: root.child("augment").child("epoch=\(epoch)")))
  }
}
