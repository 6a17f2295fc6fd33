import Foundation
import LensCore
import Testing
@testable import LensData

/// The AdamQLR image recipes (`AdamQLRImages`): rows, sizes and normalisation against direct
/// computations, on fixtures in the original formats and (when `LENS_DATA_MIRROR` is set) on
/// the real CIFAR-10 files.
@Suite struct AdamQLRImageTests {
  /// Per-channel mean and population std of 0–255 values by a plain two-pass sum in Double over
  /// the images `rows` of channel-major `[3, 32, 32]` byte images (`pixel(i, ch, q)`).
  static func directStatistics(rows: [Int], pixel: (Int, Int, Int) -> UInt8) -> (mean: [Double], std: [Double]) {
    var mean = [Double](repeating: 0, count: 3), std = [Double](repeating: 0, count: 3)
    for ch in 0..<3 {
      var s = 0.0
      for i in rows { for q in 0..<1024 { s += Double(pixel(i, ch, q)) } }
      let m = s / Double(rows.count * 1024)
      var v = 0.0
      for i in rows { for q in 0..<1024 { let d = Double(pixel(i, ch, q)) - m; v += d * d } }
      mean[ch] = m; std[ch] = (v / Double(rows.count * 1024)).squareRoot()
    }
    return (mean, std)
  }

  /// numpy's values for the authors' `np.rint(N * [1 - p, p])` split (computed once with
  /// numpy 1.26: [61047, 12210], [45000, 5000], [50, 10]).
  @Test func validationCountsFollowTheAuthorsArithmetic() {
    #expect(AdamQLRImageRecipe.validationCount(total: 73_257, proportion: AdamQLRImageRecipe.svhnValidationProportion) == 12_210)
    #expect(AdamQLRImageRecipe.validationCount(total: 50_000, proportion: AdamQLRImageRecipe.cifar10ValidationProportion) == 5_000)
    #expect(AdamQLRImageRecipe.validationCount(total: 60, proportion: AdamQLRImageRecipe.svhnValidationProportion) == 10)
  }

  func cifar10Fixture(perBatch: Int, testCount: Int?) -> FixtureRoot {
    let f = FixtureRoot()
    for b in 1...5 {
      var bytes: [UInt8] = []
      for k in 0..<perBatch {
        let i = (b - 1) * perBatch + k
        bytes += Formats.cifar10Record(label: UInt8(i * 7 % 10), pixels: Formats.pixels(i))
      }
      f.write(CIFARPaths.cifar10Train(b), bytes)
    }
    if let testCount {
      var bytes: [UInt8] = []
      for i in 0..<testCount { bytes += Formats.cifar10Record(label: UInt8((i + 3) % 10), pixels: Formats.pixels(1000 + i)) }
      f.write(CIFARPaths.cifar10Test, bytes)
    }
    return f
  }

  /// Without the official test file: validation = last rint-10 % rows, test = the `heldOutTest`
  /// rows before them, train = the rest; statistics over train + validation rows only.
  @Test func cifar10HoldsOutTestRowsBeforeValidationWhenTheTestFileIsAbsent() throws {
    let f = cifar10Fixture(perBatch: 4, testCount: nil)  // 20 training-file rows
    let data = try f.store.loadAdamQLRCIFAR10(heldOutTest: 4)
    #expect(data.trainRows == 0..<14 && data.heldOutTestRows == 14..<18 && data.validationRows == 18..<20)
    #expect(data.testSource == .heldOutFromTrain(count: 4))
    #expect(data.dataset.train.count == 14 && data.dataset.validation?.count == 2 && data.dataset.test?.count == 4)
    #expect(data.dataset.test?.targets.labels == (14..<18).map { Int32($0 * 7 % 10) })
    #expect(data.dataset.validation?.targets.labels == (18..<20).map { Int32($0 * 7 % 10) })
    #expect(data.loadedDataset.variant?.contains("rows 14..<18 held out") ?? false)
    let direct = Self.directStatistics(rows: Array(0..<14) + [18, 19]) { i, ch, q in Formats.pixels(i)[ch * 1024 + q] }
    for ch in 0..<3 {
      #expect(abs(data.channelMean[ch] - direct.mean[ch]) < 1e-9 * direct.mean[ch])
      #expect(abs(data.channelStd[ch] - direct.std[ch]) < 1e-9 * direct.std[ch])
    }
    // The first test image (training-file row 14), channel 2, pixel 5, normalised.
    let x = data.dataset.test!.features[2 * 1024 + 5]
    #expect(x == Float((Double(Formats.pixels(14)[2 * 1024 + 5]) - direct.mean[2]) / direct.std[2]))
  }

