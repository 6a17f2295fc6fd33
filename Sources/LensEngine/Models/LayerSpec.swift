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
  /// 2-D convolution on `[C, H, W]` examples: kernel `"i.weight"` `[out, C, k, k]`, bias
  /// `"i.bias"` `[out]`, zero padding (symmetric, or TensorFlow's asymmetric "SAME", see
  /// `Padding`), stride.
  case conv2d(out: Int, kernel: Int, stride: Int, padding: Padding, bias: Bool)
  /// Max pooling with a `size`×`size` window; padded cells are −∞ (never selected), so
  /// `padding: .same` is Haiku's `hk.max_pool(..., padding="SAME")`. No padding by default.
  case maxPool(size: Int, stride: Int, padding: Padding = 0)
  /// Average pooling with a `size`×`size` window (no padding).
  case avgPool(size: Int, stride: Int)
  /// `[C, H, W]` → `[C·H·W]` (channel-major, as PyTorch).
  case flatten
  /// Batch normalisation over (batch, H, W) per channel (or per feature for flat inputs):
  /// scale `"i.weight"` and shift `"i.bias"`, both `[C]`. Training passes use batch statistics
  /// (biased variance); evaluation uses running statistics, updated by the network's
  /// `RunningStatisticsRule` (PyTorch's by default, Haiku's for `Architecture.haikuResNet`).
  case batchNorm(momentum: Double, epsilon: Double)
  /// Layer normalisation over each example's features (all of C·H·W), with elementwise scale
  /// `"i.weight"` and shift `"i.bias"` of the feature shape.
  case layerNorm(epsilon: Double)
  /// y = body(x) + shortcut(x), with shortcut = identity when empty. Parameters are named
  /// `"i.body.j.<role>"` and `"i.shortcut.j.<role>"`.
  indirect case residual(body: [LayerSpec], shortcut: [LayerSpec])

  public static func linear(_ out: Int) -> LayerSpec { .linear(out: out, bias: true) }
  public static var relu: LayerSpec { .activation(.relu) }
  public static var tanh: LayerSpec { .activation(.tanh) }
  public static var sigmoid: LayerSpec { .activation(.sigmoid) }
  public static var identity: LayerSpec { .activation(.identity) }
  /// A k×k convolution with bias.
  public static func conv(_ out: Int, kernel: Int = 3, stride: Int = 1, padding: Padding = 1, bias: Bool = true) -> LayerSpec {
    .conv2d(out: out, kernel: kernel, stride: stride, padding: padding, bias: bias)
  }
  /// Max pooling, stride = size by default.
  public static func maxPool(_ size: Int) -> LayerSpec { .maxPool(size: size, stride: size) }
  /// Average pooling, stride = size by default.
  public static func avgPool(_ size: Int) -> LayerSpec { .avgPool(size: size, stride: size) }
  /// Batch norm with PyTorch's defaults (momentum 0.1, ε 1e-5).
  public static var batchNorm: LayerSpec { .batchNorm(momentum: 0.1, epsilon: 1e-5) }
  /// Layer norm with PyTorch's default ε 1e-5.
  public static var layerNorm: LayerSpec { .layerNorm(epsilon: 1e-5) }

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
