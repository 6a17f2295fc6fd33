import Testing
import LensStatistics

/// Order statistics against hand-computed and R (`quantile(type = 7)`) values.
@Suite struct QuantileTests {
  @Test func mediansOfKnownSets() {
    #expect(Quantile.median([3, 1, 2]) == 2)
    #expect(Quantile.median([4, 1, 3, 2]) == 2.5)
    #expect(Quantile.median([7]) == 7)
    #expect(Quantile.median([]).isNaN)
    // NaN is missing and dropped; +∞ (diverged) is the largest value.
    #expect(Quantile.median([.nan, 5, 1, .nan, 3]) == 3)
    #expect(Quantile.median([1, 2, .infinity]) == 2)
    #expect(Quantile.median([1, .infinity]) == .infinity)
    #expect(Quantile.median([.infinity, .infinity, 0]) == .infinity)
  }

  /// R: quantile(1:10, c(0, .1, .25, .5, .9, 1)) = 1, 1.9, 3.25, 5.5, 9.1, 10.
  @Test func typeSevenMatchesR() {
    let v = (1...10).map(Double.init).reversed().map { $0 }
    let q = Quantile.of(v, [0, 0.1, 0.25, 0.5, 0.9, 1])
    let expected = [1, 1.9, 3.25, 5.5, 9.1, 10]
    for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-12) }
    // R: quantile(c(2, 4, 4, 5, 10), .3) = 4 (h = 1.2 between two 4s); .85 → 5 + .4·5 = 7.
    #expect(Quantile.of([10, 4, 2, 5, 4], 0.3) == 4)
    #expect(abs(Quantile.of([10, 4, 2, 5, 4], 0.85) - 7) < 1e-12)
    #expect(Quantile.interquartileRange((1...10).map(Double.init)) == 7.75 - 3.25)
  }

  @Test func momentsStateTheirDivisor() {
    let v: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
    #expect(Moments.mean(v) == 5)
    #expect(Moments.variance(v) == 4)
    #expect(abs(Moments.variance(v, ddof: 1) - 32.0 / 7) < 1e-12)
    #expect(Moments.standardDeviation(v) == 2)
    #expect(Moments.variance([1, .infinity]).isNaN)
  }
}
