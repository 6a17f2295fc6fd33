#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LensStatistics

/// A line through (x, y); non-finite points (and, on a log axis, non-positive ones) break it.
public struct LineSeries: Sendable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: RGBColor
  public var width: Double = 1.4
  /// Dash lengths in points (empty: solid).
  public var dash: [Double] = []

  public init(label: String? = nil, x: [Double], y: [Double], color: RGBColor,
              width: Double = 1.4, dash: [Double] = []) {
    precondition(x.count == y.count, "a line needs one y per x")
    self.label = label; self.x = x; self.y = y; self.color = color; self.width = width; self.dash = dash
  }
}

/// A filled region between `lower` and `upper` over x, drawn translucent; broken where a
/// value is not finite.
public struct BandSeries: Sendable {
  public var x: [Double]
  public var lower: [Double]
  public var upper: [Double]
  public var color: RGBColor
  public var opacity: Double = 0.22

  public init(x: [Double], lower: [Double], upper: [Double], color: RGBColor, opacity: Double = 0.22) {
    precondition(x.count == lower.count && x.count == upper.count, "a band needs lower and upper per x")
    self.x = x; self.lower = lower; self.upper = upper; self.color = color; self.opacity = opacity
  }
}

/// An optimizer's path in a 2-D parameter space: a polyline with a dot at every iterate,
/// an arrowhead on every `arrowEvery`-th segment, a square at the start and a star-like
/// cross at the end.
public struct TrajectorySeries: Sendable {
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: RGBColor
  public var width: Double = 1.2
  public var markerRadius: Double = 1.6
  /// 0 draws no arrowheads.
  public var arrowEvery: Int = 1

  public init(label: String? = nil, x: [Double], y: [Double], color: RGBColor,
              width: Double = 1.2, markerRadius: Double = 1.6, arrowEvery: Int = 1) {
    precondition(x.count == y.count, "a trajectory needs one y per x")
    self.label = label; self.x = x; self.y = y; self.color = color
    self.width = width; self.markerRadius = markerRadius; self.arrowEvery = arrowEvery
  }
}

/// Contours of a scalar field at given levels: lines coloured by level through `colormap`
/// (or all in `lineColor`), optionally over colour-filled bands between consecutive levels.
public struct ContourSeries: Sendable {
  public var field: ScalarField
  public var levels: [Double]
  public var colormap: Colormap = .viridis
  /// Levels are placed on the colormap linearly or in log₁₀.
  public var norm: ColorNorm.Kind = .linear
  public var filled: Bool = false
  /// When set, every line is drawn in this colour instead of the colormap's.
  public var lineColor: RGBColor? = nil
  public var lineWidth: Double = 0.7

  public init(field: ScalarField, levels: [Double], colormap: Colormap = .viridis, norm: ColorNorm.Kind = .linear,
              filled: Bool = false, lineColor: RGBColor? = nil, lineWidth: Double = 0.7) {
    precondition(!levels.isEmpty && zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 },
                 "contour levels must increase strictly")
    self.field = field; self.levels = levels; self.colormap = colormap; self.norm = norm
    self.filled = filled; self.lineColor = lineColor; self.lineWidth = lineWidth
  }

  /// The colour norm spanning the levels.
  public var colorNorm: ColorNorm {
    ColorNorm(norm, lower: levels[0], upper: levels.count > 1 ? levels[levels.count - 1] : levels[0] * 10 + 1)
  }

  /// The fill colour of the band containing v: with k the number of levels ≤ v (0 … n),
  /// the colormap at 0.08 + 0.84 · k / n (so no band is pure white or the darkest end).
  public func fillColor(_ v: Double) -> RGBColor {
    guard v.isFinite else { return .missing }
    let k = levels.lastIndex(where: { $0 <= v }).map { $0 + 1 } ?? 0  // 0 … levels.count
    let t = Double(k) / Double(levels.count)
    return colormap.color(at: 0.08 + 0.84 * t)
  }
}

/// A grid of values drawn as coloured cells, with the columns and rows named by
/// categories (e.g. Granziol's learning rate × damping grids): `values[row][column]`;
/// row 0 is drawn at the bottom. Non-finite cells are drawn in `RGBColor.missing`.
public struct HeatmapSeries: Sendable {
  public var values: [[Double]]
  public var colormap: Colormap = .viridis
  public var norm: ColorNorm
  /// Print each cell's value (`Ticks.compact`) in black or white, whichever contrasts.
  public var annotate: Bool = true
  /// Decimals of the cell labels; nil: three significant digits (`Ticks.compact`).
  public var decimals: Int? = nil

