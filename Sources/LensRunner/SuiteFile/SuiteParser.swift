import Foundation
import LensCore

/// Turns a suite file into a validated `Suite`, or throws a `LensError.badInput` whose message
/// starts with `file:line:column` (CLI exit code 2).
///
/// Format (version 1; every key not listed is an error):
///
/// ```yaml
/// lens_suite: 1
/// id: adamqlr-fig1c                 # stable id; part of every random-stream path
/// title: "Fig 1c: Fashion-MNIST loss against time"
/// paper: adamqlr                    # adamqlr | granziol | adafisher
/// claims: [AQ-F1c-kfac-lowest-train]
/// published: adamqlr.chosen_hyperparameters.fashion_mnist   # the paper's settings, for the report
/// problem:
///   dataset: fashion-mnist
///   split: adamqlr                  # or {recipe: adamqlr, validation_fraction: 0.15}
///   model: {builder: mlp, hidden: [50], activation: relu, init: haiku}
///   loss: softmax_cross_entropy
///   subset: {train: 2000}           # optional caps on examples per split
///   augmentation: {random_crop_padding: 4, horizontal_flip: true}   # optional, image data only
/// # or a model-free objective (ObjectiveProblem.swift): problem: {objective: rosenbrock, start: [1, -1]}
/// budget: {epochs: 10}              # or {steps: N} or {seconds: S}
/// evaluation: {every: {steps: 10}, splits: [train, test], metrics: [loss, accuracy]}
/// repetitions: 50
/// figures: [loss_vs_epoch, loss_vs_time, accuracy, learning_rate]   # optional; see FigureKind
/// optimizers:                       # label → configuration, in plotting order
///   adam: {optimizer: adam, batch_size: 3200, lr: 1.0e-3}
///   adamqlr_untuned: {optimizer: adamqlr, preset: untuned, batch_size: 3200}
/// tuning:                           # optional: random search + ASHA
///   samples: 200
///   metric: validation_loss
///   mode: min
///   reduction_factor: 4
///   grace_period: 1
///   space:
///     adam: {lr: {loguniform: [1.0e-6, 1.0]}, batch_size: {choice: [50, 100]}}
///   start: {normal: {mean: 0, std: 1}}   # objective problems: each trial's own start
///   before_runs: true                    # `lens run` tunes first when no tuned settings exist
/// lattice:                          # optional: one parameter swept, the rest fixed
///   optimizers: [adamqlr_untuned]
///   parameter: lr_clip
///   values: [0.01, 0.1, 1.0]        # or {powers: {base: 10, from: -2, to: 0, step: 1}}
///   ties: {}                        # e.g. {damping_decrease: reciprocal} follows the swept value
/// profiles:                         # smoke (CI), default (make reproduce), paper (published)
///   smoke: {repetitions: 2, budget: {epochs: 1}, subset: {train: 1000, test: 500}}
///   # a profile may train on another dataset with the same recipe: {dataset: svhn-fixture},
///   # change model options of the same builder: {model: {width: 0.25}},
///   # and tune before its runs (overriding tuning.before_runs): {tune_before_runs: true}
///   default: {}
///   paper: {repetitions: 50}
/// ```
public struct SuiteParser {
  public let vocabulary: SuiteVocabulary

  public init(vocabulary: SuiteVocabulary) { self.vocabulary = vocabulary }

  static let topKeys = ["lens_suite", "id", "title", "paper", "claims", "published", "problem", "budget", "evaluation",
                        "repetitions", "optimizers", "tuning", "lattice", "profiles", "figures"]
  static let papers = ["adamqlr", "granziol", "adafisher"]
  static let profileNames = ["smoke", "default", "paper"]

  /// Reads and validates the suite file at `path`.
  public func parse(file path: String) throws -> Suite {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LensError.badInput("\(path): cannot read the suite file (does it exist?)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw LensError.badInput("\(path):1:1: the suite file is not UTF-8 text")
    }
    return try parse(text: text, file: path)
  }

