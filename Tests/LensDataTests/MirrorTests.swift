import Foundation
import LensCore
import Testing
import LensData

/// Tests on the real reference data. They run when `LENS_DATA_MIRROR` names the mirror folder
/// (CI sets it to `../shared/data`) and are skipped otherwise.
@Suite(.enabled(if: mirrorRoot != nil, "LENS_DATA_MIRROR is not set"), .serialized)
struct MirrorDataTests {
  var store: DataStore { DataStore(roots: [mirrorRoot!], requester: "the mirror tests") }

  @Test func everyMirrorFileVerifiesAndIsRegistered() throws {
    let reports = try Verifier.verify(root: mirrorRoot!)
    let bad = reports.filter { if case .mismatch = $0.status { return true }; if case .unreadable = $0.status { return true }; return false }
    #expect(bad.isEmpty, "\(bad.map(\.path))")
    let ok = Set(reports.filter { $0.status == .ok }.map(\.path))
    let sums = try String(contentsOfFile: mirrorRoot! + "/SHA256SUMS", encoding: .utf8)
      .split(separator: "\n").map { String($0.split(separator: " ", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces).dropFirst(2)) }
    #expect(Set(sums).subtracting(ok).isEmpty, "mirror files not in the registry: \(Set(sums).subtracting(ok))")
    #expect(ok.count == 92)
  }

  @Test func adamQLRUCIExactSplits() throws {
    let e = try store.loadAdamQLRUCI(.energy)
    #expect(e.splitOrigin == .authorsPermutation)
    let energySizes: [Int] = [e.dataset.train.count, e.dataset.validation!.count, e.dataset.test!.count]
    #expect(energySizes == [588, 104, 76])
    // The first permuted row is data row 526 (the permutation file's first line).
    let raw = try store.uciRawMatrix(.energy)
    let x0 = Double(e.dataset.train.features[0]) * e.featureStandardisation.std[0] + e.featureStandardisation.mean[0]
    #expect(abs(x0 - raw.values[526 * 9]) < 1e-5)
    let p = try store.loadAdamQLRUCI(.protein)
    let proteinSizes: [Int] = [p.dataset.train.count, p.dataset.validation!.count, p.dataset.test!.count]
    #expect(proteinSizes == [34_983, 6_174, 4_573])
    #expect(p.dataset.train.exampleShape == [9])
    let g = try store.loadGalUCI(.protein, split: 4)
    #expect(g.dataset.train.count == 41_157 && g.dataset.test?.count == 4_573)
  }

  @Test func fashionMNISTAndMNIST() throws {
    let f = try store.loadAdamQLRFashionMNIST()
    #expect(f.train.count == 50_000 && f.validation?.count == 10_000 && f.test?.count == 10_000)
    #expect(Array(f.train.targets.labels!.prefix(3)) == [9, 0, 0])  // the first Fashion-MNIST labels: ankle boot, T-shirt, T-shirt
    // Reference values from an independent NumPy computation of the per-pixel standardisation
    // over the 60 000 training-file images: (train 0, px 400), (train 55 000 = validation 5 000,
    // px 400), (test 0, px 400), (test 9, px 350).
    #expect(abs(f.train.features[400] - -1.1666280) < 1e-5)
    #expect(abs(f.validation!.features[5_000 * 784 + 400] - -0.3308866) < 1e-5)
    #expect(abs(f.test!.features[400] - -1.1554848) < 1e-5)
    #expect(abs(f.test!.features[9 * 784 + 350] - -0.1357206) < 1e-5)
    let m = try store.loadGranziolMNISTSubset(size: 1000, seed: 0)
    #expect(m.train.count == 1000 && m.test?.count == 10_000)
    #expect(Array(m.test!.targets.labels!.prefix(4)) == [7, 2, 1, 0])  // the first MNIST test labels
  }

  @Test func iris() throws {
    let (x, y) = try store.irisRaw(.uciOriginal)
    #expect(Array(x.prefix(4)) == [5.1, 3.5, 1.4, 0.2])
    #expect(y.filter { $0 == 2 }.count == 50)
    let sk = try store.irisRaw(.scikitLearn)
    // scikit-learn's copy equals bezdekIris.data: it differs from iris.data in rows 35 and 38 only.
    let differing = (0..<150).filter { r in (0..<4).contains { sk.features[r * 4 + $0] != x[r * 4 + $0] } }
    #expect(differing == [34, 37])
    let d = try store.loadAdaFisherIris()
    #expect(d.train.count == 150 && d.train.exampleShape == [2])
    // Reference values from an independent NumPy computation (SVD of the centred data, the
    // largest loading of each component positive, then standardisation), rows 0, 1, 50, 149.
    let expected: [(Int, Double, Double)] = [(0, -1.3097109, 0.6505414), (1, -1.3243571, -0.3605123),
                                             (50, 0.6269268, 1.39552), (149, 0.6783384, -0.5757177)]
    for (row, a, b) in expected {
      #expect(abs(Double(d.train.features[2 * row]) - a) < 2e-5 && abs(Double(d.train.features[2 * row + 1]) - b) < 2e-5, "row \(row)")
    }
  }

  @Test func cifar10WithTheTestSubset() throws {
    let d = try store.loadCIFAR10(ImageLoadOptions(validationSize: 5000, trainSubset: 2000))
    #expect(d.testSource == .officialIncomplete(count: 1000) && !d.officialTestComplete)
    #expect(d.dataset.train.count == 2000 && d.dataset.validation?.count == 5000 && d.dataset.test?.count == 1000)
    // Per-class counts of the 1 000 test images, as documented in the mirror's README.
    var counts = [Int](repeating: 0, count: 10)
    for l in d.dataset.test!.targets.labels! { counts[Int(l)] += 1 }
    #expect(counts == [103, 89, 100, 103, 90, 86, 112, 102, 106, 109])
  }

  @Test func wikiText2TokenCounts() throws {
    let c = try store.loadWikiText2()
    #expect(!c.trainPresent)
    #expect(c.validation.count == 217_646 && c.test.count == 245_569)
  }

  @Test func missingDatasetsSayHowToGetThem() throws {
    let msg = errorMessage { _ = try store.loadSVHN() }
    #expect(msg.contains("svhn") && msg.contains("the mirror tests") && msg.contains("lens data fetch svhn"))
  }
}
