import Testing
import LensStatistics
import LensCore

/// Wall-clock alignment: runs of different speeds on one seconds grid, checked against values
/// worked out by hand from the interpolation rule.
@Suite struct TimeAlignmentTests {
  func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) < 1e-12 || $0 == $1 }
  }

  /// A fast run (ends at 2 s) and a slow run (ends at 4 s) recorded at their own evaluation
  /// times: on the grid 0, 1, …, 4 the fast run's final value is carried after 2 s, and the
  /// per-point median is the mean of the two (n = 2, type 7).
  @Test func runsOfDifferentSpeedsShareOneGrid() throws {
    let fast = try TimeAlignment.curve(times: [0, 0.5, 2], values: [1.0, 0.5, 0.25])
    let slow = try TimeAlignment.curve(times: [0, 3, 4], values: [1.0, 0.4, 0.1])
    let grid = try TimeAlignment.grid(ends: [2, 4], count: 5)
    #expect(grid.points == [0, 1, 2, 3, 4])
    #expect(grid.axis == .seconds)
    let runs = grid.align([fast, slow])
    // fast at 1 s: between (0.5, 0.5) and (2, 0.25): 0.5 + (0.5/1.5)(−0.25).
    #expect(same(runs.values[0], [1.0, 0.5 - 0.25 / 3, 0.25, 0.25, 0.25]))
    // slow at 1 s: 1 + (1/3)(−0.6) = 0.8; at 2 s: 0.6.
    #expect(same(runs.values[1], [1.0, 0.8, 0.6, 0.4, 0.1]))
    #expect(same(runs.median, [1.0, (0.5 - 0.25 / 3 + 0.8) / 2, 0.425, 0.325, 0.175]))
  }

  /// A log-spaced grid from the earliest record: 0.01, 0.1, 1, 10 s; a run that starts at
  /// 0.05 s is missing before it, and the linear rule interpolates in seconds.
  @Test func logSpacedGridForRunsOfVeryDifferentSpeeds() throws {
    let grid = try TimeAlignment.grid(ends: [0.2, 10], start: 0.01, count: 4)
    #expect(grid.points.count == 4 && grid.points[0] == 0.01 && grid.points[3] == 10)
    #expect(abs(grid.points[1] - 0.1) < 1e-15 && abs(grid.points[2] - 1) < 1e-15)
    let fast = try TimeAlignment.curve(times: [0, 0.05, 0.2], values: [1, 0.5, 0.2])
    let slow = try TimeAlignment.curve(times: [0.05, 10], values: [1, 0.1])
    let runs = grid.align([fast, slow])
    // fast at 0.01 s: 1 + (0.01/0.05)(−0.5) = 0.9; at 0.1 s: 0.5 + (0.05/0.15)(−0.3) = 0.4.
    #expect(same(runs.values[0], [0.9, 0.4, 0.2, 0.2]))
    // slow at 0.1 s: 1 + (0.05/9.95)(−0.9).
    #expect(same(runs.values[1], [.nan, 1 - 0.05 / 9.95 * 0.9, 1 - 0.95 / 9.95 * 0.9, 0.1]))
    #expect(throws: LensError.self) { try TimeAlignment.grid(ends: [1], start: 2) }
  }

  /// Per-step quantities (the learning rate in force) are a step function of time.
  @Test func stepQuantitiesCarryTheLastValue() throws {
    let lr = try TimeAlignment.curve(times: [0.1, 0.2, 0.35], values: [1e-2, 5e-3, 2e-3])
    let grid = try CurveGrid(points: [0, 0.1, 0.3, 0.4], alignment: .lastValueCarriedForward, axis: .seconds)
    #expect(same(grid.align(lr), [.nan, 1e-2, 5e-3, 2e-3]))
  }

  /// Records with the same clock reading keep the last; a clock that goes back is an error.
  @Test func repeatedReadingsKeepTheLastAndDecreasingOnesAreRefused() throws {
    let c = try TimeAlignment.curve(times: [0, 1, 1, 2], values: [4, 3, 2, 1])
    #expect(c.x == [0, 1, 2] && c.y == [4, 2, 1])
    #expect(throws: LensError.self) { try TimeAlignment.curve(times: [0, 2, 1], values: [1, 1, 1]) }
    #expect(throws: LensError.self) { try TimeAlignment.grid(ends: [0, .nan]) }
  }

  @Test func truncationAndExponentiation() throws {
    let band = Band(x: [0, 1, 2], centre: [0, -1, -2], lower: [-0.5, -1.5, -2.5], upper: [0.5, -0.5, -1.5])
    let cut = TimeAlignment.truncated(band, after: 1)
    #expect(same(cut.centre, [0, -1, .nan]) && same(cut.upper, [0.5, -0.5, .nan]))
    let up = band.exponentiated
    #expect(same(up.centre, [1, 0.1, 0.01]))
    #expect(abs(up.lower[1] - 0.031622776601683794) < 1e-15)
  }
}
