import Foundation
import LensCore
import Testing
import LensData

/// UCI, (Fashion-)MNIST, Iris and WikiText-2 loaders on fixture files in the original formats.
@Suite struct TabularDatasetFixtureTests {
  /// A Gal-layout `data.txt` with `rows` rows of `columns` whitespace-separated numbers.
  func galData(rows: Int, columns: Int, tabs: Bool) -> String {
    var g = SeededGenerator(key: 42)
    return (0..<rows).map { r in
      (0..<columns).map { c in c == 2 ? "7.00" : String(format: "%.3f", g.uniform() * 100 + Double(r % 5)) }
        .joined(separator: tabs ? "\t" : " ")
    }.joined(separator: "\n") + "\n\n"
  }

  @Test func adamQLRUCIUsesTheAuthorsPermutation() throws {
    let f = FixtureRoot()
    f.write(UCIPaths.energyFolder + "data.txt", text: galData(rows: 768, columns: 9, tabs: true))
    let perm = Array((0..<768).reversed())
    f.write(UCIPaths.energyPermutation, text: perm.map(String.init).joined(separator: "\n") + "\n")
    let d = try f.store.loadAdamQLRUCI(.energy)
    #expect(d.splitOrigin == .authorsPermutation)
    #expect(d.dataset.train.count == 588 && d.dataset.validation?.count == 104 && d.dataset.test?.count == 76)
    #expect(d.dataset.train.exampleShape == [8])
    // Row 767 comes first; its standardised target maps back to the raw value.
    let raw = try f.store.uciRawMatrix(.energy)
    let y0 = Double(d.dataset.train.targets.values![0]) * d.targetStandardisation.std[0] + d.targetStandardisation.mean[0]
    #expect(abs(y0 - raw.values[767 * 9 + 8]) < 1e-3)
    // Train+validation features have mean 0 and std 1; the constant column (std 0) becomes 0.
    let tv = d.dataset.train.features + d.dataset.validation!.features
    for c in 0..<8 {
      let col = stride(from: c, to: tv.count, by: 8).map { Double(tv[$0]) }
      let m = col.reduce(0, +) / 692, v = col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 692
      #expect(abs(m) < 1e-5)
      #expect(c == 2 ? v == 0 : abs(v - 1) < 1e-4)
    }
  }

  @Test func adamQLRUCISeededPermutationWhenTheFileIsAbsent() throws {
    let f = FixtureRoot()
    f.write(UCIPaths.proteinFolder + "data.txt", text: galData(rows: 45_730, columns: 10, tabs: false))
    let a = try f.store.loadAdamQLRUCI(.protein, seed: 1)
    #expect(a.splitOrigin == .seededPermutation(seed: 1))
    #expect(a.dataset.train.count == 34_983 && a.dataset.validation?.count == 6_174 && a.dataset.test?.count == 4_573)
    #expect(try f.store.loadAdamQLRUCI(.protein, seed: 1).dataset.test == a.dataset.test)
    #expect(try f.store.loadAdamQLRUCI(.protein, seed: 2).dataset.test != a.dataset.test)
  }

