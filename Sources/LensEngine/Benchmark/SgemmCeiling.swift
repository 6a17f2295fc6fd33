/// The machine's measured single-precision GEMM ceiling: GFLOP/s = 2·n³ / (median time) of
/// `cblas_sgemm` on n×n×n (n = 1024 by default), through the same OpenBLAS and with the same
/// OPENBLAS_* environment and thread count as the engine, after 10 warm-up calls, over at least
/// 20 calls and `minSeconds`.
public func measureSgemmCeiling(size n: Int = 1024, minSeconds: Double = 0.5) -> Double {
  measureSgemmCeilingWithLoad(size: n, minSeconds: minSeconds).gflops
}

/// `measureSgemmCeiling` and the other processes' load (cores) during it.
public func measureSgemmCeilingWithLoad(size n: Int = 1024, minSeconds: Double = 0.5) -> (gflops: Double, otherLoadCores: Double?) {
  var g = SeededGenerator(key: 0x5E_3E)
  let a = (0..<(n * n)).map { _ in Float(g.normal()) }
  let b = (0..<(n * n)).map { _ in Float(g.normal()) }
  var c = [Float](repeating: 0, count: n * n)
  var probe: OtherLoadProbe? = nil
  let times = a.withUnsafeBufferPointer { ap in
    b.withUnsafeBufferPointer { bp in
      c.withUnsafeMutableBufferPointer { cp in
        for _ in 0..<10 {
          Float.gemm(transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: ap.baseAddress!, lda: n,
                     b: bp.baseAddress!, ldb: n, beta: 0, c: cp.baseAddress!, ldc: n)
        }
        probe = OtherLoadProbe()
        return timeCalls(warmup: 0, minCalls: 20, minSeconds: minSeconds) {
          Float.gemm(transA: false, transB: false, m: n, n: n, k: n, alpha: 1, a: ap.baseAddress!, lda: n,
                     b: bp.baseAddress!, ldb: n, beta: 0, c: cp.baseAddress!, ldc: n)
        }
      }
    }
  }
  return (2 * Double(n) * Double(n) * Double(n) / median(times) / 1e9, probe?.otherCores())
}
