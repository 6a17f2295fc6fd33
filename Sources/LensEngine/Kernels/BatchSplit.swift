import CBLAS
import Dispatch
import Foundation

/// Splitting a batch-sized product into FIXED chunks that the engine's workers share.
///
/// Determinism: the chunks depend only on the shape of the work (`batchChunkCount`), never on
/// the number of workers, and every reduction over chunks adds them in chunk order, so a pass
/// gives bit-identical results with 1 or 8 workers and with any BLAS thread count.
///
/// Threading: OpenBLAS's own 2-thread split of the skinny batch products of small networks
/// (e.g. 3200×784 by 784×50) is slower than two single-threaded halves, and each threaded call
/// wakes its pool (costly for tiny products). So every chunk calls BLAS single-threaded
/// (`withSingleThreadedBLAS`) and the engine's workers supply the parallelism; this also makes
/// the results independent of the BLAS thread count. Where BLAS already runs one thread
/// (training suites: one run per core) nothing global is touched.

/// The most chunks one product is split into.
let maxBatchChunks = 8

/// The number of fixed chunks for a product over `rows` batch rows costing `flops`
/// floating-point operations: one chunk per ≈ 4 MFLOP, each of at least 64 rows, at most
/// `maxBatchChunks`, rounded down to a power of two (so two or four workers share the chunks
/// evenly). A function of the shape only.
@inline(__always)
func batchChunkCount(rows: Int, flops: Int) -> Int {
  let wanted = min(maxBatchChunks, flops / 4_000_000, rows / 64)
  if wanted <= 1 { return 1 }
  var c = 1
  while c * 2 <= wanted { c *= 2 }
  return c
}

/// Rows `[lo, hi)` of chunk `i` of `count` equal-as-possible chunks of `0..<rows`.
@inline(__always)
func batchChunk(_ i: Int, of count: Int, rows: Int) -> Range<Int> { (i * rows / count)..<((i + 1) * rows / count) }

/// Runs `body` with OpenBLAS limited to one thread (see `BLASThreadControl`).
///
/// OpenBLAS's threaded routines (`?gemm` split over threads, `?syrk`, `?potrf`, `?trsm` and the
/// LAPACK routines built on them) change their results in the last bits with the thread count,
/// so the engine's passes and the curvature optimizers' factor computations run inside this:
/// results never depend on the thread count. Training runs already use one BLAS thread each.
public func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
  BLASThreadControl.shared.enterSingleThreaded()
  defer { BLASThreadControl.shared.leave() }
  return try body()
}

/// The process's OpenBLAS thread count, shared by `setBLASThreads` and the engine's
/// single-threaded sections: while any section runs (on any thread) OpenBLAS runs one
/// thread; the count asked for is restored when the last section ends, and a
/// `setBLASThreads` call made meanwhile takes effect then. (OpenBLAS has one process-wide
/// count, so without this, one thread's restore could let another's products run threaded.)
final class BLASThreadControl: @unchecked Sendable {
  static let shared = BLASThreadControl()
  private let lock = NSLock()
  private var sections = 0
  private var requested: Int32 = 1

  func enterSingleThreaded() {
    lock.lock()
    if sections == 0 {
      requested = openblas_get_num_threads()
      if requested != 1 { openblas_set_num_threads(1) }
    }
    sections += 1
    lock.unlock()
  }

  func leave() {
    lock.lock()
    sections -= 1
    if sections == 0 && requested != 1 { openblas_set_num_threads(requested) }
    lock.unlock()
  }

  func setThreads(_ n: Int32) {
    lock.lock()
    if sections > 0 { requested = n } else { openblas_set_num_threads(n) }
    lock.unlock()
  }

  /// The count in effect outside the engine's sections.
  var threads: Int32 {
    lock.lock(); defer { lock.unlock() }
    return sections > 0 ? requested : openblas_get_num_threads()
  }
}

/// The machine's active cores (the width of Dispatch's concurrent pool).
let activeCores = ProcessInfo.processInfo.activeProcessorCount

