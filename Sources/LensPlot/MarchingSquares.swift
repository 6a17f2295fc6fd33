#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scalar field sampled on a rectangular grid: `values[i][j]` is the value at
/// (`x[j]`, `y[i]`) — rows follow y, columns follow x.
public struct ScalarField: Sendable {
  public let x: [Double]
  public let y: [Double]
  public let values: [[Double]]

  public init(x: [Double], y: [Double], values: [[Double]]) {
    precondition(values.count == y.count && values.allSatisfy { $0.count == x.count },
                 "a field needs one row per y and one column per x")
    precondition(x.count >= 2 && y.count >= 2, "a field needs at least 2 × 2 samples")
    precondition(zip(x, x.dropFirst()).allSatisfy { $0 < $1 } && zip(y, y.dropFirst()).allSatisfy { $0 < $1 },
                 "field coordinates must increase strictly")
    self.x = x; self.y = y; self.values = values
  }

  /// The field of `f` on `nx` × `ny` evenly spaced points of [x0, x1] × [y0, y1].
  public static func sampling(x x0: Double, _ x1: Double, y y0: Double, _ y1: Double,
                              nx: Int, ny: Int, _ f: (Double, Double) -> Double) -> ScalarField {
    precondition(nx >= 2 && ny >= 2 && x1 > x0 && y1 > y0, "sampling needs nx, ny ≥ 2 and a non-empty rectangle")
    let xs = (0..<nx).map { x0 + (x1 - x0) * Double($0) / Double(nx - 1) }
    let ys = (0..<ny).map { y0 + (y1 - y0) * Double($0) / Double(ny - 1) }
    return ScalarField(x: xs, y: ys, values: ys.map { yv in xs.map { f($0, yv) } })
  }

  /// Bilinear interpolation at (px, py), clamped to the grid; NaN if a corner is not finite.
  public func value(atX px: Double, y py: Double) -> Double {
    func locate(_ a: [Double], _ v: Double) -> (Int, Double) {
      if v <= a[0] { return (0, 0) }
      if v >= a[a.count - 1] { return (a.count - 2, 1) }
      var lo = 0, hi = a.count - 1
      while hi - lo > 1 { let m = (lo + hi) / 2; if a[m] <= v { lo = m } else { hi = m } }
      return (lo, (v - a[lo]) / (a[lo + 1] - a[lo]))
    }
    let (j, tx) = locate(x, px), (i, ty) = locate(y, py)
    let v00 = values[i][j], v01 = values[i][j + 1], v10 = values[i + 1][j], v11 = values[i + 1][j + 1]
    return (v00 * (1 - tx) + v01 * tx) * (1 - ty) + (v10 * (1 - tx) + v11 * tx) * ty
  }
}

/// A straight piece of a contour line between two points in data coordinates.
public struct Segment: Sendable, Equatable {
  public let x0, y0, x1, y1: Double
}

/// Contour lines by marching squares.
///
/// Each grid cell's four corners are classified as above (≥ level) or below the level; the
/// crossing points on the cell's edges are found by linear interpolation along the edge, and
/// joined by one segment (or two, for a saddle, resolved by the value at the cell centre, the
/// mean of the corners). Cells with a non-finite corner are skipped.
public enum MarchingSquares {
  public static func segments(_ field: ScalarField, level: Double) -> [Segment] {
    var out: [Segment] = []
    let xs = field.x, ys = field.y, v = field.values
    guard xs.count >= 2, ys.count >= 2 else { return out }
    for i in 0..<(ys.count - 1) {
      for j in 0..<(xs.count - 1) {
        // Corners counter-clockwise from bottom-left: a (j, i), b (j+1, i), c (j+1, i+1), d (j, i+1).
        let a = v[i][j], b = v[i][j + 1], c = v[i + 1][j + 1], d = v[i + 1][j]
        guard a.isFinite, b.isFinite, c.isFinite, d.isFinite else { continue }
        let code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0)
        if code == 0 || code == 15 { continue }
        func cross(_ p: Double, _ q: Double) -> Double { (level - p) / (q - p) }
        let x0 = xs[j], x1 = xs[j + 1], y0 = ys[i], y1 = ys[i + 1]
        // Edge crossing points: bottom (a–b), right (b–c), top (d–c), left (a–d).
        let bottom = { (x0 + cross(a, b) * (x1 - x0), y0) }
        let right = { (x1, y0 + cross(b, c) * (y1 - y0)) }
        let top = { (x0 + cross(d, c) * (x1 - x0), y1) }
        let left = { (x0, y0 + cross(a, d) * (y1 - y0)) }
        func seg(_ p: (Double, Double), _ q: (Double, Double)) { out.append(Segment(x0: p.0, y0: p.1, x1: q.0, y1: q.1)) }
        switch code {
        case 1, 14: seg(left(), bottom())
        case 2, 13: seg(bottom(), right())
        case 3, 12: seg(left(), right())
        case 4, 11: seg(right(), top())
        case 6, 9: seg(bottom(), top())
        case 7, 8: seg(left(), top())
        case 5, 10:
          let centreAbove = (a + b + c + d) / 4 >= level
          // code 5: a and c above. If the centre is above, a and c connect through the middle.
          if (code == 5) == centreAbove { seg(left(), top()); seg(bottom(), right()) }
          else { seg(left(), bottom()); seg(right(), top()) }
        default: break
        }
      }
    }
    return out
  }

  /// `count` levels evenly spaced in log₁₀ between `lower` and `upper` (both > 0), inclusive.
  public static func logLevels(from lower: Double, to upper: Double, count: Int) -> [Double] {
    precondition(lower > 0 && upper > lower && count >= 2)
    let a = log10(lower), b = log10(upper)
    return (0..<count).map { pow(10, a + (b - a) * Double($0) / Double(count - 1)) }
  }

  /// `count` levels evenly spaced between `lower` and `upper`, inclusive.
  public static func linearLevels(from lower: Double, to upper: Double, count: Int) -> [Double] {
    precondition(upper > lower && count >= 2)
    return (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
  }
}
