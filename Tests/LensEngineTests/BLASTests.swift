import Testing
import LensEngine

/// The row-major GEMM wrapper against a naive triple loop, including the degenerate shapes
/// that it routes to gemv/ger (m, n or k equal to 1), every transpose, β ∈ {0, 1, 0.5}, and
/// leading dimensions larger than the row length.
@Suite struct BLASTests {
  @Test func gemmMatchesNaiveProduct() {
    // One and two BLAS threads (OpenBLAS takes different code paths).
    let threads = Provenance.current().blasThreads
    defer { setBLASThreads(threads) }
    for t in [1, 2] {
      setBLASThreads(t)
      checkAllShapes()
    }
  }

  func checkAllShapes() {
    var g = SeededGenerator(key: 61)
    // Degenerate shapes (gemv/ger) and general ones (cblas_dgemm), small and large.
    let shapes = [(1, 1, 1), (1, 5, 3), (4, 1, 3), (4, 5, 1), (1, 5, 1), (4, 1, 1), (3, 4, 5), (1, 1, 6),
                  (40, 3, 9), (7, 20, 33), (70, 80, 200), (5, 130, 130)]
    for (m, n, k) in shapes {
      for transA in [false, true] {
        for transB in [false, true] {
          for beta in [0.0, 1.0, 0.5] {
            let (ra, ca) = transA ? (k, m) : (m, k), (rb, cb) = transB ? (n, k) : (k, n)
            let (lda, ldb, ldc) = (ca + 2, cb + 1, n + 3)
            let a = Oracle.normals(ra * lda, &g), b = Oracle.normals(rb * ldb, &g)
            var c = Oracle.normals(m * ldc, &g)
            var expected = c
            for i in 0..<m { for j in 0..<n {
              var acc = 0.0
              for l in 0..<k { acc += (transA ? a[l * lda + i] : a[i * lda + l]) * (transB ? b[j * ldb + l] : b[l * ldb + j]) }
              expected[i * ldc + j] = 1.5 * acc + beta * c[i * ldc + j]
            } }
            a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
              Double.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1.5, a: ap.baseAddress!, lda: lda,
                          b: bp.baseAddress!, ldb: ldb, beta: beta, c: cp.baseAddress!, ldc: ldc)
            } } }
            // Only the m×n block is defined; padding columns must be untouched.
            #expect(Oracle.relativeError(c, expected) <= 1e-14, "\(m)x\(n)x\(k) tA \(transA) tB \(transB) β \(beta)")
          }
        }
      }
    }
  }
}
