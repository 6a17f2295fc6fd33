#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LensCore
import LensRunner
import LensStatistics

/// Curves of a suite's runs against training seconds and per step, for the time-axis figures
/// (AdamQLR Figs 1, 3, 4) and the learning-rate claims.
///
/// * Evaluation metrics against time: each run's evaluations at their recorded training
///   seconds (evaluation itself is untimed), linearly interpolated onto `timeGrid` — log-spaced
///   from the earliest first step to the latest end of any run in the suite — with a diverged run +∞ from its
///   last step's time on (`TimeAlignment`).
/// * Per-step quantities (`StepQuantity`): the value each step applied, as log₁₀, carried
///   forward between steps (the rate in force at time t is that of the last step taken by t).
///   Steps with a value ≤ 0 (K-FAC may choose a negative rate) or none are left out, so they
///   are missing rather than divergent; `nonPositiveSteps` counts them. Medians of log₁₀ α are
///   what the figure shows (as 10^median), so the band is symmetric in decades.
/// * On the epoch axis a step t of a run with S steps per epoch sits at (t + 1)/S epochs; S is
///   read from the run's evaluations (step/epoch of any evaluation after step 0). Claims use
///   this axis, which does not depend on the machine's speed.
extension SuiteResults {
  /// A quantity an optimizer records at every step.
  public enum StepQuantity: String, Sendable {
    case learningRate = "learning_rate"
    case damping = "damping"

    func value(_ s: RunRecord.Step) -> Double? {
      switch self {
      case .learningRate: return s.learningRate
      case .damping: return s.damping
      }
    }

    /// The hyperparameter key that sets this quantity when an optimizer takes it as given.
    var hyperparameter: String {
      switch self {
      case .learningRate: return "lr"
      case .damping: return "damping"
      }
    }
  }

  /// Whether `variant`'s `quantity` is a fixed hyperparameter (drawn dashed, labelled
  /// "(fixed)"): its optimizer takes the quantity as a hyperparameter (SGD's and Adam's `lr`)
  /// and every step of every run applied one value. A method that chooses the value itself
  /// (AdamQLR, K-FAC) is never "fixed", even when its rate sits at a clip for a whole run or a
  /// run takes a single step.
  public func isFixed(_ variant: String, _ quantity: StepQuantity) -> Bool {
    guard let optimizer = suite.optimizers.first(where: { $0.label == Self.baseLabel(variant) })?.optimizer,
          let schema = ProblemCatalog.vocabulary.optimizers.first(where: { $0.name == optimizer })?.schema,
          schema.keys.contains(quantity.hyperparameter) else { return false }
    return records(variant).allSatisfy { r in Set(r.steps.compactMap { quantity.value($0) }).count <= 1 }
  }

  /// The suite label of a variant (`adamqlr_tuned@lr_clip=0.1` → `adamqlr_tuned`).
  static func baseLabel(_ variant: String) -> String {
    variant.firstIndex(of: "@").map { String(variant[..<$0]) } ?? variant
  }

  static let timeGridPoints = 200

  func records(_ variant: String) -> [RunRecord] { variants.first { $0.name == variant }?.records ?? [] }

  /// The common time grid: `timeGridPoints` log-spaced seconds from the earliest first step
  /// of any run to the longest run (training times of optimizers differ by orders of
  /// magnitude, so figures use a log time axis).
  public func timeGrid(alignment: CurveGrid.Alignment = .linear) throws -> CurveGrid {
    let all = variants.flatMap(\.records)
    let ends = all.map(\.trainingSeconds)
    // Log-spaced from the earliest first step; evenly spaced from 0 when that is not below the end.
    let start = all.compactMap { $0.steps.first?.time }.filter { $0 > 0 }.min()
      .flatMap { s in ends.max().flatMap { $0 > s ? s : nil } }
    return try TimeAlignment.grid(ends: ends, start: start, count: Self.timeGridPoints, alignment: alignment)
  }

