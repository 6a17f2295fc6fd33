#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drawing of each series kind inside a panel's (clipped) plot rectangle.
extension PanelLayout {
  /// Splits indices into maximal runs where `ok` holds (used to break lines at gaps).
  static func runs(_ n: Int, _ ok: (Int) -> Bool) -> [Range<Int>] {
    var out: [Range<Int>] = [], start: Int? = nil
    for i in 0..<n {
      if ok(i) { if start == nil { start = i } } else if let s = start { out.append(s..<i); start = nil }
    }
    if let s = start { out.append(s..<n) }
    return out
  }

  func finite(_ p: Point) -> Bool { p.x.isFinite && p.y.isFinite }

  func draw(_ series: Series, canvas: Canvas, style: PlotStyle) {
    switch series {
    case .line(let l): drawLine(l, canvas)
    case .band(let b): drawBand(b, canvas)
    case .trajectory(let t): drawTrajectory(t, canvas)
    case .contour(let c): drawContour(c, canvas)
    case .heatmap(let h): drawHeatmap(h, canvas, style)
    case .bars(let b): drawBars(b, canvas)
    case .boxes(let b): drawBoxes(b, canvas)
    case .markers(let m): for (x, y) in zip(m.x, m.y) { PanelLayout.drawMarker(m.shape, at: point(x, y), size: m.size, color: m.color, canvas: canvas) }
    }
  }

  /// One marker centred on `p`, `size` points from centre to tip.
  static func drawMarker(_ shape: MarkerSeries.Shape, at p: Point, size: Double, color: RGBColor, canvas: Canvas) {
    guard p.x.isFinite && p.y.isFinite else { return }
    switch shape {
    case .circle: canvas.circle(p, radius: size, fill: color, stroke: .white, width: 0.7)
    case .square:
      let r = Rect(x: p.x - size, y: p.y - size, width: 2 * size, height: 2 * size)
      canvas.fillRect(r, color); canvas.strokeRect(r, .white, width: 0.7)
    case .star:
      // Five outer points at radius `size`, inner points at 0.42 · size.
      let pts = (0..<10).map { i -> Point in
        let a = -Double.pi / 2 + Double(i) * Double.pi / 5, r = i % 2 == 0 ? size : 0.42 * size
        return Point(x: p.x + r * cos(a), y: p.y + r * sin(a))
      }
      canvas.fillPolygon(pts, color)
      canvas.polyline(pts + [pts[0]], .white, width: 0.5)
    case .cross:
      let d = size * 0.8
      canvas.polyline([Point(x: p.x - d, y: p.y - d), Point(x: p.x + d, y: p.y + d)], color, width: 1.6)
      canvas.polyline([Point(x: p.x - d, y: p.y + d), Point(x: p.x + d, y: p.y - d)], color, width: 1.6)
    }
  }

  func drawLine(_ l: LineSeries, _ canvas: Canvas) {
    let pts = zip(l.x, l.y).map { point($0, $1) }
    for r in PanelLayout.runs(pts.count, { finite(pts[$0]) }) {
      if r.count == 1 { canvas.circle(pts[r.lowerBound], radius: l.width, fill: l.color, stroke: nil) }
      canvas.polyline(Array(pts[r]), l.color, width: l.width, dash: l.dash)
    }
  }

  func drawBand(_ b: BandSeries, _ canvas: Canvas) {
    let upper = zip(b.x, b.upper).map { point($0, $1) }
    let lower = zip(b.x, b.lower).map { point($0, $1) }
    for r in PanelLayout.runs(b.x.count, { finite(upper[$0]) && finite(lower[$0]) }) where r.count >= 2 {
      canvas.fillPolygon(Array(upper[r]) + Array(lower[r]).reversed(), b.color.withAlpha(b.opacity * b.color.alpha))
    }
  }

  func drawTrajectory(_ t: TrajectorySeries, _ canvas: Canvas) {
    let pts = zip(t.x, t.y).map { point($0, $1) }.filter(finite)
    guard let first = pts.first, let last = pts.last else { return }
    canvas.polyline(pts, t.color, width: t.width)
    if t.arrowEvery > 0 {
      for i in stride(from: 0, to: pts.count - 1, by: t.arrowEvery) {
        let a = pts[i], b = pts[i + 1]
        let dx = b.x - a.x, dy = b.y - a.y, len = (dx * dx + dy * dy).squareRoot()
        guard len >= 9 else { continue }
        let ux = dx / len, uy = dy / len, size = 2.2 + 1.6 * t.width
        let tip = Point(x: a.x + dx * 0.55 + ux * size / 2, y: a.y + dy * 0.55 + uy * size / 2)
        let base = Point(x: tip.x - ux * size, y: tip.y - uy * size)
        canvas.fillPolygon([tip, Point(x: base.x - uy * size * 0.5, y: base.y + ux * size * 0.5),
                            Point(x: base.x + uy * size * 0.5, y: base.y - ux * size * 0.5)], t.color)
      }
    }
    if t.markerRadius > 0 {
      for p in pts.dropFirst().dropLast() { canvas.circle(p, radius: t.markerRadius, fill: t.color, stroke: nil) }
    }
    let s = t.markerRadius + 1.4
    canvas.fillRect(Rect(x: first.x - s, y: first.y - s, width: 2 * s, height: 2 * s), t.color)
    canvas.strokeRect(Rect(x: first.x - s, y: first.y - s, width: 2 * s, height: 2 * s), .white, width: 0.6)
    canvas.circle(last, radius: t.markerRadius + 1.8, fill: t.color, stroke: .white, width: 0.8)
  }

