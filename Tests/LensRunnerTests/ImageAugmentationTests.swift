import Foundation
import Testing
import LensCore
import LensData
import LensEngine
@testable import LensRunner

/// Random crop + horizontal flip (`ImageAugmenter`, `BatchMaker` with an augmentation stream):
/// geometry against a naive pad-crop-mirror, determinism, uniformity of the draws, and that
/// evaluation never sees augmented images.
@Suite struct ImageAugmentationTests {
  /// `count` random images `[c, h, w]` with values in (−1, 1) (never exactly 0).
  static func images(count: Int, c: Int, h: Int, w: Int, seed: UInt64 = 5) -> DataSplit {
    var g = SeededGenerator(key: seed)
    let x = (0..<(count * c * h * w)).map { _ in Float(g.uniformOpen() * 2 - 1) }
    return DataSplit(features: x, exampleShape: [c, h, w], targets: .classes((0..<count).map { Int32($0 % 3) }, classCount: 3))
  }

  /// Naive reference: build the zero-padded image, crop the window at (dy + p, dx + p), then
  /// reverse each row when flipped.
  static func naive(_ image: [Float], c: Int, h: Int, w: Int, p: Int, dy: Int, dx: Int, flip: Bool) -> [Float] {
    let ph = h + 2 * p, pw = w + 2 * p
    var padded = [Float](repeating: 0, count: c * ph * pw)
    for ch in 0..<c { for y in 0..<h { for x in 0..<w { padded[ch * ph * pw + (y + p) * pw + x + p] = image[ch * h * w + y * w + x] } } }
    var out = [Float](repeating: 0, count: c * h * w)
    for ch in 0..<c {
      for y in 0..<h {
        var row = (0..<w).map { x in padded[ch * ph * pw + (y + dy + p) * pw + x + dx + p] }
        if flip { row.reverse() }
        for x in 0..<w { out[ch * h * w + y * w + x] = row[x] }
      }
    }
    return out
  }

  static func apply(_ a: ImageAugmenter, _ image: [Float], dy: Int, dx: Int, flip: Bool) -> [Float] {
    var out = [Float](repeating: .nan, count: image.count)
    image.withUnsafeBufferPointer { s in
      out.withUnsafeMutableBufferPointer { d in a.apply(s.baseAddress!, into: d.baseAddress!, dy: dy, dx: dx, flip: flip) }
    }
    return out
  }

