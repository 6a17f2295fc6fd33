import Testing
import LensPlot

/// Contour extraction on fields with known level sets.
@Suite struct MarchingSquaresTests {
  @Test func planeGivesAStraightLine() {
    let f = ScalarField.sampling(x: 0, 3, y: 0, 2, nx: 4, ny: 3) { x, _ in x }
    let s = MarchingSquares.segments(f, level: 1.5)
    #expect(s.count == 2)
    #expect(s.allSatisfy { abs($0.x0 - 1.5) < 1e-12 && abs($0.x1 - 1.5) < 1e-12 })
  }

  /// The level set x² + y² = 1 is the unit circle: every vertex within 1 % of radius 1 and the
  /// total length within 1 % of 2π.
  @Test func circleHasTheRightRadiusAndLength() {
    let f = ScalarField.sampling(x: -2, 2, y: -2, 2, nx: 81, ny: 81) { x, y in x * x + y * y }
    let s = MarchingSquares.segments(f, level: 1)
    #expect(s.count > 50)
    var length = 0.0
    for seg in s {
      for (x, y) in [(seg.x0, seg.y0), (seg.x1, seg.y1)] { #expect(abs((x * x + y * y).squareRoot() - 1) < 0.01) }
      length += ((seg.x1 - seg.x0) * (seg.x1 - seg.x0) + (seg.y1 - seg.y0) * (seg.y1 - seg.y0)).squareRoot()
    }
    #expect(abs(length - 2 * Double.pi) < 0.01 * 2 * Double.pi)
  }

  @Test func saddleAndNonFiniteCells() {
    let saddle = ScalarField(x: [0, 1], y: [0, 1], values: [[1, 0], [0, 1]])
    #expect(MarchingSquares.segments(saddle, level: 0.5).count == 2)
    let hole = ScalarField(x: [0, 1], y: [0, 1], values: [[1, .nan], [0, 1]])
    #expect(MarchingSquares.segments(hole, level: 0.5).isEmpty)
    #expect(abs(saddle.value(atX: 0.5, y: 0.5) - 0.5) < 1e-12)
  }

  @Test func levelSpacings() {
    let l = MarchingSquares.logLevels(from: 1e-2, to: 1e2, count: 5)
    for (a, b) in zip(l, [0.01, 0.1, 1, 10, 100]) { #expect(abs(a / b - 1) < 1e-12) }
    #expect(MarchingSquares.linearLevels(from: 0, to: 1, count: 3) == [0, 0.5, 1])
  }

  @Test func boxSummaryUsesTukeyFences() {
    let q = BoxSeries.summary([1, 2, 3, 4, 100])!
    #expect(q.q1 == 2 && q.median == 3 && q.q3 == 4)
    #expect(q.low == 1 && q.high == 4 && q.outliers == [100])
  }
}
