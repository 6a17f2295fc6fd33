import Foundation
import Testing
import LensCore
import LensRunner
@testable import LensReport

/// Trajectory claim kinds on synthetic paths that pass and that fail, the claims-file syntax,
/// and the report section end to end on real Rosenbrock runs.
@Suite struct TrajectoryClaimTests {
  /// A path from (1, −1) straight to the valley floor at (0, 0), then along it to x = `alongTo`;
  /// losses computed from f, `wobble` adds a rise on every other step.
  static func path(alongTo end: Double, overshoot: Double = 0, wobble: Bool = false, rates: [Double] = []) -> TrajectoryStatistics {
    var points: [[Double]] = (0...10).map { i in let s = Double(i) / 10; return [1 - s, -1 + s] }
    if overshoot > 0 { points.append([0, overshoot]); points.append([0, 0]) }
    points += (1...20).map { i in let x = end * Double(i) / 20; return [x, x * x] }
    var losses = points.map { 0.25 * ((1 - $0[0]) * (1 - $0[0]) + 100 * ($0[1] - $0[0] * $0[0]) * ($0[1] - $0[0] * $0[0])) }
    if wobble { for i in stride(from: 1, to: losses.count, by: 2) { losses[i] = losses[i - 1] + 1 } }
    return TrajectoryStatistics(points: points, losses: losses, rates: rates)
  }

  @Test func statisticsOfASyntheticPath() {
    let s = Self.path(alongTo: 0.5, overshoot: 0.3)
    #expect(abs(s.finalDistance - ((0.5 * 0.5) + 0.75 * 0.75).squareRoot()) < 1e-12)
    #expect(abs(s.finalValleyOffset) < 1e-12)
    #expect(abs(s.overshoot - 0.3) < 1e-12)
    #expect(Self.path(alongTo: 0.5).overshoot == 0)
    #expect(Self.path(alongTo: 0.5, wobble: true).lossIncreaseFraction >= 0.45)
    #expect(TrajectoryStatistics(points: [[0, 0], [0, 1], [0, 0]], losses: [1, 2, 3], rates: [0.1, 0.05]).clippedFraction(clip: 0.1) == 0.5)
  }

  /// Each kind passes on a path with the property and fails on one without it.
  @Test func everyKindPassesAndFails() {
    let stalled = Self.path(alongTo: 0.2), tracked = Self.path(alongTo: 0.95)
    let overshooting = Self.path(alongTo: 0.5, overshoot: 0.4), bouncing = Self.path(alongTo: 0.5, wobble: true)
    let clipped = Self.path(alongTo: 0.5, rates: Array(repeating: 0.1, count: 9) + [0.05])
    let cases: [(TrajectoryCheck, pass: TrajectoryStatistics, fail: TrajectoryStatistics)] = [
      (.stallsInValley(variant: "v", valleyTolerance: 0.05, minDistance: 0.5), stalled, tracked),
      (.bounces(variant: "v", minFraction: 0.2), bouncing, tracked),
      (.overshoots(variant: "v", margin: 0.1, minFinalDistance: nil), overshooting, tracked),
      (.overshoots(variant: "v", margin: 0.1, minFinalDistance: 0.5), overshooting, Self.path(alongTo: 0.99, overshoot: 0.4)),
      (.noOvershoot(variant: "v", margin: 0.1), tracked, overshooting),
      (.rateClipped(variant: "v", clip: 0.1, minFraction: 0.8), clipped, tracked),
    ]
    for (check, pass, fail) in cases {
      #expect(check.evaluate([("v", [pass])]).0 == true, "\(check) should pass")
      #expect(check.evaluate([("v", [fail])]).0 == false, "\(check) should fail")
    }
    let nearest = TrajectoryCheck.nearestOptimum(variant: "v")
    #expect(nearest.evaluate([("v", [tracked]), ("w", [stalled])]).0 == true)
    #expect(nearest.evaluate([("v", [stalled]), ("w", [tracked])]).0 == false)
    #expect(nearest.evaluate([("w", [tracked])]).0 == nil)
  }

