import Testing
import LensStatistics
import LensCore

/// Curves put on a declared grid by hand-checked rules.
@Suite struct AlignmentTests {
  let curve = try! Curve(x: [0, 10, 20], y: [5, 3, 1])
  let gridPoints: [Double] = [-5, 0, 5, 10, 15, 20, 30]

  func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) < 1e-12 || $0 == $1 }
  }

  @Test func lastValueCarriedForward() throws {
    let grid = try CurveGrid(points: gridPoints, alignment: .lastValueCarriedForward)
    #expect(same(grid.align(curve), [.nan, 5, 5, 3, 3, 1, 1]))
  }

  @Test func linearInterpolation() throws {
    let grid = try CurveGrid(points: gridPoints, alignment: .linear)
    #expect(same(grid.align(curve), [.nan, 5, 4, 3, 2, 1, 1]))
  }

  @Test func divergedRunsBecomeInfinite() throws {
    let c = try Curve(x: [0, 1, 2, 3], y: [4, 2, .nan, 1])
    #expect(c.divergedAt == 2)
    #expect(c.finitePrefixCount == 2)
    let grid = try CurveGrid(points: [0, 0.5, 1, 1.5, 2, 3, 4], alignment: .linear)
    #expect(same(grid.align(c), [4, 3, 2, 2, .infinity, .infinity, .infinity]))
    // An explicit divergence point earlier than the first bad value wins.
    let d = try Curve(x: [0, 1, 2], y: [1, 1, .infinity], divergedAt: 0.5)
    #expect(d.divergedAt == 0.5)
    #expect(same(grid.align(d), [1, .infinity, .infinity, .infinity, .infinity, .infinity, .infinity]))
  }

  @Test func carryLastFinitePolicyKeepsTheLastFiniteValue() throws {
    let c = try Curve(x: [0, 1, 2, 3], y: [4, 2, .nan, 1])
    let grid = try CurveGrid(points: [0, 1.5, 2, 3], alignment: .linear, divergence: .carryLastFinite)
    #expect(same(grid.align(c), [4, 2, 2, 2]))
    let runs = grid.align([c, try Curve(x: [0, 3], y: [1, 1])])
    #expect(Summary.divergenceRate(runs) == 0.5)
  }

  @Test func invalidInputIsRejected() {
    #expect(throws: LensError.self) { try Curve(x: [0, 0], y: [1, 2]) }
    #expect(throws: LensError.self) { try Curve(x: [0, 1], y: [1]) }
    #expect(throws: LensError.self) { try Curve(x: [], y: []) }
    #expect(throws: LensError.self) { try CurveGrid(points: [2, 1], alignment: .linear) }
  }

  @Test func gridConstructors() throws {
    let e = try CurveGrid.evenlySpaced(from: 0, to: 1, count: 5, alignment: .linear)
    #expect(e.points == [0, 0.25, 0.5, 0.75, 1])
    let l = try CurveGrid.logSpaced(from: 1, to: 1000, count: 4, alignment: .linear, axis: .seconds)
    #expect(l.points.first == 1 && l.points.last == 1000)
    #expect(abs(l.points[1] - 10) < 1e-9 && abs(l.points[2] - 100) < 1e-9)
  }

  @Test func summariesOfAlignedRuns() throws {
    let grid = try CurveGrid(points: [0, 1, 2, 3], alignment: .lastValueCarriedForward)
    let runs = grid.align([
      try Curve(x: [0, 1, 2, 3], y: [4, 3, 2, 1]),
      try Curve(x: [0, 1, 2, 3], y: [4, 2, 2.5, 3]),
      try Curve(x: [0, 1, 2], y: [5, 1, .nan]),
    ])
    #expect(same(Summary.finalValues(runs), [1, 3, .infinity]))
    #expect(Summary.bestValues(runs) == [1, 2, 1])
    #expect(Summary.timesToTarget(runs, target: 2) == [2, 1, 1])
    #expect(Summary.timesToTarget(runs, target: 0.5) == [nil, nil, nil])
    #expect(abs(Summary.divergenceRate(runs) - 1.0 / 3) < 1e-12)
    #expect(same(runs.median, [4, 2, 2.5, 3]))
    #expect(Summary.medianTimeToTarget(runs, target: 2.2) == 1)
    let s = Summary.spread([1, 2, 3, 4, .nan])
    #expect(s.count == 4 && s.mean == 2.5 && s.median == 2.5)
    #expect(abs(s.standardDeviation - (5.0 / 3).squareRoot()) < 1e-12)
    #expect(s.lowerQuartile == 1.75 && s.upperQuartile == 3.25 && s.interquartileRange == 1.5)
    #expect(s.minimum == 1 && s.maximum == 4)
  }
}
