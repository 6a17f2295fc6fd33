/// A batch of examples: inputs and targets.
///
/// `inputs` is `[B, features…]` (images `[B, C, H, W]`). Targets are class indices for
/// classification or a `[B, outputs]` tensor for regression. An objective with no data
/// (Rosenbrock) takes `Batch.empty`.
public struct Batch<Scalar: LensScalar> {
  public enum Targets {
    case classes([Int32])
    case values(Tensor<Scalar>)
    case none
  }
  public var inputs: Tensor<Scalar>
  public var targets: Targets

  public init(inputs: Tensor<Scalar>, targets: Targets) {
    self.inputs = inputs
    self.targets = targets
  }

  /// The number of examples.
  public var count: Int { inputs.shape.first ?? 0 }

  public static var empty: Batch { Batch(inputs: Tensor(shape: [0], scalars: []), targets: .none) }
}
