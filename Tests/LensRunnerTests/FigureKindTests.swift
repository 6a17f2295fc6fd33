import Testing
import LensCore
@testable import LensRunner

/// The `figures:` key: known kinds only, no repeats, and the metrics each kind needs.
@Suite struct FigureKindTests {
  let parser = SuiteParser(vocabulary: Fixtures.vocabulary)

  func withFigures(_ line: String) -> String {
    Fixtures.suite.replacingOccurrences(of: "\noptimizers:", with: "\n\(line)\noptimizers:")
  }

  @Test func absentKeyDrawsLossAgainstEpochs() throws {
    #expect(try parser.parse(text: Fixtures.suite, file: "f.yaml").figures == [.lossVsEpoch])
  }

  @Test func listedKindsAreKeptInOrder() throws {
    let s = try parser.parse(text: withFigures("figures: [learning_rate, loss_vs_time, accuracy]"), file: "f.yaml")
    #expect(s.figures == [.learningRate, .lossVsTime, .accuracy])
  }

  @Test func badListsAreLocatedErrors() {
    let cases: [(String, String)] = [
      ("figures: [loss_vs_tme]", "did you mean 'loss_vs_time'?"),
      ("figures: [accuracy, accuracy]", "listed twice"),
      ("figures: []", "at least one figure"),
    ]
    for (line, message) in cases {
      do { _ = try parser.parse(text: withFigures(line), file: "f.yaml"); Issue.record("accepted \(line)") } catch let e as LensError {
        #expect(e.message.hasPrefix("f.yaml:14:"), "got: \(e.message)")
        #expect(e.message.contains(message), "got: \(e.message)")
      } catch { Issue.record("unexpected \(error)") }
    }
    // The accuracy figure needs the accuracy metric.
    let noAccuracy = withFigures("figures: [accuracy]").replacingOccurrences(of: "metrics: [loss, accuracy]", with: "metrics: [loss]")
    do { _ = try parser.parse(text: noAccuracy, file: "f.yaml"); Issue.record("accepted") } catch let e as LensError {
      #expect(e.message.contains("needs the 'accuracy' metric"), "got: \(e.message)")
    } catch { Issue.record("unexpected \(error)") }
  }
}
