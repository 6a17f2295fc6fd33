import LensCore

/// Which copy of Iris to read. scikit-learn's `load_iris()` (used by the AdaFisher notebook)
/// ships values equal to UCI's corrected `bezdekIris.data`, which differs from `iris.data` in
/// rows 35 and 38.
public enum IrisSource: Sendable {
  /// `iris/scikit-learn-1.9.1/iris.csv`: header `150,4,setosa,versicolor,virginica`, rows
  /// `f1,f2,f3,f4,label` with labels 0-2.
  case scikitLearn
  /// `iris/iris.data` (UCI original): rows `f1,f2,f3,f4,Iris-<species>`.
  case uciOriginal
}

/// Sign convention for principal components (an eigenvector's sign is arbitrary).
public enum PCASignConvention: Sendable {
  /// The largest-magnitude loading of each component is positive (scikit-learn ≥ 1.5,
  /// `svd_flip(u_based_decision=False)`).
  case loadings
  /// The largest-magnitude score (projected sample) of each component is positive
  /// (scikit-learn < 1.5, `svd_flip` on U).
  case scores
}

extension DataStore {
  /// The 150 Iris samples: features `[150 × 4]` and labels 0 setosa, 1 versicolor, 2 virginica.
  public func irisRaw(_ source: IrisSource = .scikitLearn) throws -> (features: [Double], labels: [Int32]) {
    let path = source == .scikitLearn ? IrisPaths.scikitLearn : IrisPaths.uci
    let text = try DelimitedText(read(path, dataset: "iris"), name: path, separator: .comma)
    var lines = text.lines[...]
    if source == .scikitLearn {
      guard let header = lines.first, header.fields.first == "150" else {
        throw LensError.data("\(path): line 1: expected the header '150,4,setosa,versicolor,virginica'")
      }
      lines = lines.dropFirst()
    }
    let species = ["Iris-setosa": Int32(0), "Iris-versicolor": 1, "Iris-virginica": 2]
    var x: [Double] = [], y: [Int32] = []
    for l in lines {
      guard l.fields.count == 5 else { throw LensError.data("\(path): line \(l.number): expected 5 fields, found \(l.fields.count)") }
      for c in 0..<4 { x.append(try text.number(l, c)) }
      let label: Int32?
      if source == .scikitLearn { label = Int32(l.fields[4]).flatMap { (0...2).contains($0) ? $0 : nil } } else { label = species[String(l.fields[4])] }
      guard let lab = label else { throw LensError.data("\(path): line \(l.number), field 5: unknown class '\(l.fields[4])'") }
      y.append(lab)
    }
    guard y.count == 150 else { throw LensError.data("\(path): \(y.count) samples, expected 150") }
    return (x, y)
  }

  /// AdaFisher's IRIS pipeline (research/algorithms.md §9.2): all 150 samples, PCA to 2
  /// components fitted on all data, then standardisation (population std) fitted on all data.
  /// No validation or test split. Features `[2]`, 3 classes.
  public func loadAdaFisherIris(source: IrisSource = .scikitLearn, signs: PCASignConvention = .loadings) throws -> LoadedDataset {
    let (x, y) = try irisRaw(source)
    let scores = PCA.scores(x, rows: 150, columns: 4, components: 2, signs: signs)
    let st = Standardisation.fit(scores.map(Float.init), columns: 2)
    var f = [Float](repeating: 0, count: 300)
    for i in 0..<300 { f[i] = Float((scores[i] - st.mean[i % 2]) / st.std[i % 2]) }
    return LoadedDataset(
      name: "iris", train: DataSplit(features: f, exampleShape: [2], targets: .classes(y, classCount: 3)),
      validation: nil, test: nil,
      notes: ["all 150 samples (\(source)); PCA to 2 components (fit on all, signs \(signs)); standardised (fit on all)"])
  }
}

/// Principal component analysis of a small dense matrix through the eigen-decomposition of its
/// covariance (cyclic Jacobi rotations), enough for Iris's 4 features.
public enum PCA {
  /// Scores `[rows × components]` of the centred data on the leading principal components.
  public static func scores(_ x: [Double], rows: Int, columns: Int, components: Int, signs: PCASignConvention) -> [Double] {
    var mean = [Double](repeating: 0, count: columns)
    for r in 0..<rows { for c in 0..<columns { mean[c] += x[r * columns + c] } }
    for c in 0..<columns { mean[c] /= Double(rows) }
    var xc = x
    for r in 0..<rows { for c in 0..<columns { xc[r * columns + c] -= mean[c] } }
    var cov = [Double](repeating: 0, count: columns * columns)
    for r in 0..<rows {
      for i in 0..<columns { for j in 0..<columns { cov[i * columns + j] += xc[r * columns + i] * xc[r * columns + j] } }
    }
    let (values, vectors) = symmetricEigen(cov, n: columns)
    let order = (0..<columns).sorted { values[$0] > values[$1] }
    var out = [Double](repeating: 0, count: rows * components)
    for k in 0..<components {
      var v = (0..<columns).map { vectors[$0 * columns + order[k]] }
      var s = (0..<rows).map { r in (0..<columns).reduce(0.0) { $0 + xc[r * columns + $1] * v[$1] } }
      let pivot: Double
      switch signs {
      case .loadings: pivot = v.max { abs($0) < abs($1) }!
      case .scores: pivot = s.max { abs($0) < abs($1) }!
      }
      if pivot < 0 { v = v.map { -$0 }; s = s.map { -$0 } }
      for r in 0..<rows { out[r * components + k] = s[r] }
    }
    return out
  }

  /// Eigenvalues and eigenvectors (columns of the row-major `n × n` result) of a symmetric matrix.
  public static func symmetricEigen(_ m: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
    var a = m
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<100 {
      var off = 0.0
      for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
      if off < 1e-30 { break }
      for p in 0..<n - 1 {
        for q in p + 1..<n {
          let apq = a[p * n + q]
          if abs(apq) < 1e-300 { continue }
          let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot(), s = t * c
          for k in 0..<n {
            let akp = a[k * n + p], akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
          }
          for k in 0..<n {
            let apk = a[p * n + k], aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
          }
          for k in 0..<n {
            let vkp = v[k * n + p], vkq = v[k * n + q]
            v[k * n + p] = c * vkp - s * vkq
            v[k * n + q] = s * vkp + c * vkq
          }
        }
      }
    }
    return ((0..<n).map { a[$0 * n + $0] }, v)
  }
}
