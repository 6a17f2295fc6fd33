import Foundation
import LensPlot
import LensRunner
import LensStatistics

/// The report section of a lattice suite (a sensitivity study): one figure per swept optimizer
/// with the median loss curve (paper band) of every lattice point coloured by the swept value,
/// train and test side by side as in AdamQLR's Figs 8–12, and a table of the final values.
struct SweepSection {
  var results: SuiteResults
  var figuresDirectory: String
  var profile: String

  func render(metrics: [String]) throws -> String {
    guard let lattice = results.resolved.lattice else { return "" }
    var md = ""
    for label in lattice.optimizers {
      let points = results.latticePoints(of: label)
      let numeric = points.compactMap { $0.value.number }
      guard numeric.count == points.count, !points.isEmpty else { continue }
      let geometric = numeric.allSatisfy { $0 > 0 } && (numeric.max()! / numeric.min()! >= 8)
      var panels: [(title: String, bands: [(value: Double, band: Band)])] = []
      for m in metrics {
        let bands = try points.compactMap { p in try results.paperBand(p.variant, metric: m).map { (value: p.value.number!, band: $0) } }
        panels.append((title: m == "train_loss" ? "Train" : m == "test_loss" ? "Test" : m, bands: bands))
      }
      let name = "\(results.suite.id)-\(profile)-\(label)-sweep"
      let figure = Figure.sweep(panels: panels, xLabel: "Epoch", yLabel: "Loss", valueLabel: lattice.parameter,
                                valueScale: geometric ? .log : .linear,
                                title: "\(results.suite.id): \(label), \(lattice.parameter) swept (\(profile) profile)")
      _ = try figure.write(to: "\(figuresDirectory)/\(name)")
      md += "![\(label) sweep](figures/\(name).png)\n\n"
      md += "Median loss over runs at each value of `\(lattice.parameter)` (colour), with the paper's band. [SVG](figures/\(name).svg)\n\n"
      md += table(label: label, parameter: lattice.parameter, metrics: metrics)
    }
    return md
  }

  func table(label: String, parameter: String, metrics: [String]) -> String {
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    var md = "| \(parameter) | runs | diverged | " + metrics.map { "median final \($0) (IQR)" }.joined(separator: " | ") + " |\n"
    md += "|---|---|---|" + String(repeating: "---|", count: metrics.count) + "\n"
    for p in results.latticePoints(of: label) {
      let runs = results.variants.first { $0.name == p.variant }?.records.count ?? 0
      var row = "| \(p.value.number.map(fmt) ?? p.value.canonical) | \(runs) | \(results.divergedCount(p.variant)) |"
      for m in metrics {
        let f = results.finals(p.variant, metric: m)
        row += f.isEmpty ? " — |" : " \(fmt(Quantile.median(f))) (\(f.count >= 2 ? fmt(Quantile.interquartileRange(f)) : "—")) |"
      }
      md += row + "\n"
    }
    return md + "\n"
  }
}
