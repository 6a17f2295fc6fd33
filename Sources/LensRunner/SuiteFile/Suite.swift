import LensCore

/// A suite: one paper figure or table expressed as a protocol — problem, optimizers with
/// their hyperparameters, repetitions, budget, evaluation schedule, optional tuning and
/// lattice — plus the profiles that scale it (`smoke`, `default`, `paper`).
///
/// A `Suite` is what a suite file means after validation; nothing runs from unvalidated YAML.
public struct Suite: Sendable, Hashable {
  /// Stable identifier, e.g. `adamqlr-fig1c`; part of every run's random-stream path.
  public var id: String
  public var title: String
  /// Paper key: `adamqlr`, `granziol` or `adafisher`.
  public var paper: String
  /// Ids of the claims (from the paper-numbers file) the suite tests.
  public var claims: [String]
  /// Dotted path of the paper's published settings for this suite in the paper-numbers file
  /// (e.g. `adamqlr.chosen_hyperparameters.uci_energy`), shown next to the settings that ran.
  public var published: String?
  public var problem: Problem
  public var budget: Budget
  public var evaluation: Evaluation
  public var repetitions: Int
  /// Optimizer configurations in file order.
  public var optimizers: [OptimizerEntry]
  public var tuning: Tuning?
  public var lattice: Lattice?
  /// Profiles in file order; `default` always exists.
  public var profiles: [Profile]
  /// Where the suite was read from.
  public var source: String
  /// The figures the report draws for this suite (`figures:`), in file order.
  public var figures: [FigureKind] = FigureKind.defaults
}

/// What is trained: dataset, split, model and loss.
public struct Problem: Sendable, Hashable {
  public var dataset: String
  /// Named preprocessing/split recipe of the dataset (e.g. `adamqlr`), with options.
  public var split: String
  public var splitOptions: [String: HyperValue]
  public var model: String
  public var modelOptions: [String: HyperValue]
  public var loss: String
  /// Optional caps on the number of examples per split (`train`, `validation`, `test`).
  public var subset: [String: Int]
  /// Set for a model-free objective problem (then the dataset fields are empty).
  public var objective: ObjectiveSpec? = nil
  /// Augmentation of training batches (`augmentation:`), nil for none.
  public var augmentation: ImageAugmentation? = nil
}

/// How long each run trains. Wall-clock seconds count training steps only (evaluation is
/// untimed, as in AlgoPerf).
public enum Budget: Sendable, Hashable, CustomStringConvertible {
  case epochs(Int)
  case steps(Int)
  case seconds(Double)

  public var description: String {
    switch self {
    case .epochs(let n): return "\(n) epochs"
    case .steps(let n): return "\(n) steps"
    case .seconds(let s): return "\(CanonicalJSON.number(s)) s"
    }
  }
}

/// What is measured, on which splits, and how often (untimed).
public struct Evaluation: Sendable, Hashable {
  public enum Every: Sendable, Hashable {
    case steps(Int)
    case epochs(Int)
  }
  public var every: Every
  public var splits: [String]
  public var metrics: [String]
}

/// One optimizer configuration: a registry name (or preset) and explicit hyperparameters.
public struct OptimizerEntry: Sendable, Hashable {
  /// Label used in results, plots and reports, e.g. `adamqlr_untuned`.
  public var label: String
  /// Registry name of the optimizer, e.g. `adamqlr`.
  public var optimizer: String
  /// Preset the hyperparameters start from, if any (e.g. `untuned`).
  public var preset: String?
  /// Batch size used with this optimizer.
  public var batchSize: Int
  /// Hyperparameters in file order (sorted when hashed).
  public var hyperparameters: [(String, HyperValue)]

  public static func == (a: OptimizerEntry, b: OptimizerEntry) -> Bool {
    a.label == b.label && a.optimizer == b.optimizer && a.preset == b.preset && a.batchSize == b.batchSize
      && a.hyperparameters.map(\.0) == b.hyperparameters.map(\.0)
      && a.hyperparameters.map(\.1) == b.hyperparameters.map(\.1)
  }

  public func hash(into h: inout Hasher) {
    h.combine(label); h.combine(optimizer); h.combine(preset); h.combine(batchSize)
    for (k, v) in hyperparameters { h.combine(k); h.combine(v) }
  }
}

