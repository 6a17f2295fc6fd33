import CBLAS
import LensEngine

/// ASDL's coupled Newton iteration for (L + rI)^(−1/p), run on the eigenvalues of L.
///
/// Every iterate of the matrix iteration (`ShampooMath.inverseRootNewton`) is a polynomial in
/// L: with L = Q diag(μ) Qᵀ (LAPACK `dsyevd`), root_k = Q diag(r_k) Qᵀ and M_k = Q diag(m_k) Qᵀ
/// where, per eigenvalue, r₀ = z^{1/p}, m₀ = zμ and
///
///     t = (1 − α) + α·m,   r ← r·t,   m ← t^p·m        (α = −1/p, t^p as `matPower` forms it).
///
/// So one eigendecomposition replaces the four n×n products per iteration. The stopping rule
/// needs the matrix error e_k = max_ij |M_k − I|_ij = max_ij |Q diag(m_k − 1) Qᵀ|_ij; it is
/// bracketed without a product by (d = m − 1; see `bracket`)
///
///     max_i |Σ_k Q_ik² d_k|  ≤  e_k  ≤  max_i Σ_k Q_ik² |d_k|,
///
/// and formed exactly (two `dsyrk`, n³ flops) only when the bracket cannot decide a comparison
/// (e > tolerance, e_new > 1.2·e). The decisions, hence the iteration count, are those of the
/// matrix iteration up to rounding; the result P = Q diag(r) Qᵀ is formed by one `dsyrk`.
struct SpectralInverseRoot {
  let n: Int
  let values: [Double]
  /// Eigenvectors, row-major: column k is eigenvector k.
  let vectors: Matrix
  private var scaled: [Double]
  /// Q∘Q (entrywise squares), for the lower bound Σ_k Q_ik² d_k by `dgemv`.
  private let squares: [Double]
  private var diagonal: [Double]
  /// Exact matrix errors formed (the bracket was inconclusive), for the tests.
  private(set) var exactErrors = 0

  init(_ L: Matrix) throws {
    n = L.rows
    (values, vectors) = try L.symmetricEigen()
    scaled = [Double](repeating: 0, count: n * n)
    squares = vectors.data.map { $0 * $0 }
    diagonal = [Double](repeating: 0, count: n)
  }

  /// Lower and upper bounds on max_ij |Q diag(d) Qᵀ|_ij, slightly widened for rounding:
  ///
  ///     lo = max_i |Σ_k Q_ik² d_k|   (the diagonal entries)
  ///     hi = max_i Σ_k Q_ik² |d_k|   (|E_ij| ≤ Σ_k |d_k||Q_ik||Q_jk| ≤ √(hᵢhⱼ) by Cauchy–Schwarz)
  ///
  /// so lo = hi whenever d has one sign (E semidefinite: its largest entry is on the diagonal).
  mutating func bracket(_ d: [Double]) -> (lo: Double, hi: Double) {
    let size = n
    let absD = d.map { abs($0) }
    var lo = 0.0, hi = 0.0
    squares.withUnsafeBufferPointer { q in
      diagonal.withUnsafeMutableBufferPointer { y in
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(size), Int32(size), 1, q.baseAddress, Int32(size), d, 1,
                    0, y.baseAddress, 1)
        for x in y { lo = max(lo, abs(x)) }
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(size), Int32(size), 1, q.baseAddress, Int32(size), absD, 1,
                    0, y.baseAddress, 1)
        for x in y { hi = max(hi, x) }
      }
    }
    let slack = 1e-9
    return (lo * (1 - slack), hi * (1 + slack))
  }

  /// Q diag(d) Qᵀ as Q₊D₊Q₊ᵀ − Q₋|D₋|Q₋ᵀ: two `dsyrk` on the columns with d > 0 and d < 0
  /// (n³ flops in all); row-major upper triangle only.
  mutating func product(_ d: [Double]) -> [Double] {
    var e = [Double](repeating: 0, count: n * n)
    for sign in [1.0, -1.0] {
      let cols = (0..<n).filter { sign * d[$0] > 0 }
      if cols.isEmpty { continue }
      let k = cols.count, size = n
      scaled.withUnsafeMutableBufferPointer { s in
        vectors.data.withUnsafeBufferPointer { q in
          for i in 0..<size {
            for (c, col) in cols.enumerated() { s[i * k + c] = q[i * size + col] * (sign * d[col]).squareRoot() }
          }
        }
        e.withUnsafeMutableBufferPointer { ep in
          cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(size), Int32(k), sign, s.baseAddress, Int32(k),
                      1, ep.baseAddress, Int32(size))
        }
      }
    }
    return e
  }

  /// max_ij |Q diag(d) Qᵀ|_ij, formed exactly.
  mutating func exactError(_ d: [Double]) -> Double {
    exactErrors += 1
    let e = product(d)
    var m = 0.0
    for i in 0..<n { for j in i..<n { m = max(m, abs(e[i * n + j])) } }
    return m
  }

  /// Q diag(r) Qᵀ, full symmetric.
  mutating func compose(_ r: [Double]) -> Matrix {
    var out = Matrix(rows: n, cols: n, data: product(r))
    for i in 0..<n { for j in 0..<i { out.data[i * n + j] = out.data[j * n + i] } }
    return out
  }

  /// t^p as `ShampooMath.matPower` forms it (the same order of multiplications).
  static func power(_ t: Double, _ p: Int) -> Double { ShampooMath.asdlPower(t, p, *) }

  /// The coupled Newton iteration of `ShampooMath.inverseRootNewton` on L's eigenvalues
  /// (L already ridged), with z = (1+p)/(2‖L‖_F).
  mutating func run(p: Int, z: Double, iterations: Int, tolerance: Double) -> Matrix {
    let alpha = -1.0 / Double(p)
    var r = [Double](repeating: Double.pow(z, 1 / Double(p)), count: n)
    var m = values.map { z * $0 }
    var d = m.map { $0 - 1 }
    // The current error as a bracket, made exact on demand.
    var (lo, hi) = bracket(d)
    var exact: Double? = nil
    func above(_ t: Double, _ lo: Double, _ hi: Double, _ exact: inout Double?, _ d: [Double]) -> Bool {
      if let e = exact { return e > t }
      if lo > t { return true }
      if hi <= t { return false }
      let e = exactError(d); exact = e
      return e > t
    }
    var count = 0
    while above(tolerance, lo, hi, &exact, d) && count < iterations {
      var newR = r, newM = m
      for k in 0..<n {
        let t = (1 - alpha) + alpha * m[k]
        newR[k] = r[k] * t
        newM[k] = SpectralInverseRoot.power(t, p) * m[k]
      }
      let newD = newM.map { $0 - 1 }
      let (nlo, nhi) = bracket(newD)
      var nexact: Double? = nil
      // newError > 1.2·error?
      let grew: Bool
      let elo = exact ?? lo, ehi = exact ?? hi
      if nlo > 1.2 * ehi { grew = true } else if nhi <= 1.2 * elo { grew = false } else {
        if exact == nil { exact = exactError(d) }
        let ne = exactError(newD); nexact = ne
        grew = ne > 1.2 * exact!
      }
      if grew { break }
      r = newR; m = newM; d = newD
      lo = nlo; hi = nhi; exact = nexact
      if let e = nexact { lo = e; hi = e }
      count += 1
    }
    return compose(r)
  }
}
