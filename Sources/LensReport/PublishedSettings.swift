import Foundation
import LensCore
import LensRunner

/// The paper's published settings for a suite, read from the paper-numbers file
/// (`reports/reference/paper-numbers.yaml`) at the suite's `published` path, so that a report
/// shows the settings that ran next to the published ones.
///
/// The file's keys map to Lens option names: `learning_rate` → `lr`, `lr_clipping` → `lr_clip`;
/// the others (`batch_size`, `momentum`, `weight_decay`, `initial_damping`, `damping_decrease`,
/// `damping_increase`) are the same. Null entries (the paper's "—") are left out.
public struct PublishedSettings: Sendable {
  /// Optimizer label → (option, value as printed in the file), in file order.
  public var optimizers: [(label: String, settings: [(String, String)])]

  static let optionNames = ["learning_rate": "lr", "lr_clipping": "lr_clip"]

  public init(file: String, path: String) throws {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
      throw LensError.data("\(file): cannot read the paper-numbers file")
    }
    var node = try YAMLValue.parse(text, file: file)
    for component in path.split(separator: ".").map(String.init) {
      guard let next = try node.entries().first(where: { $0.key == component })?.value else {
        throw LensError.badInput("\(file): no entry '\(path)' (missing '\(component)')")
      }
      node = next
    }
    optimizers = try node.entries().compactMap { label, value in
      guard case .mapping = value.node else { return nil }
      let settings = try value.entries().compactMap { key, v -> (String, String)? in
        v.isNull ? nil : (Self.optionNames[key] ?? key, try v.string())
      }
      return (label, settings)
    }
  }

  /// Markdown table: per optimizer label of the suite, the settings that ran and the published ones.
  public func table(for entries: [OptimizerEntry]) -> String {
    var md = "| optimizer | settings as run | published (paper) |\n|---|---|---|\n"
    for entry in entries {
      var ran = ["batch_size \(entry.batchSize)"] + entry.hyperparameters.map { "\($0.0) \($0.1.canonical)" }
      if let preset = entry.preset { ran.insert("preset \(preset)", at: 0) }
      let paper = optimizers.first { $0.label == entry.label }?.settings.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
      md += "| \(entry.label) | \(ran.joined(separator: ", ")) | \(paper ?? "not in the paper's table") |\n"
    }
    return md + "\n"
  }
}
