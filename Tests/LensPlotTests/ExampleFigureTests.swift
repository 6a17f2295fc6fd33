import Foundation
import Testing
import LensCore
import LensPlot

/// Writes the three example figures (loss curves with bands, Rosenbrock trajectories, a δ × η
/// heatmap) to a temporary folder and checks them; set LENS_PLOT_EXAMPLES=DIR to keep copies.
@Suite struct ExampleFigureTests {
  static let folder: String = {
    let dir = NSTemporaryDirectory() + "lens-plot-tests-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }()

  /// Writes `fig` as PNG + SVG under `name`, copying to LENS_PLOT_EXAMPLES when set.
  func write(_ fig: Figure, _ name: String) throws -> (png: String, svg: String) {
    let paths = try fig.write(to: Self.folder + "/" + name)
    if let keep = ProcessInfo.processInfo.environment["LENS_PLOT_EXAMPLES"] {
      try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
      for p in [paths.png, paths.svg] {
        let dest = keep + "/" + (p as NSString).lastPathComponent
        try? FileManager.default.removeItem(atPath: dest)
        try FileManager.default.copyItem(atPath: p, toPath: dest)
      }
    }
    #expect(FileManager.default.fileExists(atPath: paths.png))
    #expect(FileManager.default.fileExists(atPath: paths.svg))
    return paths
  }

  /// Whether some pixel within `radius` of page point (x, y) matches `color`.
  func near(_ image: RasterImage, _ p: (x: Double, y: Double), _ color: RGBColor, radius: Int = 2, dpi: Double = 150) -> Bool {
    let cx = Int(p.x * dpi / 72), cy = Int(p.y * dpi / 72)
    for dy in -radius...radius { for dx in -radius...radius where image.matches(x: cx + dx, y: cy + dy, color, tolerance: 12) { return true } }
    return false
  }

  @Test func lossFigure() throws {
    let fig = try ExampleFigures.lossFigure()
    _ = try write(fig, "loss")
    #expect(fig.panels.count == 2)
    let image = try fig.rasterize()
    // Each optimizer's median line passes through its colour at step 500 in both panels, and
    // the legend (train panel only) covers none of the curves' points.
    let areas = fig.plotAreas()
    let box = try #require(areas[0].legend)
    #expect(areas[1].legend == nil)
    for case .line(let line) in fig.panels[0].series {
      for (x, y) in zip(line.x, line.y) {
        let p = areas[0].position(x: x, y: y)
        #expect(!(p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height))
      }
    }
    for (panel, area) in areas.enumerated() {
      for case .line(let line) in fig.panels[panel].series {
        let k = line.x.firstIndex(of: 500)!
        let p = area.position(x: 500, y: line.y[k])
        #expect(near(image, p, line.color), "\(line.label ?? "") in panel \(panel)")
      }
    }
  }

  @Test func contourFigure() throws {
    let fig = ExampleFigures.contourFigure()
    _ = try write(fig, "rosenbrock")
    let image = try fig.rasterize()
    let area = fig.plotAreas()[0]
    // Trajectory start squares in their optimizer colours; the fill between level lines has
    // the band colour of the function value there (f(0, 2.85) ≈ 203, f(−1.9, −0.9) ≈ 510).
    for case .trajectory(let t) in fig.panels[0].series {
      #expect(near(image, area.position(x: t.x[0], y: t.y[0]), t.color))
    }
    guard case .contour(let c) = fig.panels[0].series[0] else { Issue.record("no contour"); return }
    for (x, y) in [(0.0, 2.85), (-1.9, -0.9)] {
      let color = c.fillColor(ExampleFigures.rosenbrock(x, y))
      #expect(near(image, area.position(x: x, y: y), color, radius: 0), "fill at (\(x), \(y))")
    }
    #expect(c.fillColor(ExampleFigures.rosenbrock(0, 2.85)) != c.fillColor(ExampleFigures.rosenbrock(-1.9, -0.9)))
  }

  @Test func heatmapFigure() throws {
    let fig = ExampleFigures.heatmapFigure()
    _ = try write(fig, "heatmap")
    let image = try fig.rasterize()
    let area = fig.plotAreas()[0]
    guard case .heatmap(let h) = fig.panels[0].series[0] else { Issue.record("no heatmap"); return }
    // The cell (η = 1e-3, δ = 5e-3) has the largest value: the top of the colormap, sampled off its label.
    let corner = area.position(x: 2 - 0.35, y: 2 - 0.35)
    #expect(near(image, corner, h.colormap.color(at: 1), radius: 0))
    // The diverged cell (η = 3e-3, δ = 1e-8) is drawn as missing.
    #expect(near(image, area.position(x: 3 - 0.35, y: 0 - 0.35), .missing, radius: 0))
  }

  @Test func tableFigure() throws {
    let fig = ExampleFigures.tableFigure()
    _ = try write(fig, "table")
    let image = try fig.rasterize()
    let areas = fig.plotAreas()
    // Inside each bar, halfway up, the bar's colour (drawn at 85 % opacity over white).
    for case .bars(let b) in fig.panels[0].series {
      for (k, v) in b.values.enumerated() {
        let x = Double(k) - 0.4 + (Double(b.index) + 0.5) * 0.8 / Double(b.count)
        #expect(near(image, areas[0].position(x: x, y: v / 2), RGBColor.white.mixed(with: b.color, 0.85), radius: 0))
      }
    }
    // Each box's median line is in its colour.
    for case .boxes(let b) in fig.panels[1].series {
      for (k, sample) in b.samples.enumerated() {
        let x = Double(k) - 0.4 + (Double(b.index) + 0.5) * 0.8 / Double(b.count)
        #expect(near(image, areas[1].position(x: x, y: BoxSeries.summary(sample)!.median), b.color, radius: 1))
      }
    }
  }

  @Test func sweepFigure() throws {
    let fig = try ExampleFigures.sweepFigure()
    _ = try write(fig, "sweep")
    #expect(fig.panels[0].colorBar == nil && fig.panels[1].colorBar != nil)
    // Colours run along the colormap in the order of the swept values, all distinct.
    var colours: [RGBColor] = []
    for case .line(let l) in fig.panels[0].series { colours.append(l.color) }
    #expect(colours.count == 5 && colours.first == Colormap.viridis.color(at: 0))
    #expect(Set(colours.map { "\($0.bytes)" }).count == 5)
    let image = try fig.rasterize()
    let area = fig.plotAreas()[1]
    for case .line(let l) in fig.panels[1].series {
      #expect(near(image, area.position(x: 800, y: l.y[80]), l.color))
    }
  }

  @Test func wallClockFigure() throws {
    let fig = try ExampleFigures.wallClockFigure()
    _ = try write(fig, "wallclock")
    let area = fig.plotAreas()[0]
    #expect(area.xMap.scale == .log && area.xMap.lower == 0.5 && area.xMap.upper == 300)
    let image = try fig.rasterize()
    for case .line(let l) in fig.panels[0].series {
      let k = 35  // ≈ 22 s, where the three curves are well apart
      #expect(near(image, area.position(x: l.x[k], y: l.y[k]), l.color))
    }
  }
}
