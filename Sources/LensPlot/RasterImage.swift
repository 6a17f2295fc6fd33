/// A rendered figure in memory: `argb[row · width + column]` is a Cairo ARGB32 pixel
/// (premultiplied alpha; figures have an opaque white background, so alpha is 255).
public struct RasterImage: Sendable, Equatable, CustomStringConvertible {
  public let width: Int
  public let height: Int
  public let argb: [UInt32]

  /// A short summary (size only), so failing expectations do not print every pixel.
  public var description: String { "RasterImage(\(width)×\(height))" }

  /// The 8-bit red, green and blue of the pixel at column `x`, row `y`.
  public func rgb(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
    let p = argb[y * width + x]
    return (UInt8((p >> 16) & 0xFF), UInt8((p >> 8) & 0xFF), UInt8(p & 0xFF))
  }

  /// Whether the pixel is within `tolerance` (per 8-bit channel) of `color`.
  public func matches(x: Int, y: Int, _ color: RGBColor, tolerance: Int = 6) -> Bool {
    let p = rgb(x: x, y: y), c = color.bytes
    return abs(Int(p.r) - Int(c.r)) <= tolerance && abs(Int(p.g) - Int(c.g)) <= tolerance && abs(Int(p.b) - Int(c.b)) <= tolerance
  }
}

/// A panel's plot rectangle on the page (points) and its axis maps.
public struct PlotArea: Sendable {
  public let x: Double
  public let y: Double
  public let width: Double
  public let height: Double
  public let xMap: AxisMapping
  public let yMap: AxisMapping
  /// The legend box when the legend sits inside the plot (points), else nil.
  public let legend: (x: Double, y: Double, width: Double, height: Double)?

  /// The page position (points) of a data point.
  public func position(x dx: Double, y dy: Double) -> (x: Double, y: Double) {
    (xMap.position(dx), yMap.position(dy))
  }
}
