/// The plain containers loaders return. LensData does not depend on the engine: the runner
/// converts these into engine tensors.

/// Targets of one split.
public enum Targets: Sendable, Equatable {
  /// Class indices in `0..<classCount`.
  case classes([Int32], classCount: Int)
  /// Regression targets, row-major `[count, width]`.
  case values([Float], width: Int)

  public var count: Int {
    switch self {
    case .classes(let l, _): return l.count
    case .values(let v, let w): return w == 0 ? 0 : v.count / w
    }
  }

  /// The targets of the given rows, in that order.
  public func rows(_ indices: [Int]) -> Targets {
    switch self {
    case .classes(let l, let k): return .classes(indices.map { l[$0] }, classCount: k)
    case .values(let v, let w):
      var out: [Float] = []
      out.reserveCapacity(indices.count * w)
      for i in indices { out.append(contentsOf: v[i * w..<(i + 1) * w]) }
      return .values(out, width: w)
    }
  }

  public var labels: [Int32]? { if case .classes(let l, _) = self { return l }; return nil }
  public var values: [Float]? { if case .values(let v, _) = self { return v }; return nil }
}

/// One split of a dataset: `count` examples, each a `exampleShape` block of features stored
/// row-major in `features` (so `features.count == count * exampleShape.product`), and their targets.
/// Images are channel-major per example: `[channels, height, width]`.
public struct DataSplit: Sendable, Equatable {
  public var features: [Float]
  public var exampleShape: [Int]
  public var targets: Targets

  public init(features: [Float], exampleShape: [Int], targets: Targets) {
    precondition(features.count == targets.count * exampleShape.reduce(1, *), "features and targets disagree in count")
    self.features = features
    self.exampleShape = exampleShape
    self.targets = targets
  }

  public var count: Int { targets.count }
  public var exampleSize: Int { exampleShape.reduce(1, *) }

  /// The examples at `indices`, in that order.
  public func rows(_ indices: [Int]) -> DataSplit {
    let d = exampleSize
    var f: [Float] = []
    f.reserveCapacity(indices.count * d)
    for i in indices { f.append(contentsOf: features[i * d..<(i + 1) * d]) }
    return DataSplit(features: f, exampleShape: exampleShape, targets: targets.rows(indices))
  }

  /// Examples `range`, in order.
  public func rows(_ range: Range<Int>) -> DataSplit { rows(Array(range)) }
}

/// A loaded dataset: its splits and what was done to produce them.
public struct LoadedDataset: Sendable {
  public var name: String
  public var train: DataSplit
  public var validation: DataSplit?
  public var test: DataSplit?
  /// Human-readable provenance: files read, split rule, normalisation, anything incomplete.
  public var notes: [String]
  /// For recipes with more than one variant (e.g. CIFAR-10's test split held out from the
  /// training file when the official one is incomplete): the one line saying which was loaded.
  public var variant: String?

  public init(name: String, train: DataSplit, validation: DataSplit?, test: DataSplit?, notes: [String],
              variant: String? = nil) {
    self.name = name
    self.train = train
    self.validation = validation
    self.test = test
    self.notes = notes
    self.variant = variant
  }
}

/// Per-feature affine normalisation `(x - mean) / std`, kept so that results can be mapped back.
public struct Standardisation: Sendable, Equatable {
  public var mean: [Double]
  public var std: [Double]

  /// Mean and population standard deviation (divisor n) of each column of the row-major
  /// `[rows, columns]` matrix; a zero standard deviation is replaced by 1, so constant
  /// columns become 0 (the convention of the AdamQLR code and of scikit-learn's StandardScaler).
  public static func fit(_ values: [Float], columns: Int) -> Standardisation {
    let rows = columns == 0 ? 0 : values.count / columns
    var mean = [Double](repeating: 0, count: columns)
    for r in 0..<rows { for c in 0..<columns { mean[c] += Double(values[r * columns + c]) } }
    for c in 0..<columns { mean[c] /= Double(max(rows, 1)) }
    var variance = [Double](repeating: 0, count: columns)
    for r in 0..<rows {
      for c in 0..<columns { let d = Double(values[r * columns + c]) - mean[c]; variance[c] += d * d }
    }
    let std = variance.map { v -> Double in
      let s = (v / Double(max(rows, 1))).squareRoot()
      return s == 0 ? 1 : s
    }
    return Standardisation(mean: mean, std: std)
  }

  /// `(x - mean) / std`, column by column.
  public func apply(_ values: [Float]) -> [Float] {
    let columns = mean.count
    var out = values
    for i in 0..<values.count {
      let c = i % columns
      out[i] = Float((Double(values[i]) - mean[c]) / std[c])
    }
    return out
  }
}
