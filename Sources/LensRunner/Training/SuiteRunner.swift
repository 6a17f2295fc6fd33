import Foundation
import LensCore
import LensEngine

/// Runs a plan: skips runs whose logs exist, trains the others on `jobs` threads, and writes
/// each finished log atomically as soon as it is done.
///
/// OpenBLAS and the engine's per-example loops are set to one thread for the whole process:
/// parallelism comes from concurrent runs (a run's numbers do not depend on either setting).
///
/// Killing the process at any point loses at most the runs in progress; running the same plan
/// again trains exactly those (finished logs are never rewritten).
public struct SuiteRunner {
  public var store: ResultsStore
  public var jobs: Int
  /// What a finished run reports to the progress display.
  public struct Progress: Sendable {
    public var done: Int
    public var total: Int
    public var spec: RunSpec
    public var status: String
    /// The metrics of the run's last evaluation (empty if it had none).
    public var finalMetrics: [(String, Double)]
  }

  /// Called after each run (from worker threads).
  public var progress: (@Sendable (Progress) -> Void)?

  public init(store: ResultsStore, jobs: Int, progress: (@Sendable (Progress) -> Void)? = nil) {
    self.store = store; self.jobs = max(1, jobs); self.progress = progress
  }

  public struct Outcome: Sendable {
    /// Runs that already had logs.
    public var reused: Int
    public var finished: Int
    public var diverged: Int
    public var failed: [String]
  }

  /// The runs of `plan` that still need training.
  public func pending(_ plan: [RunSpec]) -> [RunSpec] {
    plan.filter { !store.isFinished(suite: $0.suite, hash: $0.hash) }
  }

  public func run(_ plan: [RunSpec], trainer: Trainer, provenance: String) throws -> Outcome {
    for suite in Array(Set(plan.map(\.suite))).sorted() { try store.removeStaleTemporaries(suite: suite) }
    let todo = pending(plan)
    let state = RunnerState()
    setBLASThreads(1)
    setEngineWorkers(1)
    let store = self.store
    let progress = self.progress
    let total = todo.count
    DispatchQueue.concurrentPerform(iterations: min(jobs, max(total, 1))) { _ in
      while let i = state.next(limit: total) {
        let spec = todo[i]
        do {
          let lines = try trainer.run(spec)
          try store.writeLog(suite: spec.suite, hash: spec.hash, lines: lines, provenance: provenance)
          let status = lines.last.flatMap(RunnerState.status(ofEndLine:)) ?? "unknown"
          let done = state.record(status: status)
          if let progress {
            let last = RunnerState.finalMetrics(lines)
            progress(Progress(done: done, total: total, spec: spec, status: status, finalMetrics: last))
          }
        } catch {
          let done = state.record(status: "failed", failure: "\(spec.variant) rep \(spec.repetition): \(error)")
          progress?(Progress(done: done, total: total, spec: spec, status: "failed", finalMetrics: []))
        }
      }
    }
    let counts = state.counts()
    return Outcome(reused: plan.count - todo.count, finished: counts.finished, diverged: counts.diverged, failed: counts.failures)
  }
}

/// Work distribution and tallies shared by the worker threads.
final class RunnerState: @unchecked Sendable {
  private let lock = NSLock()
  private var nextIndex = 0
  private var done = 0
  private var finished = 0
  private var diverged = 0
  private var failures: [String] = []

  func next(limit: Int) -> Int? {
    lock.lock(); defer { lock.unlock() }
    guard nextIndex < limit else { return nil }
    nextIndex += 1
    return nextIndex - 1
  }

  func record(status: String, failure: String? = nil) -> Int {
    lock.lock(); defer { lock.unlock() }
    done += 1
    if status == "finished" { finished += 1 } else if status == "diverged" { diverged += 1 }
    if let failure { failures.append(failure) }
    return done
  }

  func counts() -> (finished: Int, diverged: Int, failures: [String]) {
    lock.lock(); defer { lock.unlock() }
    return (finished, diverged, failures.sorted())
  }

  /// The metrics of the last evaluation line of a log (empty without one), read from that
  /// line alone: a log may hold hundreds of thousands of step lines.
  static func finalMetrics(_ lines: [String]) -> [(String, Double)] {
    guard let line = lines.last(where: { $0.contains("\"type\":\"eval\"") }), let o = JSONReader.line(line) else { return [] }
    return RunRecord.Evaluation.metrics(of: o)
  }

  static func status(ofEndLine line: String) -> String? {
    guard let r = line.range(of: "\"status\":\"") else { return nil }
    let rest = line[r.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }
}
