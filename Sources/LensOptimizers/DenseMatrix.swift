import CBLAS
import LensEngine

/// A small dense square or rectangular matrix in Double, row-major, for curvature factors and
/// the tiny systems of the optimizers (factor inverses, 2×2 quadratic models, Lanczos
/// tridiagonals, inverse roots). Factors are computed in Double whatever the training scalar.
///
/// LAPACK routines are column-major; every routine here is applied to symmetric matrices (for
/// which row- and column-major agree) or transposes explicitly.
public struct Matrix: Sendable, Hashable {
  public var rows: Int
  public var cols: Int
  public var data: [Double]

  public init(rows: Int, cols: Int, data: [Double]) {
    precondition(data.count == rows * cols)
    self.rows = rows; self.cols = cols; self.data = data
  }

  public init(zeros rows: Int, _ cols: Int) { self.init(rows: rows, cols: cols, data: .init(repeating: 0, count: rows * cols)) }

  public static func identity(_ n: Int, scale: Double = 1) -> Matrix {
    var m = Matrix(zeros: n, n)
    for i in 0..<n { m.data[i * n + i] = scale }
    return m
  }

  @inline(__always) public subscript(i: Int, j: Int) -> Double {
    get { data[i * cols + j] }
    set { data[i * cols + j] = newValue }
  }

  public var trace: Double { (0..<min(rows, cols)).reduce(0) { $0 + self[$1, $1] } }

  public var transposed: Matrix {
    var t = Matrix(zeros: cols, rows)
    for i in 0..<rows { for j in 0..<cols { t[j, i] = self[i, j] } }
    return t
  }

  public static func * (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.cols == b.rows, "matrix product: \(a.rows)×\(a.cols) by \(b.rows)×\(b.cols)")
    var c = Matrix(zeros: a.rows, b.cols)
    if a.rows == 0 || b.cols == 0 || a.cols == 0 { return c }
    a.data.withUnsafeBufferPointer { pa in
      b.data.withUnsafeBufferPointer { pb in
        c.data.withUnsafeMutableBufferPointer { pc in
          cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.cols), Int32(a.cols),
                      1, pa.baseAddress, Int32(a.cols), pb.baseAddress, Int32(b.cols), 0, pc.baseAddress, Int32(b.cols))
        }
      }
    }
    return c
  }

  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.cols == b.cols)
    var c = a
    for i in c.data.indices { c.data[i] += b.data[i] }
    return c
  }

  public static func * (s: Double, a: Matrix) -> Matrix {
    var c = a
    for i in c.data.indices { c.data[i] *= s }
    return c
  }

  /// Adds `value` to the diagonal.
  public func addingDiagonal(_ value: Double) -> Matrix {
    var c = self
    for i in 0..<min(rows, cols) { c[i, i] += value }
    return c
  }

  /// Frobenius norm.
  public var frobeniusNorm: Double { data.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  /// XᵀX / divisor for X given row-major as `rows × width` (Σ over rows of x xᵀ), by dsyrk.
  public static func gram(rowsOf x: [Double], rows: Int, width: Int, divisor: Double) -> Matrix {
    var c = Matrix(zeros: width, width)
    if rows == 0 || width == 0 { return c }
    x.withUnsafeBufferPointer { px in
      c.data.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(width), Int32(rows),
                    1 / divisor, px.baseAddress, Int32(width), 0, pc.baseAddress, Int32(width))
        for i in 0..<width { for j in 0..<i { pc[i * width + j] = pc[j * width + i] } }
      }
    }
    return c
  }

  /// self ← decay·self + other, in place (moving averages of curvature factors).
  public mutating func decay(by decay: Double, adding other: Matrix) {
    precondition(rows == other.rows && cols == other.cols)
    data.withUnsafeMutableBufferPointer { d in
      other.data.withUnsafeBufferPointer { o in
        for i in 0..<d.count { d[i] = decay * d[i] + o[i] }
      }
    }
  }

  /// The inverse of a symmetric positive-definite matrix by Cholesky (LAPACK dpotrf + dpotri).
  public func choleskyInverse() throws -> Matrix {
    precondition(rows == cols)
    let n = rows
    if n == 0 { return self }
    var a = data
    var info: Int32 = 0
    var nn = Int32(n), lda = Int32(n)
    var uplo = Int8(UInt8(ascii: "L"))
    dpotrf_(&uplo, &nn, &a, &lda, &info)
    guard info == 0 else { throw LensError.failure("Cholesky factorisation failed (info \(info)): matrix not positive definite") }
    dpotri_(&uplo, &nn, &a, &lda, &info)
    guard info == 0 else { throw LensError.failure("Cholesky inverse failed (info \(info))") }
    // dpotri wrote the lower triangle (column-major); fill the symmetric matrix from it.
    var sym = Matrix(zeros: n, n)
    for i in 0..<n {
      for j in 0..<n {
        // Column-major element (r, c) with r >= c is at a[c*n + r].
        let r = max(i, j), c = min(i, j)
        sym[i, j] = a[c * n + r]
      }
    }
    return sym
  }

  /// Symmetric eigendecomposition (LAPACK dsyevd): eigenvalues ascending and the eigenvectors
  /// as the COLUMNS of the returned row-major matrix.
  public func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
    precondition(rows == cols)
    let n = rows
    if n == 0 { return ([], self) }
    var a = data  // symmetric: column-major == row-major
    var w = [Double](repeating: 0, count: n)
    var jobz = Int8(UInt8(ascii: "V")), uplo = Int8(UInt8(ascii: "L"))
    var nn = Int32(n), lda = Int32(n), info: Int32 = 0
    var lwork: Int32 = -1, liwork: Int32 = -1
    var wq = [Double](repeating: 0, count: 1)
    var iwq = [Int32](repeating: 0, count: 1)
    dsyevd_(&jobz, &uplo, &nn, &a, &lda, &w, &wq, &lwork, &iwq, &liwork, &info)
    lwork = Int32(wq[0]); liwork = iwq[0]
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: Int(liwork))
    dsyevd_(&jobz, &uplo, &nn, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info)
    guard info == 0 else { throw LensError.failure("symmetric eigendecomposition failed (info \(info))") }
    // Column-major a: eigenvector k is a[k*n ..< (k+1)*n]. Store as columns of a row-major matrix.
    var v = Matrix(zeros: n, n)
    for k in 0..<n { for i in 0..<n { v[i, k] = a[k * n + i] } }
    return (w, v)
  }

  /// Solves A x = b for a general square A (LAPACK dgesv, partial pivoting).
  public func solve(_ b: [Double]) throws -> [Double] {
    precondition(rows == cols && b.count == rows)
    let n = rows
    if n == 0 { return [] }
    var a = transposed.data  // column-major copy
    var x = b
    var nn = Int32(n), nrhs: Int32 = 1, lda = Int32(n), ldb = Int32(n), info: Int32 = 0
    var ipiv = [Int32](repeating: 0, count: n)
    dgesv_(&nn, &nrhs, &a, &lda, &ipiv, &x, &ldb, &info)
    guard info == 0 else { throw LensError.failure("linear solve failed (info \(info)): singular matrix") }
    return x
  }
}
