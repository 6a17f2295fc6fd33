import Dispatch
import Foundation

/// Worker count for the engine's own parallel loops over examples (pooling, layout changes)
/// and over the fixed batch chunks of its products (`BatchSplit`, where BLAS runs one thread
/// per worker): the machine's active cores, at most 8, unless changed by `setEngineWorkers`.
nonisolated(unsafe) var engineWorkers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

/// Sets the number of workers the engine's own per-example loops use (1 = serial). Call it
/// next to `setBLASThreads` when training runs go in parallel, before any run starts.
public func setEngineWorkers(_ n: Int) { engineWorkers = max(1, n) }

/// The number of workers the engine currently uses.
public var engineWorkerCount: Int { engineWorkers }

/// Runs `body` on contiguous chunks of `0..<n` (examples), in parallel when the total work
/// `n · workPerItem` is large enough to pay for the hand-off (≈ 32 k scalar operations per
/// chunk), serially otherwise. Chunks write disjoint example ranges.
@inline(__always)
func forEachChunk(_ n: Int, workPerItem: Int, _ body: (Range<Int>) -> Void) {
  let chunks = min(engineWorkers, n, max(1, n * workPerItem / 32_768))
  if chunks <= 1 { body(0..<n); return }
  DispatchQueue.concurrentPerform(iterations: chunks) { c in
    let lo = c * n / chunks, hi = (c + 1) * n / chunks
    if lo < hi { body(lo..<hi) }
  }
}

/// Integer indices kept per stage (max-pooling argmax).
final class IndexBuffer {
  private(set) var pointer: UnsafeMutablePointer<Int32>
  private(set) var capacity: Int
  init() { capacity = 1; pointer = .allocate(capacity: 1); pointer.initialize(to: 0) }
  deinit { pointer.deallocate() }
  @discardableResult
  func ensure(_ count: Int) -> UnsafeMutablePointer<Int32> {
    if count > capacity {
      pointer.deallocate(); capacity = count
      pointer = .allocate(capacity: count); pointer.initialize(repeating: 0, count: count)
    }
    return pointer
  }
}