  /// The median training seconds of `variant`'s runs (nil without runs).
  public func medianSeconds(_ variant: String) -> Double? {
    let t = records(variant).map(\.trainingSeconds)
    return t.isEmpty ? nil : Quantile.median(t)
  }

  /// Runs of `variant` aligned on the time grid for an evaluation `metric`.
  public func alignedOnTime(_ variant: String, metric: String) throws -> AlignedRuns? {
    let rs = records(variant)
    guard !rs.isEmpty else { return nil }
    let curves = try rs.map { r -> Curve in
      let diverged = r.status == "diverged" ? max(r.trainingSeconds, (r.evaluations.last?.time ?? 0) + 1e-9) : nil
      return try TimeAlignment.curve(times: r.evaluations.map(\.time), values: r.evaluations.map { $0.value(metric) ?? .nan },
                                     divergedAt: diverged)
    }
    return try timeGrid().align(curves)
  }

  /// Steps per epoch of a run, from its evaluations (nil if it has none after step 0).
  static func stepsPerEpoch(_ r: RunRecord) -> Double? {
    r.evaluations.first { $0.step > 0 && $0.epoch > 0 }.map { Double($0.step) / $0.epoch }
  }

  /// log₁₀ of a per-step quantity of one run against `axis` (seconds or epochs); nil when the
  /// run records no positive value of it.
  static func stepCurve(_ r: RunRecord, _ quantity: StepQuantity, axis: CurveGrid.Axis) throws -> Curve? {
    var x: [Double] = [], y: [Double] = []
    let perEpoch = stepsPerEpoch(r)
    for s in r.steps {
      guard let v = quantity.value(s), v > 0, v.isFinite else { continue }
      switch axis {
      case .seconds: x.append(s.time)
      case .epochs: guard let p = perEpoch else { return nil }; x.append(Double(s.step + 1) / p)
      case .steps: x.append(Double(s.step + 1))
      }
      y.append(log10(v))
    }
    guard !x.isEmpty else { return nil }
    return try TimeAlignment.curve(times: x, values: y)
  }

  /// Steps of `variant`'s runs whose recorded `quantity` is ≤ 0 (left out of the log median).
  public func nonPositiveSteps(_ variant: String, _ quantity: StepQuantity) -> Int {
    records(variant).reduce(0) { n, r in n + r.steps.filter { quantity.value($0).map { $0 <= 0 } ?? false }.count }
  }

  /// log₁₀ of `quantity` for the runs of `variant` that record it, on the time grid
  /// (`axis: .seconds`) or on `count` evenly spaced epochs from the first step to the budget
  /// (`axis: .epochs`); nil when no run records it.
  public func stepRuns(_ variant: String, _ quantity: StepQuantity, axis: CurveGrid.Axis = .seconds,
                       count: Int = 200) throws -> AlignedRuns? {
    let curves = try records(variant).compactMap { try Self.stepCurve($0, quantity, axis: axis) }
    guard !curves.isEmpty else { return nil }
    let grid: CurveGrid
    switch axis {
    case .seconds: grid = try timeGrid(alignment: .lastValueCarriedForward)
    default:
      let start = curves.map { $0.x[0] }.min()!, end = curves.map { $0.x.last! }.max()!
      guard end > start else { return nil }
      grid = try CurveGrid.evenlySpaced(from: start, to: end, count: count, alignment: .lastValueCarriedForward, axis: axis)
    }
    return grid.align(curves)
  }

  /// The paper's band (mean ± sd of 50 bootstrap medians) of aligned runs, with a stream key
  /// naming the suite, profile, variant and what was aligned.
  public func paperBand(_ runs: AlignedRuns, variant: String, name: String) -> Band {
    Bootstrap(key: RandomStreamKey([suite.id, profile, variant, name, "bootstrap"])).paperBand(runs, resamples: 50)
  }
}
