import Foundation
import LensCore

/// Runs random search with ASHA early stopping over `samples` configurations on `jobs`
/// threads.
///
/// `train(configuration, index, report)` trains one configuration; it must call
/// `report(budgetSoFar, metric)` at each evaluation and stop training when `report` returns
/// false; it returns the final (budget, metric).
public struct Tuner: Sendable {
  public var space: SearchSpace
  public var samples: Int
  public var asha: ASHA
  public var jobs: Int

  public init(space: SearchSpace, samples: Int, asha: ASHA, jobs: Int) {
    self.space = space; self.samples = samples; self.asha = asha; self.jobs = max(1, jobs)
  }

  public typealias Report = (_ budget: Double, _ metric: Double) -> Bool

  public func run(
    train: @escaping @Sendable (_ configuration: [(String, HyperValue)], _ index: Int, _ report: Report) -> (Double, Double)
  ) -> TuningResult {
    let results = TrialTable(count: samples)
    let next = Counter()
    let asha = self.asha
    let space = self.space
    let samples = self.samples
    DispatchQueue.concurrentPerform(iterations: jobs) { _ in
      while true {
        let i = next.take()
        if i >= samples { return }
        let configuration = space.configuration(i)
        var nextRung = 0
        var lastRecorded = -1
        var stopped = false
        let report: Report = { budget, metric in
          while nextRung < asha.rungs.count && budget >= asha.rungs[nextRung] {
            if !asha.reachedRung(nextRung, trial: i, metric: metric) { stopped = true; return false }
            lastRecorded = nextRung
            nextRung += 1
          }
          return true
        }
        let (budget, metric) = train(configuration, i, report)
        if !stopped, !metric.isFinite { stopped = true }
        asha.finished(trial: i, highestRung: lastRecorded)
        results.set(i, TuningResult.Trial(index: i, configuration: configuration, budget: budget,
                                          metric: metric, stoppedEarly: stopped))
      }
    }
    let trials = results.all()
    let complete = trials.filter { !$0.stoppedEarly && $0.metric.isFinite }
    let best = complete.min { a, b in
      let (x, y) = asha.minimise ? (a.metric, b.metric) : (-a.metric, -b.metric)
      return x < y || (x == y && a.index < b.index)
    }?.index
    return TuningResult(trials: trials, best: best)
  }
}

/// A thread-safe counter handing out trial indices in order.
final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  func take() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}

/// Trial results by index, filled from several threads.
final class TrialTable: @unchecked Sendable {
  private var trials: [TuningResult.Trial?]
  private let lock = NSLock()
  init(count: Int) { trials = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ t: TuningResult.Trial) { lock.lock(); trials[i] = t; lock.unlock() }
  func all() -> [TuningResult.Trial] { lock.lock(); defer { lock.unlock() }; return trials.map { $0! } }
}
