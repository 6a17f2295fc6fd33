import LensCore

/// Options shared by the 32×32 colour-image loaders (CIFAR-10, CIFAR-100, SVHN).
public struct ImageLoadOptions: Sendable {
  /// Pixel normalisation (statistics from the final training split when `.trainChannelStatistics`).
  public var normalisation: ImageNormalisation = .unitInterval
  /// Training images held out as a validation split (seeded choice).
  public var validationSize: Int = 0
  /// Training images held out as the test split when the official test set is absent or
  /// incomplete (seeded choice, disjoint from validation). `nil`: use whatever official test
  /// images exist. Ignored when the complete official test set is present.
  public var testFromTrainWhenIncomplete: Int? = nil
  /// Keep only this many training images (a seeded subset, after the hold-outs), for scaled runs.
  public var trainSubset: Int? = nil
  /// Keep only the first this many test images.
  public var testSubset: Int? = nil
  /// Seed of every random choice above.
  public var seed: Int = 0

  public init(normalisation: ImageNormalisation = .unitInterval, validationSize: Int = 0,
              testFromTrainWhenIncomplete: Int? = nil, trainSubset: Int? = nil, testSubset: Int? = nil, seed: Int = 0) {
    self.normalisation = normalisation
    self.validationSize = validationSize
    self.testFromTrainWhenIncomplete = testFromTrainWhenIncomplete
    self.trainSubset = trainSubset
    self.testSubset = testSubset
    self.seed = seed
  }
}

/// Where the test split of an image dataset came from.
public enum TestSource: Sendable, Equatable {
  /// The complete official test set.
  case official
  /// The official test set, but only its first `count` images were available.
  case officialIncomplete(count: Int)
  /// No (complete) official test set: `count` training images were held out instead.
  case heldOutFromTrain(count: Int)
}

/// A loaded 32×32 colour-image dataset.
public struct ImageData: Sendable {
  public var dataset: LoadedDataset
  public var testSource: TestSource
  /// False when the official test set was missing or incomplete (whatever replaced it).
  public var officialTestComplete: Bool { testSource == .official }
  /// Class names in label order, where known.
  public var classNames: [String]
}

/// CIFAR-100 label granularity.
public enum CIFAR100Labels: Sendable { case fine, coarse }

public enum CIFARClassNames {
  public static let cifar10 = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
}

/// Raw 8-bit channel-major images and labels, before splitting and normalisation.
struct RawImages {
  var pixels: [UInt8]
  var labels: [Int32]
  var count: Int { labels.count }

  func rows(_ idx: [Int]) -> RawImages {
    var p = [UInt8](repeating: 0, count: idx.count * 3072)
    for (k, r) in idx.enumerated() { p.replaceSubrange(k * 3072..<(k + 1) * 3072, with: pixels[r * 3072..<(r + 1) * 3072]) }
    return RawImages(pixels: p, labels: idx.map { labels[$0] })
  }

  func prefix(_ n: Int) -> RawImages { rows(Array(0..<min(n, count))) }
}

extension DataStore {
  /// The 50 000 CIFAR-10 training images of `data_batch_1…5.bin`, in file order.
  func cifar10TrainingImages() throws -> RawImages {
    var train = RawImages(pixels: [], labels: [])
    for i in 1...5 {
      let path = CIFARPaths.cifar10Train(i)
      let r = try CIFARReader.parse(read(path, dataset: "cifar-10"), name: path, layout: .cifar10)
      train.pixels += r.pixels
      train.labels += r.labels
    }
    return train
  }

  /// CIFAR-10 from its binary batches: train = `data_batch_1..5.bin` (50 000, original order);
  /// test = `test_batch.bin` when present, else `test_batch_first1000.bin` (the reference
  /// mirror's first 1 000 test images, flagged `.officialIncomplete`), or training images held out
  /// when `options.testFromTrainWhenIncomplete` is set. Features `[3, 32, 32]`.
  public func loadCIFAR10(_ options: ImageLoadOptions = ImageLoadOptions()) throws -> ImageData {
    let train = try cifar10TrainingImages()
    var official: RawImages? = nil
    var complete = false
    if let bytes = try readIfPresent(CIFARPaths.cifar10Test, dataset: "cifar-10") {
      let r = try CIFARReader.parse(bytes, name: CIFARPaths.cifar10Test, layout: .cifar10)
      official = RawImages(pixels: r.pixels, labels: r.labels)
      complete = r.count == 10_000
    } else if let bytes = try readIfPresent(CIFARPaths.cifar10TestFirst1000, dataset: "cifar-10") {
      let r = try CIFARReader.parse(bytes, name: CIFARPaths.cifar10TestFirst1000, layout: .cifar10)
      official = RawImages(pixels: r.pixels, labels: r.labels)
    }
    return try assembleImages(name: "cifar-10", train: train, officialTest: official, officialComplete: complete,
                              classCount: 10, classNames: CIFARClassNames.cifar10, options: options)
  }

