/// k steps of the Lanczos process on a symmetric operator A (e.g. v ↦ Hv), with full
/// re-orthogonalisation: the orthonormal basis Q = [q₀ … q_{m−1}] and the tridiagonal
/// T = QᵀAQ (diagonal α, off-diagonal β), whose eigenpairs (θᵢ, yᵢ) give Ritz pairs (θᵢ, Q yᵢ).
///
///     q₀ = z/‖z‖
///     for j = 0, 1, …: w = A q_j;  α_j = q_jᵀw;  w ← w − α_j q_j − β_{j−1} q_{j−1}
///                      w ← w − Q(Qᵀw), twice (classical Gram–Schmidt against every q so far)
///                      β_j = ‖w‖; stop after k steps or when β_j < `breakdown`;  q_{j+1} = w/β_j
///
/// Q is kept row-major (row j = q_j) so each re-orthogonalisation is two BLAS matrix-vector
/// products. A sweep keeps its buffers: `run` again (every optimizer step) allocates nothing
/// unless it needs more steps than before. α and β are accumulated in the scalar type and stored
/// as Double. One implementation serves LanczosOPT and the W8 benchmark.
public struct LanczosSweep<S: LensScalar> {
  /// The operator's dimension P.
  public let dimension: Int
  /// Diagonal of T (one per step of the last run).
  public private(set) var alphas: [Double] = []
  /// Off-diagonal of T (`steps − 1` entries).
  public private(set) var betas: [Double] = []
  /// Row-major `[capacity, P]`; rows `0..<steps` hold the last run's basis.
  private var basis: [S]
  private var q: [S], w: [S], coefficients: [S]

  /// The number of basis vectors (= steps taken by the last run, ≤ the steps asked for).
  public var steps: Int { alphas.count }

  /// Buffers for sweeps of up to `steps` steps on a `dimension`-dimensional operator.
  public init(dimension p: Int, steps k: Int) {
    dimension = p
    basis = [S](repeating: 0, count: k * p)
    q = [S](repeating: 0, count: p); w = q
    coefficients = [S](repeating: 0, count: k)
  }

  /// A sweep of up to `k` steps from `start` (see `run`).
  public init(start: [S], steps k: Int, breakdown: Double = 1e-6, apply: ([S], inout [S]) -> Void) {
    self.init(dimension: start.count, steps: k)
    run(start: start, steps: k, breakdown: breakdown, apply: apply)
  }

  /// Runs up to `k` steps from `start` (any nonzero vector of `dimension` entries; it is
  /// normalised). `apply(v, &w)` writes A v into w. Stops early when β < `breakdown`.
  public mutating func run(start: [S], steps k: Int, breakdown: Double = 1e-6, apply: ([S], inout [S]) -> Void) {
    precondition(k >= 1, "LanczosSweep: at least one step")
    precondition(start.count == dimension, "LanczosSweep: a start of \(start.count) entries for dimension \(dimension)")
    let p = dimension
    if basis.count < k * p { basis = [S](repeating: 0, count: k * p) }
    if coefficients.count < k { coefficients = [S](repeating: 0, count: k) }
    alphas.removeAll(keepingCapacity: true)
    betas.removeAll(keepingCapacity: true)
    q.withUnsafeMutableBufferPointer { qp in start.withUnsafeBufferPointer { qp.baseAddress!.update(from: $0.baseAddress!, count: p) } }
    let norm = q.withUnsafeBufferPointer { S.dot(n: p, x: $0.baseAddress!, y: $0.baseAddress!) }.squareRoot()
    q.withUnsafeMutableBufferPointer { S.scal(n: p, alpha: 1 / norm, x: $0.baseAddress!) }
    for j in 0..<k {
      basis.withUnsafeMutableBufferPointer { b in q.withUnsafeBufferPointer { (b.baseAddress! + j * p).update(from: $0.baseAddress!, count: p) } }
      apply(q, &w)
      basis.withUnsafeBufferPointer { bp in
        w.withUnsafeMutableBufferPointer { wp in
          coefficients.withUnsafeMutableBufferPointer { cp in
            let b = bp.baseAddress!, wv = wp.baseAddress!, c = cp.baseAddress!
            let alpha = S.dot(n: p, x: b + j * p, y: wv)
            alphas.append(Double(alpha))
            S.axpy(n: p, alpha: -alpha, x: b + j * p, y: wv)
            if j > 0 { S.axpy(n: p, alpha: -S(betas[j - 1]), x: b + (j - 1) * p, y: wv) }
            for _ in 0..<2 {
              S.gemv(trans: false, m: j + 1, n: p, alpha: 1, a: b, lda: p, x: wv, beta: 0, y: c)
              S.gemv(trans: true, m: j + 1, n: p, alpha: -1, a: b, lda: p, x: c, beta: 1, y: wv)
            }
          }
        }
      }
      if j == k - 1 { break }
      let beta = w.withUnsafeBufferPointer { S.dot(n: p, x: $0.baseAddress!, y: $0.baseAddress!) }.squareRoot()
      if Double(beta) < breakdown { break }
      betas.append(Double(beta))
      for i in 0..<p { q[i] = w[i] / beta }
    }
  }

  /// `out ← Q y = Σ_j y[j] q_j` (a Ritz vector for an eigenvector y of T), `y` of length `steps`.
  public func combination(_ y: [S], into out: inout [S]) {
    precondition(y.count == steps, "LanczosSweep.combination: \(y.count) coefficients for \(steps) vectors")
    if out.count != dimension { out = [S](repeating: 0, count: dimension) }
    basis.withUnsafeBufferPointer { b in
      y.withUnsafeBufferPointer { yp in
        out.withUnsafeMutableBufferPointer { o in
          S.gemv(trans: true, m: steps, n: dimension, alpha: 1, a: b.baseAddress!, lda: dimension, x: yp.baseAddress!,
                 beta: 0, y: o.baseAddress!)
        }
      }
    }
  }

  /// Basis vector j (j < `steps`).
  public func vector(_ j: Int) -> ArraySlice<S> {
    precondition(j < steps, "LanczosSweep.vector: \(j) of \(steps)")
    return basis[(j * dimension)..<((j + 1) * dimension)]
  }
}
