/// A panel legend: one row per labelled series, in the order the series were added, on a
/// translucent white box in a corner of the plot.
extension PanelLayout {
  /// The page points of a polyline, with extra points every 4 pt along each segment so that
  /// a long straight piece still counts where it passes.
  func densified(_ x: [Double], _ y: [Double]) -> [Point] {
    let pts = zip(x, y).map { point($0, $1) }
    var out: [Point] = []
    for (i, p) in pts.enumerated() {
      out.append(p)
      guard i + 1 < pts.count, finite(p), finite(pts[i + 1]) else { continue }
      let q = pts[i + 1], len = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
      let n = min(1000, Int(len / 4))
      if n >= 1 { for k in 1...n { let t = Double(k) / Double(n + 1); out.append(Point(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y))) } }
    }
    return out
  }

  /// Data points (page coordinates) the legend should avoid covering.
  func dataPoints(_ axes: Axes) -> [Point] {
    var pts: [Point] = []
    for s in axes.series {
      switch s {
      case .line(let l): pts += densified(l.x, l.y)
      case .band(let b): pts += densified(b.x, b.lower) + densified(b.x, b.upper)
      case .trajectory(let t): pts += densified(t.x, t.y)
      case .bars(let b):
        for (k, v) in b.values.enumerated() {
          let c = PanelLayout.slot(k, index: b.index, count: b.count).centre
          let base = yMap.scale == .log ? yMap.lower : max(yMap.lower, min(0, yMap.upper))
          for f in stride(from: 0.0, through: 1.0, by: 0.1) { pts.append(point(c, base + (v - base) * f)) }
        }
      case .boxes(let b):
        for (k, sample) in b.samples.enumerated() {
          let c = PanelLayout.slot(k, index: b.index, count: b.count).centre
          pts += sample.map { point(c, $0) }
        }
      case .markers(let m): pts += zip(m.x, m.y).map { point($0, $1) }
      case .contour, .heatmap: break
      }
    }
    return pts.filter(finite)
  }

  static let swatchWidth = 14.0

  /// Entries with their widths, broken into rows no wider than `width` (for `.above`).
  static func legendRows(_ entries: [Axes.LegendEntry], width: Double, canvas: Canvas, style: PlotStyle) -> [[(Axes.LegendEntry, Double)]] {
    var rows: [[(Axes.LegendEntry, Double)]] = [], row: [(Axes.LegendEntry, Double)] = [], used = 0.0
    for e in entries {
      let w = swatchWidth + 4 + canvas.textWidth(e.label, size: style.legendFontSize) + 12
      if !row.isEmpty && used + w > width { rows.append(row); row = []; used = 0 }
      row.append((e, w)); used += w
    }
    if !row.isEmpty { rows.append(row) }
    return rows
  }

  /// One legend entry's swatch and label, vertically centred on `cy`, starting at `sx`.
  func drawEntry(_ e: Axes.LegendEntry, sx: Double, cy: Double, canvas: Canvas, style: PlotStyle) {
    let size = style.legendFontSize, swatch = PanelLayout.swatchWidth
    if let shape = e.shape {
      PanelLayout.drawMarker(shape, at: Point(x: sx + swatch / 2, y: cy), size: size * 0.5, color: e.color, canvas: canvas)
    } else if e.patch {
      canvas.fillRect(Rect(x: sx + 2, y: cy - size * 0.38, width: swatch - 4, height: size * 0.76), e.color.withAlpha(0.85))
    } else {
      if e.band { canvas.fillRect(Rect(x: sx, y: cy - size * 0.45, width: swatch, height: size * 0.9), e.color.withAlpha(0.22)) }
      canvas.polyline([Point(x: sx, y: cy), Point(x: sx + swatch, y: cy)], e.color, width: 1.5, dash: e.dash, round: false)
      if e.marker { canvas.circle(Point(x: sx + swatch / 2, y: cy), radius: 2, fill: e.color, stroke: nil) }
    }
    canvas.text(e.label, at: Point(x: sx + swatch + 4, y: cy), size: size, h: 0, v: .centre)
  }

  /// The legend's box for the inside placements (nil for `.above`, `.none` or no entries).
  func insideLegendBox(_ axes: Axes, canvas: Canvas, style: PlotStyle) -> Rect? {
    let entries = axes.legendEntries
    guard !entries.isEmpty, axes.legend != .none, axes.legend != .above else { return nil }
    let size = style.legendFontSize, rowHeight = size * 1.45, swatch = PanelLayout.swatchWidth, pad = 4.0
    let textWidth = entries.map { canvas.textWidth($0.label, size: size) }.max() ?? 0
    let w = pad + swatch + 4 + textWidth + pad, h = pad * 2 + rowHeight * Double(entries.count) - (rowHeight - size * 1.1)
    let inset = 5.0
    let corners: [LegendPlacement] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
    func rect(_ c: LegendPlacement) -> Rect {
      let left = plot.x + inset, right = plot.maxX - inset - w, top = plot.y + inset, bottom = plot.maxY - inset - h
      switch c {
      case .upperLeft: return Rect(x: left, y: top, width: w, height: h)
      case .lowerLeft: return Rect(x: left, y: bottom, width: w, height: h)
      case .lowerRight: return Rect(x: right, y: bottom, width: w, height: h)
      default: return Rect(x: right, y: top, width: w, height: h)
      }
    }
    var box = rect(axes.legend)
    if axes.legend == .best {
      let pts = dataPoints(axes)
      var best = (count: Int.max, rect: box)
      for c in corners {
        let r = rect(c)
        let n = pts.filter { r.contains($0) }.count
        if n < best.count { best = (n, r) }
      }
      box = best.rect
    }
    return box
  }

  func drawLegend(_ axes: Axes, canvas: Canvas, style: PlotStyle) {
    let entries = axes.legendEntries
    guard !entries.isEmpty, axes.legend != .none else { return }
    let size = style.legendFontSize, rowHeight = size * 1.45, pad = 4.0
    if axes.legend == .above {
      let rows = PanelLayout.legendRows(entries, width: cell.width - 8, canvas: canvas, style: style)
      for (i, row) in rows.enumerated() {
        let total = row.reduce(0) { $0 + $1.1 } - 12
        var x = plot.x + plot.width / 2 - total / 2
        let cy = plot.y - 3 - rowHeight * (Double(rows.count - i) - 0.5)
        for (e, w) in row { drawEntry(e, sx: x, cy: cy, canvas: canvas, style: style); x += w }
      }
      return
    }
    guard let box = insideLegendBox(axes, canvas: canvas, style: style) else { return }
    canvas.fillRect(box, RGBColor.white.withAlpha(0.88))
    canvas.strokeRect(box, RGBColor(hex: 0xBBBBBB), width: 0.5)
    for (i, e) in entries.enumerated() {
      drawEntry(e, sx: box.x + pad, cy: box.y + pad + size * 0.55 + rowHeight * Double(i), canvas: canvas, style: style)
    }
  }
}
