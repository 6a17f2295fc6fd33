#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data limits of one axis, fitted to the data unless fixed.
///
/// Fitting: the extent of the finite values the series put on the axis (for a log axis, the
/// positive ones). Lines and bands fit x tightly (curves run edge to edge); everything else
/// gets 4 % padding on each side (in log₁₀ on a log axis). Contour and heatmap panels are tight.
/// Bars include 0. Categorical axes span −½ … n − ½. An empty axis gets [0, 1] (log: [1, 10]).
struct AxisLimits {
  static func resolve(_ spec: AxisSpec, values: [Double], tight: Bool, includeZero: Bool) -> (Double, Double) {
    if let c = spec.categories { return (-0.5, Double(max(c.count, 1)) - 0.5) }
    if let l = spec.limits { return (l.lower, l.upper) }
    var v = values.filter { $0.isFinite && (spec.scale == .linear || $0 > 0) }
    if includeZero && spec.scale == .linear { v.append(0) }
    guard var lo = v.min(), var hi = v.max() else { return spec.scale == .log ? (1, 10) : (0, 1) }
    switch spec.scale {
    case .linear:
      if hi == lo { lo -= 0.5 * max(abs(lo), 1); hi += 0.5 * max(abs(hi), 1) }
      if !tight {
        let pad = 0.04 * (hi - lo)
        if !(includeZero && lo == 0) { lo -= pad }
        hi += pad
      }
    case .log:
      var a = log10(lo), b = log10(hi)
      if b == a { a -= 0.5; b += 0.5 } else if tight { break }  // keep the exact data ends
      if !tight { let pad = 0.04 * (b - a); a -= pad; b += pad }
      lo = pow(10, a); hi = pow(10, b)
    }
    return (lo, hi)
  }
}

/// A panel's resolved geometry: the plot rectangle, the axis maps and the ticks.
struct PanelLayout {
  let cell: Rect
  let plot: Rect
  let xMap: AxisMapping
  let yMap: AxisMapping
  let xTicks: [Tick]
  let yTicks: [Tick]
  let colorBar: Rect?

  /// The data values each axis must show, and whether fitting is tight.
  static func dataExtent(_ axes: Axes) -> (x: [Double], y: [Double], tightX: Bool, tightY: Bool, zeroY: Bool) {
    var xs: [Double] = [], ys: [Double] = []
    var tightX = true, tightY = false, zeroY = false
    for s in axes.series {
      switch s {
      case .line(let l): xs += l.x; ys += l.y
      case .band(let b): xs += b.x; ys += b.lower; ys += b.upper
      case .trajectory(let t): xs += t.x; ys += t.y; tightX = false
      case .contour(let c):
        xs += [c.field.x.first!, c.field.x.last!]; ys += [c.field.y.first!, c.field.y.last!]
      case .heatmap: break
      case .bars(let b):
        zeroY = true
        for (i, v) in b.values.enumerated() { let e = b.errors?[i] ?? 0; ys += [v - e, v + e] }
      case .boxes(let b): ys += b.samples.flatMap { $0 }
      case .markers(let m): xs += m.x; ys += m.y; tightX = false
      }
    }
    let gridded = axes.series.contains { if case .contour = $0 { return true }; if case .heatmap = $0 { return true }; return false }
    if gridded { tightX = true; tightY = true }
    return (xs, ys, tightX, tightY, zeroY)
  }

