import Foundation
import LensCore
import Testing
import LensData

/// CIFAR-10/100 and SVHN loaders on fixture files written in the original binary formats.
@Suite struct ImageDatasetFixtureTests {
  /// Five CIFAR-10 training batches of `perBatch` records (label = global index mod 10) and an
  /// optional test file.
  func cifar10Fixture(perBatch: Int = 4, test: (path: String, count: Int)?, gzipTrain: Bool = false) throws -> FixtureRoot {
    let f = FixtureRoot()
    for b in 1...5 {
      var bytes: [UInt8] = []
      for k in 0..<perBatch {
        let i = (b - 1) * perBatch + k
        bytes += Formats.cifar10Record(label: UInt8(i % 10), pixels: Formats.pixels(i))
      }
      if gzipTrain { f.write(CIFARPaths.cifar10Train(b) + ".gz", try Gzip.compress(bytes)) } else { f.write(CIFARPaths.cifar10Train(b), bytes) }
    }
    if let test {
      var bytes: [UInt8] = []
      for i in 0..<test.count { bytes += Formats.cifar10Record(label: UInt8((i + 3) % 10), pixels: Formats.pixels(1000 + i)) }
      f.write(test.path, bytes)
    }
    return f
  }

  @Test func cifar10OrderLayoutAndNormalisation() throws {
    let f = try cifar10Fixture(test: (CIFARPaths.cifar10Test, 3), gzipTrain: true)
    let d = try f.store.loadCIFAR10()
    #expect(d.dataset.train.count == 20 && d.dataset.train.exampleShape == [3, 32, 32])
    #expect(d.dataset.train.targets.labels == (0..<20).map { Int32($0 % 10) })
    // Record 6's pixel byte j becomes feature j of example 6, divided by 255.
    let x = d.dataset.train.features
    #expect(x[6 * 3072 + 1500] == Float(Formats.pixels(6)[1500]) / 255)
    // A 3-image test_batch.bin is the official file but not complete (10 000 expected).
    #expect(d.testSource == .officialIncomplete(count: 3) && !d.officialTestComplete)
    #expect(d.dataset.test?.targets.labels == [3, 4, 5])
  }

  @Test func cifar10CompleteOfficialTestSetIsPreferred() throws {
    let f = try cifar10Fixture(test: (CIFARPaths.cifar10Test, 10_000))
    // The first-1000 subset is ignored when the complete test_batch.bin is present.
    f.write(CIFARPaths.cifar10TestFirst1000, Formats.cifar10Record(label: 0, pixels: Formats.pixels(0)))
    let d = try f.store.loadCIFAR10(ImageLoadOptions(testFromTrainWhenIncomplete: 5))
    #expect(d.testSource == .official && d.officialTestComplete)
    #expect(d.dataset.test?.count == 10_000 && d.dataset.train.count == 20)
    #expect(d.dataset.test?.targets.labels?[9_999] == Int32((9_999 + 3) % 10))
  }

  @Test func cifar10WithOnlyTheFirst1000SubsetHoldsOutTestFromTrain() throws {
    let f = try cifar10Fixture(test: (CIFARPaths.cifar10TestFirst1000, 2))
    let plain = try f.store.loadCIFAR10()
    #expect(plain.testSource == .officialIncomplete(count: 2) && plain.dataset.test?.count == 2)
    #expect(plain.dataset.notes.contains { $0.contains("INCOMPLETE") })
    let opts = ImageLoadOptions(validationSize: 3, testFromTrainWhenIncomplete: 4, seed: 7)
    let held = try f.store.loadCIFAR10(opts)
    #expect(held.testSource == .heldOutFromTrain(count: 4) && !held.officialTestComplete)
    #expect(held.dataset.train.count == 13 && held.dataset.validation?.count == 3 && held.dataset.test?.count == 4)
    // Deterministic in the seed, different for another seed.
    let again = try f.store.loadCIFAR10(opts)
    #expect(again.dataset.test == held.dataset.test && again.dataset.validation == held.dataset.validation)
    var other = opts; other.seed = 8
    let differ = try f.store.loadCIFAR10(other)
    #expect(differ.dataset.validation != held.dataset.validation || differ.dataset.test != held.dataset.test)
    // The three parts are disjoint and cover the training set: compare first pixels (unique per record).
    func firstPixels(_ s: DataSplit?) -> Set<Float> { Set((0..<(s?.count ?? 0)).map { s!.features[$0 * 3072 + 1] }) }
    let all = firstPixels(held.dataset.train).union(firstPixels(held.dataset.validation)).union(firstPixels(held.dataset.test))
    #expect(all.count == 20)
  }

