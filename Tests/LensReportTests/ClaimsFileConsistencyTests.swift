import Foundation
import Testing
import LensRunner
@testable import LensReport

/// The committed claims files and suites agree: every claim names a suite that exists (or says
/// why it is not run), every claim a suite lists exists, and every checked variant is a label of
/// that suite.
@Suite struct ClaimsFileConsistencyTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  @Test(arguments: ["adamqlr"]) func claimsMatchSuites(paper: String) throws {
    let claims = try ClaimFile.read("\(Self.root)/reports/claims/\(paper).yaml")
    let folder = "\(Self.root)/suites/\(paper)"
    let parser = SuiteParser(vocabulary: ProblemCatalog.vocabulary)
    let suites = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
      .map { try parser.parse(file: "\(folder)/\($0)") }
    #expect(Set(claims.map(\.id)).count == claims.count, "duplicate claim ids")
    for claim in claims {
      if case .notRun = claim.check {
        #expect(!suites.contains { $0.id == claim.suite }, "\(claim.id): suite \(claim.suite) exists, so test the claim")
        continue
      }
      let suite = try #require(suites.first { $0.id == claim.suite }, "\(claim.id): no suite \(claim.suite)")
      #expect(suite.claims.contains(claim.id), "\(claim.id) is not listed by \(suite.id)")
      let labels = suite.optimizers.map(\.label)
      for variant in Self.variants(claim.check) {
        #expect(labels.contains(variant), "\(claim.id): \(variant) is not an optimizer of \(suite.id)")
      }
    }
    for suite in suites {
      for id in suite.claims { #expect(claims.contains { $0.id == id }, "\(suite.id) lists unknown claim \(id)") }
    }
  }

  static func variants(_ check: Claim.Check) -> [String] {
    switch check {
    case .bestFinal(_, let v), .worstFinal(_, let v), .overfits(_, let v, _, _): return [v]
    case .similarFinal(_, let v, let others, _): return [v] + others
    case .lowerSpread(_, let v, let others): return [v] + others
    case .competitive(_, let v, let r, _), .ratio(_, let v, let r, _, _): return [v, r]
    case .decays(_, let v, _, _, _): return [v]
    case .resembles(_, let v, let others, _): return [v] + others
    case .clipped(_, let v, _, _, _), .grows(_, let v, _), .metricRatio(_, _, let v, _, _): return [v]
    case .slowerStart(_, let v, let r, _, _): return [v, r]
    case .sweep(let s): return [s.variant]
    case .trajectory(let t): return [t.variant]
    case .notRun: return []
    }
  }
}
