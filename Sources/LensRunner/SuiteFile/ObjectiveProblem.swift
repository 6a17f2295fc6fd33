import LensCore

/// A model-free problem: a closed-form objective of a few parameters with no data (AdamQLR's
/// Rosenbrock, paper Sec. B.1.6), trained full-batch and deterministically from a start point.
///
/// Suite syntax (instead of dataset/split/model/loss):
///
/// ```yaml
/// problem: {objective: rosenbrock, start: [1, -1]}          # a fixed start
/// problem: {objective: rosenbrock, start: {normal: {mean: 0, std: 1}}}   # θ₀ ~ N(mean, std²·I)
/// ```
///
/// Every step sees the whole (empty) batch, so one epoch is one step; evaluation measures the
/// objective itself (`splits: [train]`, `metrics: [loss]`) and also logs θ (see `RunLog`).
public struct ObjectiveSpec: Sendable, Hashable {
  /// Catalog name, e.g. `rosenbrock`.
  public var name: String
  public var start: StartPoint

  public init(name: String, start: StartPoint) { self.name = name; self.start = start }
}

/// Where an objective run starts.
///
/// - `point(xs)`: exactly `xs`.
/// - `normal(mean, std)`: θ₀ᵢ = mean + std·zᵢ with zᵢ standard normal, drawn from the run's
///   `init` stream (a child of its stream root: suite, problem, variant, repetition), so a
///   tuning trial `label#config=i` gets its own reproducible start.
public enum StartPoint: Sendable, Hashable, CustomStringConvertible {
  case point([Double])
  case normal(mean: Double, std: Double)

  /// Canonical JSON (part of the run hash).
  public var canonicalJSON: String {
    switch self {
    case .point(let xs): return CanonicalJSON.object([("point", CanonicalJSON.array(xs.map(CanonicalJSON.number)))])
    case .normal(let m, let s):
      return CanonicalJSON.object([("normal", CanonicalJSON.object([("mean", CanonicalJSON.number(m)),
                                                                     ("std", CanonicalJSON.number(s))]))])
    }
  }

  public var description: String {
    switch self {
    case .point(let xs): return "(" + xs.map { CanonicalJSON.number($0) }.joined(separator: ", ") + ")"
    case .normal(let m, let s): return "N(\(CanonicalJSON.number(m)), \(CanonicalJSON.number(s))²·I)"
    }
  }

  /// The start of a run of `dimension` parameters; `generator` is the run's `init` stream.
  public func draw(dimension: Int, using generator: inout SeededGenerator) -> [Double] {
    switch self {
    case .point(let xs): return xs
    case .normal(let m, let s): return (0..<dimension).map { _ in m + s * generator.normal() }
    }
  }

  /// Reads `[x, y, …]` or `{normal: {mean: m, std: s}}` (std > 0).
  static func parse(_ value: YAMLValue) throws -> StartPoint {
    if case .sequence = value.node {
      let xs = try value.list().map { try $0.double() }
      guard !xs.isEmpty else { throw value.error("a start point needs at least one coordinate") }
      return .point(xs)
    }
    let o = try value.object(allowed: ["normal"])
    let n = try o.required("normal").object(allowed: ["mean", "std"])
    let mean = try n.required("mean").double()
    let stdValue = try n.required("std")
    let std = try stdValue.double()
    guard std > 0, std.isFinite, mean.isFinite else { throw stdValue.error("a normal start needs a finite mean and std > 0") }
    return .normal(mean: mean, std: std)
  }
}

extension Problem {
  /// A model-free objective problem (dataset fields empty).
  public init(objective: ObjectiveSpec) {
    self.init(dataset: "", split: "", splitOptions: [:], model: "", modelOptions: [:], loss: "", subset: [:])
    self.objective = objective
  }

  /// The problem's name in random-stream paths: the dataset, or the objective.
  public var streamName: String { objective?.name ?? dataset }

  /// One line for reports: `uci-energy (adamqlr split)` or `rosenbrock objective from (1, -1)`.
  public var summary: String {
    if let o = objective { return "\(o.name) objective, start \(o.start)" }
    return "\(dataset) (\(split) split)"
  }
}

extension SuiteParser {
  /// `problem: {objective: NAME, start: …}`; `value` is the problem mapping.
  func parseObjectiveProblem(_ value: YAMLValue) throws -> Problem {
    let o = try value.object(allowed: ["objective", "start"])
    let name = try o.required("objective").choice(vocabulary.objectives.map(\.name))
    let start = try StartPoint.parse(try o.required("start"))
    let dimension = vocabulary.objectives.first { $0.name == name }!.dimension
    if case .point(let xs) = start, xs.count != dimension {
      throw try o.required("start").error("objective '\(name)' has \(dimension) parameters; the start has \(xs.count)")
    }
    return Problem(objective: ObjectiveSpec(name: name, start: start))
  }

  /// Checks the parts of a suite that an objective problem constrains: evaluation of the
  /// objective only (`splits: [train]`, `metrics: [loss]`) and full batches (`batch_size` 1 or
  /// omitted, no `batch_size` in a search space, no subsets).
  func checkObjectiveSuite(_ top: YAMLObject) throws {
    let evaluation = try top.required("evaluation").object(allowed: ["every", "splits", "metrics"])
    for s in try evaluation.required("splits").list() where try s.string() != "train" {
      throw s.error("an objective problem has no data: the only split is 'train' (the objective itself)")
    }
    for m in try evaluation.required("metrics").list() where try m.string() != "loss" {
      throw m.error("an objective problem has only the metric 'loss'")
    }
    for (_, entry) in try top.required("optimizers").entries() {
      if let b = try entry.entries().first(where: { $0.key == "batch_size" })?.value, try b.int() != 1 {
        throw b.error("an objective problem is full-batch: omit batch_size or set it to 1")
      }
    }
    if let space = try top["tuning"].flatMap({ try $0.object(allowed: SuiteParser.tuningKeys)["space"] }) {
      for (_, dims) in try space.entries() {
        if let b = try dims.entries().first(where: { $0.key == "batch_size" })?.value {
          throw b.error("an objective problem is full-batch: batch_size cannot be tuned")
        }
      }
    }
    if let profiles = top["profiles"] {
      for (_, p) in try profiles.entries() {
        if let s = try p.entries().first(where: { $0.key == "subset" })?.value {
          throw s.error("an objective problem has no data to subset")
        }
      }
    }
  }
}
