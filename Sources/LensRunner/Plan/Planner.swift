import LensCore

/// Expands a suite at a profile into the list of runs to execute.
///
/// Order (deterministic, used for scheduling and printing): optimizers in file order; for a
/// lattice optimizer, lattice values in file order; then repetitions 0…n−1.
public struct Planner {
  public init() {}

  /// The suite with the profile's overrides applied.
  public func resolve(_ suite: Suite, profile name: String) throws -> ResolvedSuite {
    guard let profile = suite.profiles.first(where: { $0.name == name }) else {
      let names = suite.profiles.map(\.name)
      throw LensError.badInput("\(suite.source): suite '\(suite.id)' has no profile '\(name)'\(ClosestMatch.hint(for: name, among: names)); profiles: \(names.joined(separator: ", "))")
    }
    var problem = suite.problem
    if let dataset = profile.dataset { problem.dataset = dataset }
    for (k, v) in profile.subset { problem.subset[k] = v }
    for (k, v) in profile.modelOptions { problem.modelOptions[k] = v }
    var evaluation = suite.evaluation
    if let every = profile.evaluationEvery { evaluation.every = every }
    var lattice = suite.lattice
    if let values = profile.latticeValues { lattice?.values = values }
    var optimizers = suite.optimizers
    if let keep = profile.optimizers { optimizers = optimizers.filter { keep.contains($0.label) } }
    var tuning = suite.tuning
    if let samples = profile.tuningSamples { tuning?.samples = samples }
    return ResolvedSuite(suite: suite, profile: name, problem: problem, budget: profile.budget ?? suite.budget,
                         evaluation: evaluation, repetitions: profile.repetitions ?? suite.repetitions,
                         optimizers: optimizers, tuning: tuning, lattice: lattice)
  }

  /// Every run of the suite at the profile.
  public func plan(_ suite: Suite, profile name: String) throws -> [RunSpec] {
    let r = try resolve(suite, profile: name)
    var runs: [RunSpec] = []
    for entry in r.optimizers {
      var variants: [(String, OptimizerEntry)] = [(entry.label, entry)]
      if let lattice = r.lattice, lattice.optimizers.contains(entry.label) {
        variants = lattice.values.map { value in
          var e = entry
          e.set(lattice.parameter, to: value)
          for tie in lattice.ties { e.set(tie.parameter, to: tie.value(at: value)!) }
          return ("\(entry.label)@\(lattice.parameter)=\(value.canonical)", e)
        }
      }
      for (variant, e) in variants {
        for rep in 0..<r.repetitions {
          runs.append(RunSpec(suite: suite.id, profile: name, problem: r.problem, optimizer: e, variant: variant,
                              budget: r.budget, evaluation: r.evaluation, repetition: rep))
        }
      }
    }
    return runs
  }
}

/// A suite with one profile applied.
public struct ResolvedSuite: Sendable {
  public var suite: Suite
  public var profile: String
  public var problem: Problem
  public var budget: Budget
  public var evaluation: Evaluation
  public var repetitions: Int
  public var optimizers: [OptimizerEntry]
  public var tuning: Tuning?
  public var lattice: Lattice?
}

extension OptimizerEntry {
  /// Sets one hyperparameter (or the batch size), keeping the entry's key order.
  mutating func set(_ parameter: String, to value: HyperValue) {
    if parameter == "batch_size", case .int(let b) = value {
      batchSize = b
    } else if let i = hyperparameters.firstIndex(where: { $0.0 == parameter }) {
      hyperparameters[i].1 = value
    } else {
      hyperparameters.append((parameter, value))
    }
  }
}