  /// CIFAR-100 from `train.bin` (50 000) and `test.bin` (10 000), with fine (100) or coarse (20)
  /// labels. Features `[3, 32, 32]`.
  public func loadCIFAR100(labels: CIFAR100Labels = .fine, _ options: ImageLoadOptions = ImageLoadOptions()) throws -> ImageData {
    func load(_ path: String) throws -> (RawImages, Int) {
      let r = try CIFARReader.parse(read(path, dataset: "cifar-100"), name: path, layout: .cifar100)
      return (RawImages(pixels: r.pixels, labels: labels == .fine ? r.labels : r.coarseLabels), r.count)
    }
    let (train, _) = try load(CIFARPaths.cifar100Train)
    let (test, testCount) = try load(CIFARPaths.cifar100Test)
    return try assembleImages(name: "cifar-100", train: train, officialTest: test, officialComplete: testCount == 10_000,
                              classCount: labels == .fine ? 100 : 20, classNames: [], options: options)
  }

  /// Splits, subsets and normalises 32×32×3 images (shared by CIFAR-10/100 and SVHN).
  func assembleImages(name: String, train fullTrain: RawImages, officialTest: RawImages?, officialComplete: Bool,
                      classCount: Int, classNames: [String], options: ImageLoadOptions) throws -> ImageData {
    var notes: [String] = []
    var testSource: TestSource
    var holdTest = 0
    if officialComplete {
      testSource = .official
    } else if let n = options.testFromTrainWhenIncomplete {
      holdTest = n
      testSource = .heldOutFromTrain(count: n)
    } else {
      testSource = .officialIncomplete(count: officialTest?.count ?? 0)
    }
    let (rest, blocks) = try SplitPlan.holdOut(fullTrain.count, sizes: [options.validationSize, holdTest],
                                               dataset: name, purpose: "holdout", seed: options.seed)
    var trainRows = rest
    if let n = options.trainSubset {
      guard n > 0, n <= rest.count else { throw LensError.badInput("\(name): train subset \(n) must be in 1...\(rest.count)") }
      let pick = SplitPlan.permutation(rest.count, dataset: name, purpose: "train-subset", seed: options.seed)
      trainRows = pick.prefix(n).map { rest[$0] }.sorted()
      notes.append("training subset: \(n) of \(rest.count) images (seed \(options.seed))")
    }
    let train = fullTrain.rows(trainRows)
    let validation = options.validationSize > 0 ? fullTrain.rows(blocks[0]) : nil
    var test: RawImages?
    switch testSource {
    case .heldOutFromTrain:
      test = fullTrain.rows(blocks[1])
      notes.append("official test set incomplete (\(officialTest?.count ?? 0) images): \(holdTest) training images held out as test (seed \(options.seed))")
    case .officialIncomplete(let c):
      test = officialTest
      notes.append("official test set INCOMPLETE: only \(c) images available")
    case .official:
      test = officialTest
    }
    if let n = options.testSubset, let t = test { test = t.prefix(n) }
    if options.validationSize > 0 { notes.append("validation: \(options.validationSize) training images held out (seed \(options.seed))") }
    let (mean, std) = options.normalisation.parameters(trainBytes: train.pixels, channels: 3, pixelsPerChannel: 1024)
    notes.append("normalisation \(options.normalisation); channel mean \(mean), std \(std)")
    func split(_ r: RawImages) -> DataSplit {
      DataSplit(features: ImageNormalisation.convert(r.pixels, channels: 3, pixelsPerChannel: 1024, mean: mean, std: std),
                exampleShape: [3, 32, 32], targets: .classes(r.labels, classCount: classCount))
    }
    let dataset = LoadedDataset(name: name, train: split(train), validation: validation.map(split),
                                test: test.flatMap { $0.count > 0 ? split($0) : nil }, notes: notes)
    return ImageData(dataset: dataset, testSource: testSource, classNames: classNames)
  }
}
