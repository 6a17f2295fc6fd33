import Foundation
import LensCore

/// The AdamQLR authors' preprocessing of their 32×32 colour-image datasets (SVHN, CIFAR-10).
///
/// Source read: `rmclarke/AdamThroughASecondOrderLens` at 0bbc0273 — `datasets.py`
/// (`make_split_datasets`, `Normaliser`, classes `SVHN` and `CIFAR10`, `make_batches`),
/// `train.py` (`train`, `main`) and `configs/svhn.yaml`, `configs/cifar-10_15mins.yaml`,
/// `configs/cifar-10_long.yaml`:
///
/// - Rows. The training ("train + validation") block is the official training file in its
///   original order (CIFAR-10: `data_batch_1…5`, 50 000; SVHN: `train_32x32.mat`, 73 257; SVHN's
///   `extra` is never used); the test block is the official test file (10 000; 26 032). The
///   validation split is the *last* `p` of the training block by index, with
///   `n_train = rint(N·(1 − p))` (round half to even) and `n_validation = N − n_train`:
///   p = 0.1 for CIFAR-10 (45 000 / 5 000), p = 0.1666666667 for SVHN (61 047 / 12 210).
/// - Normalisation (`normalise_inputs: True`): per channel, the mean and population standard
///   deviation (numpy `std`, divisor n; 0 → 1) of the raw 0–255 values over the *whole* training
///   block, validation rows included, over all images and pixel positions; every split becomes
///   `(x − mean_c) / std_c` in Float. (Here the statistics are accumulated exactly from byte
///   histograms in Double.)
/// - Augmentation (CIFAR-10 only; `SVHN` keeps the identity `augment_input`): applied per epoch
///   to the *normalised* training images, so the zero padding is zero in normalised units (the
///   channel mean), never to validation or test. See the runner's `ImageAugmentation`.
///
/// When the complete official CIFAR-10 test file is absent (the reference mirror holds only its
/// first 1 000 images), a fixed block of the training file stands in for it: rows
/// `40 000 ..< 45 000` (the 5 000 rows just before the authors' validation rows, so validation is
/// unchanged); training is then rows `0 ..< 40 000` and the normalisation statistics cover the
/// 45 000 training and validation rows only, never the stand-in test rows.
public struct AdamQLRImages: Sendable {
  public var dataset: LoadedDataset
  public var testSource: TestSource
  /// Per-channel mean and population std on the 0–255 scale (R, G, B).
  public var channelMean: [Double]
  public var channelStd: [Double]
  /// Rows of the official training file in each split.
  public var trainRows: Range<Int>
  public var validationRows: Range<Int>
  /// Training-file rows used as the test split (nil: the official test file).
  public var heldOutTestRows: Range<Int>?
  /// One line for run logs and reports naming the variant, e.g. "test: official 10000".
  public var variant: String
}

public enum AdamQLRImageRecipe {
  public static let cifar10ValidationProportion = 0.1
  public static let svhnValidationProportion = 0.1666666667
  /// Training-file images held out as CIFAR-10's test split when the official one is incomplete.
  public static let cifar10HeldOutTest = 5_000

  /// Validation rows of the authors' split of `total` rows: `total − rint(total·(1 − p))`.
  public static func validationCount(total: Int, proportion: Double) -> Int {
    total - Int((Double(total) * (1 - proportion)).rounded(.toNearestOrEven))
  }

  /// Per-channel mean and population std (0 → 1) of 0–255 values over the images in `ranges`
  /// (channel-major `[3, 32, 32]` bytes per image).
  static func channelStatistics(_ pixels: [UInt8], ranges: [Range<Int>]) -> (mean: [Double], std: [Double]) {
    var counts = [Int](repeating: 0, count: 3 * 256)
    pixels.withUnsafeBufferPointer { p in
      for range in ranges {
        for i in range {
          for ch in 0..<3 {
            let base = i * 3072 + ch * 1024
            for k in 0..<1024 { counts[ch * 256 + Int(p[base + k])] += 1 }
          }
        }
      }
    }
    var mean = [Double](), std = [Double]()
    for ch in 0..<3 {
      var n = 0.0, s = 0.0, sq = 0.0
      for v in 0..<256 {
        let k = Double(counts[ch * 256 + v])
        n += k; s += k * Double(v); sq += k * Double(v) * Double(v)
      }
      let m = s / max(n, 1)
      let sd = max(sq / max(n, 1) - m * m, 0).squareRoot()
      mean.append(m); std.append(sd == 0 ? 1 : sd)
    }
    return (mean, std)
  }

  static func split(_ raw: RawImages, _ range: Range<Int>, mean: [Double], std: [Double], classes: Int) -> DataSplit {
    var x = [Float](repeating: 0, count: range.count * 3072)
    raw.pixels.withUnsafeBufferPointer { p in
      x.withUnsafeMutableBufferPointer { out in
        for (k, i) in range.enumerated() {
          for ch in 0..<3 {
            let m = mean[ch], s = std[ch]
            for q in 0..<1024 { out[k * 3072 + ch * 1024 + q] = Float((Double(p[i * 3072 + ch * 1024 + q]) - m) / s) }
          }
        }
      }
    }
    return DataSplit(features: x, exampleShape: [3, 32, 32],
                     targets: .classes(Array(raw.labels[range]), classCount: classes))
  }

