import Foundation
import Testing
import LensPlot

/// Pixels land where the data say, and output is byte-for-byte reproducible.
@Suite struct RenderingTests {
  static let dpi = 150.0

  /// The pixel of a data point in panel `panel` of `fig` rendered at `dpi`.
  func pixel(_ fig: Figure, panel: Int = 0, x: Double, y: Double) -> (Int, Int) {
    let p = fig.plotAreas()[panel].position(x: x, y: y)
    return (Int(p.x * Self.dpi / 72), Int(p.y * Self.dpi / 72))
  }

  func unitFigure(_ configure: (inout Axes) -> Void) -> Figure {
    var axes = Axes(x: AxisSpec(label: "x", limits: (0, 1)), y: AxisSpec(label: "y", limits: (0, 1)))
    axes.grid = false
    axes.legend = .none
    configure(&axes)
    return Figure(width: 220, height: 160, panels: [axes])
  }

  @Test func lineBandAndBarPixelsHaveTheirColours() throws {
    let red = RGBColor(hex: 0xD62728), blue = RGBColor(hex: 0x1F77B4)
    let fig = unitFigure { axes in
      axes.add(.band(BandSeries(x: [0, 1], lower: [0.1, 0.1], upper: [0.4, 0.4], color: blue, opacity: 0.5)))
      axes.add(.line(LineSeries(x: [0, 1], y: [0.7, 0.7], color: red, width: 3)))
    }
    let image = try fig.rasterize(dpi: Self.dpi)
    let (lx, ly) = pixel(fig, x: 0.5, y: 0.7)
    #expect(image.matches(x: lx, y: ly, red))
    let (bx, by) = pixel(fig, x: 0.5, y: 0.25)
    #expect(image.matches(x: bx, y: by, RGBColor.white.mixed(with: blue, 0.5)))
    let (wx, wy) = pixel(fig, x: 0.5, y: 0.55)
    #expect(image.matches(x: wx, y: wy, .white))

    let green = RGBColor(hex: 0x2CA02C)
    var bars = Axes(x: AxisSpec(categories: ["a", "b"]), y: AxisSpec(limits: (0, 10)))
    bars.add(.bars(BarSeries(values: [2, 8], color: green)))
    let barFig = Figure(width: 220, height: 160, panels: [bars])
    let barImage = try barFig.rasterize(dpi: Self.dpi)
    let (cx, cy) = pixel(barFig, x: 1, y: 6)
    #expect(barImage.matches(x: cx, y: cy, RGBColor.white.mixed(with: green, 0.85)))
    let (ex, ey) = pixel(barFig, x: 0, y: 6)  // above the short bar
    #expect(!barImage.matches(x: ex, y: ey, RGBColor.white.mixed(with: green, 0.85)))
  }

  @Test func logAxisPlacesADecadeMidway() throws {
    let red = RGBColor(hex: 0xD62728)
    var axes = Axes(x: AxisSpec(limits: (0, 1)), y: AxisSpec(scale: .log, limits: (1, 100)))
    axes.grid = false
    axes.add(.line(LineSeries(x: [0, 1], y: [10, 10], color: red, width: 3)))
    let fig = Figure(width: 220, height: 160, panels: [axes])
    let area = fig.plotAreas()[0]
    #expect(abs(area.position(x: 0, y: 10).y - (area.y + area.height / 2)) < 1e-9)
    let image = try fig.rasterize(dpi: Self.dpi)
    let (x, y) = pixel(fig, x: 0.5, y: 10)
    #expect(image.matches(x: x, y: y, red))
  }

  @Test func heatmapCellsUseTheColormap() throws {
    var axes = Axes(x: AxisSpec(categories: ["a", "b"]), y: AxisSpec(categories: ["p", "q"]))
    let h = HeatmapSeries(values: [[0, 1], [.nan, 0.5]], annotate: false)
    axes.add(.heatmap(h))
    let fig = Figure(width: 220, height: 160, panels: [axes])
    let image = try fig.rasterize(dpi: Self.dpi)
    func at(_ c: Double, _ r: Double) -> (Int, Int) { pixel(fig, x: c, y: r) }
    var (x, y) = at(0, 0); #expect(image.matches(x: x, y: y, Colormap.viridis.color(at: 0)))
    (x, y) = at(1, 0); #expect(image.matches(x: x, y: y, Colormap.viridis.color(at: 1)))
    (x, y) = at(0, 1); #expect(image.matches(x: x, y: y, .missing))
    (x, y) = at(1, 1); #expect(image.matches(x: x, y: y, Colormap.viridis.color(at: 0.5)))
  }

  @Test func pngHasSignatureAndSize() throws {
    let fig = try ExampleFigures.lossFigure()
    let path = ExampleFigureTests.folder + "/size-check.png"
    try fig.writePNG(to: path, dpi: 150)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    func be32(_ o: Int) -> Int { bytes[o..<(o + 4)].reduce(0) { $0 << 8 | Int($1) } }
    #expect(be32(16) == 1013 && be32(20) == 417)  // 486 × 200 pt at 150 dpi
    #expect(fig.pixelSize(dpi: 150) == (1013, 417))
    #expect(try fig.rasterize(dpi: 300).width == 2025)
    let svgPath = ExampleFigureTests.folder + "/size-check.svg"
    try fig.writeSVG(to: svgPath)
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    #expect(svg.contains("width=\"486pt\" height=\"200pt\""))
  }

  /// The same figure twice gives identical PNG and SVG bytes, even though Cairo's own SVG ids
  /// come from process-wide counters; and the SVG carries no date.
  @Test func outputIsDeterministic() throws {
    let dir = ExampleFigureTests.folder
    for (name, make) in [("loss", { try ExampleFigures.lossFigure() }), ("contour", { ExampleFigures.contourFigure() }),
                         ("heatmap", { ExampleFigures.heatmapFigure() })] as [(String, () throws -> Figure)] {
      let a = try make().write(to: dir + "/det-\(name)-a"), b = try make().write(to: dir + "/det-\(name)-b")
      let pngA = try Data(contentsOf: URL(fileURLWithPath: a.png)), pngB = try Data(contentsOf: URL(fileURLWithPath: b.png))
      #expect(pngA == pngB, "\(name) PNG differs")
      let svgA = try String(contentsOfFile: a.svg, encoding: .utf8), svgB = try String(contentsOfFile: b.svg, encoding: .utf8)
      let sameSVG = svgA == svgB  // compared outside #expect so a failure does not print both files
      #expect(sameSVG, "\(name) SVG differs")
      #expect(svgA.hasPrefix("<?xml") && svgA.contains("<svg"))
      let dated = svgA.contains("2026") || svgA.contains("Date") || svgA.contains("<metadata")
      #expect(!dated, "\(name) SVG carries a date or metadata")
    }
  }

  /// A line across the top blocks both upper corners, so the `.best` legend goes to the lower
  /// left (the next corner in order), even though the line has only two points.
  @Test func bestLegendAvoidsTheData() throws {
    var axes = Axes(x: AxisSpec(limits: (0, 1)), y: AxisSpec(limits: (0, 1)))
    axes.add(.line(LineSeries(label: "a line", x: [0, 1], y: [0.9, 0.9], color: .ink)))
    let fig = Figure(width: 220, height: 160, panels: [axes])
    let area = fig.plotAreas()[0]
    let box = try #require(area.legend)
    #expect(box.x < area.x + area.width / 2 && box.y > area.y + area.height / 2)
    axes.legend = .none
    #expect(Figure(width: 220, height: 160, panels: [axes]).plotAreas()[0].legend == nil)
  }
}