  /// With the complete official test file it is the test split, and all training-file rows
  /// count for the statistics.
  @Test func cifar10UsesTheCompleteOfficialTestFile() throws {
    let f = cifar10Fixture(perBatch: 4, testCount: 10_000)
    let data = try f.store.loadAdamQLRCIFAR10(heldOutTest: 4)
    #expect(data.testSource == .official && data.heldOutTestRows == nil)
    #expect(data.trainRows == 0..<18 && data.validationRows == 18..<20)
    #expect(data.dataset.test?.count == 10_000)
    #expect(data.loadedDataset.variant == "test: official 10000 images")
    let direct = Self.directStatistics(rows: Array(0..<20)) { i, ch, q in Formats.pixels(i)[ch * 1024 + q] }
    for ch in 0..<3 { #expect(abs(data.channelMean[ch] - direct.mean[ch]) < 1e-9 * direct.mean[ch]) }
  }

  /// The committed fixture: the generator writes exactly the committed bytes, and they carry
  /// the registry's checksums.
  @Test func committedSVHNFixtureIsTheGeneratorsOutput() throws {
    for (path, bytes) in SVHNFixture.files() {
      let full = FixtureData.directory() + "/" + path
      let committed = try #require(FileManager.default.contents(atPath: full), "missing \(full)")
      #expect(Array(committed) == bytes, "\(path) differs from SVHNFixture's output")
      #expect(FixtureData.svhnFixture.file(path)?.checksum == .sha256(SHA256.hexDigest(bytes)))
    }
  }

  /// The fixture through the real MAT reader and the SVHN recipe: 50 / 10 / 20, labels 0–9 from
  /// y = 1…10, statistics and features equal to a direct computation on `X`.
  @Test func svhnFixtureRecipe() throws {
    let data = try FixtureData.store().loadAdamQLRSVHN(dataset: "svhn-fixture")
    #expect(data.trainRows == 0..<50 && data.validationRows == 50..<60 && data.heldOutTestRows == nil)
    #expect(data.dataset.train.count == 50 && data.dataset.validation?.count == 10 && data.dataset.test?.count == 20)
    let bytes = try FixtureData.store().read(FixtureData.svhnTrain, dataset: "svhn-fixture")
    let vars = try MATReader.variables(bytes, name: "train")
    let x = try MATReader.variable("X", in: vars, name: "train").uint8()
    let y = try MATReader.variable("y", in: vars, name: "train").doubles()
    #expect(Set(y) == Set((1...10).map(Double.init)))
    let expected = y.map { Int32(Int($0) % 10) }
    #expect(data.dataset.train.targets.labels! + data.dataset.validation!.targets.labels! == expected)
    // Column-major X(r, c, ch, i) at r + 32c + 1024ch + 3072i; q = 32r + c.
    func pixel(_ i: Int, _ ch: Int, _ q: Int) -> UInt8 { x[q / 32 + 32 * (q % 32) + 1024 * ch + 3072 * i] }
    let direct = Self.directStatistics(rows: Array(0..<60), pixel: pixel)
    for ch in 0..<3 {
      #expect(abs(data.channelMean[ch] - direct.mean[ch]) < 1e-9 * direct.mean[ch])
      #expect(abs(data.channelStd[ch] - direct.std[ch]) < 1e-9 * direct.std[ch])
    }
    for (i, ch, q) in [(0, 0, 0), (7, 1, 33), (49, 2, 1023)] {
      #expect(data.dataset.train.features[i * 3072 + ch * 1024 + q] == Float((Double(pixel(i, ch, q)) - direct.mean[ch]) / direct.std[ch]))
    }
    // Every digit occurs in the fixture's training file (balanced: 6 each).
    #expect(Dictionary(grouping: expected, by: { $0 }).values.allSatisfy { $0.count == 6 })
  }
}

/// The CIFAR-10 recipe on the reference mirror (full training file, first 1 000 test images).
@Suite(.enabled(if: mirrorRoot != nil, "LENS_DATA_MIRROR is not set"))
struct AdamQLRCIFAR10MirrorTests {
  @Test func mirrorVariantHoldsOutRows40000To45000() throws {
    let store = DataStore(roots: [mirrorRoot!])
    let data = try store.loadAdamQLRCIFAR10()
    #expect(data.testSource == .heldOutFromTrain(count: 5_000))
    #expect(data.trainRows == 0..<40_000 && data.heldOutTestRows == 40_000..<45_000 && data.validationRows == 45_000..<50_000)
    #expect(data.dataset.train.count == 40_000 && data.dataset.validation?.count == 5_000 && data.dataset.test?.count == 5_000)
    // Rows 40 000..<50 000 are data_batch_5: its label bytes, read directly.
    let batch5 = try store.read(CIFARPaths.cifar10Train(5), dataset: "cifar-10")
    let labels5 = (0..<10_000).map { Int32(batch5[$0 * 3073]) }
    #expect(data.dataset.test?.targets.labels == Array(labels5[0..<5_000]))
    #expect(data.dataset.validation?.targets.labels == Array(labels5[5_000..<10_000]))
    // Statistics over rows 0..<40 000 and 45 000..<50 000, directly from the record bytes.
    var files: [[UInt8]] = []
    for b in 1...5 { files.append(try store.read(CIFARPaths.cifar10Train(b), dataset: "cifar-10")) }
    let rows = Array(0..<40_000) + Array(45_000..<50_000)
    let direct = AdamQLRImageTests.directStatistics(rows: rows) { i, ch, q in files[i / 10_000][(i % 10_000) * 3073 + 1 + ch * 1024 + q] }
    for ch in 0..<3 {
      #expect(abs(data.channelMean[ch] - direct.mean[ch]) < 1e-9 * direct.mean[ch])
      #expect(abs(data.channelStd[ch] - direct.std[ch]) < 1e-9 * direct.std[ch])
    }
  }
}
