import Foundation
import Testing
import LensCore
import LensStatistics
@testable import LensReport

/// Time-axis alignment of whole suites and the figures each `figures:` kind renders.
@Suite struct CurveSectionTests {
  /// Adam takes 0.01 s per step and K-FAC 0.02 s (10 steps per epoch, evaluations every
  /// epoch, loss 1/(1 + epoch)). On the common grid (200 points log-spaced from Adam's first
  /// step at 0.01 s to K-FAC's end at 2 s), at the point g nearest 0.5 s Adam is at epoch 10g
  /// and K-FAC at epoch 5g, each linearly interpolated between its evaluations.
  @Test func suitesAlignOnACommonTimeGrid() throws {
    let r = try Synthetic.results([("adam", { _ in 0.01 }), ("kfac", { _ in 0.1 })], dt: ["adam": 0.01, "kfac": 0.02])
    let grid = try r.timeGrid()
    #expect(grid.points.first == 0.01 && grid.points.last == 2 && grid.points.count == 200 && grid.axis == .seconds)
    let k = try #require(grid.points.firstIndex { abs($0 - 0.5) < 0.02 })
    let g = grid.points[k]
    let adam = try #require(try r.alignedOnTime("adam", metric: "train_loss"))
    let kfac = try #require(try r.alignedOnTime("kfac", metric: "train_loss"))
    // Adam: linear between epochs ⌊100g⌋/10 … at t = g, epoch = 10·g.
    func lossAt(_ epoch: Double) -> Double {
      let lo = floor(epoch), hi = lo + 1
      return 1 / (1 + lo) + (epoch - lo) / (hi - lo) * (1 / (1 + hi) - 1 / (1 + lo))
    }
    #expect(abs(adam.values[0][k] - lossAt(g * 10)) < 1e-9)
    #expect(abs(kfac.values[0][k] - lossAt(g * 5)) < 1e-9)
    // After Adam's end (1 s) its final value is carried; its median end is 1 s.
    #expect(adam.values[0].last == 1.0 / 11)
    #expect(r.medianSeconds("adam") == 1 && r.medianSeconds("kfac") == 2)
    // Learning rates: log₁₀ carried between steps; the second run's rate is 10 % higher.
    let lr = try #require(try r.stepRuns("adam", .learningRate))
    #expect(abs(lr.median[k] - (log10(0.01) + log10(0.011)) / 2) < 1e-12)
    #expect(!lr.values[0][0].isNaN)
    #expect(try #require(try r.stepRuns("kfac", .learningRate)).values[0][0].isNaN)  // before K-FAC's first step: missing
    #expect(try r.stepRuns("adam", .damping) == nil)
  }

  /// Every figure kind writes its PNG and SVG and is linked from the markdown.
  @Test func everyFigureKindIsRendered() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-curves-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = try Synthetic.results([("adam", { _ in 0.01 }), ("adamqlr_tuned", { 0.1 * pow(10, -Double($0) / 50) })],
                                  damping: ["adamqlr_tuned": { 1e-3 * pow(10, -Double($0) / 100) }])
    let md = try CurveSections(suite: r.suite, results: r, profile: "default", folder: dir).render()
    for file in ["loss", "loss-time", "accuracy", "schedules"] {
      #expect(md.contains("figures/synthetic-default-\(file).png"), "\(file) not linked")
      #expect(FileManager.default.fileExists(atPath: "\(dir)/synthetic-default-\(file).png"))
      #expect(FileManager.default.fileExists(atPath: "\(dir)/synthetic-default-\(file).svg"))
    }
    #expect(md.contains("| adam | 1 | 100 | 100 | 100 |"), "work table: \(md)")
    // Only the listed kinds are drawn.
    let only = try SuiteResults(suite: try Synthetic.suite(figures: "[learning_rate]"), profile: "default", variants: r.variants)
    let md2 = try CurveSections(suite: only.suite, results: only, profile: "default", folder: dir).render()
    #expect(md2.contains("schedules.png") && !md2.contains("loss.png") && !md2.contains("accuracy.png"))
  }
}
