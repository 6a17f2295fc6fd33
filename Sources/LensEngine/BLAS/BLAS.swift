import CBLAS

/// The BLAS entry points of a scalar type, row-major, so that generic engine code calls
/// `cblas_s*` for `Float` and `cblas_d*` for `Double` with no dynamic dispatch beyond one
/// witness-table call per product.
///
/// All matrices are row-major. `gemm` computes `C ← α·op(A)·op(B) + β·C` with `op(A)` of shape
/// `[m, k]`, `op(B)` of shape `[k, n]` and `C` of shape `[m, n]`; `transA`/`transB` select
/// `op(X) = Xᵀ`. Leading dimensions are row strides. Products with m or n equal to 1 are
/// computed by `gemv` (same result, less set-up); outer products (k = 1) by a vectorised loop
/// (`outerProductBody`: no sum to block; `ger` runs one axpy per row and takes 10 µs for
/// 692×50); everything else by `cblas_?gemm`.
public protocol BLASScalar: KernelScalar {
  static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                   a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                   beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
  /// `y ← α·op(A)·x + β·y`, `A` of shape `[m, n]` (row-major).
  static func gemv(trans: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                   x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)
  /// `y ← α·x + y`.
  static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
  /// `xᵀy`.
  static func dot(n: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self
  /// `x ← α·x`.
  static func scal(n: Int, alpha: Self, x: UnsafeMutablePointer<Self>)
  /// `onesCapacity` ones, read-only (sums over rows as products with 1).
  static var ones: UnsafePointer<Self> { get }
}

/// The length of `BLASScalar.ones`.
let onesCapacity = 1 << 14
/// A vector of `onesCapacity` ones, allocated once per scalar type and never freed.
private func onesVector<T: BinaryFloatingPoint>(_: T.Type) -> UnsafePointer<T> {
  let p = UnsafeMutablePointer<T>.allocate(capacity: onesCapacity)
  p.initialize(repeating: 1, count: onesCapacity)
  return UnsafePointer(p)
}
private let onesFloat = onesVector(Float.self)
private let onesDouble = onesVector(Double.self)

@inline(__always) private func cblasTrans(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Float: BLASScalar {
  @inline(__always)
  public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                          a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                          beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    // Degenerate shapes go to level-2 routines: OpenBLAS's GEMM set-up (β pass, packing) costs
    // more than the product for the tiny vector-shaped products of small networks.
    if n == 1 {
      // c[:, 0] = α op(A) op(B)[:, 0] + β c.
      let incx = Int32(transB ? 1 : ldb)
      if transA {
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(m), alpha, a, Int32(lda), b, incx, beta, c, Int32(ldc))
      } else {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(k), alpha, a, Int32(lda), b, incx, beta, c, Int32(ldc))
      }
    } else if m == 1 {
      // c[0, :] = α op(A)[0, :] op(B) + β c.
      let incx = Int32(transA ? lda : 1)
      if transB {
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, incx, beta, c, 1)
      } else {
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, incx, beta, c, 1)
      }
    } else if k == 1 {
      // c = α op(A)[:, 0] op(B)[0, :] + β c (a rank-one product: no sum, see `outerProductBody`).
      _outerProduct(a, strideA: transA ? 1 : lda, b, strideB: transB ? ldb : 1, rows: m, cols: n, alpha: alpha, beta: beta,
                    into: c, ldc: ldc)
    } else {
      cblas_sgemm(CblasRowMajor, cblasTrans(transA), cblasTrans(transB), Int32(m), Int32(n), Int32(k),
                  alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
  }
  @inline(__always)
  public static func gemv(trans: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                          x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
    cblas_sgemv(CblasRowMajor, cblasTrans(trans), Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }
  @inline(__always)
  public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
  }
  @inline(__always)
  public static func dot(n: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
    cblas_sdot(Int32(n), x, 1, y, 1)
  }
  @inline(__always)
  public static func scal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
    cblas_sscal(Int32(n), alpha, x, 1)
  }
  public static var ones: UnsafePointer<Float> { onesFloat }
}

extension Double: BLASScalar {
  @inline(__always)
  public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                          a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                          beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    // Degenerate shapes go to level-2 routines: OpenBLAS's GEMM set-up (β pass, packing) costs
    // more than the product for the tiny vector-shaped products of small networks.
    if n == 1 {
      // c[:, 0] = α op(A) op(B)[:, 0] + β c.
      let incx = Int32(transB ? 1 : ldb)
      if transA {
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(m), alpha, a, Int32(lda), b, incx, beta, c, Int32(ldc))
      } else {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(k), alpha, a, Int32(lda), b, incx, beta, c, Int32(ldc))
      }
    } else if m == 1 {
      // c[0, :] = α op(A)[0, :] op(B) + β c.
      let incx = Int32(transA ? lda : 1)
      if transB {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, incx, beta, c, 1)
      } else {
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, incx, beta, c, 1)
      }
    } else if k == 1 {
      // c = α op(A)[:, 0] op(B)[0, :] + β c (a rank-one product: no sum, see `outerProductBody`).
      _outerProduct(a, strideA: transA ? 1 : lda, b, strideB: transB ? ldb : 1, rows: m, cols: n, alpha: alpha, beta: beta,
                    into: c, ldc: ldc)
    } else {
      cblas_dgemm(CblasRowMajor, cblasTrans(transA), cblasTrans(transB), Int32(m), Int32(n), Int32(k),
                  alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
  }
  @inline(__always)
  public static func gemv(trans: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                          x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
    cblas_dgemv(CblasRowMajor, cblasTrans(trans), Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }
  @inline(__always)
  public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    cblas_daxpy(Int32(n), alpha, x, 1, y, 1)
  }
  @inline(__always)
  public static func dot(n: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
    cblas_ddot(Int32(n), x, 1, y, 1)
  }
  @inline(__always)
  public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>) {
    cblas_dscal(Int32(n), alpha, x, 1)
  }
  public static var ones: UnsafePointer<Double> { onesDouble }
}
