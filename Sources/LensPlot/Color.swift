/// An sRGB colour with components in [0, 1] and an opacity.
public struct RGBColor: Sendable, Hashable {
  public var red: Double
  public var green: Double
  public var blue: Double
  public var alpha: Double

  public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
    self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
  }

  /// A colour from a 24-bit hex literal, e.g. `0x1F77B4`.
  public init(hex: UInt32, alpha: Double = 1) {
    self.init(red: Double((hex >> 16) & 0xFF) / 255,
              green: Double((hex >> 8) & 0xFF) / 255,
              blue: Double(hex & 0xFF) / 255, alpha: alpha)
  }

  /// The same colour with opacity `alpha`.
  public func withAlpha(_ alpha: Double) -> RGBColor {
    RGBColor(red: red, green: green, blue: blue, alpha: alpha)
  }

  /// Linear interpolation in sRGB: `self` at t = 0, `other` at t = 1.
  public func mixed(with other: RGBColor, _ t: Double) -> RGBColor {
    RGBColor(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
             blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
  }

  /// Relative luminance (Rec. 709 weights on the sRGB components), used to pick black or white
  /// text over a colour.
  public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

  /// The 8-bit components, rounded.
  public var bytes: (r: UInt8, g: UInt8, b: UInt8) {
    func q(_ v: Double) -> UInt8 { UInt8(max(0, min(255, (v * 255).rounded()))) }
    return (q(red), q(green), q(blue))
  }

  public static let black = RGBColor(hex: 0x000000)
  public static let white = RGBColor(hex: 0xFFFFFF)
  /// The colour of axes, ticks and text.
  public static let ink = RGBColor(hex: 0x222222)
  /// Grid lines.
  public static let grid = RGBColor(hex: 0xE6E6E6)
  /// Cells without a finite value (diverged runs) in heatmaps.
  public static let missing = RGBColor(hex: 0xBDBDBD)
}
