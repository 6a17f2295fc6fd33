/// A dense, row-major tensor of `Float` or `Double`.
///
/// Storage is one contiguous Swift array (copy-on-write); hot loops work on its unsafe buffer.
public struct Tensor<Scalar: LensScalar> {
  public var shape: [Int]
  public var scalars: [Scalar]

  /// Creates a tensor from a shape and row-major scalars.
  public init(shape: [Int], scalars: [Scalar]) {
    precondition(shape.reduce(1, *) == scalars.count,
                 "Tensor: shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) {
    self.shape = shape
    self.scalars = Array(repeating: 0, count: shape.reduce(1, *))
  }

  public var count: Int { scalars.count }
  public var rank: Int { shape.count }
}
