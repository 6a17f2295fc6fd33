/// Sizes (in points) shared by every figure, chosen for a figure printed at its natural size
/// in a two-column paper (body text ≈ 9–10 pt).
public struct PlotStyle: Sendable {
  public var tickFontSize = 7.5
  public var labelFontSize = 8.5
  public var titleFontSize = 9.0
  public var figureTitleFontSize = 10.0
  public var legendFontSize = 7.2
  public var tickLength = 3.0
  public var minorTickLength = 1.8
  public var frameWidth = 0.6
  public var panelGap = 6.0

  public init() {}
}
