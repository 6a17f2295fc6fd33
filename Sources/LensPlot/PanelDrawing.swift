/// Drawing of a whole panel: grid, series (clipped to the plot), frame, ticks, labels,
/// title, legend and colour bar.
extension PanelLayout {
  func draw(_ axes: Axes, canvas: Canvas, style: PlotStyle) {
    let majorX = xTicks.filter { $0.major }, majorY = yTicks.filter { $0.major }
    if axes.grid && axes.x.categories == nil && axes.y.categories == nil {
      for t in majorX { let x = xMap.position(t.value); canvas.line(Point(x: x, y: plot.y), Point(x: x, y: plot.maxY), .grid, width: 0.5) }
      for t in majorY { let y = yMap.position(t.value); canvas.line(Point(x: plot.x, y: y), Point(x: plot.maxX, y: y), .grid, width: 0.5) }
    } else if axes.grid && axes.y.categories == nil {
      for t in majorY { let y = yMap.position(t.value); canvas.line(Point(x: plot.x, y: y), Point(x: plot.maxX, y: y), .grid, width: 0.5) }
    }
    canvas.save()
    canvas.clip(plot)
    for s in axes.series { draw(s, canvas: canvas, style: style) }
    canvas.restore()
    canvas.strokeRect(plot, .ink, width: style.frameWidth)

    for t in xTicks where xMap.contains(t.value) {
      let x = xMap.position(t.value), len = t.major ? style.tickLength : style.minorTickLength
      canvas.line(Point(x: x, y: plot.maxY), Point(x: x, y: plot.maxY + len), .ink, width: style.frameWidth)
      canvas.text(t.label, at: Point(x: x, y: plot.maxY + style.tickLength + 2.5), size: style.tickFontSize, h: 0.5, v: .top)
    }
    for t in yTicks where yMap.contains(t.value) {
      let y = yMap.position(t.value), len = t.major ? style.tickLength : style.minorTickLength
      canvas.line(Point(x: plot.x - len, y: y), Point(x: plot.x, y: y), .ink, width: style.frameWidth)
      canvas.text(t.label, at: Point(x: plot.x - style.tickLength - 2.5, y: y), size: style.tickFontSize, h: 1, v: .centre)
    }
    if let label = axes.x.label {
      canvas.text(label, at: Point(x: plot.x + plot.width / 2, y: plot.maxY + style.tickLength + 2.5 + style.tickFontSize * 1.25 + style.labelFontSize * 1.1),
                  size: style.labelFontSize, h: 0.5, v: .baseline)
    }
    if let label = axes.y.label {
      canvas.text(label, at: Point(x: cell.x + 3 + style.labelFontSize * 0.75, y: plot.y + plot.height / 2),
                  size: style.labelFontSize, h: 0.5, v: .centre, angle: Double.pi / 2)
    }
    if let title = axes.title {
      canvas.text(title, at: Point(x: plot.x + plot.width / 2, y: cell.y + style.titleFontSize * 1.2),
                  size: style.titleFontSize, h: 0.5, v: .baseline, bold: true)
    }
    drawLegend(axes, canvas: canvas, style: style)
    if let bar = axes.colorBar, let r = colorBar { drawColorBar(bar, in: r, canvas: canvas, style: style) }
  }

  func drawColorBar(_ bar: ColorBar, in r: Rect, canvas: Canvas, style: PlotStyle) {
    canvas.verticalGradient(r, bar.colormap)
    let map = AxisMapping(scale: bar.norm.kind == .log ? .log : .linear, lower: bar.norm.lower, upper: bar.norm.upper,
                          start: r.maxY, end: r.y)
    if let levels = bar.levels {
      for l in levels where map.contains(l) {
        let y = map.position(l)
        canvas.line(Point(x: r.x, y: y), Point(x: r.maxX, y: y), RGBColor.white.withAlpha(0.7), width: 0.5)
      }
    }
    canvas.strokeRect(r, .ink, width: style.frameWidth)
    let ticks = Ticks.ticks(map.scale, lower: bar.norm.lower, upper: bar.norm.upper, target: max(2, min(6, Int(r.height / 30))))
    var labelRight = r.maxX
    for t in ticks where map.contains(t.value) {
      let y = map.position(t.value), len = t.major ? style.tickLength : style.minorTickLength
      canvas.line(Point(x: r.maxX, y: y), Point(x: r.maxX + len, y: y), .ink, width: style.frameWidth)
      canvas.text(t.label, at: Point(x: r.maxX + style.tickLength + 2.5, y: y), size: style.tickFontSize, h: 0, v: .centre)
      labelRight = max(labelRight, r.maxX + style.tickLength + 2.5 + canvas.textWidth(t.label, size: style.tickFontSize))
    }
    if let label = bar.label {
      canvas.text(label, at: Point(x: labelRight + style.labelFontSize * 0.9, y: r.y + r.height / 2),
                  size: style.labelFontSize, h: 0.5, v: .centre, angle: -Double.pi / 2)
    }
  }
}