  public init(values: [[Double]], colormap: Colormap = .viridis, norm: ColorNorm? = nil,
              scale: ColorNorm.Kind = .linear, annotate: Bool = true, decimals: Int? = nil) {
    precondition(!values.isEmpty && values.allSatisfy { $0.count == values[0].count && !$0.isEmpty },
                 "a heatmap needs a non-empty rectangular grid")
    self.values = values
    self.colormap = colormap
    self.norm = norm ?? ColorNorm.fitting(values.flatMap { $0 }, scale) ?? ColorNorm(.linear, lower: 0, upper: 1)
    self.annotate = annotate
    self.decimals = decimals
  }

  /// The printed label of a cell value ("–" for a cell without a finite value).
  public func label(_ v: Double) -> String {
    guard let d = decimals, v.isFinite else { return Ticks.compact(v) }
    return Ticks.format(v, step: pow(10, Double(-d)))
  }
}

/// One group of bars at categorical positions 0, 1, …: group `index` of `count` sits at
/// offset within each category's slot, with optional symmetric error bars (e.g. ± sd).
public struct BarSeries: Sendable {
  public var label: String?
  public var values: [Double]
  public var errors: [Double]?
  public var color: RGBColor
  public var index: Int
  public var count: Int

  public init(label: String? = nil, values: [Double], errors: [Double]? = nil, color: RGBColor,
              index: Int = 0, count: Int = 1) {
    precondition(errors == nil || errors!.count == values.count, "one error per bar")
    precondition(count >= 1 && index >= 0 && index < count)
    self.label = label; self.values = values; self.errors = errors; self.color = color
    self.index = index; self.count = count
  }
}

/// Box plots at categorical positions: per category the type-7 quartiles as a box, the
/// median as a line, whiskers to the furthest values within 1.5 IQR of the box, and the
/// remaining values as open circles.
public struct BoxSeries: Sendable {
  public var label: String?
  public var samples: [[Double]]
  public var color: RGBColor
  public var index: Int
  public var count: Int

  public init(label: String? = nil, samples: [[Double]], color: RGBColor, index: Int = 0, count: Int = 1) {
    precondition(count >= 1 && index >= 0 && index < count)
    self.label = label; self.samples = samples; self.color = color; self.index = index; self.count = count
  }

  /// (lower whisker, Q1, median, Q3, upper whisker, outliers) of the finite values of one sample.
  public static func summary(_ values: [Double]) -> (low: Double, q1: Double, median: Double, q3: Double, high: Double, outliers: [Double])? {
    let v = values.filter { $0.isFinite }.sorted()
    guard !v.isEmpty else { return nil }
    let q1 = Quantile.sorted(v, 0.25), med = Quantile.sorted(v, 0.5), q3 = Quantile.sorted(v, 0.75)
    let fence = 1.5 * (q3 - q1)
    let inside = v.filter { $0 >= q1 - fence && $0 <= q3 + fence }
    let outliers = v.filter { $0 < q1 - fence || $0 > q3 + fence }
    return (inside.first ?? q1, q1, med, q3, inside.last ?? q3, outliers)
  }
}

/// Isolated marked points (e.g. a function's minimum), drawn with a thin white outline so they
/// stand out on fills.
public struct MarkerSeries: Sendable {
  public enum Shape: Sendable, Hashable { case circle, square, star, cross }
  public var label: String?
  public var x: [Double]
  public var y: [Double]
  public var color: RGBColor
  public var shape: Shape
  /// Half the marker's width, in points.
  public var size: Double

  public init(label: String? = nil, x: [Double], y: [Double], color: RGBColor = .ink, shape: Shape = .star, size: Double = 4.5) {
    precondition(x.count == y.count, "markers need one y per x")
    self.label = label; self.x = x; self.y = y; self.color = color; self.shape = shape; self.size = size
  }
}

/// Anything drawn inside a panel, in drawing order.
public enum Series: Sendable {
  case line(LineSeries)
  case band(BandSeries)
  case trajectory(TrajectorySeries)
  case contour(ContourSeries)
  case heatmap(HeatmapSeries)
  case bars(BarSeries)
  case boxes(BoxSeries)
  case markers(MarkerSeries)
}
