/// A curve with an uncertainty band on a grid: `centre[k]` with `lower[k] ≤ upper[k]`.
/// Non-finite entries (+∞ after divergence, NaN where no run has a value) are left as they
/// are; plots break the line there.
public struct Band: Sendable, Equatable {
  public let x: [Double]
  public let centre: [Double]
  public let lower: [Double]
  public let upper: [Double]

  public init(x: [Double], centre: [Double], lower: [Double], upper: [Double]) {
    precondition(x.count == centre.count && x.count == lower.count && x.count == upper.count,
                 "a band needs one centre, lower and upper value per x")
    self.x = x
    self.centre = centre
    self.lower = lower
    self.upper = upper
  }

  /// Upper − lower at each point.
  public var width: [Double] { zip(lower, upper).map { $1 - $0 } }
}
