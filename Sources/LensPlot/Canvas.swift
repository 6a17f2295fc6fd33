import CCairo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in page coordinates (points, origin top-left, y down).
struct Point { var x: Double; var y: Double }

/// A rectangle in page coordinates.
struct Rect {
  var x: Double, y: Double, width: Double, height: Double
  var maxX: Double { x + width }
  var maxY: Double { y + height }
  func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

/// Horizontal text anchor (fraction of the text width left of the point) and vertical anchor.
enum TextVertical { case top, centre, baseline, bottom }

/// The one drawing path for every output: thin wrappers over a Cairo context, in points.
/// Text uses Cairo's toy API with DejaVu Sans and hinting off, so metrics (and therefore
/// layout) are identical for PNG and SVG.
final class Canvas {
  let cr: OpaquePointer

  init(_ cr: OpaquePointer) {
    self.cr = cr
    let options = cairo_font_options_create()
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
    cairo_set_font_options(cr, options)
    cairo_font_options_destroy(options)
    font(bold: false)
  }

  func font(bold: Bool) {
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
  }

  func setColor(_ c: RGBColor) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

  func save() { cairo_save(cr) }
  func restore() { cairo_restore(cr) }

  func clip(_ r: Rect) {
    cairo_rectangle(cr, r.x, r.y, r.width, r.height)
    cairo_clip(cr)
  }

  func fillRect(_ r: Rect, _ c: RGBColor) {
    setColor(c)
    cairo_rectangle(cr, r.x, r.y, r.width, r.height)
    cairo_fill(cr)
  }

  func strokeRect(_ r: Rect, _ c: RGBColor, width: Double) {
    setColor(c)
    cairo_set_line_width(cr, width)
    cairo_set_dash(cr, nil, 0, 0)
    cairo_rectangle(cr, r.x, r.y, r.width, r.height)
    cairo_stroke(cr)
  }

  /// Strokes a polyline through `points` (at least two).
  func polyline(_ points: [Point], _ c: RGBColor, width: Double, dash: [Double] = [], round: Bool = true) {
    guard points.count >= 2 else { return }
    setColor(c)
    cairo_set_line_width(cr, width)
    cairo_set_line_join(cr, round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER)
    cairo_set_line_cap(cr, round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
    dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
    cairo_move_to(cr, points[0].x, points[0].y)
    for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
    cairo_stroke(cr)
    cairo_set_dash(cr, nil, 0, 0)
  }

  /// Strokes many separate straight pieces as one path (one SVG element, not one per piece).
  func segments(_ pieces: [(Point, Point)], _ c: RGBColor, width: Double) {
    guard !pieces.isEmpty else { return }
    setColor(c)
    cairo_set_line_width(cr, width)
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
    cairo_set_dash(cr, nil, 0, 0)
    for (a, b) in pieces {
      cairo_move_to(cr, a.x, a.y)
      cairo_line_to(cr, b.x, b.y)
    }
    cairo_stroke(cr)
  }

  func line(_ a: Point, _ b: Point, _ c: RGBColor, width: Double) {
    polyline([a, b], c, width: width, round: false)
  }

  /// Fills the closed polygon through `points`.
  func fillPolygon(_ points: [Point], _ c: RGBColor) {
    guard points.count >= 3 else { return }
    setColor(c)
    cairo_move_to(cr, points[0].x, points[0].y)
    for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
    cairo_close_path(cr)
    cairo_fill(cr)
  }

  func circle(_ p: Point, radius: Double, fill: RGBColor?, stroke: RGBColor?, width: Double = 0.6) {
    cairo_new_sub_path(cr)
    cairo_arc(cr, p.x, p.y, radius, 0, 2 * Double.pi)
    if let fill {
      setColor(fill)
      if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
    }
    if let stroke {
      setColor(stroke)
      cairo_set_line_width(cr, width)
      cairo_stroke(cr)
    }
  }

  /// The advance width of `s` at `size` points.
  func textWidth(_ s: String, size: Double, bold: Bool = false) -> Double {
    font(bold: bold)
    cairo_set_font_size(cr, size)
    var e = cairo_text_extents_t()
    cairo_text_extents(cr, s, &e)
    font(bold: false)
    return e.x_advance
  }

  /// Draws `s` with its anchor at `p`: `h` is the fraction of the width left of `p`
  /// (0 left-aligned, ½ centred, 1 right-aligned); `v` places the text's cap height;
  /// `angle` rotates counter-clockwise (radians) around `p`.
  func text(_ s: String, at p: Point, size: Double, color: RGBColor = .ink, h: Double = 0,
            v: TextVertical = .baseline, angle: Double = 0, bold: Bool = false) {
    guard !s.isEmpty else { return }
    font(bold: bold)
    cairo_set_font_size(cr, size)
    var e = cairo_text_extents_t()
    cairo_text_extents(cr, s, &e)
    let cap = 0.73 * size, descent = 0.24 * size
    let dy: Double
    switch v {
    case .top: dy = cap
    case .centre: dy = cap / 2
    case .baseline: dy = 0
    case .bottom: dy = -descent
    }
    save()
    cairo_translate(cr, p.x, p.y)
    if angle != 0 { cairo_rotate(cr, -angle) }
    setColor(color)
    cairo_move_to(cr, -h * e.x_advance, dy)
    cairo_show_text(cr, s)
    restore()
    font(bold: false)
  }

  /// Paints an RGB image (row-major, top row first) stretched over `r`, smoothed bilinearly.
  func image(width: Int, height: Int, pixels: [RGBColor], in r: Rect) {
    precondition(pixels.count == width * height)
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return }
    cairo_surface_flush(surface)
    let stride = Int(cairo_image_surface_get_stride(surface))
    if let data = cairo_image_surface_get_data(surface) {
      let raw = UnsafeMutableRawPointer(data)
      for row in 0..<height {
        for col in 0..<width {
          let b = pixels[row * width + col].bytes
          let value = (UInt32(b.r) << 16) | (UInt32(b.g) << 8) | UInt32(b.b)
          raw.storeBytes(of: value, toByteOffset: row * stride + col * 4, as: UInt32.self)
        }
      }
    }
    cairo_surface_mark_dirty(surface)
    save()
    cairo_rectangle(cr, r.x, r.y, r.width, r.height)
    cairo_clip(cr)
    cairo_translate(cr, r.x, r.y)
    cairo_scale(cr, r.width / Double(width), r.height / Double(height))
    cairo_set_source_surface(cr, surface, 0, 0)
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_BILINEAR)
    cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
    cairo_paint(cr)
    restore()
    cairo_surface_destroy(surface)
  }

  /// Fills `r` with a vertical gradient through `colormap` (bottom = 0, top = 1).
  func verticalGradient(_ r: Rect, _ colormap: Colormap) {
    guard let pattern = cairo_pattern_create_linear(0, r.maxY, 0, r.y) else { return }
    let n = colormap.controls.count
    for (i, c) in colormap.controls.enumerated() {
      cairo_pattern_add_color_stop_rgb(pattern, Double(i) / Double(n - 1), c.red, c.green, c.blue)
    }
    cairo_rectangle(cr, r.x, r.y, r.width, r.height)
    cairo_set_source(cr, pattern)
    cairo_fill(cr)
    cairo_pattern_destroy(pattern)
  }
}
