import LensCore

/// One training run, fully specified: what a worker needs to run it and what identifies its
/// results.
///
/// The run's identity is `hash`: the SHA-256 of `canonicalJSON`, which holds every field that
/// can change the numbers (problem, optimizer and hyperparameters, batch size, budget,
/// evaluation schedule, repetition and the random-stream root) plus `LensVersion.numerics`.
/// Bumping that version invalidates stored results; editing a suite's title does not.
public struct RunSpec: Sendable, Hashable {
  public var suite: String
  public var profile: String
  public var problem: Problem
  public var optimizer: OptimizerEntry
  /// Variant name: the optimizer label, plus `@parameter=value` at a lattice point.
  public var variant: String
  public var budget: Budget
  public var evaluation: Evaluation
  public var repetition: Int

  /// The root of this run's random streams: (suite, dataset or objective, variant, repetition).
  /// Streams for batches, initialisation and optimizer noise are children of it.
  public var streamRoot: RandomStreamKey {
    RandomStreamKey(suite: suite, problem: problem.streamName, variant: variant, repetition: repetition, stream: "run")
  }

  /// Canonical JSON of everything that determines the run's numbers (keys sorted).
  public var canonicalJSON: String {
    func options(_ d: [String: HyperValue]) -> String {
      CanonicalJSON.object(d.keys.sorted().map { ($0, d[$0]!.canonical) })
    }
    // `augmentation` appears only when set, so runs without it keep their hashes.
    let problemJSON = problem.objective.map { o in
      CanonicalJSON.object([("objective", CanonicalJSON.quote(o.name)), ("start", o.start.canonicalJSON)])
    } ?? CanonicalJSON.object((problem.augmentation.map { [("augmentation", $0.canonicalJSON)] } ?? []) + [
      ("dataset", CanonicalJSON.quote(problem.dataset)),
      ("split", CanonicalJSON.quote(problem.split)),
      ("split_options", options(problem.splitOptions)),
      ("model", CanonicalJSON.quote(problem.model)),
      ("model_options", options(problem.modelOptions)),
      ("loss", CanonicalJSON.quote(problem.loss)),
      ("subset", CanonicalJSON.object(problem.subset.keys.sorted().map { ($0, String(problem.subset[$0]!)) })),
    ])
    let hyper = CanonicalJSON.object(optimizer.hyperparameters.map { ($0.0, $0.1.canonical) })
    let optimizerJSON = CanonicalJSON.object([
      ("name", CanonicalJSON.quote(optimizer.optimizer)),
      ("preset", optimizer.preset.map(CanonicalJSON.quote) ?? "null"),
      ("batch_size", String(optimizer.batchSize)),
      ("hyperparameters", hyper),
    ])
    let budgetJSON: String
    switch budget {
    case .epochs(let n): budgetJSON = CanonicalJSON.object([("epochs", String(n))])
    case .steps(let n): budgetJSON = CanonicalJSON.object([("steps", String(n))])
    case .seconds(let s): budgetJSON = CanonicalJSON.object([("seconds", CanonicalJSON.number(s))])
    }
    let every: String
    switch evaluation.every {
    case .steps(let n): every = CanonicalJSON.object([("steps", String(n))])
    case .epochs(let n): every = CanonicalJSON.object([("epochs", String(n))])
    }
    let evaluationJSON = CanonicalJSON.object([
      ("every", every),
      ("splits", CanonicalJSON.array(evaluation.splits.map(CanonicalJSON.quote))),
      ("metrics", CanonicalJSON.array(evaluation.metrics.map(CanonicalJSON.quote))),
    ])
    return CanonicalJSON.object([
      ("lens_numerics", CanonicalJSON.quote(LensVersion.numerics)),
      ("suite", CanonicalJSON.quote(suite)),
      ("problem", problemJSON),
      ("optimizer", optimizerJSON),
      ("variant", CanonicalJSON.quote(variant)),
      ("budget", budgetJSON),
      ("evaluation", evaluationJSON),
      ("repetition", String(repetition)),
      ("stream_root", CanonicalJSON.quote(String(streamRoot.key, radix: 16))),
    ])
  }

  /// Content hash of the run (64 hex digits).
  public var hash: String { SHA256.hexDigest(Array(canonicalJSON.utf8)) }
}

/// Versions that results depend on.
public enum LensVersion {
  /// Bumped whenever a change alters the numbers a run produces (engine, optimizers, data
  /// preprocessing, runner semantics). Part of every run hash.
  public static let numerics = "1"
}
