import Foundation
import LensCore
import LensPlot
import LensStatistics

/// The three example figures, from synthetic data with fixed seeds.
enum ExampleFigures {
  /// A synthetic loss curve: a·e^(−rt) + floor, multiplied by log-normal noise.
  static func runs(_ name: String, split: String, rate: Double, floor: Double, count: Int, divergeOne: Bool) throws -> AlignedRuns {
    var rng = SeededGenerator(stream: RandomStreamKey(["plot-examples", name, split]))
    let steps = (0...100).map { Double($0) * 10 }
    let curves = try (0..<count).map { r -> Curve in
      let jitter = 1 + 0.25 * rng.normal()
      var y = steps.map { t in (2.3 * exp(-rate * jitter * t) + floor) * exp(0.08 * rng.normal()) }
      if divergeOne && r == 0 { for k in 60..<y.count { y[k] = .nan } }
      return try Curve(x: steps, y: y)
    }
    let grid = try CurveGrid.evenlySpaced(from: 0, to: 1000, count: 101, alignment: .linear)
    return grid.align(curves)
  }

  static func lossFigure() throws -> Figure {
    let specs: [(String, Double, Double)] = [("sgd", 0.004, 0.30), ("adam", 0.012, 0.08), ("adamqlr_tuned", 0.02, 0.05)]
    var panels: [(title: String, bands: [(optimizer: String, band: Band)])] = []
    for (split, floorScale) in [("Train", 1.0), ("Test", 1.6)] {
      var bands: [(optimizer: String, band: Band)] = []
      for (name, rate, floor) in specs {
        let runs = try runs(name, split: split, rate: rate, floor: floor * floorScale, count: 20, divergeOne: name == "adam")
        bands.append((name, Bootstrap(key: RandomStreamKey(["plot-examples", name, split, "bootstrap"])).paperBand(runs)))
      }
      panels.append((split, bands))
    }
    return Figure.curves(panels: panels, xLabel: "Steps", yLabel: "Loss", title: "Synthetic loss curves (median ± bootstrap sd)")
  }

