import LensStatistics

/// One axis of a panel: its label, scale, optional fixed limits and, for a categorical axis
/// (bars, boxes, heatmaps), the category names at positions 0, 1, ….
public struct AxisSpec: Sendable {
  public var label: String?
  public var scale: AxisScale
  /// Fixed data limits; nil: fitted to the data.
  public var limits: (lower: Double, upper: Double)?
  public var categories: [String]?

  public init(label: String? = nil, scale: AxisScale = .linear, limits: (lower: Double, upper: Double)? = nil,
              categories: [String]? = nil) {
    if let l = limits {
      precondition(l.upper > l.lower, "axis limits need upper > lower")
      precondition(scale == .linear || l.lower > 0, "limits on a log axis must be positive")
    }
    self.label = label; self.scale = scale; self.limits = limits; self.categories = categories
  }
}

/// Where a panel's legend goes. `.best` tries the four inside corners in the order
/// upper right, upper left, lower left, lower right and takes the first that covers the
/// fewest data points. `.above` sets the entries in centred rows between the title and the
/// plot (room is made for them), so they can never hide data.
public enum LegendPlacement: Sendable, Hashable {
  case best, upperRight, upperLeft, lowerLeft, lowerRight, above, none
}

/// A colour bar beside a panel for a colormap and its norm.
public struct ColorBar: Sendable {
  public var colormap: Colormap
  public var norm: ColorNorm
  public var label: String?
  /// Discrete levels (contours) drawn as lines across the bar.
  public var levels: [Double]?

  public init(colormap: Colormap, norm: ColorNorm, label: String? = nil, levels: [Double]? = nil) {
    self.colormap = colormap; self.norm = norm; self.label = label; self.levels = levels
  }
}

/// One panel: axes with series, a title, a legend and an optional colour bar.
public struct Axes: Sendable {
  public var title: String?
  public var x: AxisSpec
  public var y: AxisSpec
  public var series: [Series] = []
  public var legend: LegendPlacement = .best
  public var colorBar: ColorBar?
  /// Light grid lines at the major ticks.
  public var grid: Bool = true
  /// Equal data units on both (linear) axes, e.g. for trajectories in a parameter plane; the
  /// plot shrinks along one side to achieve it.
  public var equalAspect: Bool = false

  public init(title: String? = nil, x: AxisSpec = AxisSpec(), y: AxisSpec = AxisSpec()) {
    self.title = title; self.x = x; self.y = y
  }

  /// Adds a series (drawn after those already added).
  public mutating func add(_ s: Series) { series.append(s) }

  /// Adds a bootstrap band and its centre line in one colour, the line labelled for the legend.
  public mutating func addBand(_ band: Band, label: String?, color: RGBColor, dash: [Double] = []) {
    add(.band(BandSeries(x: band.x, lower: band.lower, upper: band.upper, color: color)))
    add(.line(LineSeries(label: label, x: band.x, y: band.centre, color: color, dash: dash)))
  }

  /// Adds an optimizer's band with its palette colour and display name.
  public mutating func addOptimizer(_ name: String, band: Band) {
    addBand(band, label: OptimizerPalette.label(for: name), color: OptimizerPalette.color(for: name))
  }

  /// A legend entry: its label, colour, dash and whether it is drawn as a filled patch.
  /// A line's entry shows a band swatch behind it when a band of the same colour exists.
  struct LegendEntry {
    let label: String; let color: RGBColor; let dash: [Double]; let patch: Bool; let marker: Bool; let band: Bool
    /// A marker-only entry (no line) when set.
    var shape: MarkerSeries.Shape? = nil
  }

  var legendEntries: [LegendEntry] {
    let bandColors = series.compactMap { s -> RGBColor? in if case .band(let b) = s { return b.color }; return nil }
    return series.compactMap { s in
      switch s {
      case .line(let l):
        return l.label.map { LegendEntry(label: $0, color: l.color, dash: l.dash, patch: false, marker: false,
                                         band: bandColors.contains(l.color)) }
      case .trajectory(let t): return t.label.map { LegendEntry(label: $0, color: t.color, dash: [], patch: false, marker: true, band: false) }
      case .bars(let b): return b.label.map { LegendEntry(label: $0, color: b.color, dash: [], patch: true, marker: false, band: false) }
      case .markers(let m): return m.label.map { LegendEntry(label: $0, color: m.color, dash: [], patch: false, marker: true, band: false, shape: m.shape) }
      case .boxes(let b): return b.label.map { LegendEntry(label: $0, color: b.color, dash: [], patch: true, marker: false, band: false) }
      case .band, .contour, .heatmap: return nil
      }
    }
  }
}
