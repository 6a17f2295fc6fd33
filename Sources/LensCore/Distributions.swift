/// Draws from the distributions Lens needs, with fixed, documented algorithms.
extension SeededGenerator {
  /// A uniform draw from [0, 1) with 53 random bits: `(next() >> 11) · 2⁻⁵³`.
  @inlinable
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform draw from the open interval (0, 1): `((next() >> 11) + 0.5) · 2⁻⁵³`.
  @inlinable
  public mutating func uniformOpen() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }

  /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-shift with rejection).
  @inlinable
  public mutating func integer(below bound: Int) -> Int {
    precondition(bound > 0, "integer(below:) needs a positive bound")
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// A standard normal draw by the Box–Muller transform of two open-interval uniforms
  /// (one normal per pair; the second is discarded so that each call consumes exactly two words).
  @inlinable
  public mutating func normal() -> Double {
    let u1 = uniformOpen(), u2 = uniform()
    return (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
  }

  /// A normal draw with mean 0 and standard deviation `sigma`, truncated to ±2σ by rejection,
  /// without rescaling the standard deviation (Haiku's `TruncatedNormal` as used by
  /// `hk.Linear`'s default initialiser).
  @inlinable
  public mutating func truncatedNormal(sigma: Double, bound: Double = 2) -> Double {
    while true {
      let z = normal()
      if abs(z) <= bound { return z * sigma }
    }
  }

  /// +1 or −1 with equal probability (one bit of one word).
  @inlinable
  public mutating func rademacher() -> Double { (next() >> 63) == 0 ? 1 : -1 }

  /// A category drawn from unnormalised non-negative weights by inversion of the cumulative sum.
  public mutating func categorical<S: BinaryFloatingPoint>(weights: UnsafeBufferPointer<S>) -> Int {
    var total = 0.0
    for w in weights { total += Double(w) }
    precondition(total > 0, "categorical(weights:) needs a positive total weight")
    let u = uniform() * total
    var acc = 0.0
    for (i, w) in weights.enumerated() {
      acc += Double(w)
      if u < acc { return i }
    }
    return weights.count - 1
  }

  /// A uniformly random permutation of `0..<n` (Fisher–Yates, from the last position down).
  public mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    shuffle(&p)
    return p
  }

  /// Shuffles `array` in place (Fisher–Yates, from the last position down).
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      let j = integer(below: i + 1)
      array.swapAt(i, j)
      i -= 1
    }
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func _log(_ x: Double) -> Double { log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { cos(x) }
