/// How a model's parameters sit in one flat vector.
///
/// Every optimizer in Lens works on flat parameter vectors (`[Scalar]`, one contiguous buffer);
/// the layout says which slice is which tensor, its shape (row-major), and which layer owns it,
/// so that layer-structured optimizers (K-FAC, AdaFisher, Shampoo, AdaHessian's spatial
/// averaging) can find their blocks.
///
/// Conventions: a linear layer's weight is stored `[out, in]` (so `y = x Wᵀ + b`), followed by
/// its bias `[out]`; a conv2d kernel is `[outChannels, inChannels, kh, kw]`; names follow the
/// golden-case convention `"<layer index>.weight"`, `"<layer index>.bias"`.
public struct ParameterLayout: Sendable, Hashable, Codable {
  public struct Tensor: Sendable, Hashable, Codable {
    /// The tensor's name, e.g. `"0.weight"`.
    public var name: String
    /// Row-major shape.
    public var shape: [Int]
    /// Offset of the first element in the flat vector.
    public var offset: Int
    /// The role the tensor plays in its layer.
    public var role: Role
    /// Index of the owning layer in the model's layer list.
    public var layer: Int

    public var count: Int { shape.reduce(1, *) }
    public var range: Range<Int> { offset..<(offset + count) }

    public init(name: String, shape: [Int], offset: Int, role: Role, layer: Int) {
      self.name = name; self.shape = shape; self.offset = offset; self.role = role; self.layer = layer
    }
  }

  public enum Role: String, Sendable, Hashable, Codable {
    case weight, bias, scale, shift, other
  }

  public private(set) var tensors: [Tensor]
  /// Total number of scalars.
  public private(set) var count: Int

  public init() { tensors = []; count = 0 }

  /// Appends a tensor after the existing ones and returns its index.
  @discardableResult
  public mutating func append(name: String, shape: [Int], role: Role, layer: Int) -> Int {
    let t = Tensor(name: name, shape: shape, offset: count, role: role, layer: layer)
    tensors.append(t)
    count += t.count
    return tensors.count - 1
  }

  /// The tensor called `name`, if any.
  public func tensor(named name: String) -> Tensor? { tensors.first { $0.name == name } }
}
