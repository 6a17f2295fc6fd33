import LensCore

/// MNIST and Fashion-MNIST from their IDX files: 28×28 greyscale images, labels 0-9.
public enum IDXDataset: String, Sendable {
  case mnist = "mnist"
  case fashionMNIST = "fashion-mnist"
}

/// Raw images (`count × 784` bytes, row-major) and labels of one IDX split.
public struct IDXImages: Sendable {
  public var count: Int
  public var pixels: [UInt8]
  public var labels: [Int32]
}

extension DataStore {
  /// The official training (`train == true`, 60 000) or test (10 000) images and labels, checked:
  /// images rank 3 with 28×28, labels rank 1, equal counts, labels 0-9.
  public func idxImages(_ which: IDXDataset, train: Bool) throws -> IDXImages {
    let prefix = which.rawValue + "/" + (train ? "train" : "t10k")
    let imagesPath = prefix + "-images-idx3-ubyte.gz", labelsPath = prefix + "-labels-idx1-ubyte.gz"
    let images = try IDXReader.parse(read(imagesPath, dataset: which.rawValue), name: imagesPath, rank: 3)
    let labels = try IDXReader.parse(read(labelsPath, dataset: which.rawValue), name: labelsPath, rank: 1)
    guard images.dimensions[1] == 28, images.dimensions[2] == 28 else {
      throw LensError.data("\(imagesPath): images are \(images.dimensions[1])×\(images.dimensions[2]), expected 28×28")
    }
    guard images.dimensions[0] == labels.dimensions[0] else {
      throw LensError.data("\(imagesPath) has \(images.dimensions[0]) images but \(labelsPath) has \(labels.dimensions[0]) labels")
    }
    if let bad = labels.bytes.firstIndex(where: { $0 > 9 }) {
      throw LensError.data("\(labelsPath): label \(labels.bytes[bad]) at byte offset \(8 + bad) (decompressed) is not 0-9")
    }
    return IDXImages(count: images.dimensions[0], pixels: images.bytes, labels: labels.bytes.map { Int32($0) })
  }

  /// AdamQLR's Fashion-MNIST set-up (research/algorithms.md §9.1): train = the first 50 000
  /// images of the official training file, validation = its last 10 000, test = the official
  /// 10 000. Raw 0-255 pixels are standardised per pixel with the mean and population std of all
  /// 60 000 training-file images (std 0 → 1). Features `[784]`, 10 classes.
  public func loadAdamQLRFashionMNIST() throws -> LoadedDataset {
    let train = try idxImages(.fashionMNIST, train: true)
    let test = try idxImages(.fashionMNIST, train: false)
    let validationCount = 10_000
    guard train.count > validationCount else {
      throw LensError.data("fashion-mnist: training file has \(train.count) images; the set-up needs more than \(validationCount)")
    }
    let raw = train.pixels.map(Float.init)
    let st = Standardisation.fit(raw, columns: 784)
    func split(_ pixels: [UInt8], _ labels: [Int32], _ range: Range<Int>) -> DataSplit {
      var x = [Float](repeating: 0, count: range.count * 784)
      for (k, r) in range.enumerated() {
        for p in 0..<784 { x[k * 784 + p] = Float((Double(pixels[r * 784 + p]) - st.mean[p]) / st.std[p]) }
      }
      return DataSplit(features: x, exampleShape: [784], targets: .classes(range.map { labels[$0] }, classCount: 10))
    }
    let trainCount = train.count - validationCount
    return LoadedDataset(
      name: "fashion-mnist",
      train: split(train.pixels, train.labels, 0..<trainCount),
      validation: split(train.pixels, train.labels, trainCount..<train.count),
      test: split(test.pixels, test.labels, 0..<test.count),
      notes: ["train = first \(trainCount), validation = last \(validationCount) of the official training file; test = official \(test.count)",
              "per-pixel standardisation with the \(train.count) training-file images (population std, 0 → 1)"])
  }

  /// Granziol et al.'s MNIST logistic-regression data (research/algorithms.md §9.3): `size`
  /// training images drawn by a seeded permutation of the 60 000, re-drawn (next permutation of
  /// the same stream) until every class has at least `minimumPerClass` examples; the full
  /// 10 000-image test set. Pixels `(x/255 − 0.1307) / 0.3081`. Features `[784]`, 10 classes.
  /// The training rows keep the order of the permutation.
  public func loadGranziolMNISTSubset(size: Int = 1000, seed: Int = 0, minimumPerClass: Int = 2) throws -> LoadedDataset {
    let train = try idxImages(.mnist, train: true)
    let test = try idxImages(.mnist, train: false)
    guard size > 0, size <= train.count, size >= 10 * minimumPerClass else {
      throw LensError.badInput("mnist subset size \(size) must be in \(10 * minimumPerClass)...\(train.count)")
    }
    var g = SplitPlan.generator(dataset: "mnist", purpose: "granziol-subset", seed: seed)
    var rows: [Int] = []
    var draws = 0
    repeat {
      rows = Array(g.permutation(train.count).prefix(size))
      draws += 1
      var counts = [Int](repeating: 0, count: 10)
      for r in rows { counts[Int(train.labels[r])] += 1 }
      if counts.allSatisfy({ $0 >= minimumPerClass }) { break }
      if draws >= 1000 { throw LensError.failure("mnist subset: no draw in 1000 had \(minimumPerClass) examples of every class") }
    } while true
    func split(_ images: IDXImages, _ rows: [Int]) -> DataSplit {
      var x = [Float](repeating: 0, count: rows.count * 784)
      for (k, r) in rows.enumerated() {
        for p in 0..<784 { x[k * 784 + p] = (Float(images.pixels[r * 784 + p]) / 255 - 0.1307) / 0.3081 }
      }
      return DataSplit(features: x, exampleShape: [784], targets: .classes(rows.map { images.labels[$0] }, classCount: 10))
    }
    return LoadedDataset(
      name: "mnist", train: split(train, rows), validation: nil, test: split(test, Array(0..<test.count)),
      notes: ["training subset of \(size) images (seed \(seed), \(draws) draw(s) until every class had ≥ \(minimumPerClass))",
              "test = official \(test.count)", "pixels (x/255 − 0.1307)/0.3081"])
  }

  /// MNIST or Fashion-MNIST with the official split and the given pixel normalisation
  /// (features `[1, 28, 28]`).
  public func loadIDXImages(_ which: IDXDataset, normalisation: ImageNormalisation = .unitInterval) throws -> LoadedDataset {
    let train = try idxImages(which, train: true), test = try idxImages(which, train: false)
    let (mean, std) = normalisation.parameters(trainBytes: train.pixels, channels: 1, pixelsPerChannel: 784)
    func split(_ s: IDXImages) -> DataSplit {
      DataSplit(features: ImageNormalisation.convert(s.pixels, channels: 1, pixelsPerChannel: 784, mean: mean, std: std),
                exampleShape: [1, 28, 28], targets: .classes(s.labels, classCount: 10))
    }
    return LoadedDataset(name: which.rawValue, train: split(train), validation: nil, test: split(test),
                         notes: ["official split", "normalisation \(normalisation)"])
  }
}
