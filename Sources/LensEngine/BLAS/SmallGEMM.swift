import CBLAS

/// GEMM for small products, in Swift, single-threaded. It is used only while OpenBLAS runs
/// more than one thread: below about a million multiply-adds, waking and synchronising
/// OpenBLAS's threads costs more than the arithmetic (and far more when other processes
/// compete for the cores), which matters for the small UCI networks (W3, W4). With one BLAS
/// thread, OpenBLAS's own kernels (AVX) are faster and are kept.
///
/// Every form reduces to row updates c_i ← β c_i + α Σ_l op(A)[i, l] · B_l over contiguous
/// rows B_l of a row-major `[k, n]` matrix, which vectorise over n:
/// - (A, B) and (Aᵀ, B): directly; when n is narrow (< 16) and m wider, (Aᵀ, B) is computed
///   as Cᵀ = Bᵀ A, whose rows have length m, then transposed into C.
/// - (A, Bᵀ): Bᵀ is materialised (k·n scalars on the stack).
/// (Aᵀ, Bᵀ) is not handled here (`smallGEMM` returns false).
enum SmallGEMM {
  /// The largest m·n·k handled here, and the largest temporary (scalars).
  static let maxWork = 1 << 20
  static let maxTemporary = 1 << 14

  @inline(__always)
  static func run<S: LensScalar>(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: S,
                                 a: UnsafePointer<S>, lda: Int, b: UnsafePointer<S>, ldb: Int,
                                 beta: S, c: UnsafeMutablePointer<S>, ldc: Int) -> Bool {
    guard m * n * k <= maxWork, !(transA && transB), openblas_get_num_threads() > 1 else { return false }
    if transB {
      guard k * n <= maxTemporary else { return false }
      return withUnsafeTemporaryAllocation(of: S.self, capacity: k * n) { t in
        let bt = t.baseAddress!
        for j in 0..<n { let row = b + j * ldb; for l in 0..<k { bt[l * n + j] = row[l] } }
        rows(transA: transA, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: UnsafePointer(bt), ldb: n,
             beta: beta, c: c, ldc: ldc)
        return true
      }
    }
    if transA && n < 16 && m > n && n * m <= maxTemporary {
      // Cᵀ [n, m] = Bᵀ A: row j of Cᵀ = Σ_l B[l, j] · A_l (A stored [k, m]).
      return withUnsafeTemporaryAllocation(of: S.self, capacity: n * m) { t in
        let ct = t.baseAddress!
        rows(transA: true, m: n, n: m, k: k, alpha: alpha, a: b, lda: ldb, b: a, ldb: lda, beta: 0, c: ct, ldc: m)
        let zero: S = 0
        for i in 0..<m {
          let ci = c + i * ldc
          if beta == zero { for j in 0..<n { ci[j] = ct[j * m + i] } }
          else { for j in 0..<n { ci[j] = beta * ci[j] + ct[j * m + i] } }
        }
        return true
      }
    }
    rows(transA: transA, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    return true
  }

  /// c_i ← β c_i + α Σ_l op(A)[i, l] B_l with B row-major `[k, n]` (row stride ldb).
  @inline(__always)
  static func rows<S: LensScalar>(transA: Bool, m: Int, n: Int, k: Int, alpha: S, a: UnsafePointer<S>, lda: Int,
                                  b: UnsafePointer<S>, ldb: Int, beta: S, c: UnsafeMutablePointer<S>, ldc: Int) {
    let zero: S = 0, one: S = 1
    for i in 0..<m {
      let ci = c + i * ldc
      if beta == zero { for j in 0..<n { ci[j] = zero } } else if beta != one { for j in 0..<n { ci[j] *= beta } }
      for l in 0..<k {
        let s = alpha * (transA ? a[l * lda + i] : a[i * lda + l])
        let bl = b + l * ldb
        for j in 0..<n { ci[j] += s * bl[j] }
      }
    }
  }
}