  /// Validates suite text; `file` is used in error locations.
  public func parse(text: String, file: String) throws -> Suite {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.object(allowed: Self.topKeys)
    let version = try top.required("lens_suite")
    guard try version.int() == 1 else { throw version.error("unsupported suite format version; this Lens reads version 1") }

    let id = try top.required("id").string()
    guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
      throw try top.required("id").error("an id uses letters, digits, '-' and '_' only")
    }
    let paper = try top.required("paper").choice(Self.papers)
    let claims = try top["claims"].map { try $0.list().map { try $0.string() } } ?? []
    let problem = try parseProblem(try top.required("problem"))
    if problem.objective != nil { try checkObjectiveSuite(top) }
    let budget = try parseBudget(try top.required("budget"))
    let evaluation = try parseEvaluation(try top.required("evaluation"))
    let repetitionsValue = try top.required("repetitions")
    let repetitions = try repetitionsValue.int()
    guard repetitions >= 1 else { throw repetitionsValue.error("repetitions must be at least 1") }
    let optimizers = try parseOptimizers(try top.required("optimizers"), fullBatch: problem.objective != nil)
    let labels = optimizers.map(\.label)
    let tuning = try top["tuning"].map { try parseTuning($0, labels: labels, optimizers: optimizers, problem: problem) }
    let lattice = try top["lattice"].map { try parseLattice($0, optimizers: optimizers) }
    let profiles = try parseProfiles(top["profiles"], labels: labels, problem: problem, hasTuning: tuning != nil)

