/// The figures a suite's report section draws (suite key `figures:`), each from the suite's own
/// run logs:
///
/// - `loss_vs_epoch`: median train/test loss against epochs (evaluation points);
/// - `loss_vs_time`: the same against training seconds (the AdamQLR paper's Fig 1 axis;
///   evaluation is untimed), on a common time grid;
/// - `accuracy`: median train/test accuracy against training seconds (AdamQLR Fig 3); needs
///   the `accuracy` metric;
/// - `learning_rate`: median log learning rate per step, and damping where an optimizer has
///   one, against training seconds (AdamQLR Fig 4).
///
/// A suite without the key draws `loss_vs_epoch` only.
public enum FigureKind: String, Sendable, Hashable, CaseIterable {
  case lossVsEpoch = "loss_vs_epoch"
  case lossVsTime = "loss_vs_time"
  case accuracy = "accuracy"
  case learningRate = "learning_rate"

  /// What a suite draws when it names no figures.
  public static let defaults: [FigureKind] = [.lossVsEpoch]
}

extension SuiteParser {
  /// The `figures:` list: known kinds, no repeats, and the metrics each needs present in the
  /// suite's `evaluation.metrics`.
  func parseFigures(_ value: YAMLValue?, evaluation: Evaluation) throws -> [FigureKind] {
    guard let value else { return FigureKind.defaults }
    let items = try value.list()
    guard !items.isEmpty else { throw value.error("list at least one figure (or leave the key out)") }
    var kinds: [FigureKind] = []
    for item in items {
      let kind = FigureKind(rawValue: try item.choice(FigureKind.allCases.map(\.rawValue)))!
      guard !kinds.contains(kind) else { throw item.error("figure '\(kind.rawValue)' is listed twice") }
      let needs: String? = switch kind {
      case .lossVsEpoch, .lossVsTime: "loss"
      case .accuracy: "accuracy"
      case .learningRate: nil
      }
      if let needs, !evaluation.metrics.contains(needs) {
        throw item.error("figure '\(kind.rawValue)' needs the '\(needs)' metric in evaluation.metrics")
      }
      kinds.append(kind)
    }
    return kinds
  }
}
