import LensData

extension ProblemCatalog {
  /// The data-registry entry of a catalog dataset (the names are the same), nil when the
  /// registry has none.
  public static func registryEntry(for dataset: String) -> DatasetEntry? {
    try? DatasetRegistry.standard.entry(dataset)
  }

  /// Examples per split of `problem`'s data as its recipe loads it (subset caps not applied),
  /// or nil when the data is not present or does not verify.
  public static func splitSizes(_ problem: Problem, store: DataStore) -> [(String, Int)]? {
    guard let data = try? load(problem, store: store) else { return nil }
    return [("train", data.train.count)] + (data.validation.map { [("validation", $0.count)] } ?? [])
      + (data.test.map { [("test", $0.count)] } ?? [])
  }
}
