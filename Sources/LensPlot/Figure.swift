import CCairo
import Foundation
import LensCore

/// A figure: panels laid out row-major in a `rows` × `columns` grid on a page of
/// `width` × `height` points, with an optional title above them.
///
/// One drawing path (`render(on:)`) serves both outputs: `writePNG` draws it on a Cairo image
/// surface scaled to `dpi` (pixel size = round(size · dpi / 72)), `writeSVG` on a Cairo SVG
/// surface in points. Nothing depends on the clock, the environment or hash order, so the same
/// figure gives the same bytes every time.
public struct Figure: Sendable {
  public var width: Double
  public var height: Double
  public var rows: Int
  public var columns: Int
  public var panels: [Axes]
  public var title: String?
  public var style = PlotStyle()

  public init(width: Double = 486, height: Double = 200, rows: Int = 1, columns: Int = 1,
              panels: [Axes] = [], title: String? = nil) {
    precondition(width > 0 && height > 0 && rows > 0 && columns > 0)
    self.width = width; self.height = height; self.rows = rows; self.columns = columns
    self.panels = panels; self.title = title
  }

  /// The pixel size of the PNG at `dpi`.
  public func pixelSize(dpi: Double) -> (width: Int, height: Int) {
    (Int((width * dpi / 72).rounded()), Int((height * dpi / 72).rounded()))
  }

  /// Draws the figure on a Cairo context whose user space is in points.
  public func render(on cr: OpaquePointer) {
    let canvas = Canvas(cr)
    canvas.fillRect(Rect(x: 0, y: 0, width: width, height: height), .white)
    if let title {
      canvas.text(title, at: Point(x: width / 2, y: 4 + style.figureTitleFontSize), size: style.figureTitleFontSize,
                  h: 0.5, v: .baseline, bold: true)
    }
    for (cell, axes) in cells() {
      let layout = PanelLayout.make(axes, cell: cell, canvas: canvas, style: style)
      layout.draw(axes, canvas: canvas, style: style)
    }
  }

  /// The page cell of every panel, row-major, below the figure title.
  func cells() -> [(Rect, Axes)] {
    let top = title != nil ? 2 + style.figureTitleFontSize * 1.6 : 2.0
    let gap = style.panelGap
    let cellW = (width - 4 - gap * Double(columns - 1)) / Double(columns)
    let cellH = (height - top - 2 - gap * Double(rows - 1)) / Double(rows)
    return panels.prefix(rows * columns).enumerated().map { i, axes in
      let r = i / columns, c = i % columns
      return (Rect(x: 2 + Double(c) * (cellW + gap), y: top + Double(r) * (cellH + gap), width: cellW, height: cellH), axes)
    }
  }

  /// Each panel's plot rectangle (the area inside the frame) in points, origin top-left,
  /// with the data limits of its axes — to locate data on the page (tests, annotations).
  public func plotAreas() -> [PlotArea] {
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else { return [] }
    defer { cairo_surface_destroy(surface) }
    let cr = cairo_create(surface)!
    defer { cairo_destroy(cr) }
    let canvas = Canvas(cr)
    return cells().map { cell, axes in
      let l = PanelLayout.make(axes, cell: cell, canvas: canvas, style: style)
      let legend = l.insideLegendBox(axes, canvas: canvas, style: style).map { (x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
      return PlotArea(x: l.plot.x, y: l.plot.y, width: l.plot.width, height: l.plot.height, xMap: l.xMap, yMap: l.yMap,
                      legend: legend)
    }
  }

  /// The figure drawn at `dpi` as an in-memory image.
  public func rasterize(dpi: Double = 150) throws -> RasterImage {
    let surface = try imageSurface(dpi: dpi)
    defer { cairo_surface_destroy(surface) }
    let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    guard let data = cairo_image_surface_get_data(surface) else { throw LensError.failure("Figure: no image data") }
    var pixels = [UInt32](repeating: 0, count: w * h)
    let raw = UnsafeRawPointer(data)
    for row in 0..<h {
      for col in 0..<w { pixels[row * w + col] = raw.load(fromByteOffset: row * stride + col * 4, as: UInt32.self) }
    }
    return RasterImage(width: w, height: h, argb: pixels)
  }

  func imageSurface(dpi: Double) throws -> OpaquePointer {
    let (w, h) = pixelSize(dpi: dpi)
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h)),
          cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
      throw LensError.failure("Figure: could not create a \(w)×\(h) image surface")
    }
    let cr = cairo_create(surface)!
    cairo_scale(cr, Double(w) / width, Double(h) / height)
    render(on: cr)
    cairo_destroy(cr)
    cairo_surface_flush(surface)
    return surface
  }

  /// Writes the figure as a PNG at `dpi` (default 150).
  public func writePNG(to path: String, dpi: Double = 150) throws {
    let surface = try imageSurface(dpi: dpi)
    defer { cairo_surface_destroy(surface) }
    let status = cairo_surface_write_to_png(surface, path)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw LensError.failure("Figure: writing \(path) failed: \(String(cString: cairo_status_to_string(status)))")
    }
  }

  /// Writes the figure as SVG (sizes in points). Cairo numbers some element ids from a
  /// process-wide counter (`surface12`, …); they are renumbered in order of first appearance so
  /// that the file depends on the figure only.
  public func writeSVG(to path: String) throws {
    guard let surface = cairo_svg_surface_create(path, width, height) else {
      throw LensError.failure("Figure: could not create an SVG surface for \(path)")
    }
    let cr = cairo_create(surface)!
    render(on: cr)
    cairo_destroy(cr)
    cairo_surface_finish(surface)
    let status = cairo_surface_status(surface)
    cairo_surface_destroy(surface)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw LensError.failure("Figure: writing \(path) failed: \(String(cString: cairo_status_to_string(status)))")
    }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try SVGNormalizer.normalize(text).write(toFile: path, atomically: true, encoding: .utf8)
  }

  /// Writes `base.png` (at `dpi`) and `base.svg`; returns both paths.
  @discardableResult
  public func write(to base: String, dpi: Double = 150) throws -> (png: String, svg: String) {
    let png = base + ".png", svg = base + ".svg"
    try writePNG(to: png, dpi: dpi)
    try writeSVG(to: svg)
    return (png, svg)
  }
}
