import Foundation
import LensCore

/// Asynchronous successive halving (Li et al., 2020) with the stopping rule of Ray Tune's
/// `ASHAScheduler`, which the AdamQLR authors used.
///
/// Rungs sit at budgets `grace · ηᵏ` below `maxBudget` (Ray: `grace_period`,
/// `reduction_factor`, `max_t`). When a trial first reaches a rung it is compared with the
/// metric values earlier trials recorded there: it stops if it is worse than their
/// (1 − 1/η) quantile (NumPy's linear-interpolation percentile, on the metric oriented so that
/// larger is better, as Ray does), otherwise it records its value and goes on.
///
/// Determinism: "earlier" means lower trial index. A trial that reaches a rung waits until
/// every lower-indexed trial has recorded a value at that rung or stopped below it, so the
/// decisions — and the chosen configuration — do not depend on how trials are spread over
/// workers or how long each step takes (with a wall-clock budget the budgets themselves are
/// timings, and only that part is machine-dependent).
public final class ASHA: @unchecked Sendable {
  public let grace: Double
  public let reductionFactor: Int
  public let maxBudget: Double
  public let minimise: Bool
  /// Rung budgets, ascending.
  public let rungs: [Double]

  private let lock = NSCondition()
  /// rung → trial → oriented value (larger is better).
  private var recorded: [[Int: Double]]
  /// Trials that finished (stopped or ran to the end), with the highest rung they recorded.
  private var finishedAt: [Int: Int] = [:]

  public init(grace: Double, reductionFactor: Int, maxBudget: Double, minimise: Bool) {
    precondition(grace > 0 && reductionFactor >= 2 && maxBudget > grace)
    self.grace = grace; self.reductionFactor = reductionFactor; self.maxBudget = maxBudget; self.minimise = minimise
    var rungs: [Double] = []
    var r = grace
    while r < maxBudget { rungs.append(r); r *= Double(reductionFactor) }
    self.rungs = rungs
    self.recorded = Array(repeating: [:], count: rungs.count)
  }

  /// Called by trial `trial` when it reaches rung `rung` with `metric`; returns whether it
  /// should continue. Blocks until all lower-indexed trials have decided at that rung.
  public func reachedRung(_ rung: Int, trial: Int, metric: Double) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    while !(0..<trial).allSatisfy({ recorded[rung][$0] != nil || (finishedAt[$0].map { $0 < rung } ?? false) }) {
      lock.wait()
    }
    let value = metric.isFinite ? (minimise ? -metric : metric) : -Double.infinity
    let earlier = (0..<trial).compactMap { recorded[rung][$0] }
    let keep: Bool
    if earlier.isEmpty {
      keep = value > -Double.infinity
    } else {
      keep = value >= Self.percentile(earlier, 100 * (1 - 1 / Double(reductionFactor)))
    }
    if keep { recorded[rung][trial] = value }
    lock.broadcast()
    return keep
  }

  /// Called once when trial `trial` ends, stopped or finished; `highestRung` is the last rung
  /// it recorded (−1 if none).
  public func finished(trial: Int, highestRung: Int) {
    lock.lock()
    finishedAt[trial] = highestRung
    lock.broadcast()
    lock.unlock()
  }

  /// NumPy's default percentile: linear interpolation between closest ranks, q in [0, 100].
  static func percentile(_ values: [Double], _ q: Double) -> Double {
    let s = values.sorted()
    let position = q / 100 * Double(s.count - 1)
    let lo = Int(position.rounded(.down)), hi = Int(position.rounded(.up))
    return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
  }
}

/// The outcome of tuning one optimizer.
public struct TuningResult: Sendable {
  public struct Trial: Sendable {
    public var index: Int
    public var configuration: [(String, HyperValue)]
    /// Budget reached and final metric (NaN if the trial diverged).
    public var budget: Double
    public var metric: Double
    public var stoppedEarly: Bool
  }
  public var trials: [Trial]
  /// Index of the best trial among those that ran the full budget (ties: lower index).
  public var best: Int?
}
