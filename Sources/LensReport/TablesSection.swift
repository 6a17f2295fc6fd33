import Foundation
import LensCore
import LensRunner

/// The paper's metadata tables rendered from what Lens actually ran, each beside the paper's
/// own (read from the paper-numbers file under `<paper>.search_space`, `.hardware`, `.datasets`):
///
/// - search space: every suite's `tuning.space`, as written in the suite files;
/// - chosen hyperparameters: every optimizer entry that ran (tuned settings applied), per suite;
/// - hardware: this machine's provenance;
/// - datasets: licence and source from the data registry, split sizes as loaded.
public struct TablesSection {
  /// One dataset used by the suites, as the CLI resolved it.
  public struct DatasetRow: Sendable {
    public var name: String, recipe: String, licence: String, homepage: String
    /// Split name → examples, as loaded; nil when the data is not present on this machine.
    public var sizes: [(String, Int)]?
    public init(name: String, recipe: String, licence: String, homepage: String, sizes: [(String, Int)]?) {
      self.name = name; self.recipe = recipe; self.licence = licence; self.homepage = homepage; self.sizes = sizes
    }
  }

  public var paper: String
  public var referenceFile: String

  public init(paper: String, referenceFile: String) { self.paper = paper; self.referenceFile = referenceFile }

  public func render(suites: [ResolvedSuite], provenance: [(String, String)], datasets: [DatasetRow]) throws -> String {
    var md = "## Tables: search space, settings, hardware and datasets as run\n\n"
    md += "Rendered from the suite files, the machine and the data registry; the paper's tables are quoted from `\(referenceFile)`.\n\n"
    md += searchSpace(suites)
    md += "### Hyperparameters that ran (cf. the paper's Table 2)\n\n| suite | optimizer | batch | settings |\n|---|---|---|---|\n"
    for s in suites {
      for e in s.optimizers {
        var settings = e.hyperparameters.map { "\($0.0) \($0.1.canonical)" }
        if let p = e.preset { settings.insert("preset \(p)", at: 0) }
        if let l = s.lattice, l.optimizers.contains(e.label) {
          settings.append("swept: \(l.parameter) ∈ {\(l.values.map(\.canonical).joined(separator: ", "))}"
                          + l.ties.map { ", \($0.parameter) = \($0.rule.rawValue)(\(l.parameter))" }.joined())
        }
        md += "| \(s.suite.id) | \(e.label) | \(e.batchSize) | \(settings.joined(separator: ", ")) |\n"
      }
    }
    md += "\n### Hardware (cf. the paper's Table 3)\n\n| | this reproduction |\n|---|---|\n"
    for (k, v) in provenance { md += "| \(k) | \(v) |\n" }
    md += "\nThe paper's hardware:\n\n" + (try quote("hardware")) + "\n"
    md += "### Datasets (cf. the paper's Table 4)\n\n| dataset | recipe | licence | sizes as loaded | source |\n|---|---|---|---|---|\n"
    for d in datasets {
      let sizes = d.sizes.map { $0.map { "\($0.0) \($0.1)" }.joined(separator: ", ") } ?? "data not present here"
      md += "| \(d.name) | \(d.recipe) | \(d.licence) | \(sizes) | \(d.homepage) |\n"
    }
    md += "\nThe paper's datasets:\n\n" + (try quote("datasets")) + "\n"
    return md
  }

  func searchSpace(_ suites: [ResolvedSuite]) -> String {
    var md = "### Search space (cf. the paper's Table 1)\n\n"
    let tuned = suites.filter { $0.tuning != nil }
    if tuned.isEmpty { return md + "No suite of this paper declares a search space.\n\n" }
    md += "| suite | optimizer | hyperparameter | distribution |\n|---|---|---|---|\n"
    for s in tuned {
      let t = s.tuning!
      for e in s.optimizers {
        for (name, dimension) in t.spaces[e.label] ?? [] {
          md += "| \(s.suite.id) | \(e.label) | \(name) | \(Self.describe(dimension)) |\n"
        }
      }
      md += "| \(s.suite.id) | (protocol) | | \(t.samples) samples, ASHA η = \(t.reductionFactor), grace \(t.gracePeriod), \(t.mode) \(t.metric) |\n"
    }
    return md + "\nThe paper's Table 1:\n\n" + ((try? quote("search_space")) ?? "(not in the reference file)\n") + "\n"
  }

  static func describe(_ d: Tuning.Dimension) -> String {
    switch d {
    case .logUniform(let a, let b): return "log-uniform [\(a), \(b)]"
    case .uniform(let a, let b): return "uniform [\(a), \(b)]"
    case .oneMinusLogUniform(let a, let b): return "1 − log-uniform [\(a), \(b)]"
    case .choice(let xs): return "one of {\(xs.map(\.canonical).joined(separator: ", "))}"
    }
  }

  /// The reference file's `<paper>.<key>` entries as a two-column table (flow mappings printed
  /// as `k: v` lists), in file order.
  func quote(_ key: String) throws -> String {
    guard let text = try? String(contentsOfFile: referenceFile, encoding: .utf8) else {
      throw LensError.data("\(referenceFile): cannot read the paper-numbers file")
    }
    let root = try YAMLValue.parse(text, file: referenceFile)
    guard let paperNode = try root.entries().first(where: { $0.key == paper })?.value,
          let node = try paperNode.entries().first(where: { $0.key == key })?.value else {
      return "(no `\(paper).\(key)` in the reference file)\n"
    }
    var md = "| entry | as published |\n|---|---|\n"
    for (k, v) in try node.entries() where k != "source" {
      md += "| \(k) | \(Self.flatten(v)) |\n"
    }
    return md
  }

  static func flatten(_ v: YAMLValue) -> String {
    if case .mapping = v.node, let entries = try? v.entries() {
      return entries.map { "\($0.key): \(flatten($0.value))" }.joined(separator: "; ")
    }
    if case .sequence = v.node, let items = try? v.list() { return "[" + items.map(flatten).joined(separator: ", ") + "]" }
    return (try? v.string()) ?? ""
  }
}
