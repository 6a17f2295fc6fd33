import Foundation
import LensCore
import LensPlot
import LensRunner
import LensStatistics

/// The curve figures of a suite's report section, one per kind the suite lists in `figures:`
/// (`FigureKind`), each written as PNG and SVG under `reports/figures/` and embedded in the
/// markdown with a caption stating what is plotted and how it was aligned.
///
/// Bands are the AdamQLR paper's (mean ± sd of the medians of 50 bootstrap resamples). On the
/// time axis every variant's band stops at the median training time of its runs; its colour
/// and legend name come from `OptimizerPalette`, the same in every figure.
struct CurveSections {
  var suite: Suite
  var results: SuiteResults
  var profile: String
  /// Folder the figure files go to (`reports/figures`).
  var folder: String

  var base: String { "\(suite.id)-\(profile)" }

  /// The markdown of every listed figure, in the suite's order.
  func render() throws -> String {
    var md = ""
    for kind in suite.figures {
      switch kind {
      case .lossVsEpoch: md += try metricFigure(["train_loss", "test_loss"], axis: .epochs, yLabel: "Loss", yScale: .log, file: "loss")
      case .lossVsTime:
        md += try metricFigure(["train_loss", "test_loss"], axis: .seconds, yLabel: "Loss", yScale: .log, file: "loss-time")
        md += workTable()
      case .accuracy:
        md += try metricFigure(["train_accuracy", "test_accuracy"], axis: .seconds, yLabel: "Accuracy", yScale: .linear, file: "accuracy")
      case .learningRate: md += try scheduleFigure()
      }
    }
    return md
  }

  func write(_ figure: Figure, _ file: String) throws -> String {
    _ = try figure.write(to: "\(folder)/\(base)-\(file)")
    return "figures/\(base)-\(file)"
  }

  /// Train | test panels of an evaluation metric against epochs or training seconds.
  func metricFigure(_ metrics: [String], axis: CurveGrid.Axis, yLabel: String, yScale: AxisScale, file: String) throws -> String {
    var panels: [(title: String, bands: [(optimizer: String, band: Band)])] = []
    for m in metrics where results.variants.contains(where: { !results.finals($0.name, metric: m).isEmpty }) {
      let bands = try results.variants.compactMap { v -> (optimizer: String, band: Band)? in
        if axis == .epochs { return try results.paperBand(v.name, metric: m).map { (optimizer: v.name, band: $0) } }
        guard let runs = try results.alignedOnTime(v.name, metric: m), let end = results.medianSeconds(v.name) else { return nil }
        return (optimizer: v.name, band: TimeAlignment.truncated(results.paperBand(runs, variant: v.name, name: "\(m)@seconds"), after: end))
      }
      panels.append((title: m.hasPrefix("train") ? "Train" : "Test", bands: bands))
    }
    guard !panels.isEmpty else { return "" }
    let xLabel = axis == .epochs ? "Epoch" : "Training time (s)"
    let what = yLabel.lowercased()
    var figure = Figure.curves(panels: panels, xLabel: xLabel, yLabel: yLabel, xScale: axis == .epochs ? .linear : .log, yScale: yScale,
                               title: "\(suite.id): median \(what) ± bootstrap sd (\(profile) profile)")
    if yLabel == "Accuracy" { for i in figure.panels.indices { figure.panels[i].y.limits = (0, 1) } }
    let path = try write(figure, file)
    let alignment = axis == .epochs
      ? "aligned on the evaluation epochs"
      : "against training seconds (evaluation untimed; log axis), linearly interpolated onto \(SuiteResults.timeGridPoints) log-spaced times before taking medians; each optimizer's curve stops at the median training time of its runs"
    return "![\(suite.id) \(what) against \(axis == .epochs ? "epochs" : "time")](\(path).png)\n\n"
      + "Median over runs of the \(what), \(alignment), with the paper's band (mean ± sd of the medians of 50 bootstrap resamples). [SVG](\(path).svg)\n\n"
  }

