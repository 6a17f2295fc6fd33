import Testing
import LensCore

/// The seeded generator: reference values, reproducibility, stream independence and
/// distribution checks with stated tolerances.
@Suite struct SeededGeneratorTests {
  /// SplitMix64 from state 1234567: published reference outputs (Vigna's splitmix64.c).
  @Test func splitMixReferenceValues() {
    var s = SplitMix64(state: 1234567)
    #expect(s.next() == 6457827717110365317)
    #expect(s.next() == 3203168211198807973)
    #expect(s.next() == 9817491932198370423)
  }

  @Test func sameKeySameBits() {
    var a = SeededGenerator(key: 42), b = SeededGenerator(key: 42)
    for _ in 0..<1000 { #expect(a.next() == b.next()) }
  }

  @Test func streamKeysDependOnlyOnTheirOwnPath() {
    let k1 = RandomStreamKey(suite: "s", problem: "p", variant: "adam", repetition: 3, stream: "batches")
    let k2 = RandomStreamKey(suite: "s", problem: "p", variant: "adam", repetition: 3, stream: "batches")
    #expect(k1.key == k2.key)
    // Distinct paths give distinct keys, including ones that would collide under naive joining.
    #expect(RandomStreamKey(["ab", "c"]).key != RandomStreamKey(["a", "bc"]).key)
    #expect(k1.key != RandomStreamKey(suite: "s", problem: "p", variant: "adam", repetition: 4, stream: "batches").key)
    #expect(k1.child("x").key == RandomStreamKey(k1.components + ["x"]).key)
  }

  /// Pinned key: if this changes, every committed result's random draws change.
  @Test func streamKeyIsPinned() {
    let k = RandomStreamKey(["lens"]).key
    // First 8 bytes of SHA-256 of 00 00 00 00 00 00 00 04 'l' 'e' 'n' 's'.
    var expected: UInt64 = 0
    let digest = SHA256.hash([0, 0, 0, 0, 0, 0, 0, 4] + Array("lens".utf8))
    for i in 0..<8 { expected = (expected << 8) | UInt64(digest[i]) }
    #expect(k == expected)
  }

  /// Two streams of neighbouring keys are uncorrelated: |corr| < 4/√n (a 4σ bound).
  @Test func streamsAreUncorrelated() {
    var a = SeededGenerator(stream: RandomStreamKey(["t", "a"]))
    var b = SeededGenerator(stream: RandomStreamKey(["t", "b"]))
    let n = 100_000
    var sab = 0.0, sa = 0.0, sb = 0.0, saa = 0.0, sbb = 0.0
    for _ in 0..<n {
      let x = a.uniform(), y = b.uniform()
      sab += x * y; sa += x; sb += y; saa += x * x; sbb += y * y
    }
    let cov = sab / Double(n) - (sa / Double(n)) * (sb / Double(n))
    let va = saa / Double(n) - (sa / Double(n)) * (sa / Double(n))
    let vb = sbb / Double(n) - (sb / Double(n)) * (sb / Double(n))
    #expect(abs(cov / (va * vb).squareRoot()) < 4 / Double(n).squareRoot())
  }

  /// Kolmogorov–Smirnov test of `normal()` against Φ: D·√n below 1.95 (the 0.1% critical value).
  @Test func normalPassesKolmogorovSmirnov() {
    var g = SeededGenerator(key: 7)
    let n = 20_000
    let xs = (0..<n).map { _ in g.normal() }.sorted()
    var d = 0.0
    for (i, x) in xs.enumerated() {
      let f = 0.5 * erfc(-x / 2.0.squareRoot())
      d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
    }
    #expect(d * Double(n).squareRoot() < 1.95)
  }

  /// Uniform draws: mean 1/2 and variance 1/12 within 5 standard errors.
  @Test func uniformMoments() {
    var g = SeededGenerator(key: 11)
    let n = 200_000
    var s = 0.0, ss = 0.0
    for _ in 0..<n { let u = g.uniform(); #expect(u >= 0 && u < 1); s += u; ss += u * u }
    let mean = s / Double(n), variance = ss / Double(n) - mean * mean
    #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
    #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180 / Double(n)).squareRoot())
  }

  /// Bounded integers: chi-square over 10 cells below 27.9 (the 0.1% critical value, 9 d.o.f.).
  @Test func integersAreUniform() {
    var g = SeededGenerator(key: 3)
    var counts = [Int](repeating: 0, count: 10)
    let n = 100_000
    for _ in 0..<n { counts[g.integer(below: 10)] += 1 }
    let e = Double(n) / 10
    let chi2 = counts.reduce(0.0) { $0 + (Double($1) - e) * (Double($1) - e) / e }
    #expect(chi2 < 27.9)
  }

  @Test func truncatedNormalStaysInBounds() {
    var g = SeededGenerator(key: 5)
    for _ in 0..<10_000 { #expect(abs(g.truncatedNormal(sigma: 0.3)) <= 0.6) }
  }

  @Test func rademacherIsBalanced() {
    var g = SeededGenerator(key: 9)
    let n = 100_000
    var s = 0.0
    for _ in 0..<n { let r = g.rademacher(); #expect(r == 1 || r == -1); s += r }
    #expect(abs(s) < 5 * Double(n).squareRoot())
  }

  @Test func permutationIsAPermutation() {
    var g = SeededGenerator(key: 1)
    let p = g.permutation(1000)
    #expect(p.sorted() == Array(0..<1000))
    #expect(p != Array(0..<1000))
  }

  @Test func categoricalFollowsWeights() {
    var g = SeededGenerator(key: 13)
    let w: [Double] = [1, 2, 7]
    var counts = [0, 0, 0]
    let n = 100_000
    w.withUnsafeBufferPointer { p in for _ in 0..<n { counts[g.categorical(weights: p)] += 1 } }
    for i in 0..<3 {
      let p = w[i] / 10
      #expect(abs(Double(counts[i]) / Double(n) - p) < 5 * (p * (1 - p) / Double(n)).squareRoot())
    }
  }
}

#if canImport(Glibc)
import Glibc
#endif
