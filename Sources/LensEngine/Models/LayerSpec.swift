/// One entry of a model's layer list (the golden-case `model.layers` format, extended with
/// the CNN layers).
///
/// Parameter names are `"<index in the layer list>.<role>"`: a linear layer at index i owns
/// `"i.weight"` (shape `[out, in]`, so y = x Wᵀ + b) and `"i.bias"` (`[out]`).
public enum LayerSpec: Sendable, Hashable, Codable {
  /// y = x Wᵀ + b, W `[out, in]`; the input is flattened per example.
  case linear(out: Int, bias: Bool)
  /// A pointwise nonlinearity.
  case activation(Activation)
  /// softmax over each example's (flattened) features.
  case softmax

  public static func linear(_ out: Int) -> LayerSpec { .linear(out: out, bias: true) }
  public static var relu: LayerSpec { .activation(.relu) }
  public static var tanh: LayerSpec { .activation(.tanh) }
  public static var sigmoid: LayerSpec { .activation(.sigmoid) }
  public static var identity: LayerSpec { .activation(.identity) }

  /// The layer a golden-case entry describes: `type` is one of `linear`, `relu`, `tanh`,
  /// `sigmoid`, `identity`; `out` and `bias` (default true) are read for `linear`.
  public static func golden(type: String, out: Int? = nil, bias: Bool? = nil) throws -> LayerSpec {
    switch type {
    case "linear":
      guard let out, out > 0 else { throw LensError.badInput("linear layer needs a positive \"out\"") }
      return .linear(out: out, bias: bias ?? true)
    case "relu": return .relu
    case "tanh": return .tanh
    case "sigmoid": return .sigmoid
    case "identity": return .identity
    case "softmax": return .softmax
    default: throw LensError.badInput("unknown layer type \"\(type)\" (known: linear, relu, tanh, sigmoid, identity, softmax)")
    }
  }
}
