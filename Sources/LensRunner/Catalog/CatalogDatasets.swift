import LensCore
import LensData

extension ProblemCatalog {
  /// The data-registry entry of a catalog dataset (the names are the same): the standard
  /// registry's, or the fixture registry's for a committed fixture (`svhn-fixture`); nil when
  /// neither has one.
  public static func registryEntry(for dataset: String) -> DatasetEntry? {
    (try? DatasetRegistry.standard.entry(dataset)) ?? (try? FixtureData.registry.entry(dataset))
  }

  /// Examples per split of `problem`'s data as its recipe loads it (subset caps not applied),
  /// or nil when the data is not present or does not verify.
  public static func splitSizes(_ problem: Problem, store: DataStore) -> [(String, Int)]? {
    guard let data = try? load(problem, store: store) else { return nil }
    return [("train", data.train.count)] + (data.validation.map { [("validation", $0.count)] } ?? [])
      + (data.test.map { [("test", $0.count)] } ?? [])
  }

  /// Refuses split options on a recipe that takes none (the AdamQLR image recipes are fixed).
  static func noSplitOptions(_ problem: Problem) throws {
    guard problem.splitOptions.isEmpty else {
      throw LensError.badInput("\(problem.dataset) / \(problem.split) takes no split options; got: \(problem.splitOptions.keys.sorted().joined(separator: ", "))")
    }
  }
}