  @Test func cifar10ChannelStatisticsAndSubsets() throws {
    let f = try cifar10Fixture(test: (CIFARPaths.cifar10Test, 2))
    let d = try f.store.loadCIFAR10(ImageLoadOptions(normalisation: .trainChannelStatistics, trainSubset: 10, testSubset: 1))
    #expect(d.dataset.train.count == 10 && d.dataset.test?.count == 1)
    let x = d.dataset.train.features
    for c in 0..<3 {
      var s = 0.0, q = 0.0
      for i in 0..<10 { for p in 0..<1024 { let v = Double(x[i * 3072 + c * 1024 + p]); s += v; q += v * v } }
      let m = s / 10240
      #expect(abs(m) < 1e-4 && abs(q / 10240 - m * m - 1) < 1e-3)
    }
  }

  @Test func missingCIFAR10NamesRequesterAndCommand() throws {
    let f = FixtureRoot()
    let msg = errorMessage { _ = try f.store.loadCIFAR10() }
    #expect(msg.contains("cifar-10") && msg.contains("the fixture test") && msg.contains("lens data fetch cifar-10"))
  }

  @Test func cifar10CorruptFileIsNeverUsed() throws {
    let f = try cifar10Fixture(test: nil)
    let written: [UInt8] = Array(try Data(contentsOf: URL(fileURLWithPath: f.root + "/" + CIFARPaths.cifar10Train(2))))
    let good: String = FileDigest.hex(of: written, like: .sha256(""))
    f.corrupt(CIFARPaths.cifar10Train(2), [1, 2, 3])
    let msg: String = errorMessage { _ = try f.store.loadCIFAR10() }
    let corrupt = "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"
    #expect(msg.contains("checksum mismatch"))
    #expect(msg.contains("data_batch_2.bin"))
    #expect(msg.contains(good))
    #expect(msg.contains(corrupt))
  }

  @Test func cifar100FineAndCoarseLabels() throws {
    let f = FixtureRoot()
    func records(_ n: Int, offset: Int) -> [UInt8] {
      var out: [UInt8] = []
      for i in 0..<n {
        let coarse = UInt8((i + offset) % 20), fine = UInt8((i * 7 + offset) % 100)
        out.append(coarse)
        out.append(fine)
        out.append(contentsOf: Formats.pixels(i + offset))
      }
      return out
    }
    f.write(CIFARPaths.cifar100Train, records(6, offset: 0))
    f.write(CIFARPaths.cifar100Test, records(2, offset: 50))
    let fine = try f.store.loadCIFAR100()
    #expect(fine.dataset.train.targets == .classes((0..<6).map { Int32($0 * 7 % 100) }, classCount: 100))
    #expect(fine.testSource == .officialIncomplete(count: 2))
    let coarse = try f.store.loadCIFAR100(labels: .coarse)
    #expect(coarse.dataset.test?.targets == .classes([10, 11], classCount: 20))
    #expect(coarse.dataset.train.features[3 * 3072 + 77] == Float(Formats.pixels(3)[77]) / 255)
    f.corrupt(CIFARPaths.cifar100Test, Array(records(2, offset: 50).dropLast(1)))
    #expect(errorMessage { _ = try f.store.loadCIFAR100() }.contains("checksum mismatch"))
  }

  @Test(arguments: [false, true]) func svhnFromMATFiles(compressed: Bool) throws {
    let f = FixtureRoot()
    let trainImages = (0..<5).map { Formats.pixels($0) }
    f.write(SVHNPaths.train, try Formats.svhnMat(images: trainImages, labels: [10, 1, 2, 9, 10], compressed: compressed))
    f.write(SVHNPaths.test, try Formats.svhnMat(images: [Formats.pixels(9)], labels: [4], compressed: compressed))
    let d = try f.store.loadSVHN()
    #expect(d.officialTestComplete)
    #expect(d.dataset.train.targets.labels == [0, 1, 2, 9, 0] && d.dataset.test?.targets.labels == [4])
    // Column-major X is transposed back to channel-major: channel 2, row 5, column 30 of image 3.
    let j = 2 * 1024 + 5 * 32 + 30
    #expect(d.dataset.train.features[3 * 3072 + j] == Float(trainImages[3][j]) / 255)
  }

  @Test func svhnMalformedFiles() throws {
    let f = FixtureRoot()
    let good = try Formats.svhnMat(images: [Formats.pixels(0)], labels: [11], compressed: false)
    f.write(SVHNPaths.train, good)
    f.write(SVHNPaths.test, Array(good.prefix(300)))
    #expect(errorMessage { _ = try f.store.loadSVHN() }.contains("label y[0] = 11.0"))
    f.write(SVHNPaths.train, try Formats.svhnMat(images: [Formats.pixels(0)], labels: [1], compressed: false))
    let msg = errorMessage { _ = try f.store.loadSVHN() }
    #expect(msg.contains("test_32x32.mat") && msg.contains("truncated") && msg.contains("byte offset"))
  }
}