    var suite = Suite(id: id, title: try top["title"]?.string() ?? id, paper: paper, claims: claims,
                      published: try top["published"]?.string(), problem: problem,
                      budget: budget, evaluation: evaluation, repetitions: repetitions, optimizers: optimizers,
                      tuning: tuning, lattice: lattice, profiles: profiles, source: file)
    suite.figures = try parseFigures(top["figures"], evaluation: evaluation)
    return suite
  }

  // MARK: Sections

  func parseProblem(_ value: YAMLValue) throws -> Problem {
    if case .mapping = value.node, try value.entries().contains(where: { $0.key == "objective" }) {
      return try parseObjectiveProblem(value)
    }
    let o = try value.object(allowed: ["dataset", "split", "model", "loss", "subset", "augmentation"])
    let datasetValue = try o.required("dataset")
    let dataset = try datasetValue.choice(vocabulary.datasets.map(\.name))
    let recipes = vocabulary.splitRecipes(of: dataset) ?? []

    var split = recipes.first ?? "default"
    var splitOptions: [String: HyperValue] = [:]
    if let s = o["split"] {
      if case .mapping = s.node {
        let entries = try s.entries()
        for (key, v) in entries {
          if key == "recipe" { split = try v.choice(recipes) } else { splitOptions[key] = try v.hyperValue() }
        }
      } else {
        split = try s.choice(recipes)
      }
    }

    let modelValue = try o.required("model")
    var model: String
    var modelOptions: [String: HyperValue] = [:]
    if case .mapping = modelValue.node {
      let entries = try modelValue.entries()
      guard let builder = entries.first(where: { $0.key == "builder" })?.value else {
        throw modelValue.error("missing required key 'builder'")
      }
      model = try builder.choice(vocabulary.models.map(\.name))
      let allowed = (vocabulary.modelOptions(of: model) ?? []) + ["builder"]
      _ = try modelValue.entries(allowed: allowed)
      for (key, v) in entries where key != "builder" { modelOptions[key] = try v.hyperValue() }
    } else {
      model = try modelValue.choice(vocabulary.models.map(\.name))
    }

    let loss = try o.required("loss").choice(vocabulary.losses)
    let subset = try o["subset"].map(parseSubset) ?? [:]
    var problem = Problem(dataset: dataset, split: split, splitOptions: splitOptions, model: model,
                          modelOptions: modelOptions, loss: loss, subset: subset)
    problem.augmentation = try o["augmentation"].map(ImageAugmentation.parse)
    return problem
  }

  func parseSubset(_ value: YAMLValue) throws -> [String: Int] {
    var result: [String: Int] = [:]
    for (key, v) in try value.entries(allowed: vocabulary.splits) {
      let n = try v.int()
      guard n >= 1 else { throw v.error("a subset size must be at least 1") }
      result[key] = n
    }
    return result
  }

  func parseBudget(_ value: YAMLValue) throws -> Budget {
    let entries = try value.entries(allowed: ["epochs", "steps", "seconds"])
    guard entries.count == 1, let (key, v) = entries.first else {
      throw value.error("a budget has exactly one of 'epochs', 'steps' or 'seconds'")
    }
    switch key {
    case "epochs":
      let n = try v.int(); guard n >= 1 else { throw v.error("an epoch budget must be at least 1") }
      return .epochs(n)
    case "steps":
      let n = try v.int(); guard n >= 1 else { throw v.error("a step budget must be at least 1") }
      return .steps(n)
    default:
      let s = try v.double(); guard s > 0 else { throw v.error("a time budget must be positive") }
      return .seconds(s)
    }
  }

  func parseEvery(_ value: YAMLValue) throws -> Evaluation.Every {
    let entries = try value.entries(allowed: ["steps", "epochs"])
    guard entries.count == 1, let (key, v) = entries.first else {
      throw value.error("'every' has exactly one of 'steps' or 'epochs'")
    }
    let n = try v.int()
    guard n >= 1 else { throw v.error("an evaluation interval must be at least 1") }
    return key == "steps" ? .steps(n) : .epochs(n)
  }

  func parseEvaluation(_ value: YAMLValue) throws -> Evaluation {
    let o = try value.object(allowed: ["every", "splits", "metrics"])
    let every = try parseEvery(try o.required("every"))
    let splits = try o.required("splits").list().map { try $0.choice(vocabulary.splits) }
    let metrics = try o.required("metrics").list().map { try $0.choice(vocabulary.metrics) }
    guard !splits.isEmpty else { throw try o.required("splits").error("list at least one split") }
    guard !metrics.isEmpty else { throw try o.required("metrics").error("list at least one metric") }
    return Evaluation(every: every, splits: splits, metrics: metrics)
  }

  /// `fullBatch`: an objective problem, where `batch_size` may be omitted (it is 1).
  func parseOptimizers(_ value: YAMLValue, fullBatch: Bool = false) throws -> [OptimizerEntry] {
    let entries = try value.entries()
    guard !entries.isEmpty else { throw value.error("list at least one optimizer") }
    let names = vocabulary.optimizers.map(\.name)
    return try entries.map { label, v in
      let fields = try v.entries()
      guard let nameValue = fields.first(where: { $0.key == "optimizer" })?.value else {
        throw v.error("missing required key 'optimizer' (one of: \(names.joined(separator: ", ")))")
      }
      let name = try nameValue.choice(names)
      let schema = vocabulary.schema(of: name)!
      _ = try v.entries(allowed: ["optimizer", "preset", "batch_size"] + schema.keys)
      var preset: String?
      var batchSize: Int?
      var hyper: [(String, HyperValue)] = []
      for (key, field) in fields {
        switch key {
        case "optimizer": continue
        case "preset":
          guard !schema.presets.isEmpty else { throw field.error("optimizer '\(name)' has no presets") }
          preset = try field.choice(schema.presets)
        case "batch_size":
          let b = try field.int()
          guard b >= 1 else { throw field.error("batch_size must be at least 1") }
          batchSize = b
        default:
          hyper.append((key, try field.hyperValue()))
        }
      }
      if fullBatch, batchSize == nil { batchSize = 1 }
      guard let batchSize else { throw v.error("missing required key 'batch_size'") }
      return OptimizerEntry(label: label, optimizer: name, preset: preset, batchSize: batchSize, hyperparameters: hyper)
    }
  }

  func parseDimension(_ value: YAMLValue) throws -> Tuning.Dimension {
    let entries = try value.entries(allowed: ["loguniform", "uniform", "one_minus_loguniform", "choice"])
    guard entries.count == 1, let (kind, v) = entries.first else {
      throw value.error("a search dimension has exactly one of loguniform, uniform, one_minus_loguniform, choice")
    }
    if kind == "choice" {
      let options = try v.list().map { try $0.hyperValue() }
      guard !options.isEmpty else { throw v.error("a choice needs at least one option") }
      return .choice(options)
    }
    let bounds = try v.list().map { try $0.double() }
    guard bounds.count == 2, bounds[0] < bounds[1] else { throw v.error("expected [low, high] with low < high") }
    if kind != "uniform", bounds[0] <= 0 { throw v.error("log-uniform bounds must be positive") }
    switch kind {
    case "loguniform": return .logUniform(bounds[0], bounds[1])
    case "uniform": return .uniform(bounds[0], bounds[1])
    default: return .oneMinusLogUniform(bounds[0], bounds[1])
    }
  }

  static let tuningKeys = ["samples", "metric", "mode", "reduction_factor", "grace_period", "space", "start", "before_runs"]

  func parseTuning(_ value: YAMLValue, labels: [String], optimizers: [OptimizerEntry], problem: Problem) throws -> Tuning {
    let o = try value.object(allowed: Self.tuningKeys)
    let samples = try o.required("samples").int()
    guard samples >= 1 else { throw try o.required("samples").error("samples must be at least 1") }
    let metric = try o.required("metric").choice(["validation_loss", "train_loss", "test_loss",
                                                  "validation_accuracy", "train_accuracy", "test_accuracy"])
    let mode = try o["mode"]?.choice(["min", "max"]) ?? (metric.hasSuffix("accuracy") ? "max" : "min")
    let eta = try o["reduction_factor"]?.int() ?? 4
    guard eta >= 2 else { throw try o.required("reduction_factor").error("the reduction factor must be at least 2") }
    let grace = try o["grace_period"]?.double() ?? 1
    guard grace > 0 else { throw try o.required("grace_period").error("the grace period must be positive") }
    var spaces: [String: [(String, Tuning.Dimension)]] = [:]
    for (label, v) in try o.required("space").entries(allowed: labels) {
      let entry = optimizers.first { $0.label == label }!
      let keys = (vocabulary.schema(of: entry.optimizer)?.keys ?? []) + ["batch_size"]
      spaces[label] = try v.entries(allowed: keys).map { ($0.key, try parseDimension($0.value)) }
    }
    var start: StartPoint?
    if let s = o["start"] {
      guard let objective = problem.objective else { throw s.error("only an objective problem has a start point to draw") }
      start = try StartPoint.parse(s)
      let dimension = vocabulary.objectives.first { $0.name == objective.name }!.dimension
      if case .point(let xs)? = start, xs.count != dimension {
        throw s.error("objective '\(objective.name)' has \(dimension) parameters; the start has \(xs.count)")
      }
    }
    let beforeRuns = try o["before_runs"]?.bool() ?? false
    return Tuning(samples: samples, metric: metric, mode: mode, reductionFactor: eta, gracePeriod: grace, spaces: spaces,
                  start: start, beforeRuns: beforeRuns)
  }

  func parseLattice(_ value: YAMLValue, optimizers: [OptimizerEntry]) throws -> Lattice {
    let o = try value.object(allowed: ["optimizers", "parameter", "values", "ties"])
    let labels = optimizers.map(\.label)
    let targets = try o.required("optimizers").list().map { try $0.choice(labels) }
    let parameterValue = try o.required("parameter")
    let parameter = try parameterValue.string()
    func checkKnown(_ name: String, at where_: YAMLValue) throws {
      for label in targets {
        let entry = optimizers.first { $0.label == label }!
        let keys = (vocabulary.schema(of: entry.optimizer)?.keys ?? []) + ["batch_size"]
        guard keys.contains(name) else {
          throw where_.error("optimizer '\(entry.optimizer)' has no hyperparameter '\(name)'\(ClosestMatch.hint(for: name, among: keys))")
        }
      }
    }
    try checkKnown(parameter, at: parameterValue)
    let values = try o.required("values").latticeValues()
    var ties: [LatticeTie] = []
    if let t = o["ties"] {
      for (name, rule) in try t.entries() {
        try checkKnown(name, at: rule)
        guard name != parameter, name != "batch_size" else { throw rule.error("'\(name)' cannot be tied") }
        let r = LatticeTie.Rule(rawValue: try rule.choice(LatticeTie.Rule.allCases.map(\.rawValue)))!
        let tie = LatticeTie(parameter: name, rule: r)
        if let bad = values.first(where: { tie.value(at: $0) == nil }) {
          throw rule.error("rule '\(r.rawValue)' needs non-zero numbers, but the lattice has \(bad.canonical)")
        }
        ties.append(tie)
      }
    }
    return Lattice(optimizers: targets, parameter: parameter, values: values, ties: ties)
  }

  func parseProfiles(_ value: YAMLValue?, labels: [String], problem: Problem? = nil, hasTuning: Bool = false) throws -> [Profile] {
    var profiles: [Profile] = []
    if let value {
      for (name, v) in try value.entries(allowed: Self.profileNames) {
        let o = try v.object(allowed: ["repetitions", "budget", "subset", "every", "tuning_samples",
                                       "lattice_values", "optimizers", "dataset", "model", "tune_before_runs"])
        var p = Profile(name: name, subset: [:])
        if let r = o["repetitions"] {
          p.repetitions = try r.int()
          guard p.repetitions! >= 1 else { throw r.error("repetitions must be at least 1") }
        }
        p.budget = try o["budget"].map(parseBudget)
        p.subset = try o["subset"].map(parseSubset) ?? [:]
        p.evaluationEvery = try o["every"].map(parseEvery)
        p.tuningSamples = try o["tuning_samples"]?.int()
        p.latticeValues = try o["lattice_values"]?.latticeValues()
        p.optimizers = try o["optimizers"]?.list().map { try $0.choice(labels) }
        if let d = o["dataset"] { p.dataset = try parseProfileDataset(d, problem: problem) }
        if let m = o["model"] { p.modelOptions = try parseProfileModel(m, problem: problem) }
        if let t = o["tune_before_runs"] {
          guard hasTuning else { throw t.error("tune_before_runs needs the suite's tuning section (a search space)") }
          p.tuneBeforeRuns = try t.bool()
        }
        profiles.append(p)
      }
    }
    if !profiles.contains(where: { $0.name == "default" }) {
      profiles.append(Profile(name: "default", subset: [:]))
    }
    return profiles
  }

  /// A profile's `model:` override: options of the suite's model builder (not the builder itself).
  func parseProfileModel(_ value: YAMLValue, problem: Problem?) throws -> [String: HyperValue] {
    guard let problem, problem.objective == nil else {
      throw value.error("only a dataset problem can change its model options in a profile")
    }
    let allowed = vocabulary.modelOptions(of: problem.model) ?? []
    var options: [String: HyperValue] = [:]
    for (key, v) in try value.entries(allowed: allowed) { options[key] = try v.hyperValue() }
    guard !options.isEmpty else { throw value.error("an empty model override changes nothing; give options of '\(problem.model)': \(allowed.joined(separator: ", "))") }
    return options
  }

  /// A profile's `dataset:` override: a known dataset that has the suite's split recipe.
  func parseProfileDataset(_ value: YAMLValue, problem: Problem?) throws -> String {
    guard let problem, problem.objective == nil else {
      throw value.error("only a dataset problem can change its dataset in a profile")
    }
    let dataset = try value.choice(vocabulary.datasets.map(\.name))
    guard vocabulary.splitRecipes(of: dataset)?.contains(problem.split) ?? false else {
      throw value.error("dataset '\(dataset)' has no split recipe '\(problem.split)' (the suite's); its recipes: \((vocabulary.splitRecipes(of: dataset) ?? []).joined(separator: ", "))")
    }
    return dataset
  }
}
