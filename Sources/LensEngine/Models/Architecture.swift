/// A network architecture: a per-example input shape, a layer list and the parameter
/// tensors its reference implementation initialises to zero.
public struct Architecture: Sendable, Hashable, Codable {
  public var name: String
  public var inputShape: [Int]
  public var layers: [LayerSpec]
  /// Names of parameter tensors (`"12.weight"`) that start at zero under every initializer
  /// (e.g. Haiku ResNet's logits weights, `w_init=jnp.zeros`); see `Network.initialParameters`.
  public var zeroInitialized: [String]
  /// How the batch-norm layers update their running statistics (`.pytorch` unless the
  /// reference implementation is Haiku's). Encoded only when not `.pytorch`, and decoded as
  /// `.pytorch` when absent, so encodings from before this key are unchanged.
  public var batchNormStatistics: RunningStatisticsRule

  public init(name: String, inputShape: [Int], layers: [LayerSpec], zeroInitialized: [String] = [],
              batchNormStatistics: RunningStatisticsRule = .pytorch) {
    self.name = name; self.inputShape = inputShape; self.layers = layers; self.zeroInitialized = zeroInitialized
    self.batchNormStatistics = batchNormStatistics
  }

  private enum CodingKeys: String, CodingKey { case name, inputShape, layers, zeroInitialized, batchNormStatistics }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    inputShape = try c.decode([Int].self, forKey: .inputShape)
    layers = try c.decode([LayerSpec].self, forKey: .layers)
    zeroInitialized = try c.decode([String].self, forKey: .zeroInitialized)
    batchNormStatistics = try c.decodeIfPresent(RunningStatisticsRule.self, forKey: .batchNormStatistics) ?? .pytorch
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(inputShape, forKey: .inputShape)
    try c.encode(layers, forKey: .layers)
    try c.encode(zeroInitialized, forKey: .zeroInitialized)
    if batchNormStatistics != .pytorch { try c.encode(batchNormStatistics, forKey: .batchNormStatistics) }
  }
}

extension Network {
  /// The network of an architecture.
  public convenience init(_ architecture: Architecture) throws {
    try self.init(inputShape: architecture.inputShape, layers: architecture.layers,
                  zeroInitialized: architecture.zeroInitialized, batchNormStatistics: architecture.batchNormStatistics)
  }
}

/// The papers' networks.
extension Architecture {
  /// A multilayer perceptron: Linear → φ → … → Linear (no final activation), biases on.
  public static func mlp(input: Int, hidden: [Int], output: Int, activation: Activation = .relu) -> Architecture {
    var layers: [LayerSpec] = []
    for h in hidden { layers += [.linear(out: h, bias: true), .activation(activation)] }
    layers.append(.linear(out: output, bias: true))
    return Architecture(name: "mlp-" + ([input] + hidden + [output]).map(String.init).joined(separator: "-"),
                        inputShape: [input], layers: layers)
  }

  /// AdamQLR's UCI Energy network, 8-50-1 ReLU (haiku `MLP`).
  public static var uciEnergyMLP: Architecture { mlp(input: 8, hidden: [50], output: 1) }
  /// AdamQLR's UCI Protein network, 9-100-1 ReLU.
  public static var uciProteinMLP: Architecture { mlp(input: 9, hidden: [100], output: 1) }
  /// AdamQLR's Fashion-MNIST network, 784-50-10 ReLU.
  public static var fashionMNISTMLP: Architecture { mlp(input: 784, hidden: [50], output: 10) }

  /// Multinomial logistic regression: one linear layer with bias (Granziol et al.: 784 → 10).
  public static func logisticRegression(inputs: Int = 784, classes: Int = 10) -> Architecture {
    Architecture(name: "logreg-\(inputs)-\(classes)", inputShape: [inputs], layers: [.linear(out: classes, bias: true)])
  }

  /// AdaFisher's IRIS network: Linear(2→1) → ReLU → Linear(1→3) → Softmax (trained with
  /// cross-entropy on the softmax output, so the loss applies a second softmax).
  public static var irisNetwork: Architecture {
    Architecture(name: "iris-2-1-3", inputShape: [2],
                 layers: [.linear(out: 1, bias: true), .relu, .linear(out: 3, bias: true), .softmax])
  }
}
