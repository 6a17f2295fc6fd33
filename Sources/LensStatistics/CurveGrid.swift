#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LensCore

/// A declared grid of x values (steps, epochs or wall-clock seconds) on which runs are
/// compared, and the stated rule that puts a curve onto it.
///
/// Alignment of a curve with points (xᵢ, yᵢ) at a grid point g:
/// * **before the first recorded x** (g < x₁): NaN, "missing" — the run has no value yet, and
///   statistics at g use the other runs only;
/// * **at or after the divergence point**: +∞ (see `Curve`) under the default
///   `DivergencePolicy.infinite`; under `.carryLastFinite` the run is treated as if it had
///   stopped at its last finite point, whose value is carried forward — close to the AdamQLR
///   authors' plotting code, which keeps each run's last finite loss. The divergence is still
///   recorded (`AlignedRuns.divergedAt`, `Summary.divergenceRate`) either way;
/// * `.lastValueCarriedForward`: the y of the last recorded point with xᵢ ≤ g (a step function,
///   what a logger that records "the loss so far" means);
/// * `.linear`: linear interpolation between the recorded points that bracket g
///   (yᵢ + (g − xᵢ)/(xᵢ₊₁ − xᵢ)·(yᵢ₊₁ − yᵢ)); between the last finite point and the divergence
///   point the last finite value is carried;
/// * **after the last recorded x** (a run that finished early, typical on a wall-clock grid):
///   both rules carry the final value forward — the run's result stands.
public struct CurveGrid: Sendable, Equatable {
  /// How a curve's recorded points become values on the grid (see the type's documentation).
  public enum Alignment: String, Sendable, Equatable {
    case lastValueCarriedForward
    case linear
  }

  /// What a run's values become from its divergence point on (see the type's documentation).
  public enum DivergencePolicy: String, Sendable, Equatable {
    case infinite
    case carryLastFinite
  }

  /// What the grid's x measures; carried for axis labels and reports.
  public enum Axis: String, Sendable, Equatable {
    case steps, epochs, seconds
  }

  public let points: [Double]
  public let alignment: Alignment
  public let axis: Axis
  public let divergence: DivergencePolicy

  /// - Throws: `LensError.badInput` if `points` is empty, not finite or not strictly increasing.
  public init(points: [Double], alignment: Alignment, axis: Axis = .steps,
              divergence: DivergencePolicy = .infinite) throws {
    guard !points.isEmpty else { throw LensError.badInput("CurveGrid: no grid points") }
    for i in points.indices {
      guard points[i].isFinite else { throw LensError.badInput("CurveGrid: point \(i) is not finite") }
      if i > 0 && !(points[i] > points[i - 1]) {
        throw LensError.badInput("CurveGrid: points must increase strictly (at index \(i))")
      }
    }
    self.points = points
    self.alignment = alignment
    self.axis = axis
    self.divergence = divergence
  }

  /// `count` evenly spaced points from `lower` to `upper` inclusive (count ≥ 2).
  public static func evenlySpaced(from lower: Double, to upper: Double, count: Int,
                                  alignment: Alignment, axis: Axis = .steps,
                                  divergence: DivergencePolicy = .infinite) throws -> CurveGrid {
    guard count >= 2, upper > lower else {
      throw LensError.badInput("CurveGrid.evenlySpaced needs count ≥ 2 and upper > lower")
    }
    let pts = (0..<count).map { i in i == count - 1 ? upper : lower + (upper - lower) * Double(i) / Double(count - 1) }
    return try CurveGrid(points: pts, alignment: alignment, axis: axis, divergence: divergence)
  }

  /// `count` logarithmically spaced points from `lower` to `upper` inclusive (0 < lower < upper).
  public static func logSpaced(from lower: Double, to upper: Double, count: Int,
                               alignment: Alignment, axis: Axis = .steps,
                               divergence: DivergencePolicy = .infinite) throws -> CurveGrid {
    guard count >= 2, lower > 0, upper > lower else {
      throw LensError.badInput("CurveGrid.logSpaced needs count ≥ 2 and 0 < lower < upper")
    }
    let a = log10(lower), b = log10(upper)
    let pts = (0..<count).map { i -> Double in
      if i == 0 { return lower }
      if i == count - 1 { return upper }
      return pow(10, a + (b - a) * Double(i) / Double(count - 1))
    }
    return try CurveGrid(points: pts, alignment: alignment, axis: axis, divergence: divergence)
  }

  /// The curve's values on this grid, by the rules in the type's documentation.
  public func align(_ curve: Curve) -> [Double] {
    let n = curve.finitePrefixCount
    var out = [Double](repeating: .nan, count: points.count)
    var i = 0  // index of the last recorded finite point with x ≤ g
    for (k, g) in points.enumerated() {
      if curve.hasDiverged(by: g) && divergence == .infinite { out[k] = .infinity; continue }
      if n == 0 || g < curve.x[0] { continue }  // missing
      while i + 1 < n && curve.x[i + 1] <= g { i += 1 }
      let xi = curve.x[i], yi = curve.y[i]
      switch alignment {
      case .lastValueCarriedForward:
        out[k] = yi
      case .linear:
        if g == xi || i + 1 >= n {
          out[k] = yi
        } else {
          let x1 = curve.x[i + 1], y1 = curve.y[i + 1]
          out[k] = yi + (g - xi) / (x1 - xi) * (y1 - yi)
        }
      }
    }
    return out
  }

  /// Every run aligned on this grid.
  public func align(_ runs: [Curve]) -> AlignedRuns {
    AlignedRuns(grid: self, values: runs.map(align), divergedAt: runs.map(\.divergedAt))
  }
}