  func drawContour(_ c: ContourSeries, _ canvas: Canvas) {
    if c.filled {
      // Sample the field at about 2 samples per point, colouring each sample by its band.
      let w = max(2, Int(plot.width * 2)), h = max(2, Int(plot.height * 2))
      var pixels = [RGBColor](repeating: .white, count: w * h)
      let xs = (0..<w).map { xMap.scale.inverse(xMap.scale.transform(xMap.lower) + (Double($0) + 0.5) / Double(w) * (xMap.scale.transform(xMap.upper) - xMap.scale.transform(xMap.lower))) }
      for row in 0..<h {
        let fy = 1 - (Double(row) + 0.5) / Double(h)
        let yv = yMap.scale.inverse(yMap.scale.transform(yMap.lower) + fy * (yMap.scale.transform(yMap.upper) - yMap.scale.transform(yMap.lower)))
        for col in 0..<w { pixels[row * w + col] = c.fillColor(c.field.value(atX: xs[col], y: yv)) }
      }
      canvas.image(width: w, height: h, pixels: pixels, in: plot)
    }
    let norm = c.colorNorm
    for level in c.levels {
      let color = c.lineColor ?? (c.filled ? RGBColor.ink.withAlpha(0.35) : c.colormap.color(at: 0.9 * norm.position(level)))
      let pieces = MarchingSquares.segments(c.field, level: level)
        .map { (point($0.x0, $0.y0), point($0.x1, $0.y1)) }
        .filter { finite($0.0) && finite($0.1) }
      canvas.segments(pieces, color, width: c.lineWidth)
    }
  }

  func drawHeatmap(_ h: HeatmapSeries, _ canvas: Canvas, _ style: PlotStyle) {
    for (i, row) in h.values.enumerated() {
      for (j, v) in row.enumerated() {
        let a = point(Double(j) - 0.5, Double(i) - 0.5), b = point(Double(j) + 0.5, Double(i) + 0.5)
        let r = Rect(x: min(a.x, b.x), y: min(a.y, b.y), width: abs(b.x - a.x), height: abs(b.y - a.y))
        let color = h.colormap.color(at: h.norm.position(v))
        canvas.fillRect(r, color)
        canvas.strokeRect(r, .white, width: 0.5)
        if h.annotate {
          let label = h.label(v)
          var size = min(style.tickFontSize, r.height * 0.42)
          let w = canvas.textWidth(label, size: size)
          if w > r.width * 0.9 { size *= r.width * 0.9 / w }
          if size >= 4 {
            canvas.text(label, at: Point(x: r.x + r.width / 2, y: r.y + r.height / 2), size: size,
                        color: color.luminance > 0.5 ? .ink : .white, h: 0.5, v: .centre)
          }
        }
      }
    }
  }

  /// The centre and width of group `index` of `count` within a category slot of width 0.8.
  static func slot(_ category: Int, index: Int, count: Int) -> (centre: Double, width: Double) {
    let w = 0.8 / Double(count)
    return (Double(category) - 0.4 + (Double(index) + 0.5) * w, w)
  }

  func drawBars(_ b: BarSeries, _ canvas: Canvas) {
    let base = yMap.scale == .log ? yMap.lower : max(yMap.lower, min(0, yMap.upper))
    for (k, v) in b.values.enumerated() where v.isFinite {
      let s = PanelLayout.slot(k, index: b.index, count: b.count)
      let a = point(s.centre - s.width * 0.45, base), c = point(s.centre + s.width * 0.45, v)
      guard finite(a) && finite(c) else { continue }
      let r = Rect(x: a.x, y: min(a.y, c.y), width: c.x - a.x, height: abs(c.y - a.y))
      canvas.fillRect(r, b.color.withAlpha(0.85))
      if let e = b.errors?[k], e.isFinite, e > 0 {
        let lo = point(s.centre, v - e), hi = point(s.centre, v + e)
        if finite(lo) && finite(hi) {
          canvas.line(lo, hi, .ink, width: 0.8)
          let cap = min(3, r.width * 0.3)
          canvas.line(Point(x: lo.x - cap, y: lo.y), Point(x: lo.x + cap, y: lo.y), .ink, width: 0.8)
          canvas.line(Point(x: hi.x - cap, y: hi.y), Point(x: hi.x + cap, y: hi.y), .ink, width: 0.8)
        }
      }
    }
  }

  func drawBoxes(_ b: BoxSeries, _ canvas: Canvas) {
    for (k, sample) in b.samples.enumerated() {
      guard let q = BoxSeries.summary(sample) else { continue }
      let s = PanelLayout.slot(k, index: b.index, count: b.count)
      let half = s.width * 0.35
      let tl = point(s.centre - half, q.q3), br = point(s.centre + half, q.q1)
      guard finite(tl) && finite(br) else { continue }
      let r = Rect(x: tl.x, y: tl.y, width: br.x - tl.x, height: br.y - tl.y)
      canvas.line(point(s.centre, q.low), point(s.centre, q.q1), b.color, width: 0.8)
      canvas.line(point(s.centre, q.q3), point(s.centre, q.high), b.color, width: 0.8)
      for w in [q.low, q.high] {
        canvas.line(point(s.centre - half / 2, w), point(s.centre + half / 2, w), b.color, width: 0.8)
      }
      canvas.fillRect(r, b.color.withAlpha(0.3))
      canvas.strokeRect(r, b.color, width: 0.9)
      canvas.line(point(s.centre - half, q.median), point(s.centre + half, q.median), b.color, width: 1.6)
      for o in q.outliers { canvas.circle(point(s.centre, o), radius: 1.6, fill: nil, stroke: b.color, width: 0.7) }
    }
  }
}
