/// A growable, uninitialised scratch buffer of scalars that the engine reuses across steps.
///
/// `ensure(_:)` reallocates only when the requested count exceeds the capacity, so after the
/// first step of a fixed batch size no pass allocates. The contents are unspecified after a
/// reallocation.
final class ScratchBuffer<S: LensScalar> {
  private(set) var pointer: UnsafeMutablePointer<S>
  private(set) var capacity: Int

  init(_ count: Int = 0) {
    capacity = max(count, 1)
    pointer = .allocate(capacity: capacity)
    pointer.initialize(repeating: 0, count: capacity)
  }

  deinit { pointer.deallocate() }

  /// Makes room for `count` scalars and returns the buffer's start.
  @discardableResult
  func ensure(_ count: Int) -> UnsafeMutablePointer<S> {
    if count > capacity {
      pointer.deallocate()
      capacity = count
      pointer = .allocate(capacity: count)
      pointer.initialize(repeating: 0, count: count)
    }
    return pointer
  }
}
