import Foundation
import Testing
import LensCore
@testable import LensReport

/// The curve-shape and ratio claim kinds on synthetic runs whose schedules are known exactly:
/// each kind passes on data that has the claimed property and fails on data that lacks it.
@Suite struct ScheduleClaimTests {
  /// m = 3, 2, 1, 0 over x = 0…3: start 3, end 0 (tenths of 4 points are single points),
  /// no rise, an exact line (R² = 1) of slope −1.
  @Test func decayMeasuresByHand() throws {
    let d = try #require(ScheduleShape.decay(x: [0, 1, 2, 3], m: [3, 2, 1, 0]))
    #expect(d.start == 3 && d.end == 0 && d.drop == 3 && d.rise == 0 && d.slope == -1)
    #expect(abs(d.r2 - 1) < 1e-12)
    // A V shape: the line explains nothing (slope 0, R² 0), and it rises back to its start.
    let v = try #require(ScheduleShape.decay(x: [0, 1, 2, 3, 4], m: [2, 1, 0, 1, 2]))
    #expect(v.slope == 0 && v.r2 == 0 && v.rise == 0 && v.drop == 0)
    #expect(ScheduleShape.decay(x: [0, 1, 2], m: [1, 1, 1]) == nil)
    #expect(ScheduleShape.distance(-2, toRangeOf: [-1, -3]) == 0)
    #expect(ScheduleShape.distance(-5, toRangeOf: [-1, -3]) == 2)
  }

  let exponential: (Int) -> Double? = { 0.1 * pow(10, -Double($0) / 50) }   // 2 decades over 100 steps
  let warmup: (Int) -> Double? = { $0 < 30 ? 1e-3 * pow(10, Double($0) / 15) : 0.1 * pow(10, -Double($0 - 30) / 70) }
  let constant: (Int) -> Double? = { _ in 0.05 }

