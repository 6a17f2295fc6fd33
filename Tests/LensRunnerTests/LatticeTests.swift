import Foundation
import Testing
import LensCore
@testable import LensRunner

/// Lattices with geometric grids and tied parameters (AdamQLR Figs 8–12).
@Suite struct LatticeTests {
  func suite(lattice: String) throws -> Suite {
    let text = Fixtures.suite.replacingOccurrences(of: """
      lattice:
        optimizers: [adamqlr_untuned]
        parameter: update_amplification
        values: [0.5, 1.0, 2.0]
      """, with: lattice)
    return try SuiteParser(vocabulary: Fixtures.vocabulary).parse(text: text, file: "fig.yaml")
  }

  @Test func powersGridExpandsExactly() throws {
    let s = try suite(lattice: """
      lattice:
        optimizers: [adamqlr_untuned]
        parameter: update_amplification
        values: {powers: {base: 2, from: -1.0, to: 1.0, step: 0.2}}
      """)
    let values = try #require(s.lattice?.values.map { $0.number! })
    #expect(values.count == 11)
    #expect(values.first == 0.5 && values.last == 2.0 && values[5] == 1.0)
    for (i, v) in values.enumerated() { #expect(v == pow(2, -1.0 + Double(i) * 0.2)) }
  }

  @Test func tiedParameterFollowsTheSweptValue() throws {
    let s = try suite(lattice: """
      lattice:
        optimizers: [adamqlr_untuned]
        parameter: damping_increase
        values: [1.0, 2.0, 4.0]
        ties: {damping_decrease: reciprocal}
      """)
    let runs = try Planner().plan(s, profile: "smoke").filter { $0.variant.hasPrefix("adamqlr_untuned@") }
    #expect(runs.count == 3 * 2)
    for run in runs {
      let h = Dictionary(uniqueKeysWithValues: run.optimizer.hyperparameters.map { ($0.0, $0.1) })
      let inc = try #require(h["damping_increase"]?.number), dec = try #require(h["damping_decrease"]?.number)
      #expect(inc * dec == 1)
    }
    #expect(Set(runs.map(\.hash)).count == runs.count)
  }

  @Test func badLatticesAreRefusedWithTheirLine() throws {
    let cases: [(String, String)] = [
      ("values: {powers: {base: 2, from: 0, to: 1, step: 0.3}}", "not a whole number"),
      ("values: {powers: {base: -2, from: 0, to: 1, step: 0.5}}", "positive"),
      ("values: {powrs: {base: 2, from: 0, to: 1, step: 0.5}}", "unknown key 'powrs'"),
      ("values: [0, 1]\n  ties: {damping_decrease: reciprocal}", "non-zero"),
      ("values: [1, 2]\n  ties: {damping_decrese: reciprocal}", "no hyperparameter 'damping_decrese'"),
      ("values: [1, 2]\n  ties: {damping_decrease: inverse}", "unknown value 'inverse'"),
    ]
    for (values, message) in cases {
      let lattice = "lattice:\n  optimizers: [adamqlr_untuned]\n  parameter: damping_increase\n  " + values
      do {
        _ = try suite(lattice: lattice)
        Issue.record("accepted: \(values)")
      } catch let e as LensError {
        #expect(e.description.contains(message), "\(e.description)")
        #expect(e.description.contains("fig.yaml:"), "\(e.description)")
      }
    }
  }
}
