import LensEngine

/// What an optimizer may need from the problem besides the objective itself.
public struct OptimizerEnvironment<Scalar: LensScalar> {
  public var lossKind: LossKind
  /// The fixed sub-sample on which the Hessian-variance estimate runs (learned damping).
  public var varianceBatches: [Batch<Scalar>]

  public init(lossKind: LossKind, varianceBatches: [Batch<Scalar>] = []) {
    self.lossKind = lossKind; self.varianceBatches = varianceBatches
  }
}

/// Every optimizer by name (the names of ../shared/golden/FORMAT.md's optimizer table), with
/// strict option reading. Unknown names and unknown keys are refused with the valid ones listed.
public enum OptimizerRegistry {
  public struct Entry: Sendable {
    public var name: String
    public var validKeys: [String]
    public var summary: String
  }

  public static let entries: [Entry] = [
    Entry(name: "sgd", validKeys: SGDConfiguration.validKeys, summary: "SGD; heavy-ball momentum and coupled weight decay (AQ SGD Minimal/Full)"),
    Entry(name: "adam", validKeys: AdamConfiguration.validKeys, summary: "Adam with coupled L2 weight decay"),
    Entry(name: "adamw", validKeys: AdamWConfiguration.validKeys, summary: "AdamW (decoupled, lr-scaled weight decay)"),
    Entry(name: "adamqlr", validKeys: AdamQLRConfiguration.validKeys, summary: "AdamQLR (AQ): Fisher/Hessian quadratic learning rate, LM damping; presets untuned, untuned_no_clip, undamped"),
  ] + moreEntries

  public static var names: [String] { entries.map(\.name) }

  /// Builds the optimizer `name` from golden-key `options`.
  public static func make<Scalar: LensScalar>(name: String, options: [String: JSONValue],
                                              environment: OptimizerEnvironment<Scalar>) throws -> any Optimizer<Scalar> {
    switch name {
    case "sgd": return SGD<Scalar>(try SGDConfiguration(options: options))
    case "adam": return Adam<Scalar>(try AdamConfiguration(options: options))
    case "adamw": return AdamW<Scalar>(try AdamWConfiguration(options: options))
    case "adamqlr": return AdamQLR<Scalar>(try AdamQLRConfiguration(options: options), lossKind: environment.lossKind)
    default:
      if let o = try makeMore(name: name, options: options, environment: environment) { return o }
      throw LensError.badInput("unknown optimizer '\(name)'; known optimizers: \(names.joined(separator: ", "))")
    }
  }
}
