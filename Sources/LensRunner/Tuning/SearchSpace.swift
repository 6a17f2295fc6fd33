import Foundation
import LensCore

/// Seeded random search over a declared space (the AdamQLR paper's Table 1 dimensions).
///
/// Configuration `i` of optimizer `label` in suite `suite` is drawn from its own stream
/// `[suite, "tuning", label, "config=i"]`, so a configuration does not change when the
/// number of samples or the other dimensions' order changes.
public struct SearchSpace: Sendable {
  public var suite: String
  public var label: String
  public var dimensions: [(String, Tuning.Dimension)]

  public init(suite: String, label: String, dimensions: [(String, Tuning.Dimension)]) {
    self.suite = suite; self.label = label; self.dimensions = dimensions
  }

  /// The `index`-th configuration: one value per dimension, in declaration order.
  ///
  /// Log-uniform: exp(U(log a, log b)). One-minus-log-uniform: 1 − exp(U(log a, log b)).
  /// Choice: uniform over the options. Each dimension uses its own child stream.
  public func configuration(_ index: Int) -> [(String, HyperValue)] {
    let root = RandomStreamKey([suite, "tuning", label, "config=\(index)"])
    return dimensions.map { name, dimension in
      var g = SeededGenerator(stream: root.child(name))
      switch dimension {
      case .logUniform(let a, let b):
        return (name, .double(exp(log(a) + g.uniform() * (log(b) - log(a)))))
      case .uniform(let a, let b):
        return (name, .double(a + g.uniform() * (b - a)))
      case .oneMinusLogUniform(let a, let b):
        return (name, .double(1 - exp(log(a) + g.uniform() * (log(b) - log(a)))))
      case .choice(let options):
        return (name, options[g.integer(below: options.count)])
      }
    }
  }
}