  @Test func claimsFileReadsTrajectoryKindsStrictly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-claims-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = """
    lens_claims: 1
    paper: adamqlr
    claims:
      - {id: a, suite: s, text: "t", check: {kind: stalls_in_valley, variant: gd, valley_tol: 0.05, min_distance: 0.5}}
      - {id: b, suite: s, text: "t", check: {kind: overshoots, variant: adam, margin: 0.1}}
      - {id: c, suite: s, text: "t", check: {kind: best_final, metric: train_loss, variant: adam}}
    """
    let path = dir.appendingPathComponent("c.yaml").path
    try good.write(toFile: path, atomically: true, encoding: .utf8)
    let claims = try ClaimFile.read(path)
    guard case .trajectory(.stallsInValley("gd", 0.05, 0.5)) = claims[0].check,
          case .trajectory(.overshoots("adam", 0.1, nil)) = claims[1].check, case .bestFinal = claims[2].check else {
      Issue.record("wrong checks: \(claims.map(\.check))"); return
    }
    let bad = good.replacingOccurrences(of: "margin: 0.1}", with: "margn: 0.1}")
    try bad.write(toFile: path, atomically: true, encoding: .utf8)
    do { _ = try ClaimFile.read(path); Issue.record("accepted a misspelt key") } catch let e as LensError {
      #expect(e.message.contains("c.yaml:5:") && e.message.contains("did you mean 'margin'?"), "\(e.message)")
    }
  }

  /// Rosenbrock runs into a scratch store, then the report section: figure files written,
  /// table rows per optimizer, and the claims evaluated on the logged trajectories.
  @Test func reportSectionOnRealRuns() throws {
    let text = """
    lens_suite: 1
    id: rosen-report
    paper: adamqlr
    problem: {objective: rosenbrock, start: [1, -1]}
    budget: {steps: 60}
    evaluation: {every: {steps: 1}, splits: [train], metrics: [loss]}
    repetitions: 1
    optimizers:
      gd_minimal: {optimizer: sgd, lr: 1.0e-3}
      adamqlr_tuned_hessian: {optimizer: adamqlr, curvature: hessian, lr_clip: 6.098, initial_damping: 3.0270e-6, damping_decrease: 0.9, damping_increase: 2.1}
    """
    let suite = try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(text: text, file: "r.yaml")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-rosen-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = ResultsStore(root: dir.appendingPathComponent("results"))
    let plan = try Planner().plan(suite, profile: "default")
    let trainer = try ProblemCatalog.trainer(for: suite.problem) { throw LensError.data("no data needed") }
    let outcome = try SuiteRunner(store: store, jobs: 2).run(plan, trainer: trainer, provenance: "{}")
    #expect(outcome.finished == 2)
    let results = try SuiteResults(suite: suite, profile: "default", store: store)
    let figures = dir.appendingPathComponent("figures").path
    try FileManager.default.createDirectory(atPath: figures, withIntermediateDirectories: true)
    let md = try TrajectorySection(results: results, figures: figures).markdown(profile: "default")
    #expect(FileManager.default.fileExists(atPath: figures + "/rosen-report-default-trajectories.png"))
    #expect(md.contains("| GD Minimal | 1 (0 diverged) |") && md.contains("| AdamQLR (Tuned, Hessian) | 1 (0 diverged) |"))
    let stats = results.trajectoryStatistics
    #expect(stats.map(\.runs.count) == [1, 1])
    // 60 small GD steps stay far from the optimum; the tuned AdamQLR gets nearer.
    #expect(TrajectoryCheck.nearestOptimum(variant: "adamqlr_tuned_hessian").evaluate(stats).0 == true)
    #expect(stats[0].runs[0].finalDistance > 0.5)
  }
}
