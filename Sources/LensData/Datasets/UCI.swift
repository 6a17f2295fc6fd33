import LensCore

/// The two UCI regression datasets in Gal & Ghahramani's layout (`data.txt`: one row per
/// example, whitespace-separated, features then the target in the last column).
public enum UCIDataset: String, Sendable, CaseIterable {
  case energy = "uci-energy"
  case protein = "uci-protein"

  var folder: String { self == .energy ? UCIPaths.energyFolder : UCIPaths.proteinFolder }
  var permutationPath: String { self == .energy ? UCIPaths.energyPermutation : UCIPaths.proteinPermutation }
  /// Rows and columns of `data.txt` (features + 1 target).
  var shape: (rows: Int, columns: Int) { self == .energy ? (768, 9) : (45_730, 10) }
  /// AdamQLR's train+validation block size; the remaining rows are the test set.
  var adamQLRTrainValidation: Int { self == .energy ? 692 : 41_157 }
}

/// Where a UCI split came from.
public enum UCISplitOrigin: Sendable, Equatable {
  /// AdamQLR's own `permutation_indices.txt` (the exact split of the paper).
  case authorsPermutation
  /// A seeded permutation with the paper's sizes, because the permutation file was absent (or
  /// not wanted).
  case seededPermutation(seed: Int)
  /// Gal & Ghahramani's `index_train_<i>.txt` / `index_test_<i>.txt`.
  case galSplit(Int)
}

/// A loaded UCI dataset with its split origin and the standardisations applied.
public struct UCIData: Sendable {
  public var dataset: LoadedDataset
  public var splitOrigin: UCISplitOrigin
  public var featureStandardisation: Standardisation
  public var targetStandardisation: Standardisation
}

extension DataStore {
  /// The raw `data.txt` matrix, checked for its shape: row-major `[rows, columns]`.
  public func uciRawMatrix(_ which: UCIDataset) throws -> (values: [Double], rows: Int, columns: Int) {
    let path = which.folder + "data.txt"
    let text = try DelimitedText(read(path, dataset: which.rawValue), name: path, separator: .whitespace)
    let (rows, columns) = which.shape
    let values = try text.numericMatrix(columns: columns)
    guard text.lines.count == rows else {
      throw LensError.data("\(path): \(text.lines.count) data lines, expected \(rows)")
    }
    return (values, rows, columns)
  }

  /// AdamQLR's UCI set-up (Clarke & Hernández-Lobato, `datasets.py`, research/algorithms.md §9.1):
  /// rows permuted by the authors' `permutation_indices.txt` (or, when that file is absent or
  /// `useAuthorsPermutation` is false, by a seeded permutation); the first 692 (Energy) / 41 157
  /// (Protein) rows are train+validation, the rest test; validation is the last 15 % of
  /// train+validation by position (train = ⌊0.85·n⌋: 588/104 and 34 983/6 174). Features and
  /// targets are standardised with the mean and population std of the whole train+validation
  /// block (std 0 → 1).
  public func loadAdamQLRUCI(_ which: UCIDataset, seed: Int = 0, useAuthorsPermutation: Bool = true) throws -> UCIData {
    let (values, rows, columns) = try uciRawMatrix(which)
    var order: [Int]
    var origin: UCISplitOrigin
    if useAuthorsPermutation, let bytes = try readIfPresent(which.permutationPath, dataset: which.rawValue) {
      order = try DelimitedText(bytes, name: which.permutationPath, separator: .whitespace).indexColumn()
      guard order.count == rows, Set(order).count == rows, order.allSatisfy({ $0 < rows }) else {
        throw LensError.data("\(which.permutationPath): not a permutation of 0..<\(rows)")
      }
      origin = .authorsPermutation
    } else {
      order = SplitPlan.permutation(rows, dataset: which.rawValue, purpose: "adamqlr-permutation", seed: seed)
      origin = .seededPermutation(seed: seed)
    }
    let trainVal = which.adamQLRTrainValidation
    let trainCount = trainVal * 85 / 100
    let data = try makeUCI(values: values, columns: columns,
                           train: Array(order[0..<trainCount]), validation: Array(order[trainCount..<trainVal]),
                           test: Array(order[trainVal...]), statisticsRows: Array(order[0..<trainVal]),
                           name: which.rawValue)
    var result = data
    result.splitOrigin = origin
    let originNote: String
    switch origin {
    case .authorsPermutation: originNote = "split: AdamQLR authors' permutation_indices.txt (exact paper split)"
    case .seededPermutation(let s): originNote = "split: seeded permutation (seed \(s)) with the paper's sizes; the authors' permutation file was not used"
    case .galSplit: originNote = ""
    }
    result.dataset.notes = [
      originNote,
      "train \(trainCount) / validation \(trainVal - trainCount) / test \(rows - trainVal)",
      "features and target standardised with train+validation mean and population std",
    ]
    return result
  }