/// A random-search + ASHA tuning protocol over a declared space.
public struct Tuning: Sendable, Hashable {
  public enum Dimension: Sendable, Hashable {
    case logUniform(Double, Double)
    case uniform(Double, Double)
    /// 1 − x with x log-uniform in the range (the AdamQLR paper's momentum space).
    case oneMinusLogUniform(Double, Double)
    case choice([HyperValue])
  }
  public var samples: Int
  public var metric: String
  public var mode: String
  /// Successive-halving reduction factor η and the smallest budget (in the suite's budget unit).
  public var reductionFactor: Int
  public var gracePeriod: Double
  /// Per optimizer label: the searched hyperparameters, in file order.
  public var spaces: [String: [(String, Dimension)]]
  /// Objective problems only: where each trial starts instead of the problem's start (the
  /// AdamQLR Rosenbrock protocol draws every trial's start from N(0, I)).
  public var start: StartPoint? = nil
  /// Whether `lens run` tunes first when the profile has no tuned settings yet (for protocols
  /// whose tuning takes seconds, so that a figure's target runs the whole protocol).
  public var beforeRuns: Bool = false

  public static func == (a: Tuning, b: Tuning) -> Bool {
    a.samples == b.samples && a.metric == b.metric && a.mode == b.mode && a.reductionFactor == b.reductionFactor
      && a.gracePeriod == b.gracePeriod && a.start == b.start && a.beforeRuns == b.beforeRuns
      && a.spaces.keys.sorted() == b.spaces.keys.sorted()
      && a.spaces.keys.sorted().allSatisfy { k in
        a.spaces[k]!.map(\.0) == b.spaces[k]!.map(\.0) && a.spaces[k]!.map(\.1) == b.spaces[k]!.map(\.1)
      }
  }

  public func hash(into h: inout Hasher) {
    h.combine(samples); h.combine(metric); h.combine(mode); h.combine(reductionFactor); h.combine(gracePeriod)
    h.combine(start); h.combine(beforeRuns)
    for k in spaces.keys.sorted() { h.combine(k); for (n, d) in spaces[k]! { h.combine(n); h.combine(d) } }
  }
}

/// A one-parameter sweep: `parameter` of every listed optimizer takes each of `values` in turn,
/// everything else fixed (sensitivity studies and ablations).
public struct Lattice: Sendable, Hashable {
  public var optimizers: [String]
  public var parameter: String
  public var values: [HyperValue]
  /// Parameters that follow the swept one at each point (e.g. ω_dec = 1/ω_inc).
  public var ties: [LatticeTie] = []
}

/// A named scaling of the suite. Unset fields keep the suite's values.
public struct Profile: Sendable, Hashable {
  public var name: String
  public var repetitions: Int?
  public var budget: Budget?
  public var subset: [String: Int]
  public var evaluationEvery: Evaluation.Every?
  public var tuningSamples: Int?
  public var latticeValues: [HyperValue]?
  /// Restrict the suite to these optimizer labels (nil: all).
  public var optimizers: [String]?
  /// Train on this dataset instead of the suite's (same split recipe), e.g. `svhn-fixture` in the
  /// smoke profile of an SVHN suite so that CI runs it without the real files. The dataset name
  /// is part of every run's hash and random-stream root, so fixture runs never pass for real ones.
  public var dataset: String? = nil
  /// Model options that replace the suite's for this profile (same builder), e.g. `{width: 0.25}`
  /// for a scaled network in the default profile while `paper` keeps the published width.
  public var modelOptions: [String: HyperValue] = [:]
  /// Overrides `tuning.before_runs` for this profile, e.g. `true` in `paper` so that the paper
  /// protocol re-tunes with ASHA while `default` runs the published settings.
  public var tuneBeforeRuns: Bool? = nil
}

extension Suite {
  /// Whether `lens run` tunes first at `profile`: the profile's `tune_before_runs`, else the
  /// suite's `tuning.before_runs` (false without a search space).
  public func tunesBeforeRuns(profile name: String) -> Bool {
    guard let tuning else { return false }
    return profiles.first(where: { $0.name == name })?.tuneBeforeRuns ?? tuning.beforeRuns
  }
}
