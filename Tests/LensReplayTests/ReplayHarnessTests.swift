import Foundation
import Testing
import LensEngine
import LensOptimizers
import LensReplay

/// The case reader and harness: strict refusal, key order, and that a wrong expectation fails.
@Suite struct ReplayHarnessTests {
  /// A tiny self-contained case: logistic regression 2 → 2, one batch of 2, SGD.
  static func caseText(optimizer: String = #"{"name": "sgd", "lr": 0.5}"#, layer: String = "linear",
                       loss0: String = "0.6931471805599453") -> String {
    """
    {"format": "optimizer-replay/1", "name": "tiny", "provenance": "test", "dtype": "float64",
     "model": {"input": 2, "layers": [{"type": "\(layer)", "out": 2, "bias": true}], "loss": "softmax_cross_entropy"},
     "params": {"0.weight": {"shape": [2, 2], "data": [0, 0, 0, 0]}, "0.bias": {"shape": [2], "data": [0, 0]}},
     "batches": [{"x": {"shape": [2, 2], "data": [1, 0, 0, 1]}, "y": {"shape": [2], "data": [0, 1]}}],
     "optimizer": \(optimizer), "noise": {}, "steps": 1,
     "expect": {"loss": [\(loss0)], "params": {"0.weight": [0.125, -0.125, -0.125, 0.125], "0.bias": [0, 0]}},
     "tolerance": {"rtol": 1e-7, "atol": 1e-10}}
    """
  }

  /// At zero parameters p = (½, ½), loss ln 2, ∇W = mean (p − onehot)xᵀ = [[−¼, ¼], [¼, −¼]], ∇b = 0: the
  /// expected parameters above are θ − 0.5·∇ written out by hand.
  @Test func handWrittenCasePasses() throws {
    let r = try Replay.run(ReplayCase.parse(Self.caseText()))
    #expect(r.passed, "\(r.lines)")
    #expect(r.compared == 7)
  }

  @Test func wrongExpectationFails() throws {
    let r = try Replay.run(ReplayCase.parse(Self.caseText(loss0: "0.69315")))
    #expect(!r.passed)
    #expect(r.worstAt == "loss[0]")
  }

  @Test func unknownOptimizerIsRefused() {
    #expect(throws: LensError.self) { try Replay.run(ReplayCase.parse(Self.caseText(optimizer: #"{"name": "lion", "lr": 0.1}"#))) }
  }

  @Test func unknownOptimizerKeyIsRefused() throws {
    do {
      _ = try Replay.run(ReplayCase.parse(Self.caseText(optimizer: #"{"name": "sgd", "lr": 0.1, "nesterov": true}"#)))
      Issue.record("nesterov accepted")
    } catch let e as LensError {
      #expect(e.message.contains("nesterov") && e.message.contains("weight_decay"))
    }
  }

  @Test func unknownLayerTypeIsRefused() {
    do {
      _ = try ReplayCase.parse(Self.caseText(layer: "conv7"))
      Issue.record("conv7 accepted")
    } catch let e as LensError {
      #expect(e.message.contains("conv7") && e.message.contains("linear"))
    } catch { Issue.record("\(error)") }
  }

  @Test func unknownTopLevelKeyIsRefused() {
    let text = Self.caseText().replacingOccurrences(of: #""steps": 1,"#, with: #""steps": 1, "seed": 3,"#)
    #expect(throws: LensError.self) { try ReplayCase.parse(text) }
  }

  /// The harness is generic over the scalar: a float64 case replayed in Float tracks the
  /// reference to float32 accuracy (it cannot meet the float64 tolerance).
  @Test(.enabled(if: GoldenDir.exists, GoldenDir.skipReason))
  func float32Replay() throws {
    let c = try ReplayCase.load(path: (GoldenDir.casesPath as NSString).appendingPathComponent("sgd-plain-mlp-ce-4-8-3.json"))
    let r = try Replay.run(c, as: Float.self)
    #expect(r.maxRelativeDeviation < 1e-4 && r.maxRelativeDeviation > 1e-12)
  }

  @Test func unknownModelKeyIsRefused() {
    let text = Self.caseText().replacingOccurrences(of: #""input": 2,"#, with: #""input": 2, "dropout": 0.1,"#)
    #expect(throws: LensError.self) { try ReplayCase.parse(text) }
  }

  @Test func orderedJSONKeepsKeyOrder() throws {
    let j = try OrderedJSON.parse(#"{"z": 1, "a": [1.5e-3, -2, true, null], "m": {"y": "s\"t", "b": 2}}"#)
    #expect(j.keys == ["z", "a", "m"])
    #expect(j["m"]?.keys == ["y", "b"])
    #expect(j["a"]?.array?.first?.double == 1.5e-3)
    #expect(j["m"]?["y"]?.string == "s\"t")
  }
}
