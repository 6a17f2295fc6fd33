import CBLAS

/// Running a batch-sized product as row blocks small enough for OpenBLAS's unpacked
/// "small-matrix" GEMM kernels.
///
/// OpenBLAS (0.3.17 and later) has, for its AVX-512 x86 cores (SkylakeX, Cooperlake,
/// Sapphire Rapids), GEMM kernels that skip the packing of both operands. It uses them only for
/// small products: in its column-major terms M·N·K ≤ 10⁶, and for op(A) = Aᵀ, op(B) = B also
/// M·N ≤ 1 200 and K ≥ 32. For the skinny products of small networks packing costs about as
/// much as the arithmetic, so the same product run as blocks of a few batch rows that qualify
/// is faster. Measured single-threaded on a Zen 4 EPYC with OpenBLAS 0.3.21's Cooperlake kernels,
/// GFLOP/s of one batch product cut into the engine's chunks, blocks against one call per chunk:
///
/// | product (row-major)                                 | blocks of b rows | one call |
/// |-----------------------------------------------------|------------------|----------|
/// | x Wᵀ, 3 200 rows, 784 → 50 (b = 24)                 | 94               | 76–85    |
/// | g_zᵀ x, 3 200 rows, 50 × 784, chunk partials (b = 24) | 91             | 82–84    |
/// | x Vᵀ, 1 000 rows, 784 → 10 (b = 64)                 | 97–104           | 47       |
/// | g_zᵀ x, 1 000 rows, 10 × 784 (b = 64)               | 105              | 57–62    |
///
/// (the 1 024³ single-thread rate was 100–104). Under kernels without the small path (Haswell,
/// Zen) the same blocks are 10–40 % SLOWER, so `SmallProductBlocking.automatic` blocks only when
/// the running core has it.
///
/// Determinism: the block size is a function of the product's shape and the BLAS core only, and
/// a blocked reduction adds its blocks in row order; on one machine the bits never depend on the
/// number of workers or threads.
public enum SmallProductBlocking: Sendable {
  /// Block where OpenBLAS's running core has small-matrix kernels (the default).
  case automatic
  /// Never block (the products as one call per batch chunk).
  case off
  /// Always block where the shape allows it, whatever the core (tests of the blocked paths).
  case on

  /// Whether OpenBLAS's running core has the small-matrix kernels (its AVX-512 cores).
  public static let coreHasSmallKernels: Bool = {
    let core = String(cString: openblas_get_corename()).lowercased()
    return ["skylakex", "cooperlake", "sapphirerapids"].contains(core)
  }()
}

nonisolated(unsafe) private var smallProductBlocking = SmallProductBlocking.automatic

/// Chooses whether batch products run as small-matrix row blocks (see `SmallProductBlocking`).
/// Set it before any pass starts; it changes results in the last bits where it changes the blocks.
public func setSmallProductBlocking(_ mode: SmallProductBlocking) { smallProductBlocking = mode }

/// The blocking mode in effect.
public var smallProductBlockingMode: SmallProductBlocking { smallProductBlocking }

/// Largest product (M·N·K) the small kernels take, and the largest C (M·N) for Aᵀ·B.
private let smallProductVolume = 1_000_000
private let smallTransposedOutput = 1_200
/// Blocks below this many rows pay more in calls than they save in packing.
private let minimumBlockRows = 8

/// Rows per block for `rows` rows, given the most rows that qualify (a multiple of 4), or nil
/// when one call already qualifies or blocks would be too small.
@inline(__always)
private func blockRows(_ rows: Int, limit: Int) -> Int? {
  let b = limit / 4 * 4
  return b >= minimumBlockRows && b < rows ? b : nil
}

extension SmallProductBlocking {
  /// Whether batch products run as small-matrix blocks under the mode in effect.
  @inline(__always)
  public static var active: Bool {
    switch smallProductBlocking {
    case .automatic: return coreHasSmallKernels
    case .off: return false
    case .on: return true
    }
  }

  /// The row block of a row-local product `C[m×n] (+)= A[m×k]·op(B)`, op(B) `[k×n]`, under the
  /// mode in effect, or nil for one call. In column-major terms this is Cᵀ = op(B)ᵀ·Aᵀ with
  /// M = n, N = b, K = k, and op(B) = Bᵀ makes the column-major first operand transposed (the
  /// M·N ≤ 1 200, K ≥ 32 rule).
  @inline(__always)
  public static func rowProductBlock(rows m: Int, n: Int, k: Int, transB: Bool) -> Int? {
    guard active, n > 1, k > 1 else { return nil }
    var limit = smallProductVolume / (n * k)
    if transB {
      guard k >= 32 else { return nil }
      limit = min(limit, smallTransposedOutput / n)
    }
    return blockRows(m, limit: limit)
  }

