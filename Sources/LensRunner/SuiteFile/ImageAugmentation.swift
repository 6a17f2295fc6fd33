import LensCore

/// Training-time image augmentation of a problem (`problem: {…, augmentation: {…}}`):
///
/// ```yaml
/// augmentation: {random_crop_padding: 4, horizontal_flip: true}
/// ```
///
/// - `random_crop_padding: p` (integer, 0…16): each training image `[C, H, W]` is zero-padded by
///   `p` on every side and an `H × W` window is cropped at offsets `(oy, ox)` drawn uniformly from
///   `{0…2p}²`; equivalently, output pixel `(y, x)` is input pixel `(y + dy, x + dx)` with
///   `dy = oy − p, dx = ox − p ∈ {−p…p}`, and 0 where that falls outside the image.
/// - `horizontal_flip: true`: after the crop, the image is mirrored left–right with probability ½
///   (output column `x` takes cropped column `W − 1 − x`).
///
/// This is the AdamQLR authors' CIFAR-10 augmentation (`datasets.py::CIFAR10.augment_input`:
/// `jnp.pad` with zeros by 4, `dm_pix.random_crop`, `dm_pix.random_flip_left_right`), applied
/// to the normalised images, so the padding is 0 in normalised units. Only training batches are
/// augmented; evaluation splits never are. The draws are documented in `ImageAugmenter`.
public struct ImageAugmentation: Sendable, Hashable {
  public var randomCropPadding: Int
  public var horizontalFlip: Bool

  public init(randomCropPadding: Int = 0, horizontalFlip: Bool = false) {
    self.randomCropPadding = randomCropPadding
    self.horizontalFlip = horizontalFlip
  }

  static let keys = ["random_crop_padding", "horizontal_flip"]
  static let maximumPadding = 16

  /// Validates the `augmentation` mapping of a suite's problem.
  static func parse(_ value: YAMLValue) throws -> ImageAugmentation {
    let entries = try value.entries(allowed: keys)
    guard !entries.isEmpty else {
      throw value.error("an augmentation lists at least one of: \(keys.joined(separator: ", "))")
    }
    var a = ImageAugmentation()
    for (key, v) in entries {
      if key == "random_crop_padding" {
        let p = try v.int()
        guard (0...maximumPadding).contains(p) else {
          throw v.error("random_crop_padding must be an integer in 0...\(maximumPadding) (pixels of zero padding per side), not \(p)")
        }
        a.randomCropPadding = p
      } else {
        a.horizontalFlip = try v.bool()
      }
    }
    guard a.randomCropPadding > 0 || a.horizontalFlip else {
      throw value.error("this augmentation changes nothing (padding 0, no flip); remove it")
    }
    return a
  }

  /// `{"horizontal_flip":…,"random_crop_padding":…}` for the run hash.
  var canonicalJSON: String {
    CanonicalJSON.object([("horizontal_flip", horizontalFlip ? "true" : "false"),
                          ("random_crop_padding", String(randomCropPadding))])
  }
}
