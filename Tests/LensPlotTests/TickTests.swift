import Testing
import LensPlot

/// Tick placement and labels on linear and log axes.
@Suite struct TickTests {
  @Test func linearTicksUseOneTwoFiveSteps() {
    let t = Ticks.linear(lower: 0, upper: 1000, target: 5)
    #expect(t.map(\.value) == [0, 200, 400, 600, 800, 1000])
    #expect(t.map(\.label) == ["0", "200", "400", "600", "800", "1000"])
    let s = Ticks.linear(lower: -0.3, upper: 0.72, target: 6)
    #expect(s.map(\.label) == ["−0.2", "0.0", "0.2", "0.4", "0.6"])
    #expect(Ticks.linear(lower: 0, upper: 50_000, target: 5).map(\.label) == ["0", "10k", "20k", "30k", "40k", "50k"])
    #expect(Ticks.niceStep(range: 7, target: 6) == 2)
    #expect(Ticks.niceStep(range: 0.9, target: 10) == 0.1)
  }

  @Test func logTicksAreDecadesWithMinorTicks() {
    let t = Ticks.log(lower: 0.04, upper: 3)
    #expect(t.filter(\.major).map(\.label) == ["10⁻¹", "10⁰"])
    let minors = t.filter { !$0.major }.map(\.value)
    // 0.04…0.09 (6), 0.2…0.9 (8), 2 and 3 (2).
    #expect(minors.count == 16)
    #expect(minors.allSatisfy { $0 >= 0.04 && $0 <= 3 })
    #expect(t.allSatisfy { $0.major ? !$0.label.isEmpty : $0.label.isEmpty })
    // Thirteen decades: every third one, no minor ticks.
    let wide = Ticks.log(lower: 1e-3, upper: 1e9, target: 6)
    #expect(wide.map(\.label) == ["10⁻³", "10⁰", "10³", "10⁶", "10⁹"])
    // Less than a decade: plain decimals at every integer multiple.
    #expect(Ticks.log(lower: 0.3, upper: 0.8).map(\.label) == ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8"])
  }

  /// A log axis whose range holds no integer multiple of a power of ten pair (2.25…2.45, as a
  /// test-loss panel of a short run) still gets labelled ticks: linear 1-2-5 steps.
  @Test func narrowLogRangeGetsLabels() {
    let t = Ticks.log(lower: 2.25, upper: 2.45)
    let labelled = t.filter { !$0.label.isEmpty }
    #expect(labelled.count >= 2)
    #expect(labelled.map(\.label) == ["2.25", "2.30", "2.35", "2.40", "2.45"])
    #expect(labelled.allSatisfy { $0.value >= 2.25 - 1e-9 && $0.value <= 2.45 + 1e-9 })
  }

  @Test func labelFormats() {
    #expect(Ticks.powerOfTen(-12) == "10⁻¹²")
    #expect(Ticks.powerOfTen(3) == "10³")
    #expect(Ticks.compact(0.000123) == "1.2×10⁻⁴")
    #expect(Ticks.compact(65) == "65")
    #expect(Ticks.compact(1e6) == "10⁶")
    #expect(Ticks.compact(-2.5) == "−2.5")
    #expect(Ticks.compact(.nan) == "–")
  }

  @Test func axisMappingIsAffineInTheScale() {
    let lin = AxisMapping(scale: .linear, lower: 0, upper: 10, start: 100, end: 200)
    #expect(lin.position(2.5) == 125)
    let log = AxisMapping(scale: .log, lower: 1, upper: 100, start: 300, end: 100)
    #expect(abs(log.position(10) - 200) < 1e-9)
    #expect(log.position(-1).isNaN)
    #expect(log.contains(100) && !log.contains(101))
  }
}