/// Runs `body(chunkIndex, rows)` for each of `count` fixed chunks of `0..<rows`, spread over
/// the engine's workers, BLAS single-threaded inside. Chunks must write disjoint memory.
/// With as many workers as cores, Dispatch hands chunks to whichever thread is free (so a
/// worker slowed by other load does not hold the others up); with fewer, worker w takes
/// chunks w, w + W, …. Either way each chunk's result is the same.
@inline(__always)
func forEachBatchChunk(count: Int, rows: Int, _ body: (Int, Range<Int>) -> Void) {
  withSingleThreadedBLAS {
    let workers = min(engineWorkers, count)
    if workers <= 1 {
      for i in 0..<count { body(i, batchChunk(i, of: count, rows: rows)) }
    } else if engineWorkers >= activeCores {
      DispatchQueue.concurrentPerform(iterations: count) { i in body(i, batchChunk(i, of: count, rows: rows)) }
    } else {
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        var i = w
        while i < count { body(i, batchChunk(i, of: count, rows: rows)); i += workers }
      }
    }
  }
}

/// Runs `body(rows)` over the fixed chunks of a product with `rows` batch rows and `flops`
/// operations, in parallel, where each chunk writes only its own rows (e.g. the forward
/// product x Wᵀ with its bias and activation epilogue).
@inline(__always)
func forEachRowChunk(rows: Int, flops: Int, _ body: (Range<Int>) -> Void) {
  forEachBatchChunk(count: batchChunkCount(rows: rows, flops: flops), rows: rows) { _, r in body(r) }
}

/// A sum over the batch (a weight gradient Gᵀ X and a bias gradient Σ G) as fixed chunk
/// partials: `body(chunk, rows, out)` OVERWRITES `out = partials + chunk·width` (length
/// `width`) with the contribution of `rows` (and may write other row-disjoint outputs, such as
/// the rows of the input gradient). Returns the chunk count; the caller then folds each region
/// of the partials into its destination with `sumPartials` (chunk order, so the sum does not
/// depend on the workers). `partials` holds at least `batchReductionScratch(…)` scalars.
@inline(__always)
func reduceOverBatch<S: LensScalar>(rows: Int, flops: Int, width: Int, partials: UnsafeMutablePointer<S>,
                                    _ body: (Int, Range<Int>, UnsafeMutablePointer<S>) -> Void) -> Int {
  let chunks = batchChunkCount(rows: rows, flops: flops)
  forEachBatchChunk(count: chunks, rows: rows) { i, r in body(i, r, partials + i * width) }
  return chunks
}

/// The scratch size `reduceOverBatch` needs for a product over `rows` rows costing `flops`.
@inline(__always)
func batchReductionScratch(rows: Int, flops: Int, width: Int) -> Int { batchChunkCount(rows: rows, flops: flops) * width }

/// `dest[j] ← β·dest[j] + ((p₀[j] + p₁[j]) + p₂[j]) + …` with `p_c = partials + c·stride`.
@inline(__always)
func sumPartials<S: LensScalar>(_ partials: UnsafePointer<S>, stride: Int, chunks: Int, count: Int, beta: S,
                                into dest: UnsafeMutablePointer<S>) {
  S._sumPartials(partials, stride: stride, chunks: chunks, count: count, beta: beta, into: dest)
}

@inline(__always)
func sumPartialsBody<S: LensScalar>(_ partials: UnsafePointer<S>, stride: Int, chunks: Int, count: Int, beta: S,
                                    into dest: UnsafeMutablePointer<S>) {
  if beta == 0 {
    dest.update(from: partials, count: count)
  } else if beta == 1 {
    for j in 0..<count { dest[j] += partials[j] }
  } else {
    for j in 0..<count { dest[j] = beta * dest[j] + partials[j] }
  }
  var c = 1
  while c < chunks {
    let p = partials + c * stride
    for j in 0..<count { dest[j] += p[j] }
    c += 1
  }
}
