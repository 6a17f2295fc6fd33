import Foundation
import Testing
import LensCore
@testable import LensRunner

/// SIGKILL a real `lens run` mid-suite, then resume it: no finished run is lost or redone, and no
/// log is corrupt. Needs the `lens` executable built beside the test bundle and the UCI Energy
/// data (LENS_DATA_MIRROR, as CI sets it).
@Suite struct KillResumeTests {
  static var lensBinary: String? {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for dir in [bundle, bundle.deletingLastPathComponent()] {
      let path = dir.appendingPathComponent("lens").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  static var available: Bool {
    lensBinary != nil && ProcessInfo.processInfo.environment["LENS_DATA_MIRROR"] != nil
  }

  static let suite = """
  lens_suite: 1
  id: kill-resume
  paper: adamqlr
  problem: {dataset: uci-energy, split: adamqlr, model: {builder: mlp, hidden: [50]}, loss: mse_half}
  budget: {epochs: 300}
  evaluation: {every: {epochs: 50}, splits: [train, test], metrics: [loss]}
  repetitions: 12
  optimizers:
    adam: {optimizer: adam, batch_size: 50, lr: 1.0e-3}
  """

  func lens(_ args: [String]) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Self.lensBinary!)
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
  }

  @Test(.enabled(if: KillResumeTests.available, "needs the lens executable and LENS_DATA_MIRROR"))
  func sigkillThenResume() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-kill-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let suitePath = dir.appendingPathComponent("suite.yaml").path
    try Self.suite.write(toFile: suitePath, atomically: true, encoding: .utf8)
    let results = dir.appendingPathComponent("results").path
    let store = ResultsStore(root: URL(fileURLWithPath: results))
    let plan = try Planner().plan(try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(file: suitePath), profile: "default")

    // Start, wait until some (not all) runs have finished, then SIGKILL.
    let first = try lens(["run", suitePath, "--results-dir", results, "--jobs", "2"])
    let deadline = Date().addingTimeInterval(120)
    var finished: [RunSpec] = []
    while Date() < deadline {
      finished = plan.filter { store.isFinished(suite: $0.suite, hash: $0.hash) }
      if finished.count >= 3 || !first.isRunning { break }
      usleep(2_000)
    }
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    finished = plan.filter { store.isFinished(suite: $0.suite, hash: $0.hash) }
    #expect(finished.count >= 1)
    #expect(finished.count < plan.count, "the run finished before it could be killed; enlarge the suite")
    // Every log present is complete and readable.
    var bytes: [String: Data] = [:]
    for spec in finished {
      let record = try RunRecord(lines: store.readLog(suite: spec.suite, hash: spec.hash), name: spec.hash)
      #expect(record.status == "finished")
      bytes[spec.hash] = FileManager.default.contents(atPath: store.logURL(suite: spec.suite, hash: spec.hash).path)
    }

    // Resume: the finished logs are reused untouched, the rest are trained.
    let second = try lens(["run", suitePath, "--results-dir", results, "--jobs", "2"])
    second.waitUntilExit()
    #expect(second.terminationStatus == 0)
    for spec in plan { #expect(store.isFinished(suite: spec.suite, hash: spec.hash)) }
    for (hash, data) in bytes {
      let spec = plan.first { $0.hash == hash }!
      #expect(FileManager.default.contents(atPath: store.logURL(suite: spec.suite, hash: hash).path) == data)
    }
    let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: store.directory(suite: "kill-resume").path)) ?? []
    #expect(!leftovers.contains { $0.contains(".tmp-") })
  }
}

#if canImport(Glibc)
import Glibc
#endif
