import Testing
import LensPlot

/// Stable optimizer colours and colormaps.
@Suite struct PaletteTests {
  @Test func canonicalNamesHaveFixedDistinctColours() {
    #expect(OptimizerPalette.color(for: "adam") == RGBColor(hex: 0x1F77B4))
    #expect(OptimizerPalette.color(for: "AdamQLR-Tuned") == OptimizerPalette.color(for: "adamqlr_tuned"))
    #expect(OptimizerPalette.label(for: "kfac") == "K-FAC")
    #expect(OptimizerPalette.label(for: "my-new-method") == "my-new-method")
    let colours = OptimizerPalette.assigned.map(\.color)
    #expect(Set(colours.map { "\($0.bytes)" }).count == colours.count)
    for name in ["sgd", "sgd_full", "adam", "kfac", "adamqlr_tuned", "adamqlr_untuned", "adamqlr_tuned_hessian", "adafisher",
                 "adahessian", "shampoo", "lanczosopt", "kfac_asdl", "adam_learned_damping"] {
      #expect(OptimizerPalette.assigned.contains { $0.name == name }, "\(name) has no fixed colour")
    }
  }

  /// Unknown names hash with FNV-1a (reference value for "a": 0xaf63dc4c8601ec8c).
  @Test func unknownNamesGetAStableFallback() {
    #expect(OptimizerPalette.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
    let c = OptimizerPalette.color(for: "lion")
    #expect(c == OptimizerPalette.fallback[Int(OptimizerPalette.fnv1a("lion") % 10)])
    #expect(OptimizerPalette.fallback.contains(c))
  }

  @Test func colormapInterpolatesItsControls() {
    #expect(Colormap.viridis.color(at: 0).bytes == RGBColor(hex: 0x440154).bytes)
    #expect(Colormap.viridis.color(at: 1).bytes == RGBColor(hex: 0xFDE725).bytes)
    #expect(Colormap.viridis.color(at: 2).bytes == RGBColor(hex: 0xFDE725).bytes)
    let mid = Colormap(controls: [.black, .white]).color(at: 0.25)
    #expect(abs(mid.red - 0.25) < 1e-12)
    #expect(Colormap.viridis.color(at: .nan) == .missing)
    let norm = ColorNorm(.log, lower: 1, upper: 100)
    #expect(abs(norm.position(10) - 0.5) < 1e-12)
    #expect(norm.position(0).isNaN)
    #expect(ColorNorm.fitting([3, .nan, 1, .infinity], .linear) == ColorNorm(.linear, lower: 1, upper: 3))
  }
}