  /// Every offset in {−4…4}² with and without flip, on a non-square 3×6×9 image, equals the
  /// naive pad-crop-mirror exactly (including offsets that move the whole image out of rows).
  @Test func cropAndFlipGeometryMatchesNaivePadding() throws {
    let (c, h, w, p) = (3, 6, 9, 4)
    let image = Self.images(count: 1, c: c, h: h, w: w).features
    let a = try ImageAugmenter(ImageAugmentation(randomCropPadding: p, horizontalFlip: true), exampleShape: [c, h, w])
    for dy in -p...p {
      for dx in -p...p {
        for flip in [false, true] {
          #expect(Self.apply(a, image, dy: dy, dx: dx, flip: flip) == Self.naive(image, c: c, h: h, w: w, p: p, dy: dy, dx: dx, flip: flip),
                  "dy \(dy) dx \(dx) flip \(flip)")
        }
      }
    }
  }

  /// Hand-worked 1×2×3 cases: mirror, shift right-to-left with a zero column, and both.
  @Test func flipAndShiftByHand() throws {
    let a = try ImageAugmenter(ImageAugmentation(randomCropPadding: 1, horizontalFlip: true), exampleShape: [1, 2, 3])
    let image: [Float] = [1, 2, 3, 4, 5, 6]
    #expect(Self.apply(a, image, dy: 0, dx: 0, flip: true) == [3, 2, 1, 6, 5, 4])
    #expect(Self.apply(a, image, dy: 0, dx: 1, flip: false) == [2, 3, 0, 5, 6, 0])
    #expect(Self.apply(a, image, dy: 0, dx: 1, flip: true) == [0, 3, 2, 0, 6, 5])   // crop [2, 3, 0], then mirror it
    #expect(Self.apply(a, image, dy: -1, dx: 0, flip: false) == [0, 0, 0, 1, 2, 3])
  }

  /// A batch gathered with a stream equals, row by row, the naive augmentation of the permuted
  /// examples with the draws replayed from a copy of the same generator in row order.
  @Test func batchAppliesTheDrawsInRowOrder() throws {
    let split = Self.images(count: 12, c: 2, h: 5, w: 7)
    let a = try ImageAugmenter(ImageAugmentation(randomCropPadding: 2, horizontalFlip: true), exampleShape: [2, 5, 7])
    let root = RandomStreamKey(["t", "d", "v", "rep=0", "run"])
    let stream = ImageAugmentationStream(augmenter: a, root: root, epoch: 3)
    var replay = stream.generator
    let indices = [5, 0, 11, 3]
    let batch = BatchMaker(split: split).batch(indices, augmentation: stream)
    for (row, i) in indices.enumerated() {
      let (dy, dx, flip) = a.draw(&replay)
      let image = Array(split.features[i * 70..<(i + 1) * 70])
      #expect(Array(batch.inputs.scalars[row * 70..<(row + 1) * 70]) == Self.naive(image, c: 2, h: 5, w: 7, p: 2, dy: dy, dx: dx, flip: flip))
    }
    #expect(stream.generator == replay, "the stream advanced by exactly the batch's draws")
  }

  func epochBits(repetition: Int, epoch: Int) throws -> [UInt32] {
    let split = Self.images(count: 10, c: 3, h: 8, w: 8)
    let a = try ImageAugmenter(ImageAugmentation(randomCropPadding: 4, horizontalFlip: true), exampleShape: [3, 8, 8])
    let root = RandomStreamKey(suite: "s", problem: "cifar-10", variant: "adam", repetition: repetition, stream: "run")
    let stream = ImageAugmentationStream(augmenter: a, root: root, epoch: epoch)
    return BatchMaker(split: split).epoch(permutation: Array(0..<10), batchSize: 4, augmentation: stream)
      .flatMap { $0.inputs.scalars.map(\.bitPattern) }
  }

  /// Same (repetition, epoch): the same bits; another repetition or epoch: different images.
  @Test func augmentationIsDeterministicPerRepetitionAndEpoch() throws {
    #expect(try epochBits(repetition: 0, epoch: 0) == epochBits(repetition: 0, epoch: 0))
    #expect(try epochBits(repetition: 0, epoch: 0) != epochBits(repetition: 1, epoch: 0))
    #expect(try epochBits(repetition: 0, epoch: 0) != epochBits(repetition: 0, epoch: 1))
  }

  /// 81 000 draws with p = 4: each offset pair in {−4…4}² is equally likely (Pearson χ² with 80
  /// degrees of freedom below 124.84, its 0.999 quantile), every draw lies in range, and flips
  /// occur with frequency ½ within 4 standard deviations (n = 81 000: σ = 142.3).
  @Test func offsetsAreUniformAndFlipsHalf() throws {
    let a = try ImageAugmenter(ImageAugmentation(randomCropPadding: 4, horizontalFlip: true), exampleShape: [3, 32, 32])
    var g = SeededGenerator(stream: RandomStreamKey(["augmentation-uniformity"]))
    let n = 81_000
    var cells = [Int](repeating: 0, count: 81), flips = 0
    for _ in 0..<n {
      let (dy, dx, flip) = a.draw(&g)
      #expect((-4...4).contains(dy) && (-4...4).contains(dx))
      cells[(dy + 4) * 9 + dx + 4] += 1
      if flip { flips += 1 }
    }
    let expected = Double(n) / 81
    var chi2 = 0.0
    for count in cells { let d = Double(count) - expected; chi2 += d * d / expected }
    #expect(chi2 < 124.84, "chi-square \(chi2)")
    let sigma = (Double(n) / 4).squareRoot()
    #expect(abs(Double(flips) - Double(n) / 2) < 4 * sigma, "flips \(flips) of \(n)")
    // dy and dx separately uniform over 9 values as well (χ² with 8 d.o.f. below 26.12).
    var rows = [Int](repeating: 0, count: 9), columns = [Int](repeating: 0, count: 9)
    for r in 0..<9 { for c in 0..<9 { rows[r] += cells[r * 9 + c]; columns[c] += cells[r * 9 + c] } }
    for marginal in [rows, columns] {
      let e = Double(n) / 9
      var x2 = 0.0
      for count in marginal { let d = Double(count) - e; x2 += d * d / e }
      #expect(x2 < 26.12, "marginal chi-square \(x2)")
    }
  }

  /// A trainer with augmentation: identical logs on a rerun; its evaluations at step 0 equal
  /// those of the same run without augmentation (evaluation splits are never augmented), while
  /// its training losses differ (training batches are).
  @Test func trainerAugmentsTrainingBatchesOnly() throws {
    let train = Self.images(count: 40, c: 3, h: 6, w: 6, seed: 1), test = Self.images(count: 20, c: 3, h: 6, w: 6, seed: 2)
    func problem(_ augmented: Bool) throws -> TrainingProblem {
      TrainingProblem(
        makeNetwork: { try Network<Float>(.logisticRegression(inputs: 108, classes: 3)) },
        loss: .softmaxCrossEntropy, lossKind: .softmaxCrossEntropy(classes: 3),
        train: train, splits: ["train": train, "test": test],
        initialize: { network, g in (0..<network.parameterCount).map { _ in Float(g.uniform() - 0.5) * 0.1 } },
        augmenter: augmented ? try ImageAugmenter(ImageAugmentation(randomCropPadding: 2, horizontalFlip: true), exampleShape: [3, 6, 6]) : nil)
    }
    let text = """
    lens_suite: 1
    id: aug-check
    paper: adamqlr
    problem: {dataset: cifar-10, split: adamqlr, model: logreg, loss: softmax_cross_entropy, augmentation: {random_crop_padding: 2, horizontal_flip: true}}
    budget: {epochs: 2}
    evaluation: {every: {steps: 5}, splits: [train, test], metrics: [loss, accuracy]}
    repetitions: 1
    optimizers:
      adam: {optimizer: adam, batch_size: 8, lr: 0.01}
    """
    let spec = try Planner().plan(try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(text: text, file: "a.yaml"), profile: "default")[0]
    func stripTime(_ lines: [String]) -> [String] { lines.map { $0.replacingOccurrences(of: #""(wall_)?time":[^,}]*"#, with: "", options: .regularExpression) } }
    let augmented = try Trainer(problem: problem(true)).run(spec)
    #expect(stripTime(augmented) == stripTime(try Trainer(problem: problem(true)).run(spec)))
    let plain = try Trainer(problem: problem(false)).run(spec)
    let firstEval = { (lines: [String]) in lines.first { $0.contains(#""type":"eval""#) }! }
    #expect(stripTime([firstEval(augmented)]) == stripTime([firstEval(plain)]))
    let steps = { (lines: [String]) in stripTime(lines.filter { $0.contains(#""type":"step""#) }) }
    #expect(steps(augmented) != steps(plain))
  }
}

extension ImageAugmentationTests {
  /// With a `BatchStorage`, batches have the same bits as without, and once a batch is released
  /// the next one of the same size is written into the same memory (no new arrays).
  @Test func batchStorageReusesMemoryAndKeepsBits() throws {
    let split = Self.images(count: 10, c: 3, h: 8, w: 8)
    let a = try ImageAugmenter(ImageAugmentation(randomCropPadding: 4, horizontalFlip: true), exampleShape: [3, 8, 8])
    let root = RandomStreamKey(["t", "d", "v", "rep=0", "run"])
    let maker = BatchMaker(split: split)
    let storage = BatchStorage()
    let plain = Array(maker.epoch(permutation: Array((0..<10).reversed()), batchSize: 4,
                                  augmentation: ImageAugmentationStream(augmenter: a, root: root, epoch: 0)))
    var addresses: [Int: Set<UInt>] = [:]
    var k = 0
    for epoch in 0..<2 {
      for batch in maker.epoch(permutation: Array((0..<10).reversed()), batchSize: 4,
                               augmentation: ImageAugmentationStream(augmenter: a, root: root, epoch: 0), storage: storage) {
        if epoch == 0 {
          #expect(batch.inputs.scalars == plain[k].inputs.scalars && batch.inputs.shape == plain[k].inputs.shape)
          if case .classes(let x) = batch.targets, case .classes(let y) = plain[k].targets { #expect(x == y) } else { Issue.record("targets") }
          k += 1
        }
        let address = batch.inputs.scalars.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        addresses[batch.count, default: []].insert(address)
      }
    }
    // Sizes 4, 4, 2 per epoch: one buffer per size over both epochs.
    #expect(addresses[4]?.count == 1 && addresses[2]?.count == 1, "\(addresses)")
  }
}
