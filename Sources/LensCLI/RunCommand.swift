import ArgumentParser
import Foundation
import LensEngine
import LensRunner

/// `lens run SUITE`: trains every pending run of a suite in parallel; finished runs are reused.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run a suite (resuming: finished runs are kept and not redone).")

  @OptionGroup var options: SuiteOptions

  @Option(help: "Parallel training runs, each with one BLAS thread (default: number of cores).")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  func run() throws {
    try runReportingLensErrors {
      let store = ResultsStore.resolve(explicit: options.resultsDir)
      let (suite, plan, tuned) = try options.loadTuningFirst(store: store, jobs: jobs, command: "run")
      if tuned { print("tuned first (tuning.before_runs): \(TunedSettings.path(store: store, suite: suite.id, profile: options.profile))") }
      let (_, trainer) = try options.trainer(suite, command: "run")
      let interactive = isatty(fileno(stderr)) != 0
      let started = Date()
      let best = BestSoFar()
      let showProgress: @Sendable (SuiteRunner.Progress) -> Void = { p in
        let elapsed = Date().timeIntervalSince(started)
        let eta = p.done > 0 ? elapsed / Double(p.done) * Double(p.total - p.done) : 0
        let leader = best.update(variant: p.spec.variant, metrics: p.finalMetrics)
        FileHandle.standardError.write(Data(
          "\r\u{1B}[K[\(p.done)/\(p.total)] \(p.spec.variant) rep \(p.spec.repetition): \(p.status)  ETA \(Int(eta)) s\(leader)".utf8))
      }
      // Without a terminal there is no progress line, so finished runs are not read back for it.
      let runner = SuiteRunner(store: store, jobs: jobs, progress: interactive ? showProgress : nil)
      let provenance = Provenance.current()
      let provenanceJSON = "{" + provenance.fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",")
        + ",\"git_commit\":\"\(Self.gitCommit())\",\"started\":\"\(ISO8601DateFormatter().string(from: started))\"}"
      let outcome = try runner.run(plan, trainer: trainer, provenance: provenanceJSON)
      if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
      print("suite \(suite.id), profile \(options.profile): \(outcome.reused) reused, \(outcome.finished) finished, \(outcome.diverged) diverged, \(outcome.failed.count) failed in \(Int(Date().timeIntervalSince(started))) s wall, \(Int(Self.processCPUSeconds())) s CPU")
      for failure in outcome.failed { print("  failed: \(failure)") }
      if !outcome.failed.isEmpty { throw LensError.failure("\(outcome.failed.count) run(s) failed") }
    }
  }

  /// User + system CPU seconds this process has used so far (all threads): divided by the
  /// number of cores, the wall time the same work takes on an otherwise idle machine.
  static func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// The checked-out commit (with "+dirty" when the tree has changes), or "unknown" outside a
  /// git checkout.
  static func gitCommit() -> String {
    func git(_ args: [String]) -> String? {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["git"] + args
      let pipe = Pipe()
      p.standardOutput = pipe
      p.standardError = FileHandle.nullDevice
      guard (try? p.run()) != nil else { return nil }
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      p.waitUntilExit()
      guard p.terminationStatus == 0 else { return nil }
      return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    guard let head = git(["rev-parse", "HEAD"]) else { return "unknown" }
    return (git(["status", "--porcelain", "--untracked-files=no"])?.isEmpty ?? true) ? head : head + "+dirty"
  }
}

/// The best final loss seen so far in a suite (validation loss when evaluated, else test, else
/// train), for the progress line.
final class BestSoFar: @unchecked Sendable {
  private let lock = NSLock()
  private var best: (variant: String, metric: String, value: Double)?

  /// Records a run's final metrics; returns "  best: <variant> <metric> <value>" or "".
  func update(variant: String, metrics: [(String, Double)]) -> String {
    lock.lock(); defer { lock.unlock() }
    for name in ["validation_loss", "test_loss", "train_loss"] {
      guard let value = metrics.first(where: { $0.0 == name })?.1, value.isFinite else { continue }
      if best == nil || (best!.metric == name && value < best!.value) { best = (variant, name, value) }
      break
    }
    guard let b = best else { return "" }
    return "  best: \(b.variant) \(b.metric) \(String(format: "%.4g", b.value))"
  }
}
