import LensCore

/// One run's learning curve: y (a loss, an accuracy, a learning rate) against x (step, epoch
/// or wall-clock seconds), with x strictly increasing.
///
/// **Divergence.** A run *diverges* at the first x whose y is not finite (NaN or ±∞), or at an
/// x given explicitly (a runner that stopped the run because its loss exploded). From that x
/// on, the run's value is taken to be **+∞** everywhere: on an aligned grid every point at or
/// after `divergedAt` holds +∞. So a diverged run counts as the worst possible run — it
/// raises medians and quantiles rather than silently dropping out — and `Summary` reports
/// the divergence rate separately. The recorded values from the divergence point on are kept
/// in `y` as given but are never interpolated.
public struct Curve: Sendable, Equatable {
  public var x: [Double]
  public var y: [Double]
  /// The x at which the run diverged, or nil if it never did.
  public var divergedAt: Double?

  /// Creates a curve; `divergedAt` defaults to the first x with a non-finite y.
  /// - Throws: `LensError.badInput` if the lengths differ, x is empty, x is not strictly
  ///   increasing or contains a non-finite value.
  public init(x: [Double], y: [Double], divergedAt: Double? = nil) throws {
    guard x.count == y.count else {
      throw LensError.badInput("Curve: \(x.count) x values but \(y.count) y values")
    }
    guard !x.isEmpty else { throw LensError.badInput("Curve: no points") }
    for i in x.indices {
      guard x[i].isFinite else { throw LensError.badInput("Curve: x[\(i)] = \(x[i]) is not finite") }
      if i > 0 && !(x[i] > x[i - 1]) {
        throw LensError.badInput("Curve: x must increase strictly, but x[\(i - 1)] = \(x[i - 1]) ≥ x[\(i)] = \(x[i])")
      }
    }
    self.x = x
    self.y = y
    let firstBad = y.firstIndex { !$0.isFinite }.map { x[$0] }
    switch (divergedAt, firstBad) {
    case let (given?, bad?): self.divergedAt = min(given, bad)
    case let (given?, nil): self.divergedAt = given
    case let (nil, bad): self.divergedAt = bad
    }
  }

  /// Whether the run diverged at or before `x`.
  public func hasDiverged(by x: Double) -> Bool {
    guard let d = divergedAt else { return false }
    return d <= x
  }

  /// The number of leading points recorded before divergence (all points if none).
  public var finitePrefixCount: Int {
    guard let d = divergedAt else { return x.count }
    return x.firstIndex { $0 >= d } ?? x.count
  }
}