  /// Whether a layer's forward product x Wᵀ (W `[outputs, inputs]`) should run as x·(Wᵀ) on a
  /// transposed copy of W: for fewer than 32 inputs the small kernels refuse the transposed
  /// operand, so x Wᵀ is packed, while x·(Wᵀ) qualifies (column-major A·B needs only
  /// M·N·K ≤ 10⁶, met by row blocks). Copying W costs inputs·outputs (≤ 32·outputs) moves.
  @inline(__always)
  public static func transposesNarrowWeights(outputs n: Int, inputs k: Int) -> Bool {
    active && hasNarrowInputs(outputs: n, inputs: k)
  }

  /// The shape half of `transposesNarrowWeights`, whatever the mode (what a layer sizes its
  /// scratch for, so that a later change of mode never finds it short).
  @inline(__always)
  public static func hasNarrowInputs(outputs n: Int, inputs k: Int) -> Bool {
    n > 1 && k > 1 && k < 32 && n * k <= smallProductVolume / minimumBlockRows
  }

  /// The row block of a batch reduction `C[n×k] (+)= A[m×n]ᵀ·B[m×k]` under the mode in effect,
  /// or nil for one call (column-major: Cᵀ = Bᵀ·A, op = (N, T), M = k, N = n, K = b).
  @inline(__always)
  public static func reductionBlock(rows m: Int, n: Int, k: Int) -> Int? {
    guard active, n > 1, k > 1 else { return nil }
    return blockRows(m, limit: smallProductVolume / (n * k))
  }
}

/// Calls `body(first row, rows)` for consecutive blocks of `block` rows of `0..<m`, in order
/// (the last one ragged).
@inline(__always)
private func forEachRowBlock(_ m: Int, _ block: Int, _ body: (Int, Int) -> Void) {
  var lo = 0
  while lo < m {
    let rows = min(block, m - lo)
    body(lo, rows)
    lo += rows
  }
}

/// `C[m×n] ← α·A[m×k]·op(B) + β·C` with rows of A and C independent (a batch product), run as
/// small-matrix row blocks where that is faster (`SmallProductBlocking`); row-major, op(B) = Bᵀ
/// `[n×k]` when `transB`, else B `[k×n]`.
@inline(__always)
func rowProduct<S: LensScalar>(transB: Bool, m: Int, n: Int, k: Int, alpha: S, a: UnsafePointer<S>, lda: Int,
                               b: UnsafePointer<S>, ldb: Int, beta: S, c: UnsafeMutablePointer<S>, ldc: Int) {
  guard let block = SmallProductBlocking.rowProductBlock(rows: m, n: n, k: k, transB: transB) else {
    S.gemm(transA: false, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
           beta: beta, c: c, ldc: ldc)
    return
  }
  forEachRowBlock(m, block) { lo, rows in
    S.gemm(transA: false, transB: transB, m: rows, n: n, k: k, alpha: alpha, a: a + lo * lda, lda: lda, b: b, ldb: ldb,
           beta: beta, c: c + lo * ldc, ldc: ldc)
  }
}

/// `C[n×k] ← α·A[m×n]ᵀ·B[m×k] + β·C`, a sum over the m batch rows, run as small-matrix row
/// blocks where that is faster: the first block applies β, the others add (β = 1) in row order.
@inline(__always)
func batchReduction<S: LensScalar>(m: Int, n: Int, k: Int, alpha: S, a: UnsafePointer<S>, lda: Int,
                                   b: UnsafePointer<S>, ldb: Int, beta: S, c: UnsafeMutablePointer<S>, ldc: Int) {
  guard let block = SmallProductBlocking.reductionBlock(rows: m, n: n, k: k) else {
    S.gemm(transA: true, transB: false, m: n, n: k, k: m, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
           beta: beta, c: c, ldc: ldc)
    return
  }
  forEachRowBlock(m, block) { lo, rows in
    S.gemm(transA: true, transB: false, m: n, n: k, k: rows, alpha: alpha, a: a + lo * lda, lda: lda,
           b: b + lo * ldb, ldb: ldb, beta: lo == 0 ? beta : 1, c: c, ldc: ldc)
  }
}
