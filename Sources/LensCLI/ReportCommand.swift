import ArgumentParser
import Foundation
import LensCore
import LensData
import LensEngine
import LensReport
import LensRunner

/// `lens report PAPER`: re-renders `reports/<paper>.md` and its figures from existing results
/// (no training).
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Render a paper's report and figures from finished runs.")

  @Argument(help: "Paper: adamqlr, granziol or adafisher.")
  var paper: String

  @Option(help: "Profile whose results the report shows.")
  var profile: String = "default"

  @Option(help: "Results directory (default: $LENS_RESULTS_DIR, else results/).")
  var resultsDir: String?

  @Option(help: "Where reports are written.")
  var reportsDir: String = "reports"

  @Option(help: "Folder of suite files.")
  var suitesDir: String = "suites"

  @Option(help: "Folder of claims files (<paper>.yaml).")
  var claimsDir: String = "reports/claims"

  @Option(help: "The paper-numbers file with the published settings and numbers.")
  var reference: String = "reports/reference/paper-numbers.yaml"

  static let titles = ["adamqlr": "AdamQLR — Adam through a Second-Order Lens",
                       "granziol": "A random matrix theory approach to damping in deep learning",
                       "adafisher": "AdaFisher"]

  func run() throws {
    try runReportingLensErrors {
      guard let title = Self.titles[paper] else {
        throw LensError.badInput("unknown paper '\(paper)'; papers: adamqlr, granziol, adafisher")
      }
      let store = ResultsStore.resolve(explicit: resultsDir)
      let folder = "\(suitesDir)/\(paper)"
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }
        .sorted { $0.compare($1, options: .numeric) == .orderedAscending }  // fig2 before fig10
      let parser = SuiteParser(vocabulary: ProblemCatalog.vocabulary)
      var suites: [(Suite, SuiteResults?)] = []
      for file in files {
        let parsed = try parser.parse(file: "\(folder)/\(file)")
        let suite = parsed.tuning == nil ? parsed
          : try TunedSettings.apply(to: parsed, file: TunedSettings.path(store: store, suite: parsed.id, profile: profile))
        guard suite.profiles.contains(where: { $0.name == profile }) else { suites.append((suite, nil)); continue }
        let results = try SuiteResults(suite: suite, profile: profile, store: store)
        suites.append((suite, results.runCount > 0 ? results : nil))
      }
      // Suites that did not run because their data is missing here say so in the report.
      let dataStore = DataStore.fromEnvironment()
      var unavailable: [String: String] = [:]
      for (suite, results) in suites where results == nil && suite.profiles.contains(where: { $0.name == profile }) {
        if case .unavailable(_, _, let message) = ProblemCatalog.availability(try Planner().resolve(suite, profile: profile).problem, store: dataStore,
                                                                            portable: true) {
          unavailable[suite.id] = message
        }
      }
      let claimsPath = "\(claimsDir)/\(paper).yaml"
      let claims = FileManager.default.fileExists(atPath: claimsPath) ? try ClaimFile.read(claimsPath) : []
      let path = try ReportWriter(paper: paper, title: title, reportsDirectory: reportsDir,
                                  referenceFile: reference)
        .write(suites: suites, claims: claims, profile: profile,
               provenance: Provenance.current().fields.filter { ["cpu_model", "logical_cores", "blas_core", "swift"].contains($0.0) },
               datasets: datasetRows(suites.map(\.0)), unavailable: unavailable)
      print("wrote \(path)")
    }
  }

  /// One row per distinct (dataset, recipe) of the suites, in suite order.
  func datasetRows(_ suites: [Suite]) -> [TablesSection.DatasetRow] {
    let store = DataStore.fromEnvironment()
    var rows: [TablesSection.DatasetRow] = []
    for problem in suites.map(\.problem) where !rows.contains(where: { $0.name == problem.dataset && $0.recipe == problem.split }) {
      let entry = ProblemCatalog.registryEntry(for: problem.dataset)
      rows.append(.init(name: problem.dataset, recipe: problem.split, licence: entry?.licence ?? "not in the data registry",
                        homepage: entry?.homepage ?? "", sizes: ProblemCatalog.splitSizes(problem, store: store)))
    }
    return rows
  }
}