  /// Lays out a panel inside `cell`: margins sized from the measured tick labels, axis labels,
  /// title and colour bar, so nothing overlaps.
  static func make(_ axes: Axes, cell: Rect, canvas: Canvas, style: PlotStyle) -> PanelLayout {
    let ext = dataExtent(axes)
    let (x0, x1) = AxisLimits.resolve(axes.x, values: ext.x, tight: ext.tightX, includeZero: false)
    let (y0, y1) = AxisLimits.resolve(axes.y, values: ext.y, tight: ext.tightY, includeZero: ext.zeroY)

    let tickSpace = style.tickLength + 2.5
    var top = axes.title != nil ? style.titleFontSize * 1.9 : 6
    if axes.legend == .above {
      let rows = PanelLayout.legendRows(axes.legendEntries, width: cell.width - 8, canvas: canvas, style: style)
      if !rows.isEmpty { top += Double(rows.count) * style.legendFontSize * 1.45 + 3 }
    }
    let xLabelSpace = axes.x.label != nil ? style.labelFontSize * 1.45 : 0
    let bottom = tickSpace + style.tickFontSize * 1.25 + xLabelSpace + 3

    // Y ticks depend on the plot height only, so they can be measured before the width is known.
    let plotHeight = max(20, cell.height - top - bottom)
    let yTicks = categoricalTicks(axes.y) ?? fitTicks(axes.y.scale, y0, y1, length: plotHeight, spacing: 28)
    let yLabelWidth = yTicks.map { canvas.textWidth($0.label, size: style.tickFontSize) }.max() ?? 0
    let yAxisLabelSpace = axes.y.label != nil ? style.labelFontSize * 1.5 : 0
    let left = 3 + yAxisLabelSpace + yLabelWidth + tickSpace

    var right = 8.0
    var barRect: Rect? = nil
    if let bar = axes.colorBar {
      let ticks = Ticks.ticks(bar.norm.kind == .log ? .log : .linear, lower: bar.norm.lower, upper: bar.norm.upper, target: 5)
      let labelWidth = ticks.map { canvas.textWidth($0.label, size: style.tickFontSize) }.max() ?? 0
      let barWidth = 9.0, gap = 8.0
      let needed = gap + barWidth + style.tickLength + 2.5 + labelWidth + (bar.label != nil ? style.labelFontSize * 1.6 : 0) + 4
      right = needed
      barRect = Rect(x: cell.maxX - needed + gap, y: cell.y + top, width: barWidth, height: plotHeight)
    }
    var plot = Rect(x: cell.x + left, y: cell.y + top, width: max(20, cell.width - left - right), height: plotHeight)
    if axes.equalAspect && axes.x.scale == .linear && axes.y.scale == .linear && x1 > x0 && y1 > y0 {
      // One data unit is as long on both axes: shrink the wider side, keeping the top-left corner.
      let ratio = (x1 - x0) / (y1 - y0)
      if plot.width / plot.height > ratio { plot.width = plot.height * ratio } else { plot.height = plot.width / ratio }
      if var bar = barRect { bar.x = plot.maxX + 8; bar.height = plot.height; barRect = bar }
    }
    let xTicks = categoricalTicks(axes.x) ?? fitXTicks(axes.x.scale, x0, x1, width: plot.width, canvas: canvas, style: style)
    return PanelLayout(cell: cell, plot: plot,
                       xMap: AxisMapping(scale: axes.x.scale, lower: x0, upper: x1, start: plot.x, end: plot.maxX),
                       yMap: AxisMapping(scale: axes.y.scale, lower: y0, upper: y1, start: plot.maxY, end: plot.y),
                       xTicks: xTicks, yTicks: yTicks, colorBar: barRect)
  }

  static func categoricalTicks(_ spec: AxisSpec) -> [Tick]? {
    spec.categories.map { cats in cats.enumerated().map { Tick(value: Double($0.offset), label: $0.element, major: true) } }
  }

  /// Ticks inside [lo, hi] with about one major tick per `spacing` points.
  static func fitTicks(_ scale: AxisScale, _ lo: Double, _ hi: Double, length: Double, spacing: Double) -> [Tick] {
    let target = max(2, min(8, Int(length / spacing)))
    return Ticks.ticks(scale, lower: lo, upper: hi, target: target).filter { $0.value >= lo - 1e-12 * abs(lo) && $0.value <= hi + 1e-12 * abs(hi) }
  }

  /// X ticks whose labels do not collide: the most ticks (up to 8) whose labels keep 6 pt apart.
  static func fitXTicks(_ scale: AxisScale, _ lo: Double, _ hi: Double, width: Double, canvas: Canvas, style: PlotStyle) -> [Tick] {
    let map = AxisMapping(scale: scale, lower: lo, upper: hi, start: 0, end: width)
    var target = max(2, min(8, Int(width / 30)))
    while true {
      let ticks = Ticks.ticks(scale, lower: lo, upper: hi, target: target).filter { map.contains($0.value) }
      let labelled = ticks.filter { !$0.label.isEmpty }.sorted { $0.value < $1.value }
      var fits = true
      for (a, b) in zip(labelled, labelled.dropFirst()) {
        let gap = map.position(b.value) - map.position(a.value)
        let need = (canvas.textWidth(a.label, size: style.tickFontSize) + canvas.textWidth(b.label, size: style.tickFontSize)) / 2 + 6
        if gap < need { fits = false; break }
      }
      if fits || target <= 2 { return ticks }
      target -= 1
    }
  }

  /// Page point of a data point (NaN coordinates if it cannot be shown).
  func point(_ x: Double, _ y: Double) -> Point { Point(x: xMap.position(x), y: yMap.position(y)) }
}
