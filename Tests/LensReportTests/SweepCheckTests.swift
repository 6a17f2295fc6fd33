import Testing
import LensRunner
@testable import LensReport

/// Sensitivity-study claims on synthetic lattice results with known answers; each check is
/// shown to pass and to fail.
@Suite struct SweepCheckTests {
  static let suiteText = """
  lens_suite: 1
  id: sweep-test
  title: "sweep"
  paper: adamqlr
  problem:
    dataset: fashion-mnist
    split: adamqlr
    model: {builder: mlp, hidden: [50], activation: relu, init: haiku}
    loss: softmax_cross_entropy
  budget: {epochs: 2}
  evaluation: {every: {epochs: 1}, splits: [train, test], metrics: [loss]}
  repetitions: 3
  optimizers:
    q: {optimizer: adamqlr, batch_size: 3200, lr_clip: 0.2}
  lattice:
    optimizers: [q]
    parameter: amplification
    values: [0.5, 1.0, 1.25, 2.0]
  """

  /// Runs at each lattice value with final train losses `finals[value]` (one per repetition);
  /// nil entries diverge.
  func results(_ finals: [Double: [Double?]]) throws -> SuiteResults {
    let suite = try SuiteParser(vocabulary: ProblemCatalog.vocabulary).parse(text: Self.suiteText, file: "sweep.yaml")
    let variants = try [0.5, 1.0, 1.25, 2.0].map { value -> (name: String, records: [RunRecord]) in
      let name = "q@amplification=\(HyperValue.double(value).canonical)"
      let records = try (finals[value] ?? []).enumerated().map { rep, final -> RunRecord in
        var lines = [#"{"type":"run","hash":"h\#(rep)","suite":"sweep-test","variant":"\#(name)","optimizer":"adamqlr","repetition":\#(rep)}"#,
                     #"{"type":"eval","step":0,"epoch":0,"time":0,"train_loss":3.0,"test_loss":3.0}"#]
        if let f = final {
          lines.append(#"{"type":"eval","step":10,"epoch":2,"time":1,"train_loss":\#(f),"test_loss":\#(f * 1.5)}"#)
          lines.append(#"{"type":"end","status":"finished","time":1}"#)
        } else {
          lines.append(#"{"type":"step","step":3,"loss":"NaN","time":0.5}"#)
          lines.append(#"{"type":"end","status":"diverged","time":0.5}"#)
        }
        return try RunRecord(lines: lines, name: "synthetic")
      }
      return (name, records)
    }
    return try SuiteResults(suite: suite, profile: "default", variants: variants)
  }

  func status(_ check: SweepCheck, _ r: SuiteResults) -> Verdict.Status {
    check.verdict(Claim(id: "c", suite: "sweep-test", text: "", check: .sweep(check)), r).status
  }

  @Test func bestAt() throws {
    let r = try results([0.5: [0.9, 1.0, 1.1], 1.0: [0.5, 0.6, 0.7], 1.25: [0.4, 0.45, 0.5], 2.0: [0.8, 2, 3]])
    #expect(status(.bestAt(metric: "train_loss", variant: "q", lower: 1.1, upper: 1.5), r) == .reproduced)
    #expect(status(.bestAt(metric: "train_loss", variant: "q", lower: 0.99, upper: 1.01), r) == .notReproduced)
    #expect(status(.bestAt(metric: "train_loss", variant: "other", lower: 0, upper: 9), r) == .notRun)
  }

  @Test func improvesWithToleratesOnlyTheStatedSlack() throws {
    let saturating = try results([0.5: [1.0], 1.0: [0.5], 1.25: [0.505], 2.0: [0.5]])
    #expect(status(.improvesWith(metric: "train_loss", variant: "q", tolerance: 0.02), saturating) == .reproduced)
    #expect(status(.improvesWith(metric: "train_loss", variant: "q", tolerance: 0.005), saturating) == .notReproduced)
  }

  @Test func insensitiveHonoursTheLowerCut() throws {
    let r = try results([0.5: [2.0], 1.0: [1.0], 1.25: [1.05], 2.0: [1.08]])
    #expect(status(.insensitive(metric: "train_loss", variant: "q", margin: 0.1, from: 1.0), r) == .reproduced)
    #expect(status(.insensitive(metric: "train_loss", variant: "q", margin: 0.1, from: nil), r) == .notReproduced)
  }

  @Test func widestSpreadCountsDivergenceAsInfinite() throws {
    let r = try results([0.5: [1, 1, 1], 1.0: [1, 1.1, 1.2], 1.25: [1, 1, 1], 2.0: [0.5, 2, 4]])
    #expect(status(.widestSpreadAt(metric: "train_loss", variant: "q", value: 2.0), r) == .reproduced)
    #expect(status(.widestSpreadAt(metric: "train_loss", variant: "q", value: 1.0), r) == .notReproduced)
    let diverging = try results([0.5: [1, nil, 1], 1.0: [1, 1.1, 1.2], 1.25: [1, 1, 1], 2.0: [0.5, 2, 4]])
    #expect(status(.widestSpreadAt(metric: "train_loss", variant: "q", value: 0.5), diverging) == .reproduced)
  }

  @Test func divergesBelow() throws {
    let r = try results([0.5: [nil, 1], 1.0: [1, 1], 1.25: [1], 2.0: [1, 1]])
    #expect(status(.divergesBelow(metric: "train_loss", variant: "q", atMost: 0.5), r) == .reproduced)
    let none = try results([0.5: [1, 1], 1.0: [1, 1], 1.25: [1], 2.0: [1, nil]])
    #expect(status(.divergesBelow(metric: "train_loss", variant: "q", atMost: 0.5), none) == .notReproduced)
    // A run that finishes above its starting loss (3.0 here) counts as diverged too.
    let blewUp = try results([0.5: [27, 1], 1.0: [1, 1], 1.25: [1], 2.0: [1, 1]])
    #expect(status(.divergesBelow(metric: "train_loss", variant: "q", atMost: 0.5), blewUp) == .reproduced)
    let justBelowStart = try results([0.5: [2.9, 1], 1.0: [1, 1], 1.25: [1], 2.0: [1, 1]])
    #expect(status(.divergesBelow(metric: "train_loss", variant: "q", atMost: 0.5), justBelowStart) == .notReproduced)
  }

  @Test func glanceCountsVerdictsPerSuite() throws {
    let r = try results([1.0: [1]])
    let claim = Claim(id: "c", suite: "sweep-test", text: "t", check: .notRun(reason: "x"))
    let other = Claim(id: "d", suite: "elsewhere", text: "t", check: .notRun(reason: "x"))
    let verdicts = [Verdict(claim: claim, status: .reproduced, evidence: ""), Verdict(claim: claim, status: .notRun, evidence: ""),
                    Verdict(claim: other, status: .notReproduced, evidence: "")]
    let md = ReportWriter.glance(suites: [r.suite], verdicts: verdicts, profile: "smoke")
    #expect(md.contains("| sweep | 1 | 0 | 1 |"), "\(md)")
  }
}