  /// 0.25·((1 − x)² + 100(y − x²)²)
  static func rosenbrock(_ x: Double, _ y: Double) -> Double { 0.25 * ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)) }

  static func descent(from start: (Double, Double), lr: Double, momentum: Double, steps: Int) -> ([Double], [Double]) {
    var (x, y) = start, (vx, vy) = (0.0, 0.0)
    var xs = [x], ys = [y]
    for _ in 0..<steps {
      let gx = 0.25 * (-2 * (1 - x) - 400 * x * (y - x * x)), gy = 0.25 * 200 * (y - x * x)
      vx = momentum * vx - lr * gx; vy = momentum * vy - lr * gy
      x += vx; y += vy
      xs.append(x); ys.append(y)
    }
    return (xs, ys)
  }

  /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸) on the same function.
  static func adam(from start: (Double, Double), lr: Double, steps: Int) -> ([Double], [Double]) {
    var p = [start.0, start.1], m = [0.0, 0.0], v = [0.0, 0.0]
    var xs = [p[0]], ys = [p[1]]
    for t in 1...steps {
      let x = p[0], y = p[1]
      let g = [0.25 * (-2 * (1 - x) - 400 * x * (y - x * x)), 0.25 * 200 * (y - x * x)]
      for i in 0..<2 {
        m[i] = 0.9 * m[i] + 0.1 * g[i]; v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
        let mh = m[i] / (1 - pow(0.9, Double(t))), vh = v[i] / (1 - pow(0.999, Double(t)))
        p[i] -= lr * mh / (vh.squareRoot() + 1e-8)
      }
      xs.append(p[0]); ys.append(p[1])
    }
    return (xs, ys)
  }

  static func contourFigure() -> Figure {
    let field = ScalarField.sampling(x: -2, 2, y: -1, 3, nx: 241, ny: 241, rosenbrock)
    let levels = MarchingSquares.logLevels(from: 1e-2, to: 1e3, count: 11)
    let gd = descent(from: (-1.5, 2.5), lr: 0.003, momentum: 0, steps: 4000)
    let ad = adam(from: (1.8, 0.4), lr: 0.03, steps: 600)
    func every(_ v: [Double], _ k: Int) -> [Double] { stride(from: 0, to: v.count, by: k).map { v[$0] } }
    return Figure.trajectories(field: field, levels: levels,
                               paths: [("sgd", every(gd.0, 200), every(gd.1, 200)), ("adam", every(ad.0, 20), every(ad.1, 20))],
                               minimum: (1, 1), xLabel: "x", yLabel: "y", colorLabel: "0.25·((1−x)² + 100(y−x²)²)",
                               title: "Rosenbrock")
  }

  static let heatmapColumns = ["1e-4", "4e-4", "1e-3", "3e-3"]
  static let heatmapRows = ["1e-8", "1e-4", "1e-3", "5e-3", "1e-2", "1e-1"]

  /// Synthetic validation accuracy over learning rate η (columns) × damping δ (rows), one diverged cell.
  static func heatmapValues() -> [[Double]] {
    let etas = [1e-4, 4e-4, 1e-3, 3e-3], deltas = [1e-8, 1e-4, 1e-3, 5e-3, 1e-2, 1e-1]
    return deltas.map { d in etas.map { e in
      if d == 1e-8 && e == 3e-3 { return .nan }
      let best = log10(d / 5e-3), lr = log10(e / 1e-3)
      return 65 - 2.2 * best * best / 2 - 1.5 * lr * lr
    } }
  }

  static func heatmapFigure() -> Figure {
    Figure.heatmap(values: heatmapValues(), columns: heatmapColumns, rows: heatmapRows,
                   xLabel: "learning rate η", yLabel: "damping δ", colorLabel: "validation accuracy (%)",
                   decimals: 1, title: "Adam, VGG-16 (synthetic)")
  }

  /// A table as charts: mean ± sd test accuracy over seeds (bars), and the spread of the
  /// seeds' final losses (boxes), synthetic.
  static func tableFigure() -> Figure {
    var rng = SeededGenerator(stream: RandomStreamKey(["plot-examples", "table"]))
    let optimizers = ["sgd", "adam", "adam_learned_damping"]
    let datasets = ["CIFAR-10", "CIFAR-100"]
    let means: [[Double]] = [[91.2, 65.3], [89.9, 61.9], [91.5, 65.5]]
    var bars = Axes(title: "Test accuracy (5 seeds)", x: AxisSpec(categories: datasets),
                    y: AxisSpec(label: "accuracy (%)", limits: (0, 100)))
    var boxes = Axes(title: "Final training loss (20 seeds)", x: AxisSpec(categories: datasets),
                     y: AxisSpec(label: "loss", scale: .log))
    for (i, name) in optimizers.enumerated() {
      let seeds = means[i].map { m in (0..<5).map { _ in m + 0.6 * rng.normal() } }
      let spreads = seeds.map { Summary.spread($0) }
      bars.add(.bars(BarSeries(label: OptimizerPalette.label(for: name), values: spreads.map(\.mean),
                               errors: spreads.map(\.standardDeviation), color: OptimizerPalette.color(for: name),
                               index: i, count: optimizers.count)))
      let losses = (0..<datasets.count).map { d in (0..<20).map { _ in 0.05 * Double(d + 1) * Double(3 - i) * exp(0.35 * rng.normal()) } }
      boxes.add(.boxes(BoxSeries(label: OptimizerPalette.label(for: name), samples: losses,
                                 color: OptimizerPalette.color(for: name), index: i, count: optimizers.count)))
    }
    bars.legend = .above
    boxes.legend = .none
    return Figure(width: 486, height: 200, columns: 2, panels: [bars, boxes])
  }

  /// A sensitivity study: learning-rate rescale k = 2^{−1, −0.5, …, 1} on train and test loss.
  static func sweepFigure() throws -> Figure {
    let ks = stride(from: -1.0, through: 1.0, by: 0.5).map { pow(2, $0) }
    var panels: [(title: String, bands: [(value: Double, band: Band)])] = []
    for (split, floorScale) in [("Train", 1.0), ("Test", 1.5)] {
      let bands = try ks.map { k -> (value: Double, band: Band) in
        let runs = try runs("k=\(k)", split: split, rate: 0.01 * k, floor: 0.06 * floorScale * (1 + abs(log2(k))), count: 10, divergeOne: false)
        return (k, Bootstrap(key: RandomStreamKey(["plot-examples", "sweep", split, "\(k)"])).paperBand(runs))
      }
      panels.append((split, bands))
    }
    return Figure.sweep(panels: panels, xLabel: "Steps", yLabel: "Loss", valueLabel: "rescale k")
  }

  /// Test accuracy against wall-clock seconds on a log axis, runs of different lengths aligned
  /// on a log-spaced grid, with 95 % percentile bands (B = 2000).
  static func wallClockFigure() throws -> Figure {
    var axes = Axes(title: "Test accuracy", x: AxisSpec(label: "Wall-clock time (s)", scale: .log),
                    y: AxisSpec(label: "Accuracy (%)"))
    let grid = try CurveGrid.logSpaced(from: 0.5, to: 300, count: 60, alignment: .linear, axis: .seconds)
    for (name, speed, top) in [("adam", 1.0, 88.0), ("adafisher", 0.6, 91.0), ("kfac", 0.25, 90.0)] {
      var rng = SeededGenerator(stream: RandomStreamKey(["plot-examples", "wall", name]))
      let curves = try (0..<8).map { _ -> Curve in
        let end = 300 * (0.8 + 0.2 * rng.uniform())
        let t = (0..<80).map { 0.4 * pow(end / 0.4, Double($0) / 79) }
        return try Curve(x: t, y: t.map { top * (1 - exp(-speed * $0 / 20)) + 0.8 * rng.normal() })
      }
      axes.addOptimizer(name, band: Bootstrap(key: RandomStreamKey(["plot-examples", "wall", name, "b"])).percentileBand(grid.align(curves)))
    }
    axes.legend = .upperLeft
    return Figure(width: 260, height: 200, panels: [axes])
  }
}
