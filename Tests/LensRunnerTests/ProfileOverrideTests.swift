import Foundation
import Testing
import LensCore
@testable import LensRunner

/// Profile-level `model:` (options of the suite's builder) and `tune_before_runs` overrides.
@Suite struct ProfileOverrideTests {
  let parser = SuiteParser(vocabulary: ProblemCatalog.vocabulary)

  static let text = """
  lens_suite: 1
  id: override-check
  paper: adamqlr
  problem:
    dataset: uci-energy
    split: adamqlr
    model: {builder: mlp, hidden: [50], activation: relu}
    loss: mse_half
  budget: {epochs: 10}
  evaluation: {every: {epochs: 1}, splits: [train, test], metrics: [loss]}
  repetitions: 2
  optimizers:
    adam: {optimizer: adam, batch_size: 100, lr: 1.0e-3}
  tuning:
    samples: 4
    metric: validation_loss
    mode: min
    space:
      adam: {lr: {loguniform: [1.0e-4, 1.0e-1]}}
  profiles:
    smoke: {model: {hidden: [8]}}
    default: {}
    paper: {tune_before_runs: true}
  """

  @Test func modelOptionsReplaceTheSuitesPerProfile() throws {
    let suite = try parser.parse(text: Self.text, file: "o.yaml")
    let smoke = try Planner().plan(suite, profile: "smoke"), real = try Planner().plan(suite, profile: "default")
    #expect(smoke[0].problem.modelOptions["hidden"] == .numbers([8]))
    #expect(smoke[0].problem.modelOptions["activation"] == real[0].problem.modelOptions["activation"])
    #expect(real[0].problem.modelOptions["hidden"] == .numbers([50]))
    #expect(smoke[0].hash != real[0].hash)
  }

  @Test func tuneBeforeRunsPerProfile() throws {
    let suite = try parser.parse(text: Self.text, file: "o.yaml")
    #expect(suite.tunesBeforeRuns(profile: "paper"))
    #expect(!suite.tunesBeforeRuns(profile: "default"))
    #expect(!suite.tunesBeforeRuns(profile: "smoke"))
    let path = NSTemporaryDirectory() + "/lens-absent-\(UUID().uuidString).yaml"
    #expect(TuneBeforeRuns.needed(suite, profile: "paper", path: path))
    #expect(!TuneBeforeRuns.needed(suite, profile: "default", path: path))
  }

  @Test(arguments: [
    ("smoke: {model: {hidden: [8]}}", "smoke: {model: {builder: logreg}}", "unknown key 'builder'"),
    ("smoke: {model: {hidden: [8]}}", "smoke: {model: {widht: 2}}", "unknown key 'widht'"),
    ("smoke: {model: {hidden: [8]}}", "smoke: {model: {}}", "changes nothing"),
    ("paper: {tune_before_runs: true}", "paper: {tune_before_runs: yes please}", "o.yaml:"),
  ])
  func badOverridesAreRefusedWithTheirLocation(old: String, new: String, expected: String) {
    do {
      _ = try parser.parse(text: Self.text.replacingOccurrences(of: old, with: new), file: "o.yaml")
      Issue.record("expected an error for \(new)")
    } catch let e as LensError {
      #expect(e.message.hasPrefix("o.yaml:"), "got: \(e.message)")
      #expect(e.message.contains(expected), "got: \(e.message)")
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test func tuneBeforeRunsNeedsASearchSpace() {
    var text = Self.text
    let start = text.range(of: "tuning:")!.lowerBound, end = text.range(of: "profiles:")!.lowerBound
    text.removeSubrange(start..<end)
    do {
      _ = try parser.parse(text: text, file: "o.yaml")
      Issue.record("expected an error")
    } catch let e as LensError {
      #expect(e.message.contains("needs the suite's tuning section"), "got: \(e.message)")
    } catch { Issue.record("unexpected \(error)") }
  }
}
