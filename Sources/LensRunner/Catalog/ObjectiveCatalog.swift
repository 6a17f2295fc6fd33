import LensCore
import LensData

/// The model-free objectives a suite can name (`problem: {objective: NAME, start: …}`).
///
/// - `rosenbrock`: the AdamQLR paper's quarter-scaled Rosenbrock function with a = 1, b = 100,
///   f(x, y) = ¼[(1 − x)² + 100(y − x²)²] (LensEngine `RosenbrockObjective`), 2 parameters,
///   minimum f = 0 at (1, 1).
extension ProblemCatalog {
  public static let objectives: [(name: String, dimension: Int)] = [("rosenbrock", 2)]

  /// The trainer of a resolved problem: a model-free objective needs no data (and no data
  /// store); a dataset problem loads its data through `store()`, after checking that it is
  /// there at all (`requireAvailable`: "data unavailable: …", exit code 4).
  public static func trainer(for problem: Problem, store: () throws -> DataStore) throws -> Trainer {
    if let objective = problem.objective {
      guard let entry = objectives.first(where: { $0.name == objective.name }) else {
        throw LensError.badInput("unknown objective '\(objective.name)'; objectives: \(objectives.map(\.name).joined(separator: ", "))")
      }
      return Trainer(objective: ObjectiveTrainingProblem(name: entry.name, dimension: entry.dimension))
    }
    let dataStore = try store()
    try requireAvailable(problem, store: dataStore)
    return Trainer(problem: try make(problem, store: dataStore))
  }
}
