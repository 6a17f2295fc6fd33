import Foundation
import LensCore
import LensPlot
import LensRunner
import LensStatistics

/// The report section of a model-free objective suite (AdamQLR Fig 2, Rosenbrock): one figure
/// with the optimizers' trajectories θ₀…θ_T over filled log-spaced contours of the objective
/// (left) and the loss f(θ_t) against step t (right, log scale), and a table of the trajectory
/// statistics the claims rest on (`TrajectoryStatistics`) with each run's work counters.
///
/// The first finished run of each variant is drawn (the paper draws one run per optimizer;
/// with a fixed start every repetition is the same run).
public struct TrajectorySection {
  public var results: SuiteResults
  public var figures: String

  public init(results: SuiteResults, figures: String) { self.results = results; self.figures = figures }

  /// Palette name and legend label of a variant: AdamQLR's Rosenbrock rows are named as in
  /// the paper's Table 2 (`gd_minimal`, `gd_full`, `adamqlr_tuned_hessian`) and drawn in the
  /// colours of their network counterparts.
  static func style(_ variant: String) -> (color: RGBColor, label: String) {
    let names = ["gd_minimal": ("sgd_minimal", "GD Minimal"), "gd_full": ("sgd_full", "GD Full"),
                 "adamqlr_tuned_hessian": ("adamqlr_tuned", "AdamQLR (Tuned, Hessian)")]
    if let (palette, label) = names[variant] { return (OptimizerPalette.color(for: palette), label) }
    return (OptimizerPalette.color(for: variant), OptimizerPalette.label(for: variant))
  }

  /// The drawn run of each variant: (variant, θ_t, f(θ_t)).
  var paths: [(variant: String, points: [[Double]], losses: [Double])] {
    results.variants.compactMap { v in
      guard let r = v.records.first(where: { $0.status == "finished" }) ?? v.records.first else { return nil }
      let e = r.evaluations.filter { $0.parameters?.count == 2 }
      guard !e.isEmpty else { return nil }
      return (v.name, e.map { $0.parameters! }, e.map { $0.value("train_loss") ?? .nan })
    }
  }

  /// The plotted window: every drawn point and the optimum, padded by 10 %, at most
  /// [−3, 3] × [−2, 4] (a path that leaves it is clipped at the frame).
  static func window(_ points: [[Double]]) -> (x: (Double, Double), y: (Double, Double)) {
    let finite = points.filter { $0.allSatisfy(\.isFinite) } + [RosenbrockGeometry.optimum]
    let xs = finite.map { $0[0] }, ys = finite.map { $0[1] }
    func padded(_ lo: Double, _ hi: Double, _ cap: (Double, Double)) -> (Double, Double) {
      let pad = max(0.1 * (hi - lo), 0.1)
      return (max(lo - pad, cap.0), min(hi + pad, cap.1))
    }
    return (padded(xs.min()!, xs.max()!, (-3, 3)), padded(ys.min()!, ys.max()!, (-2, 4)))
  }

  public func figure(title: String) -> Figure? {
    let paths = self.paths
    guard !paths.isEmpty else { return nil }
    let w = Self.window(paths.flatMap(\.points))
    let field = ScalarField.sampling(x: w.x.0, w.x.1, y: w.y.0, w.y.1, nx: 241, ny: 241) { x, y in
      0.25 * ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x))
    }
    let top = max(field.values.joined().max() ?? 10, 10)
    let levels = MarchingSquares.logLevels(from: 1e-3, to: top, count: 13)
    var plane = Axes(title: "Trajectories from (1, −1)", x: AxisSpec(label: "x", limits: w.x), y: AxisSpec(label: "y", limits: w.y))
    plane.grid = false
    let contour = ContourSeries(field: field, levels: levels, colormap: .paper, norm: .log, filled: true)
    plane.add(.contour(contour))
    var lossPanel = Axes(title: "Loss", x: AxisSpec(label: "Step"), y: AxisSpec(label: "f(x, y)", scale: .log))
    for p in paths {
      let s = Self.style(p.variant)
      let inside = p.points.filter { $0.allSatisfy(\.isFinite) }
      plane.add(.trajectory(TrajectorySeries(label: s.label, x: inside.map { $0[0] }, y: inside.map { $0[1] }, color: s.color,
                                             width: 1.1, markerRadius: 0.9, arrowEvery: 0)))
      let steps = p.losses.indices.map(Double.init)
      let positive = zip(steps, p.losses).filter { $0.1 > 0 && $0.1.isFinite }
      lossPanel.add(.line(LineSeries(label: s.label, x: positive.map(\.0), y: positive.map(\.1), color: s.color)))
    }
    plane.add(.markers(MarkerSeries(label: "Minimum (1, 1)", x: [1], y: [1])))
    plane.equalAspect = true
    plane.legend = .none
    plane.colorBar = ColorBar(colormap: .paper, norm: contour.colorNorm, label: "f", levels: levels)
    return Figure(width: 500, height: 270, columns: 2, panels: [plane, lossPanel], title: title)
  }

  /// Markdown: the figure (written as PNG and SVG under `figures`) and the statistics table.
  public func markdown(profile: String) throws -> String {
    let id = results.suite.id
    var md = ""
    if let figure = figure(title: "\(id): Rosenbrock, \(profile) profile") {
      let base = "\(figures)/\(id)-\(profile)-trajectories"
      _ = try figure.write(to: base)
      md += "![\(id) trajectories](figures/\(id)-\(profile)-trajectories.png)\n\n"
      md += "Left: each optimizer's iterates θ₀…θ_T over log-spaced contours of f; the square marks the start, the large dot the end, the star the minimum. Right: f(θ_t). [SVG](figures/\(id)-\(profile)-trajectories.svg)\n\n"
    }
    md += "| optimizer | runs | final f | distance to (1, 1) | final \\|y − x²\\| | overshoot past the valley | steps with f rising | work (forward, backward, HVP, JVP) |\n"
    md += "|---|---|---|---|---|---|---|---|\n"
    let stats = results.trajectoryStatistics
    for v in results.variants {
      let runs = stats.first { $0.variant == v.name }?.runs ?? []
      let finals = results.finals(v.name, metric: "train_loss")
      func m(_ f: (TrajectoryStatistics) -> Double) -> String {
        runs.isEmpty ? "—" : String(format: "%.3g", Quantile.median(runs.map(f)))
      }
      let work = v.records.first.map { r in ["forward", "backward", "hvp", "jvp"].map { String(r.work[$0] ?? 0) }.joined(separator: ", ") } ?? "—"
      md += "| \(Self.style(v.name).label) | \(v.records.count) (\(results.divergedCount(v.name)) diverged) | "
        + (finals.isEmpty ? "—" : String(format: "%.4g", Quantile.median(finals)))
        + " | \(m(\.finalDistance)) | \(m(\.finalValleyOffset)) | \(m(\.overshoot)) | "
        + (runs.isEmpty ? "—" : String(format: "%.0f %%", 100 * Quantile.median(runs.map(\.lossIncreaseFraction))))
        + " | \(work) |\n"
    }
    return md + "\n"
  }
}
