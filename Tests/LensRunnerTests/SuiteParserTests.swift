import Testing
import LensCore
@testable import LensRunner

@Suite struct SuiteParserTests {
  let parser = SuiteParser(vocabulary: Fixtures.vocabulary)

  @Test func parsesAValidSuite() throws {
    let s = try parser.parse(text: Fixtures.suite, file: "fig.yaml")
    #expect(s.id == "test-fig")
    #expect(s.problem.dataset == "fashion-mnist")
    #expect(s.problem.modelOptions["hidden"] == .numbers([50]))
    #expect(s.budget == .epochs(10))
    #expect(s.optimizers.map(\.label) == ["sgd_full", "adam", "adamqlr_untuned"])
    #expect(s.optimizers[0].hyperparameters.map(\.0) == ["lr", "momentum", "weight_decay"])
    #expect(s.optimizers[2].preset == "untuned")
    #expect(s.profiles.map(\.name) == ["smoke", "default", "paper"])
    #expect(s.lattice?.values == [.double(0.5), .double(1.0), .double(2.0)])
  }

  /// The error names file:line:column, the key path, and suggests the closest valid key.
  @Test func unknownKeyGivesLocationAndSuggestion() {
    let bad = Fixtures.suite.replacingOccurrences(of: "repetitions: 5", with: "repetitons: 5")
    do {
      _ = try parser.parse(text: bad, file: "fig.yaml")
      Issue.record("expected an error")
    } catch let e as LensError {
      #expect(e.exitCode == 2)
      #expect(e.message.hasPrefix("fig.yaml:13:1:"), "got: \(e.message)")
      #expect(e.message.contains("unknown key 'repetitons'"))
      #expect(e.message.contains("did you mean 'repetitions'?"))
    } catch { Issue.record("unexpected error \(error)") }
  }

  @Test func unknownOptimizerHyperparameterIsRefused() {
    let bad = Fixtures.suite.replacingOccurrences(of: "lr: 1.0e-3}", with: "learning_rate: 1.0e-3}")
    #expect(throws: LensError.self) { try parser.parse(text: bad, file: "f.yaml") }
    do { _ = try parser.parse(text: bad, file: "f.yaml") } catch let e as LensError {
      #expect(e.message.contains("optimizers.adam.learning_rate"), "got: \(e.message)")
      #expect(e.message.hasPrefix("f.yaml:16:45:"), "got: \(e.message)")
    } catch {}
  }

  @Test func unknownOptimizerNameSuggestsTheClosest() throws {
    let bad = Fixtures.suite.replacingOccurrences(of: "{optimizer: adam,", with: "{optimizer: adma,")
    do { _ = try parser.parse(text: bad, file: "f.yaml"); Issue.record("expected an error") } catch let e as LensError {
      #expect(e.message.contains("did you mean 'adam'?"), "got: \(e.message)")
    }
  }

  @Test func wrongTypesAndImpossibleBudgetsAreRefused() {
    let cases = [
      Fixtures.suite.replacingOccurrences(of: "repetitions: 5", with: "repetitions: five"),
      Fixtures.suite.replacingOccurrences(of: "budget: {epochs: 10}", with: "budget: {epochs: 0}"),
      Fixtures.suite.replacingOccurrences(of: "budget: {epochs: 10}", with: "budget: {epochs: 10, steps: 3}"),
      Fixtures.suite.replacingOccurrences(of: "batch_size: 800", with: "batch_size: -1"),
      Fixtures.suite.replacingOccurrences(of: "lens_suite: 1", with: "lens_suite: 2"),
      Fixtures.suite.replacingOccurrences(of: "parameter: update_amplification", with: "parameter: momentum"),
      Fixtures.suite.replacingOccurrences(of: "smoke: {", with: "smok: {"),
      Fixtures.suite.replacingOccurrences(of: "dataset: fashion-mnist", with: "dataset: fashion"),
    ]
    for text in cases {
      do {
        _ = try parser.parse(text: text, file: "f.yaml")
        Issue.record("accepted an invalid suite")
      } catch let e as LensError {
        #expect(e.exitCode == 2)
        #expect(e.message.hasPrefix("f.yaml:"), "no location in: \(e.message)")
      } catch { Issue.record("unexpected error \(error)") }
    }
  }

  @Test func malformedYAMLIsALocatedError() {
    do { _ = try parser.parse(text: "lens_suite: 1\nid: [unclosed\n", file: "m.yaml"); Issue.record("accepted") } catch let e as LensError {
      #expect(e.message.hasPrefix("m.yaml:"))
      #expect(e.message.contains("malformed YAML"))
    } catch { Issue.record("unexpected error \(error)") }
  }

  /// Random mutations of a valid suite (deleted, duplicated or swapped characters and lines)
  /// either parse or fail with a located `LensError.badInput` — never a crash, never another error.
  @Test func fuzzedSuitesNeverCrash() {
    var g = SeededGenerator(key: 2024)
    let base = Array(Fixtures.suite.unicodeScalars)
    let alphabet = Array("{}[]:,-#'\" \n\tabc01.e".unicodeScalars)
    var failures = 0
    for _ in 0..<400 {
      var s = base
      for _ in 0..<(1 + g.integer(below: 4)) {
        let i = g.integer(below: s.count)
        switch g.integer(below: 3) {
        case 0: s.remove(at: i)
        case 1: s.insert(alphabet[g.integer(below: alphabet.count)], at: i)
        default: s[i] = alphabet[g.integer(below: alphabet.count)]
        }
      }
      var text = ""
      text.unicodeScalars.append(contentsOf: s)
      do { _ = try parser.parse(text: text, file: "z.yaml") } catch let e as LensError {
        failures += 1
        #expect(e.exitCode == 2)
        #expect(e.message.hasPrefix("z.yaml:"), "no location in: \(e.message)")
      } catch { Issue.record("non-Lens error for mutated input: \(error)") }
    }
    #expect(failures > 100)  // most mutations must be caught
  }
}
