import Foundation
import LensCore
import LensData

/// Whether a problem's data is on this machine, checked by file presence only (no reading or
/// hashing; a present file is still verified when it is loaded).
public enum DataAvailability: Sendable, Equatable {
  case available
  /// Some required file of the dataset is in none of the store's roots. `missing`: registry
  /// paths; `message`: "data unavailable: NAME (…how to supply it…)".
  case unavailable(dataset: String, missing: [String], message: String)

  public var isAvailable: Bool { self == .available }
}

extension ProblemCatalog {
  /// The availability of `problem`'s dataset in `store` (a model-free objective needs none; a
  /// committed fixture is looked for in `FixtureData.directory()`). `lens plan` prints it;
  /// `lens run`, `lens tune` and `lens check-results` refuse to start without it
  /// (`requireAvailable`, exit code 4); a report can use it to say "not run here: data
  /// unavailable".
  ///
  /// With `portable`, the message names the folders searched by their variables
  /// (LENS_DATA_DIR, LENS_DATA_MIRROR, LENS_FIXTURE_DIR) instead of this machine's paths, for
  /// text that is committed (reports).
  public static func availability(_ problem: Problem, store: DataStore, portable: Bool = false) -> DataAvailability {
    guard problem.objective == nil else { return .available }
    let fixture = FixtureData.isFixture(problem.dataset)
    let roots = fixture ? [FixtureData.directory()] : store.roots
    guard let entry = registryEntry(for: problem.dataset) else {
      return .unavailable(dataset: problem.dataset, missing: [],
                          message: "data unavailable: \(problem.dataset) (not in the data registry)")
    }
    let missing = entry.requiredFiles.filter { file in
      !roots.contains { root in file.storedForms.contains { FileManager.default.fileExists(atPath: root + "/" + $0.path) } }
    }
    guard !missing.isEmpty else { return .available }
    var how: String
    if fixture {
      how = "the fixture is committed under Tests/Fixtures/data; regenerate it with `lens data fixture svhn Tests/Fixtures/data` or set LENS_FIXTURE_DIR"
    } else {
      let urls = missing.flatMap(\.urls)
      how = "supply them with `lens data fetch \(entry.name)`"
      how += urls.isEmpty ? " from a mirror folder" : " (downloads \(urls.joined(separator: ", ")))"
      how += ", or set LENS_DATA_MIRROR=DIR to a folder holding \(missing.map(\.path).joined(separator: " and "))"
    }
    let searched = !portable ? roots.joined(separator: ", ") : fixture ? "LENS_FIXTURE_DIR (default Tests/Fixtures/data)" : "LENS_DATA_DIR or LENS_DATA_MIRROR"
    let message = "data unavailable: \(entry.name) (\(missing.map(\.path).joined(separator: ", ")) not found in \(searched); \(how)"
      + (entry.availability.map { "; note: \($0)" } ?? "") + ")"
    return .unavailable(dataset: entry.name, missing: missing.map(\.path), message: message)
  }

  /// Throws `LensError.unavailable` (exit code 4) with the availability message unless the
  /// data of `problem` is present.
  public static func requireAvailable(_ problem: Problem, store: DataStore) throws {
    if case .unavailable(_, _, let message) = availability(problem, store: store) {
      throw LensError.unavailable(message)
    }
  }
}
