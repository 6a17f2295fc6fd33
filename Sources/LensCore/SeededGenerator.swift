/// A portable, seeded pseudo-random generator: xoshiro256** (Blackman & Vigna, 2018),
/// initialised from a 64-bit key through SplitMix64.
///
/// Every random draw in Lens comes from a `SeededGenerator` whose key is derived by
/// `RandomStreamKey` from names (suite, problem, optimizer variant, repetition, stream), so
/// the same inputs give identical bits on every machine, and adding a new optimizer or a new
/// stream never shifts the draws of another.
///
/// The distributions below are implemented here rather than through the standard library's
/// `random(in:using:)`, whose algorithms are not specified and may change between Swift
/// releases.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator from a 64-bit key; the four state words are the first four outputs
  /// of SplitMix64 started at `key` (never all zero).
  public init(key: UInt64) {
    var sm = SplitMix64(state: key)
    s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
  }

  /// Creates the generator of a named stream (see `RandomStreamKey`).
  public init(stream: RandomStreamKey) { self.init(key: stream.key) }

  /// The next 64 random bits (xoshiro256**).
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  @inlinable @inline(__always)
  func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }
}

/// SplitMix64 (Steele, Lea & Flood, 2014): used to expand a key into generator state and to
/// mix hashes.
public struct SplitMix64: Sendable {
  public var state: UInt64
  public init(state: UInt64) { self.state = state }
  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
