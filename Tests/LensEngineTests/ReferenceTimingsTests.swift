import Testing
import LensEngine

/// `lens bench --jax-reference/--torch-reference` files: comments kept, rows in order, and every
/// malformed line named by file:line.
@Suite struct ReferenceTimingsTests {
  @Test func parsesCommentsAndRows() throws {
    let text = "# jax 0.10.2, AMD EPYC\n\nworkload,ms_per_step\nW1,4.909\n W6rr , 7.15 \n# trailing note\n"
    let t = try ReferenceTimings(text: text, file: "ref.csv")
    #expect(t.comments == ["jax 0.10.2, AMD EPYC", "trailing note"])
    #expect(t.rows.map(\.workload) == ["W1", "W6rr"])
    #expect(t.milliseconds("W1") == 4.909)
    #expect(t.milliseconds("W6rr") == 7.15)
    #expect(t.milliseconds("W2") == nil)
  }

  @Test func namesTheLineOfEveryMistake() {
    let cases: [(String, String)] = [
      ("W1,4.9\n", "ref.csv:1: expected the header 'workload,ms_per_step'"),
      ("workload,ms_per_step\nW1\n", "ref.csv:2: expected 'workload,ms_per_step'"),
      ("workload,ms_per_step\nW1,fast\n", "ref.csv:2: 'fast' is not a positive number"),
      ("workload,ms_per_step\nW1,-3\n", "ref.csv:2: '-3' is not a positive number"),
      ("# only\nworkload,ms_per_step\nW1,1\nW1,2\n", "ref.csv:4: workload W1 given twice"),
      ("# nothing else\n", "ref.csv: no 'workload,ms_per_step' header"),
    ]
    for (text, expected) in cases {
      do {
        _ = try ReferenceTimings(text: text, file: "ref.csv")
        Issue.record("accepted: \(text)")
      } catch let e as LensError {
        #expect(e.kind == .badInput && e.message.hasPrefix(expected), "\(e.message)")
      } catch { Issue.record("\(error)") }
    }
  }
}
