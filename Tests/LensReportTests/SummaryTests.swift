import Testing
import LensCore
@testable import LensReport

@Suite struct SummaryTests {
  let table = SummaryTable(rows: [
    .init(variant: "adam", metric: "test_loss", statistic: "final_median", value: 0.4321),
    .init(variant: "adam", metric: "runs", statistic: "count", value: 5),
    .init(variant: "sgd", metric: "test_loss", statistic: "final_median", value: 1.25e-3),
  ])

  @Test func csvRoundTripsAndIsSorted() throws {
    let text = table.csv
    #expect(text.hasPrefix("variant,metric,statistic,value\nadam,runs,count,5.000000000e+00\n"))
    #expect(try SummaryTable(csv: text, name: "s.csv") == table)
  }

  @Test func malformedCSVIsALocatedError() {
    #expect(throws: LensError.self) { try SummaryTable(csv: "variant,metric,statistic,value\nadam,x\n", name: "s.csv") }
    #expect(throws: LensError.self) { try SummaryTable(csv: "wrong header\n", name: "s.csv") }
  }

  @Test func identicalSummariesHaveNoDifferences() {
    #expect(SummaryDiff().differences(committed: table, regenerated: table).isEmpty)
  }

  /// A deliberate 1 % change in any committed number is reported.
  @Test func onePercentChangeInAnyNumberIsCaught() {
    for i in table.rows.indices {
      var rows = table.rows
      rows[i].value *= 1.01
      let diffs = SummaryDiff().differences(committed: table, regenerated: SummaryTable(rows: rows))
      #expect(diffs.count == 1, "row \(i) not caught")
    }
  }

  @Test func missingAndExtraRowsAreReported() {
    var rows = table.rows
    rows.removeLast()
    rows.append(.init(variant: "kfac", metric: "runs", statistic: "count", value: 5))
    let diffs = SummaryDiff().differences(committed: table, regenerated: SummaryTable(rows: rows))
    #expect(diffs.count == 2)
    #expect(diffs.contains { $0.regenerated == nil } && diffs.contains { $0.committed == nil })
  }
}
