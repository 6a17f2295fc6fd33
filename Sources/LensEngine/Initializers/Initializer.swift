/// Parameter initialisers matching the papers' reference code.
///
/// Draws are made tensor by tensor in layout order, each row-major, from one
/// `SeededGenerator`, so a network's initial parameters depend only on the generator's key.
/// fan_in is `in` for a linear weight `[out, in]` and `inChannels·kh·kw` for a conv kernel.
/// Tensors the network lists in `zeroInitialized` are set to zero and draw nothing.
public enum Initializer: Sendable, Hashable {
  /// Haiku's `hk.Linear`/`hk.Conv2D` default (AdamQLR): W ~ N(0, σ²) with σ = 1/√fan_in,
  /// truncated to ±2σ by rejection, WITHOUT the standard-deviation correction; biases 0.
  /// (Haiku's `Conv2D` with `w_init=None` uses `TruncatedNormal(1/√fan_in)`, fan_in = kh·kw·C,
  /// exactly as `Linear`; it is not `VarianceScaling`, which would divide σ by 0.8796.)
  case haikuTruncatedNormal
  /// PyTorch's default `reset_parameters` (AdaFisher, Granziol): kaiming-uniform with a = √5,
  /// i.e. W ~ U(−1/√fan_in, 1/√fan_in), and bias ~ U(−1/√fan_in, 1/√fan_in).
  case pytorchDefault

  /// Normalisation scales start at 1 and shifts at 0 under every initialiser.
  func fill<S: LensScalar>(_ tensor: ParameterLayout.Tensor, fanIn: Int, into out: inout [S],
                           using g: inout SeededGenerator) {
    let bound = 1 / Double(max(fanIn, 1)).squareRoot()
    for i in tensor.range {
      switch (tensor.role, self) {
      case (.scale, _): out[i] = 1
      case (.shift, _): out[i] = 0
      case (.weight, .haikuTruncatedNormal), (.other, .haikuTruncatedNormal):
        out[i] = S(g.truncatedNormal(sigma: bound))
      case (.bias, .haikuTruncatedNormal): out[i] = 0
      case (_, .pytorchDefault): out[i] = S((2 * g.uniform() - 1) * bound)
      }
    }
  }
}

extension Network {
  /// Initial parameters drawn with `initializer` (see `Initializer` for the distributions and
  /// the draw order).
  public func initialParameters(_ initializer: Initializer, using generator: inout SeededGenerator) -> [Scalar] {
    var theta = [Scalar](repeating: 0, count: layout.count)
    for t in layout.tensors {
      if zeroInitialized.contains(t.name) { continue }
      let fan: Int
      switch t.role {
      case .weight: fan = t.shape.dropFirst().reduce(1, *)
      case .bias: fan = weightFanIn(before: t)
      default: fan = 1
      }
      initializer.fill(t, fanIn: fan, into: &theta, using: &generator)
    }
    return theta
  }

  /// A bias's fan_in is that of the weight stored immediately before it in the layout.
  private func weightFanIn(before bias: ParameterLayout.Tensor) -> Int {
    guard let idx = layout.tensors.firstIndex(of: bias), idx > 0, layout.tensors[idx - 1].role == .weight else { return 1 }
    return layout.tensors[idx - 1].shape.dropFirst().reduce(1, *)
  }
}
