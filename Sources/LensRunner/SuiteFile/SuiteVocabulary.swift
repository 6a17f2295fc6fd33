/// The names a suite file may use: datasets and their split recipes, model builders and their
/// options, losses, optimizers with their hyperparameter keys and presets, metrics.
///
/// Validation checks every name and key against this vocabulary, so a typo is caught with a
/// suggestion before anything runs. The command-line tool builds the vocabulary from the data,
/// engine and optimizer registries; tests may build a small one by hand.
public struct SuiteVocabulary: Sendable {
  public struct OptimizerSchema: Sendable {
    public var keys: [String]
    public var presets: [String]
    public init(keys: [String], presets: [String] = []) { self.keys = keys; self.presets = presets }
  }

  /// Dataset name → split recipes it supports.
  public var datasets: [(name: String, splits: [String])]
  /// Model builder → option keys it accepts.
  public var models: [(name: String, options: [String])]
  public var losses: [String]
  /// Optimizer registry name → schema.
  public var optimizers: [(name: String, schema: OptimizerSchema)]
  public var metrics: [String]
  public var splits: [String]
  /// Model-free objectives (`problem: {objective: …}`) and their parameter counts.
  public var objectives: [(name: String, dimension: Int)]

  public init(datasets: [(name: String, splits: [String])], models: [(name: String, options: [String])],
              losses: [String], optimizers: [(name: String, schema: OptimizerSchema)],
              metrics: [String] = ["loss", "accuracy"], splits: [String] = ["train", "validation", "test"],
              objectives: [(name: String, dimension: Int)] = []) {
    self.datasets = datasets; self.models = models; self.losses = losses
    self.optimizers = optimizers; self.metrics = metrics; self.splits = splits; self.objectives = objectives
  }

  func splitRecipes(of dataset: String) -> [String]? { datasets.first { $0.name == dataset }?.splits }
  func modelOptions(of model: String) -> [String]? { models.first { $0.name == model }?.options }
  func schema(of optimizer: String) -> OptimizerSchema? { optimizers.first { $0.name == optimizer }?.schema }
}