  @Test func exponentialDecayPassesWarmUpAndConstantFail() throws {
    let r = try Synthetic.results([("adamqlr_tuned", exponential), ("kfac", warmup), ("adam", constant)])
    func status(_ v: String) throws -> Verdict.Status {
      try Synthetic.claim(.decays(metric: "learning_rate", variant: v, minDecades: 0.3, maxRise: 0.3, minR2: 0.5)).verdict(r).status
    }
    #expect(try status("adamqlr_tuned") == .reproduced)
    #expect(try status("kfac") == .notReproduced)
    #expect(try status("adam") == .notReproduced)
    // No learning rate recorded: not run.
    let none = try Synthetic.results([("adamqlr_tuned", { _ in nil })])
    #expect(try Synthetic.claim(.decays(metric: "learning_rate", variant: "adamqlr_tuned", minDecades: 0.3, maxRise: 0.3, minR2: 0.5))
      .verdict(none).status == .notRun)
  }

  /// Damping trajectories are checked the same way.
  @Test func dampingDecayIsMeasured() throws {
    let r = try Synthetic.results([("adamqlr_tuned", exponential)], damping: ["adamqlr_tuned": { 1e-2 * pow(10, -Double($0) / 25) }])
    let v = try Synthetic.claim(.decays(metric: "damping", variant: "adamqlr_tuned", minDecades: 3, maxRise: 0.3, minR2: 0.9)).verdict(r)
    #expect(v.status == .reproduced, "\(v.evidence)")
  }

  /// Typical rate ≈ 10^median: the decaying schedule's median level is ≈ 0.01 (one decade
  /// below its start), inside [0.005, 0.05] spanned by the fixed rates; a schedule around 1e-5
  /// is ≥ 2 decades below that range.
  @Test func resemblesPassesNearTheFixedRatesAndFailsFarFromThem() throws {
    let r = try Synthetic.results([("adamqlr_tuned", exponential), ("kfac", { _ in 1e-5 }),
                                   ("sgd_minimal", constant), ("adam", { _ in 0.005 })])
    func status(_ v: String, _ decades: Double) throws -> Verdict.Status {
      try Synthetic.claim(.resembles(metric: "learning_rate", variant: v, others: ["sgd_minimal", "adam"], decades: decades)).verdict(r).status
    }
    #expect(try status("adamqlr_tuned", 0) == .reproduced)
    #expect(try status("kfac", 1) == .notReproduced)
    #expect(try status("kfac", 3) == .reproduced)
  }

  /// Final test losses 1.1/(1 + 10) scaled per variant: ratios are exact.
  @Test func ratioChecksTheBounds() throws {
    let r = try Synthetic.results([("adam", constant), ("sgd_minimal", constant)],
                                  loss: ["adam": { 1 / (1 + $0) }, "sgd_minimal": { 1.1 / (1 + $0) }])
    let inBounds = Synthetic.claim(.ratio(metric: "test_loss", variant: "sgd_minimal", reference: "adam", min: 1.0, max: 1.25))
    let outOfBounds = Synthetic.claim(.ratio(metric: "test_loss", variant: "adam", reference: "sgd_minimal", min: 1.0, max: 1.25))
    #expect(try inBounds.verdict(r).status == .reproduced)
    #expect(try outOfBounds.verdict(r).status == .notReproduced)
  }

  /// For accuracies the best variant is the highest, and "competitive" means ≥ (1 − margin)×.
  @Test func accuracyClaimsPreferHigherValues() throws {
    let r = try Synthetic.results([("adam", constant), ("kfac", constant)],
                                  loss: ["adam": { 1 / (1 + $0) }, "kfac": { 0.5 / (1 + $0) }])
    #expect(try Synthetic.claim(.bestFinal(metric: "train_accuracy", variant: "kfac")).verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.bestFinal(metric: "train_loss", variant: "kfac")).verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.bestFinal(metric: "train_accuracy", variant: "adam")).verdict(r).status == .notReproduced)
    // adam's test accuracy 1 − (1/11)/1.8 ≈ 0.949 vs kfac's ≈ 0.975: within 3 %, not within 2 %.
    #expect(try Synthetic.claim(.competitive(metric: "test_accuracy", variant: "adam", reference: "kfac", margin: 0.03)).verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.competitive(metric: "test_accuracy", variant: "adam", reference: "kfac", margin: 0.02)).verdict(r).status == .notReproduced)
  }

  /// The worst final value mirrors the best (a loss: the highest; an accuracy: the lowest), and
  /// "similar" bounds the largest ÷ smallest median (here 1.1 for the losses).
  @Test func worstAndSimilarFinals() throws {
    let r = try Synthetic.results([("adam", constant), ("kfac", constant), ("sgd_minimal", constant)],
                                  loss: ["adam": { 1 / (1 + $0) }, "kfac": { 0.5 / (1 + $0) }, "sgd_minimal": { 1.1 / (1 + $0) }])
    #expect(try Synthetic.claim(.worstFinal(metric: "train_loss", variant: "sgd_minimal")).verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.worstFinal(metric: "train_loss", variant: "adam")).verdict(r).status == .notReproduced)
    #expect(try Synthetic.claim(.worstFinal(metric: "train_accuracy", variant: "sgd_minimal")).verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.worstFinal(metric: "train_accuracy", variant: "kfac")).verdict(r).status == .notReproduced)
    let similar = { (margin: Double) in
      Synthetic.claim(.similarFinal(metric: "test_loss", variant: "adam", others: ["sgd_minimal"], margin: margin))
    }
    #expect(try similar(0.11).verdict(r).status == .reproduced)
    #expect(try similar(0.09).verdict(r).status == .notReproduced)
    #expect(try Synthetic.claim(.similarFinal(metric: "test_loss", variant: "adam", others: ["kfac"], margin: 0.5)).verdict(r).status == .notReproduced)
    #expect(try Synthetic.claim(.similarFinal(metric: "test_loss", variant: "adam", others: ["nobody"], margin: 0.5)).verdict(r).status == .notRun)
  }

  /// A rate pinned at 0.001 is clipped there on the whole grid; the exponential schedule
  /// (0.1 → 0.001 over 100 steps) touches 0.001 only at its end.
  @Test func clippedMeasuresTheTimeAtTheClip() throws {
    let r = try Synthetic.results([("adamqlr_tuned", { _ in 0.001 }), ("kfac", exponential)])
    func status(_ v: String) throws -> Verdict.Status {
      try Synthetic.claim(.clipped(metric: "learning_rate", variant: v, clip: 0.001, tolerance: 0.05, minFraction: 0.9)).verdict(r).status
    }
    #expect(try status("adamqlr_tuned") == .reproduced)
    #expect(try status("kfac") == .notReproduced)
    #expect(ScheduleShape.fractionAt(clip: 0.01, tolerance: 0.1, m: [-2, -2.05, -1, .nan]) == 2.0 / 3.0)
  }

  /// Growth is the decay measure with the sign turned: 1e-3 → 0.1 over 100 steps rises ≈ 2 decades.
  @Test func growsPassesRisingAndFailsFallingRates() throws {
    let rising: (Int) -> Double? = { 1e-3 * pow(10, Double($0) / 50) }
    let r = try Synthetic.results([("adamqlr_tuned", rising), ("kfac", exponential), ("adam", constant)])
    func status(_ v: String) throws -> Verdict.Status {
      try Synthetic.claim(.grows(metric: "learning_rate", variant: v, minDecades: 0.3)).verdict(r).status
    }
    #expect(try status("adamqlr_tuned") == .reproduced)
    #expect(try status("kfac") == .notReproduced)
    #expect(try status("adam") == .notReproduced)
  }

  /// Synthetic test loss is exactly 1.1 × the training loss.
  @Test func metricRatioComparesTwoMetricsOfOneVariant() throws {
    let r = try Synthetic.results([("kfac", constant)])
    #expect(try Synthetic.claim(.metricRatio(metric: "test_loss", referenceMetric: "train_loss", variant: "kfac", min: 1.05, max: 1.15))
      .verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.metricRatio(metric: "test_loss", referenceMetric: "train_loss", variant: "kfac", min: 5, max: 20))
      .verdict(r).status == .notReproduced)
    #expect(try Synthetic.claim(.metricRatio(metric: "test_loss", referenceMetric: "train_loss", variant: "nobody", min: 5, max: 20))
      .verdict(r).status == .notRun)
  }

  /// Loss 2/(1 + e) against 1/(1 + e): twice as high at every epoch, so a slower start at any
  /// fraction of the budget; the reverse comparison fails.
  @Test func slowerStartComparesEarlyMedians() throws {
    let r = try Synthetic.results([("adam", constant), ("kfac", constant)],
                                  loss: ["adam": { 2 / (1 + $0) }, "kfac": { 1 / (1 + $0) }])
    #expect(try Synthetic.claim(.slowerStart(metric: "train_loss", variant: "adam", reference: "kfac", at: 0.25, margin: 0.5))
      .verdict(r).status == .reproduced)
    #expect(try Synthetic.claim(.slowerStart(metric: "train_loss", variant: "adam", reference: "kfac", at: 0.25, margin: 1.5))
      .verdict(r).status == .notReproduced)
    #expect(try Synthetic.claim(.slowerStart(metric: "train_loss", variant: "kfac", reference: "adam", at: 0.25, margin: 0))
      .verdict(r).status == .notReproduced)
  }

  /// A constant rate is "fixed" only for an optimizer that takes the rate as a hyperparameter:
  /// Adam's is, AdamQLR's rate pinned at its clip is not (it chose it every step).
  @Test func fixedRatesAreHyperparametersNotClippedChoices() throws {
    let r = try Synthetic.results([("adam", constant), ("adamqlr_tuned", { _ in 0.001 }), ("sgd_minimal", exponential)])
    #expect(r.isFixed("adam", .learningRate))
    #expect(!r.isFixed("adamqlr_tuned", .learningRate))
    #expect(!r.isFixed("sgd_minimal", .learningRate))
    #expect(SuiteResults.baseLabel("adamqlr_tuned@lr_clip=0.1") == "adamqlr_tuned")
  }

  @Test func claimFileReadsTheNewKindsStrictly() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-claims-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = """
    lens_claims: 1
    paper: adamqlr
    claims:
      - {id: A, suite: s, text: t, check: {kind: ratio, metric: test_loss, variant: a, reference: b, min: 0.8, max: 1}}
      - {id: B, suite: s, text: t, check: {kind: decays, metric: learning_rate, variant: a, min_decades: 0.3, max_rise: 0.3, min_r2: 0.5}}
      - {id: C, suite: s, text: t, check: {kind: resembles, metric: damping, variant: a, others: [b, c], decades: 1}}
      - {id: D, suite: s, text: t, check: {kind: clipped, metric: learning_rate, variant: a, clip: 0.001, tolerance: 0.05, min_fraction: 0.9}}
      - {id: E, suite: s, text: t, check: {kind: grows, metric: learning_rate, variant: a, min_decades: 0.3}}
      - {id: F, suite: s, text: t, check: {kind: metric_ratio, metric: test_loss, reference_metric: train_loss, variant: a, min: 5, max: 20}}
      - {id: G, suite: s, text: t, check: {kind: slower_start, metric: train_loss, variant: a, reference: b, at: 0.25, margin: 0.05}}
    """
    let path = dir.appendingPathComponent("c.yaml").path
    try good.write(toFile: path, atomically: true, encoding: .utf8)
    let claims = try ClaimFile.read(path)
    #expect(claims.count == 7)
    guard case .resembles(_, _, let others, let decades) = claims[2].check else { Issue.record("wrong kind"); return }
    #expect(others == ["b", "c"] && decades == 1)
    for bad in [good.replacingOccurrences(of: "min_r2: 0.5", with: "min_r: 0.5"),
                good.replacingOccurrences(of: "metric: damping", with: "metric: test_loss"),
                good.replacingOccurrences(of: "max: 1}", with: "}"),
                good.replacingOccurrences(of: "clip: 0.001", with: "clipp: 0.001"),
                good.replacingOccurrences(of: "reference_metric: train_loss, ", with: "")] {
      try bad.write(toFile: path, atomically: true, encoding: .utf8)
      #expect(throws: LensError.self) { try ClaimFile.read(path) }
    }
  }
}
