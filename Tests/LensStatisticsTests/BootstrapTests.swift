import Testing
import LensStatistics
import LensCore

/// The seeded bootstrap: determinism, exact degenerate cases, the paper band's shrinkage with
/// more runs, and the percentile band's coverage on synthetic data with a known median.
@Suite struct BootstrapTests {
  /// `count` runs of normal noise around a decaying curve on 20 grid points.
  func syntheticRuns(count: Int, key: String) throws -> AlignedRuns {
    var rng = SeededGenerator(stream: RandomStreamKey(["bootstrap-tests", key]))
    let grid = try CurveGrid.evenlySpaced(from: 0, to: 19, count: 20, alignment: .linear)
    let curves = try (0..<count).map { _ in
      try Curve(x: grid.points, y: grid.points.map { 1 / (1 + $0) + 0.1 * rng.normal() })
    }
    return grid.align(curves)
  }

  @Test func sameKeySameBandDifferentKeyDifferentBand() throws {
    let runs = try syntheticRuns(count: 12, key: "det")
    let a = Bootstrap(key: RandomStreamKey(["b", "1"])).paperBand(runs)
    let b = Bootstrap(key: RandomStreamKey(["b", "1"])).paperBand(runs)
    let c = Bootstrap(key: RandomStreamKey(["b", "2"])).paperBand(runs)
    #expect(a == b)
    #expect(a != c)
    let p = Bootstrap(key: RandomStreamKey(["b", "1"])).percentileBand(runs, resamples: 300)
    #expect(p == Bootstrap(key: RandomStreamKey(["b", "1"])).percentileBand(runs, resamples: 300))
  }

  @Test func identicalRunsGiveAZeroWidthBand() throws {
    let grid = try CurveGrid(points: [0, 1, 2], alignment: .linear)
    let c = try Curve(x: [0, 1, 2], y: [3, 2, 1])
    let runs = grid.align([c, c, c, c])
    let band = Bootstrap(key: RandomStreamKey(["zero"])).paperBand(runs)
    #expect(band.centre == [3, 2, 1] && band.lower == [3, 2, 1] && band.upper == [3, 2, 1])
  }

  @Test func mostlyDivergedPointsAreInfinite() throws {
    let grid = try CurveGrid(points: [0, 1, 2], alignment: .linear)
    let ok = try Curve(x: [0, 1, 2], y: [3, 2, 1])
    let bad = try Curve(x: [0, 1, 2], y: [3, 2, .infinity])
    let runs = grid.align([ok, bad, bad, bad, bad])
    let band = Bootstrap(key: RandomStreamKey(["div"])).paperBand(runs)
    #expect(band.centre[1] == 2 && band.centre[2] == .infinity)
    #expect(Summary.divergenceRate(runs) == 0.8)
  }

  /// The std of bootstrap medians scales like 1/√n: 10 → 160 runs should shrink it ~4×.
  @Test func paperBandShrinksWithMoreRuns() throws {
    let key = Bootstrap(key: RandomStreamKey(["shrink"]))
    let few = key.paperBand(try syntheticRuns(count: 10, key: "few"))
    let many = key.paperBand(try syntheticRuns(count: 160, key: "many"))
    let wFew = Moments.mean(few.width), wMany = Moments.mean(many.width)
    #expect(wMany < wFew / 2.5)
    #expect(wMany > wFew / 8)
  }

  /// 200 experiments of 31 N(0, 1) runs: the 95 % percentile band of the median should cover
  /// the true median 0 in roughly 95 % of them. With 200 trials the binomial sd is 1.5 %,
  /// and the percentile bootstrap of a median is slightly conservative at small n.
  @Test func percentileBandCoverageIsNearNominal() throws {
    let grid = try CurveGrid(points: [0], alignment: .lastValueCarriedForward)
    var rng = SeededGenerator(stream: RandomStreamKey(["coverage", "data"]))
    var covered = 0
    let experiments = 200
    for e in 0..<experiments {
      let values = (0..<31).map { _ in [rng.normal()] }
      let runs = AlignedRuns(grid: grid, values: values)
      let band = Bootstrap(key: RandomStreamKey(["coverage", "exp=\(e)"])).percentileBand(runs, resamples: 2000)
      #expect(band.lower[0] <= band.centre[0] && band.centre[0] <= band.upper[0])
      if band.lower[0] <= 0 && 0 <= band.upper[0] { covered += 1 }
    }
    let rate = Double(covered) / Double(experiments)
    #expect(rate >= 0.90 && rate <= 0.99, "coverage \(rate)")
  }
}