  /// Gal & Ghahramani's split `index` (0..<20 for Energy, 0..<5 for Protein): their train and test
  /// rows; no validation set. Features and targets standardised with the training rows' statistics.
  public func loadGalUCI(_ which: UCIDataset, split index: Int) throws -> UCIData {
    let (values, rows, columns) = try uciRawMatrix(which)
    func indices(_ kind: String) throws -> [Int] {
      let path = which.folder + "index_\(kind)_\(index).txt"
      guard (try? registry.entry(which.rawValue).file(path)) ?? nil != nil else {
        throw LensError.badInput("\(which.rawValue) has no Gal split \(index)")
      }
      let idx = try DelimitedText(read(path, dataset: which.rawValue), name: path, separator: .whitespace).indexColumn()
      guard idx.allSatisfy({ $0 < rows }) else { throw LensError.data("\(path): row index out of range 0..<\(rows)") }
      return idx
    }
    let train = try indices("train"), test = try indices("test")
    var data = try makeUCI(values: values, columns: columns, train: train, validation: nil, test: test,
                           statisticsRows: train, name: which.rawValue)
    data.splitOrigin = .galSplit(index)
    data.dataset.notes = ["split: Gal & Ghahramani split \(index), train \(train.count) / test \(test.count)",
                          "features and target standardised with training mean and population std"]
    return data
  }

  func makeUCI(values: [Double], columns: Int, train: [Int], validation: [Int]?, test: [Int],
               statisticsRows: [Int], name: String) throws -> UCIData {
    let f = columns - 1
    // Statistics are computed in Double directly from the parsed values.
    func stats(_ rows: [Int], _ cols: Range<Int>) -> Standardisation {
      var s = Standardisation(mean: [], std: [])
      for c in cols {
        var m = 0.0
        for r in rows { m += values[r * columns + c] }
        m /= Double(rows.count)
        var v = 0.0
        for r in rows { let d = values[r * columns + c] - m; v += d * d }
        let sd = (v / Double(rows.count)).squareRoot()
        s.mean.append(m); s.std.append(sd == 0 ? 1 : sd)
      }
      return s
    }
    let fs = stats(statisticsRows, 0..<f), ts = stats(statisticsRows, f..<columns)
    func split(_ rows: [Int]) -> DataSplit {
      var x: [Float] = [], y: [Float] = []
      x.reserveCapacity(rows.count * f); y.reserveCapacity(rows.count)
      for r in rows {
        for c in 0..<f { x.append(Float((values[r * columns + c] - fs.mean[c]) / fs.std[c])) }
        y.append(Float((values[r * columns + f] - ts.mean[0]) / ts.std[0]))
      }
      return DataSplit(features: x, exampleShape: [f], targets: .values(y, width: 1))
    }
    let dataset = LoadedDataset(name: name, train: split(train), validation: validation.map(split), test: split(test), notes: [])
    return UCIData(dataset: dataset, splitOrigin: .authorsPermutation, featureStandardisation: fs, targetStandardisation: ts)
  }
}