  /// AdamQLR Fig 4: median learning rate (and damping) per step against training seconds.
  func scheduleFigure() throws -> String {
    var panels: [Axes] = []
    var notes: [String] = []
    var legend: [(label: String, color: RGBColor, dash: [Double])] = []
    for (quantity, title) in [(SuiteResults.StepQuantity.learningRate, "Learning rate α"), (.damping, "Damping λ")] {
      var axes = Axes(title: title, x: AxisSpec(label: "Training time (s)", scale: .log), y: AxisSpec(label: panels.isEmpty ? "Value" : nil, scale: .log))
      for v in results.variants {
        guard let runs = try results.stepRuns(v.name, quantity), let end = results.medianSeconds(v.name) else { continue }
        let band = TimeAlignment.truncated(results.paperBand(runs, variant: v.name, name: "\(quantity.rawValue)@seconds"),
                                           after: end).exponentiated
        let fixed = results.isFixed(v.name, quantity)
        let label = OptimizerPalette.label(for: v.name) + (fixed ? " (fixed)" : "")
        let color = OptimizerPalette.color(for: v.name), dash: [Double] = fixed ? [4, 2] : []
        axes.addBand(band, label: label, color: color, dash: dash)
        if !legend.contains(where: { $0.label == label }) { legend.append((label, color, dash)) }
        let skipped = results.nonPositiveSteps(v.name, quantity)
        if skipped > 0 { notes.append("\(skipped) steps of \(v.name) with \(quantity.rawValue) ≤ 0 are left out of its log median") }
      }
      if !axes.series.isEmpty { panels.append(axes) }
    }
    // One legend for both panels, in the damping panel (the sparser one) when there is one:
    // optimizers without damping get entries there too.
    if panels.count == 2 {
      panels[0].legend = .none
      let present = panels[1].series.compactMap { s -> String? in if case .line(let l) = s { return l.label }; return nil }
      let missing = legend.filter { !present.contains($0.label) }
        .map { Series.line(LineSeries(label: $0.label, x: [], y: [], color: $0.color, dash: $0.dash)) }
      panels[1].series.insert(contentsOf: missing, at: 0)
    }
    guard !panels.isEmpty else { return "" }
    let figure = Figure(width: 486, height: 200, rows: 1, columns: panels.count, panels: panels,
                        title: "\(suite.id): median learning rate and damping per step (\(profile) profile)")
    let path = try write(figure, "schedules")
    return "![\(suite.id) learning rate and damping](\(path).png)\n\n"
      + "Median over runs of log₁₀ of the learning rate each step applied (left) and of the damping in force after it (right), carried forward between steps on \(SuiteResults.timeGridPoints) log-spaced training times, shown as 10^median with the paper's band; dashed: fixed rates (SGD, Adam). "
      + (notes.isEmpty ? "" : notes.joined(separator: "; ") + ". ") + "[SVG](\(path).svg)\n\n"
  }

  /// Work counters next to time: per optimizer, medians over its runs of training seconds,
  /// steps and the counted passes (one forward/backward/JVP/GGN or Hessian product = one pass
  /// over one batch; see `WorkCounters`).
  func workTable() -> String {
    let keys = ["forward", "backward", "jvp", "ggn_product", "hvp", "factor_inversions", "examples"]
    var md = "| optimizer | training s | steps |" + keys.map { " \($0) |" }.joined() + " passes per step |\n"
    md += "|---|---|---|" + keys.map { _ in "---|" }.joined() + "---|\n"
    for v in results.variants {
      func med(_ f: (RunRecord) -> Double) -> Double { Quantile.median(v.records.map(f)) }
      let steps = med { Double($0.steps.count) }
      let counts = keys.map { k in med { Double($0.work[k] ?? 0) } }
      let passes = counts[0..<5].reduce(0, +)
      md += "| \(v.name) | \(String(format: "%.3g", med(\.trainingSeconds))) | \(Int(steps)) |"
        + counts.map { " \(Int($0)) |" }.joined() + String(format: " %.2f |\n", steps > 0 ? passes / steps : 0)
    }
    return md + "\nMedians over runs; time counts training steps only, on \(clockDescription()). Passes per step = (forward + backward + JVP + GGN + Hessian products) / steps: the time axis above is this machine's time, so compare optimizers by these counts as well.\n\n"
  }

  /// Which clock timed the runs (from their logs), in words.
  func clockDescription() -> String {
    let records = results.variants.flatMap(\.records)
    let clocks = Set(records.map(\.clock))
    let wall = records.map(\.wallSeconds).reduce(0, +), timed = records.map(\.trainingSeconds).reduce(0, +)
    switch clocks {
    case []:
      return "no clock (no runs)"
    case [RunClock.threadCPU.rawValue]:
      return "each run's thread CPU time (one thread per run, so load from other processes does not count; the runs' wall time was "
        + String(format: "%.2f", timed > 0 ? wall / timed : 1) + "× their CPU time)"
    case [RunClock.wall.rawValue]:
      return "wall-clock time (these logs predate the CPU clock, and other load on the machine inflated them)"
    default:
      return "a mix of clocks (" + clocks.sorted().joined(separator: ", ") + "): rerun the suite for comparable times"
    }
  }
}