  /// The recipe on raw images: `test` is the complete official test set, or nil to hold out
  /// `heldOutTest` training rows just before the validation rows.
  static func assemble(name: String, train: RawImages, test: RawImages?, proportion: Double, heldOutTest: Int,
                       incompleteNote: String) throws -> AdamQLRImages {
    let n = train.count
    let v = validationCount(total: n, proportion: proportion)
    let validationRows = (n - v)..<n
    let held = test == nil ? heldOutTest : 0
    guard n - v - held >= 1 else {
      throw LensError.data("\(name): \(n) training images are too few for \(v) validation and \(held) held-out test images")
    }
    let trainRows = 0..<(n - v - held)
    let heldRows: Range<Int>? = test == nil ? (n - v - held)..<(n - v) : nil
    let (mean, std) = channelStatistics(train.pixels, ranges: [trainRows, validationRows])
    let f = { (d: Double) in String(format: "%.4f", d) }
    var notes = [
      "train = rows \(trainRows.lowerBound)..<\(trainRows.upperBound), validation = rows \(validationRows.lowerBound)..<\(n) (last \(v), p = \(proportion)) of the official training file",
      "per-channel standardisation on 0-255 values, statistics over the \(trainRows.count + v) train+validation images: mean [\(mean.map(f).joined(separator: ", "))], std [\(std.map(f).joined(separator: ", "))]",
    ]
    let testSplit: DataSplit
    let source: TestSource
    let variant: String
    if let test {
      testSplit = split(test, 0..<test.count, mean: mean, std: std, classes: 10)
      source = .official
      variant = "test: official \(test.count) images"
    } else {
      testSplit = split(train, heldRows!, mean: mean, std: std, classes: 10)
      source = .heldOutFromTrain(count: held)
      variant = "test: training-file rows \(heldRows!.lowerBound)..<\(heldRows!.upperBound) held out (\(incompleteNote))"
    }
    notes.append(variant)
    let dataset = LoadedDataset(
      name: name, train: split(train, trainRows, mean: mean, std: std, classes: 10),
      validation: split(train, validationRows, mean: mean, std: std, classes: 10), test: testSplit, notes: notes)
    return AdamQLRImages(dataset: dataset, testSource: source, channelMean: mean, channelStd: std,
                         trainRows: trainRows, validationRows: validationRows, heldOutTestRows: heldRows, variant: variant)
  }
}

extension DataStore {
  /// CIFAR-10 by the AdamQLR recipe (`AdamQLRImages`): 45 000 / 5 000 / official 10 000, or,
  /// without the complete official test file, 40 000 / 5 000 / training rows 40 000..<45 000
  /// (`heldOutTest` rows before the validation rows; tests use smaller numbers).
  public func loadAdamQLRCIFAR10(heldOutTest: Int = AdamQLRImageRecipe.cifar10HeldOutTest) throws -> AdamQLRImages {
    let train = try cifar10TrainingImages()
    var test: RawImages?
    var note = "official test_batch.bin absent"
    if let bytes = try readIfPresent(CIFARPaths.cifar10Test, dataset: "cifar-10") {
      let r = try CIFARReader.parse(bytes, name: CIFARPaths.cifar10Test, layout: .cifar10)
      if r.count == 10_000 { test = RawImages(pixels: r.pixels, labels: r.labels) } else { note = "official test file has \(r.count) of 10000 images" }
    } else if try locateIfPresent(CIFARPaths.cifar10TestFirst1000, dataset: "cifar-10") != nil {
      note = "only the first 1000 official test images are available; they are not used"
    }
    return try AdamQLRImageRecipe.assemble(name: "cifar-10", train: train, test: test,
                                           proportion: AdamQLRImageRecipe.cifar10ValidationProportion,
                                           heldOutTest: heldOutTest, incompleteNote: note)
  }

  /// SVHN by the AdamQLR recipe (`AdamQLRImages`): 61 047 / 12 210 / official 26 032. `dataset`
  /// names the registry entry whose `train_32x32.mat` / `test_32x32.mat` are read: `svhn`, or
  /// `svhn-fixture` with a `FixtureData.store()`.
  public func loadAdamQLRSVHN(dataset: String = "svhn") throws -> AdamQLRImages {
    let (trainPath, testPath) = dataset == "svhn" ? (SVHNPaths.train, SVHNPaths.test) : (FixtureData.svhnTrain, FixtureData.svhnTest)
    let train = try svhnImages(trainPath, dataset: dataset)
    let test = try svhnImages(testPath, dataset: dataset)
    return try AdamQLRImageRecipe.assemble(name: dataset, train: train, test: test,
                                           proportion: AdamQLRImageRecipe.svhnValidationProportion,
                                           heldOutTest: 0, incompleteNote: "")
  }
}

extension AdamQLRImages {
  /// The dataset with its variant line attached (`LoadedDataset.variant`).
  public var loadedDataset: LoadedDataset {
    var d = dataset
    d.variant = variant
    return d
  }
}