  @Test func galSplitsAndMalformedRows() throws {
    let f = FixtureRoot()
    f.write(UCIPaths.energyFolder + "data.txt", text: galData(rows: 768, columns: 9, tabs: true))
    f.write(UCIPaths.energyFolder + "index_train_3.txt", text: (0..<700).map(String.init).joined(separator: "\n"))
    f.write(UCIPaths.energyFolder + "index_test_3.txt", text: (700..<768).map(String.init).joined(separator: "\n"))
    let g = try f.store.loadGalUCI(.energy, split: 3)
    #expect(g.splitOrigin == .galSplit(3) && g.dataset.train.count == 700 && g.dataset.test?.count == 68 && g.dataset.validation == nil)
    var text = galData(rows: 768, columns: 9, tabs: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    text[41] = "1\t2\tthree\t4\t5\t6\t7\t8\t9"
    f.write(UCIPaths.energyFolder + "data.txt", text: text.joined(separator: "\n"))
    #expect(errorMessage { _ = try f.store.loadAdamQLRUCI(.energy) }.contains("line 42, field 3: 'three'"))
  }

  func writeIDX(_ f: FixtureRoot, _ dataset: String, train: Int, test: Int) throws {
    for (kind, n) in [("train", train), ("t10k", test)] {
      let pixels = (0..<n * 784).map { UInt8(truncatingIfNeeded: ($0 / 784) &* 13 &+ ($0 % 784) &* 5) }
      let labels = (0..<n).map { UInt8($0 % 10) }
      f.write("\(dataset)/\(kind)-images-idx3-ubyte.gz", try Gzip.compress(Formats.idx([n, 28, 28], pixels), level: 1))
      f.write("\(dataset)/\(kind)-labels-idx1-ubyte.gz", try Gzip.compress(Formats.idx([n], labels)))
    }
  }

  @Test func fashionMNISTPerPixelStandardisationAndValidationSplit() throws {
    let f = FixtureRoot()
    try writeIDX(f, "fashion-mnist", train: 10_012, test: 3)
    let d = try f.store.loadAdamQLRFashionMNIST()
    #expect(d.train.count == 12 && d.validation?.count == 10_000 && d.test?.count == 3)
    #expect(d.validation?.targets.labels?.first == Int32(12 % 10))
    // Per-pixel statistics over all 10 012 training-file images: pixel 100 has mean 0, std 1.
    var s = 0.0, q = 0.0
    for split in [d.train, d.validation!] { for i in 0..<split.count { let v = Double(split.features[i * 784 + 100]); s += v; q += v * v } }
    #expect(abs(s / 10_012) < 1e-4 && abs(q / 10_012 - 1) < 1e-3)
  }

  @Test func fashionMNISTLabelFileMismatch() throws {
    let f = FixtureRoot()
    try writeIDX(f, "fashion-mnist", train: 4, test: 2)
    f.write("fashion-mnist/t10k-labels-idx1-ubyte.gz", try Gzip.compress(Formats.idx([3], [1, 2, 3])))
    #expect(errorMessage { _ = try f.store.idxImages(.fashionMNIST, train: false) }.contains("has 2 images but"))
    f.write("fashion-mnist/t10k-labels-idx1-ubyte.gz", Array(try Gzip.compress(Formats.idx([2], [1, 2])).dropLast(12)))
    #expect(errorMessage { _ = try f.store.idxImages(.fashionMNIST, train: false) }.contains("truncated"))
  }

  @Test func granziolMNISTSubset() throws {
    let f = FixtureRoot()
    try writeIDX(f, "mnist", train: 300, test: 7)
    let d = try f.store.loadGranziolMNISTSubset(size: 40, seed: 3)
    #expect(d.train.count == 40 && d.test?.count == 7 && d.validation == nil)
    var counts = [Int](repeating: 0, count: 10)
    for l in d.train.targets.labels! { counts[Int(l)] += 1 }
    #expect(counts.allSatisfy { $0 >= 2 })
    #expect(try f.store.loadGranziolMNISTSubset(size: 40, seed: 3).train == d.train)
    #expect(try f.store.loadGranziolMNISTSubset(size: 40, seed: 4).train != d.train)
    let raw = try f.store.idxImages(.mnist, train: false)
    #expect(abs(d.test!.features[5 * 784 + 17] - (Float(raw.pixels[5 * 784 + 17]) / 255 - 0.1307) / 0.3081) < 1e-6)
  }

  static let irisRows = [
    "5.1,3.5,1.4,0.2", "4.9,3.0,1.4,0.2", "7.0,3.2,4.7,1.4", "6.4,3.2,4.5,1.5", "6.3,3.3,6.0,2.5", "5.8,2.7,5.1,1.9",
  ]

  func writeIris(_ f: FixtureRoot) {
    var uci = "", sk = "150,4,setosa,versicolor,virginica\n"
    let names = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    for i in 0..<150 {
      let k = i / 50, row = Self.irisRows[k * 2 + i % 2]
      let jitter = String(format: ",%.1f", Double(i % 7) * 0.1)
      let values = row.split(separator: ",").dropLast().joined(separator: ",") + jitter
      uci += values + "," + names[k] + "\n"
      sk += values + ",\(k)\n"
    }
    f.write(IrisPaths.uci, text: uci + "\n")
    f.write(IrisPaths.scikitLearn, text: sk)
  }

  @Test func adaFisherIrisPCAPipeline() throws {
    let f = FixtureRoot()
    writeIris(f)
    let d = try f.store.loadAdaFisherIris()
    #expect(d.train.count == 150 && d.train.exampleShape == [2] && d.test == nil)
    #expect(d.train.targets.labels == (0..<150).map { Int32($0 / 50) })
    let x = d.train.features
    for c in 0..<2 {
      let col = stride(from: c, to: 300, by: 2).map { Double(x[$0]) }
      let m = col.reduce(0, +) / 150, v = col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 150
      #expect(abs(m) < 1e-6 && abs(v - 1) < 1e-5)
    }
    // The two standardised components are uncorrelated.
    let cov = (0..<150).reduce(0.0) { $0 + Double(x[2 * $1]) * Double(x[2 * $1 + 1]) } / 150
    #expect(abs(cov) < 1e-5)
    let uci = try f.store.loadAdaFisherIris(source: .uciOriginal)
    #expect(uci.train == d.train)
    let flipped = try f.store.loadAdaFisherIris(signs: .scores)
    for c in 0..<2 {
      let same = (0..<150).allSatisfy { abs(flipped.train.features[2 * $0 + c] - x[2 * $0 + c]) < 1e-5 }
      let opposite = (0..<150).allSatisfy { abs(flipped.train.features[2 * $0 + c] + x[2 * $0 + c]) < 1e-5 }
      #expect(same || opposite)
    }
  }

  @Test func pcaEigenvectorsOfAKnownMatrix() {
    // Eigenvalues of [[2,1],[1,2]] are 3 and 1.
    let (values, vectors) = PCA.symmetricEigen([2, 1, 1, 2], n: 2)
    #expect(Set(values.map { ($0 * 1e9).rounded() / 1e9 }) == [3, 1])
    let k = values[0] > values[1] ? 0 : 1
    #expect(abs(abs(vectors[k]) - 0.5.squareRoot()) < 1e-12 && abs(vectors[k] - vectors[2 + k]) < 1e-12)
  }

  @Test func wikiText2VocabularyAndEOS() throws {
    let f = FixtureRoot()
    f.write(WikiTextPaths.train, text: " \n = Title = \n the cat sat \n\n")
    f.write(WikiTextPaths.valid, text: " the dog <unk> \n")
    f.write(WikiTextPaths.test, text: " cat \n")
    let c = try f.store.loadWikiText2()
    #expect(c.trainPresent)
    #expect(c.vocabulary == ["<eos>", "=", "Title", "the", "cat", "sat", "dog", "<unk>"])
    #expect(c.train == [0, 1, 2, 1, 0, 3, 4, 5, 0, 0])
    #expect(c.validation == [3, 6, 7, 0] && c.test == [4, 0])
  }

  @Test func wikiText2WithoutTrain() throws {
    let f = FixtureRoot()
    f.write(WikiTextPaths.valid, text: " a b \n")
    f.write(WikiTextPaths.test, text: " b c \n")
    let c = try f.store.loadWikiText2()
    #expect(!c.trainPresent && c.vocabulary == ["a", "b", "<eos>", "c"])
    #expect(c.notes.contains { $0.contains("absent") })
    // A train file with the wrong SHA-1 is refused, never used.
    f.corrupt(WikiTextPaths.train, Array("x\n".utf8))
    let msg = errorMessage { _ = try f.store.loadWikiText2() }
    #expect(msg.contains("expected SHA-1 863f29c46ef9d167fff4940ec821195882fe29d1"))
  }
}
