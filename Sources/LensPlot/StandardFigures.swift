import LensStatistics

/// Ready-made layouts for the figure types of the three papers.
extension Figure {
  /// Loss (or accuracy) curves with bands, one panel per split (e.g. train | test), every
  /// optimizer in its palette colour and display name, legend in the first panel only.
  /// - Parameters:
  ///   - panels: per panel, its title and the optimizers' bands in legend order.
  public static func curves(panels: [(title: String, bands: [(optimizer: String, band: Band)])],
                            xLabel: String, yLabel: String, xScale: AxisScale = .linear, yScale: AxisScale = .log,
                            title: String? = nil, width: Double = 486, height: Double = 200) -> Figure {
    var fig = Figure(width: width, height: height, rows: 1, columns: max(1, panels.count), title: title)
    for (i, p) in panels.enumerated() {
      var axes = Axes(title: p.title, x: AxisSpec(label: xLabel, scale: xScale),
                      y: AxisSpec(label: i == 0 ? yLabel : nil, scale: yScale))
      for (name, band) in p.bands { axes.addOptimizer(name, band: band) }
      if i > 0 { axes.legend = .none }
      fig.panels.append(axes)
    }
    return fig
  }

  /// A hyperparameter sensitivity study (AdamQLR Figs 8–12): one band per swept value in
  /// each panel, coloured by the value through viridis (restricted to [0, 0.88] so every
  /// line stays visible on white) on a linear or log scale, with a colour bar on the last panel.
  public static func sweep(panels: [(title: String, bands: [(value: Double, band: Band)])],
                           xLabel: String, yLabel: String, valueLabel: String, valueScale: ColorNorm.Kind = .log,
                           xScale: AxisScale = .linear, yScale: AxisScale = .log,
                           title: String? = nil, width: Double = 486, height: Double = 200) -> Figure {
    let colormap = Colormap.viridis.restricted(from: 0, to: 0.88)
    let values = panels.flatMap { $0.bands.map(\.value) }
    let norm = ColorNorm.fitting(values, valueScale) ?? ColorNorm(.linear, lower: 0, upper: 1)
    var fig = Figure(width: width, height: height, rows: 1, columns: max(1, panels.count), title: title)
    for (i, p) in panels.enumerated() {
      var axes = Axes(title: p.title, x: AxisSpec(label: xLabel, scale: xScale),
                      y: AxisSpec(label: i == 0 ? yLabel : nil, scale: yScale))
      for (v, band) in p.bands { axes.addBand(band, label: nil, color: colormap.color(at: norm.position(v))) }
      if i == panels.count - 1 { axes.colorBar = ColorBar(colormap: colormap, norm: norm, label: valueLabel, levels: values) }
      fig.panels.append(axes)
    }
    return fig
  }

  /// Optimizer trajectories over filled, log- or linearly-spaced contours of a 2-D loss, with
  /// a colour bar of the levels, equal units on both axes, and the minimum (if given) as a star.
  public static func trajectories(field: ScalarField, levels: [Double], levelScale: ColorNorm.Kind = .log,
                                  paths: [(optimizer: String, x: [Double], y: [Double])],
                                  minimum: (x: Double, y: Double)? = nil,
                                  xLabel: String, yLabel: String, colorLabel: String? = "loss",
                                  title: String? = nil, width: Double = 300, height: Double = 240) -> Figure {
    var axes = Axes(title: title, x: AxisSpec(label: xLabel), y: AxisSpec(label: yLabel))
    axes.grid = false
    let contour = ContourSeries(field: field, levels: levels, colormap: .paper, norm: levelScale, filled: true)
    axes.add(.contour(contour))
    for p in paths {
      axes.add(.trajectory(TrajectorySeries(label: OptimizerPalette.label(for: p.optimizer), x: p.x, y: p.y,
                                            color: OptimizerPalette.color(for: p.optimizer))))
    }
    if let minimum { axes.add(.markers(MarkerSeries(label: "Minimum", x: [minimum.x], y: [minimum.y]))) }
    axes.equalAspect = true
    axes.colorBar = ColorBar(colormap: .paper, norm: contour.colorNorm, label: colorLabel, levels: levels)
    return Figure(width: width, height: height, panels: [axes])
  }

  /// A heatmap of a grid of values (`values[row][column]`, row 0 at the bottom) over two
  /// categorical hyperparameter axes, with a colour bar and the values printed in the cells.
  public static func heatmap(values: [[Double]], columns: [String], rows: [String],
                             xLabel: String, yLabel: String, colorLabel: String?, scale: ColorNorm.Kind = .linear,
                             colormap: Colormap = .viridis, decimals: Int? = nil, title: String? = nil,
                             width: Double = 300, height: Double = 230) -> Figure {
    var axes = Axes(title: title, x: AxisSpec(label: xLabel, categories: columns),
                    y: AxisSpec(label: yLabel, categories: rows))
    let h = HeatmapSeries(values: values, colormap: colormap, scale: scale, decimals: decimals)
    axes.add(.heatmap(h))
    axes.grid = false
    axes.colorBar = ColorBar(colormap: colormap, norm: h.norm, label: colorLabel)
    return Figure(width: width, height: height, panels: [axes])
  }
}
