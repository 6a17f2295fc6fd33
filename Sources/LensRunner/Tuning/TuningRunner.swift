import Foundation
import LensCore

/// Tunes the optimizers of a suite that declares a search space: seeded random search with
/// ASHA early stopping (the AdamQLR protocol: 200 configurations, then repetitions of the best).
///
/// Budgets are measured in the suite's budget unit (epochs, steps or training seconds); ASHA's
/// rungs sit at `grace · ηᵏ` of that unit. Configuration `i` of optimizer `label` trains as
/// variant `label#config=i`, repetition 0, so each trial has its own random streams; with
/// `tuning.start` (objective problems) each trial starts from its own draw of that start
/// distribution, from the trial's `init` stream (suite, objective, `label#config=i`).
public struct TuningRunner {
  public var resolved: ResolvedSuite
  public var trainer: Trainer
  public var jobs: Int

  public init(resolved: ResolvedSuite, trainer: Trainer, jobs: Int) {
    self.resolved = resolved; self.trainer = trainer; self.jobs = jobs
  }

  /// One optimizer's outcome: every trial and the chosen configuration (nil if no trial
  /// completed its budget).
  public struct Outcome: Sendable {
    public var label: String
    public var result: TuningResult
    public var chosen: [(String, HyperValue)]?
    public var chosenMetric: Double?
  }

  public func tune() throws -> [Outcome] {
    guard let tuning = resolved.tuning else {
      throw LensError.badInput("\(resolved.suite.source): suite '\(resolved.suite.id)' declares no tuning")
    }
    let maxBudget: Double
    switch resolved.budget {
    case .epochs(let n): maxBudget = Double(n)
    case .steps(let n): maxBudget = Double(n)
    case .seconds(let s): maxBudget = s
    }
    guard maxBudget > tuning.gracePeriod else {
      throw LensError.badInput("\(resolved.suite.source): the grace period \(tuning.gracePeriod) must be below the budget \(resolved.budget)")
    }
    var outcomes: [Outcome] = []
    for entry in resolved.optimizers {
      guard let dimensions = tuning.spaces[entry.label] else { continue }
      let space = SearchSpace(suite: resolved.suite.id, label: entry.label, dimensions: dimensions)
      let asha = ASHA(grace: tuning.gracePeriod, reductionFactor: tuning.reductionFactor, maxBudget: maxBudget,
                      minimise: tuning.mode == "min")
      let tuner = Tuner(space: space, samples: tuning.samples, asha: asha, jobs: jobs)
      let resolved = self.resolved, trainer = self.trainer, metric = tuning.metric
      let failures = FailureLog()
      var trialProblem = resolved.problem
      if let start = tuning.start { trialProblem.objective?.start = start }
      let result = tuner.run { [trialProblem] configuration, index, report in
        let spec = RunSpec(suite: resolved.suite.id, profile: resolved.profile, problem: trialProblem,
                           optimizer: Self.applying(configuration, to: entry), variant: "\(entry.label)#config=\(index)",
                           budget: resolved.budget, evaluation: resolved.evaluation, repetition: 0)
        var last = (0.0, Double.nan)
        do {
          _ = try withoutActuallyEscaping(report) { report in try trainer.run(spec) { epoch, seconds, step, metrics in
            let used: Double
            switch resolved.budget {
            case .epochs: used = epoch
            case .steps: used = Double(step)
            case .seconds: used = seconds
            }
            let value = metrics.first { $0.0 == metric }?.1 ?? .nan
            last = (used, value)
            return report(used, value)
          } }
        } catch {
          failures.add("\(entry.label) config \(index): \(error)")
        }
        return last
      }
      if let message = failures.first { throw LensError.failure("tuning failed: \(message)") }
      let chosen = result.best.map { Self.applying(result.trials[$0].configuration, to: entry).hyperparameters }
      let chosenBatch = result.best.map { Self.applying(result.trials[$0].configuration, to: entry).batchSize }
      outcomes.append(Outcome(label: entry.label, result: result,
                              chosen: chosen.map { [("batch_size", .int(chosenBatch!))] + $0 },
                              chosenMetric: result.best.map { result.trials[$0].metric }))
    }
    return outcomes
  }

  /// `entry` with a configuration's values in place of its own (`batch_size` sets the batch).
  public static func applying(_ configuration: [(String, HyperValue)], to entry: OptimizerEntry) -> OptimizerEntry {
    var e = entry
    for (key, value) in configuration {
      if key == "batch_size", let b = value.number { e.batchSize = Int(b); continue }
      if let i = e.hyperparameters.firstIndex(where: { $0.0 == key }) { e.hyperparameters[i].1 = value }
      else { e.hyperparameters.append((key, value)) }
    }
    return e
  }
}

/// Errors raised inside tuning worker threads.
final class FailureLog: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []
  func add(_ m: String) { lock.lock(); messages.append(m); lock.unlock() }
  var first: String? { lock.lock(); defer { lock.unlock() }; return messages.sorted().first }
}
