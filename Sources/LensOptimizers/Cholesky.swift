import CBLAS
import LensEngine

/// The Cholesky factor of a symmetric positive-definite n×n matrix S = L Lᵀ (LAPACK `dpotrf`),
/// used to apply S⁻¹ by two triangular solves (`dtrsm`) instead of forming the inverse: for a
/// right-hand side with r columns that costs 2n²r flops after the n³/3 of the factorisation,
/// against the further 2n³/3 + 2n²r of `dpotri` and a product.
///
/// Storage: `data` is n×n. Only ONE triangle of the input is read — the row-major upper
/// triangle, which is the column-major lower triangle LAPACK's `uplo = "L"` refers to — so a
/// matrix whose lower row-major triangle is stale (what `dsyrk`/`ssyrk` leave) factors correctly.
/// After factorisation the column-major lower triangle holds L. The buffer is reused from call
/// to call (`refactor`), so a step that refactors a same-sized matrix allocates nothing.
struct CholeskyFactor {
  private(set) var n: Int
  private(set) var data: [Double]

  init() { n = 0; data = [] }

  /// Factors `m` (n×n; its row-major upper triangle is read) with `shift` added to the diagonal
  /// and every entry first multiplied by `scale`: S = scale·m + shift·I.
  /// Throws when S is not positive definite.
  mutating func refactor(_ m: Matrix, scale: Double = 1, shift: Double = 0) throws {
    precondition(m.rows == m.cols)
    n = m.rows
    if data.count != n * n { data = [Double](repeating: 0, count: n * n) }
    if n == 0 { return }
    let size = n
    m.data.withUnsafeBufferPointer { src in
      data.withUnsafeMutableBufferPointer { dst in
        // Row-major upper triangle (i ≤ j) only: it is all dpotrf("L") reads.
        for i in 0..<size {
          let row = i * size
          for j in i..<size { dst[row + j] = scale * src[row + j] }
          dst[row + i] += shift
        }
      }
    }
    var info: Int32 = 0
    var nn = Int32(n), lda = Int32(n)
    var uplo = Int8(UInt8(ascii: "L"))
    withSingleThreadedBLAS { data.withUnsafeMutableBufferPointer { a in dpotrf_(&uplo, &nn, a.baseAddress!, &lda, &info) } }
    guard info == 0 else {
      throw LensError.failure("Cholesky factorisation failed (info \(info)): matrix not positive definite")
    }
  }

  /// X ← X S⁻¹ for X row-major [rows, n] with row stride `ld` (≥ n): each row x becomes S⁻¹x.
  ///
  /// Row-major X is the column-major n×rows matrix Xᵀ, so this solves S Y = Xᵀ: L⁻¹ then L⁻ᵀ.
  func solveRows(_ x: UnsafeMutablePointer<Double>, rows: Int, ld: Int) {
    if n == 0 || rows == 0 { return }
    withSingleThreadedBLAS { data.withUnsafeBufferPointer { l in
      cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), Int32(rows), 1,
                  l.baseAddress, Int32(n), x, Int32(ld))
      cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, Int32(n), Int32(rows), 1,
                  l.baseAddress, Int32(n), x, Int32(ld))
    } }
  }

  /// X ← S⁻¹ X for X row-major [n, cols] with row stride `ld` (≥ cols): each column x becomes S⁻¹x.
  ///
  /// Row-major X is the column-major cols×n matrix Xᵀ, and (S⁻¹X)ᵀ = Xᵀ S⁻¹ = Xᵀ L⁻ᵀ L⁻¹.
  func solveColumns(_ x: UnsafeMutablePointer<Double>, cols: Int, ld: Int) {
    if n == 0 || cols == 0 { return }
    withSingleThreadedBLAS { data.withUnsafeBufferPointer { l in
      cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, Int32(cols), Int32(n), 1,
                  l.baseAddress, Int32(n), x, Int32(ld))
      cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, Int32(cols), Int32(n), 1,
                  l.baseAddress, Int32(n), x, Int32(ld))
    } }
  }
}
