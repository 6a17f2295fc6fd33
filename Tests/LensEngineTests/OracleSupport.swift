import LensEngine

/// Shared helpers of the Double-precision oracle tests.
enum Oracle {
  /// ‖a − b‖∞ / max(‖b‖∞, 1e-300): the norm-wise relative error the tests bound.
  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) vs \(b.count)")
    var diff = 0.0, scale = 0.0
    for i in a.indices { diff = max(diff, abs(a[i] - b[i])); scale = max(scale, abs(b[i])) }
    return diff / max(scale, 1e-300)
  }

  /// Whether `a` matches `b` to relative tolerance `tol` (norm-wise, see `relativeError`).
  static func close(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool { relativeError(a, b) <= tol }

  /// `b` with one entry moved by `size` times its largest magnitude: a deliberately wrong
  /// derivative that every comparison must reject.
  static func perturbed(_ b: [Double], size: Double = 1e-4) -> [Double] {
    var p = b
    let scale = b.map(abs).max() ?? 1
    p[p.count / 2] += size * max(scale, 1e-12)
    return p
  }

  static func normals(_ count: Int, _ g: inout SeededGenerator, scale: Double = 1) -> [Double] {
    (0..<count).map { _ in scale * g.normal() }
  }

  /// A batch of `n` N(0,1) inputs with targets for `loss`.
  static func batch(_ net: Network<Double>, _ loss: LossFunction, n: Int, _ g: inout SeededGenerator) -> Batch<Double> {
    let x = Tensor(shape: [n] + net.inputShape, scalars: normals(n * net.inputWidth, &g))
    switch loss {
    case .softmaxCrossEntropy:
      return Batch(inputs: x, targets: .classes((0..<n).map { _ in Int32(g.integer(below: net.outputWidth)) }))
    case .mseHalf:
      return Batch(inputs: x, targets: .values(Tensor(shape: [n, net.outputWidth],
                                                      scalars: normals(n * net.outputWidth, &g))))
    }
  }

  /// Central finite-difference gradient of the objective's loss (step h).
  static func finiteDifferenceGradient(_ obj: NetworkObjective<Double>, _ theta: [Double], _ batch: Batch<Double>,
                                       h: Double = 1e-6) -> [Double] {
    var result = [Double](repeating: 0, count: theta.count)
    var t = theta
    for i in theta.indices {
      t[i] = theta[i] + h; let fp = obj.loss(at: t, on: batch)
      t[i] = theta[i] - h; let fm = obj.loss(at: t, on: batch)
      t[i] = theta[i]
      result[i] = (fp - fm) / (2 * h)
    }
    return result
  }

  /// The dense Hessian (row-major P×P) from central differences of the EXACT gradient,
  /// symmetrised. With `richardson`, each column is the Richardson extrapolation
  /// (4·D(h/2) − D(h))/3 of the central differences D (truncation O(h⁴) instead of O(h²)).
  static func finiteDifferenceHessian(_ obj: NetworkObjective<Double>, _ theta: [Double], _ batch: Batch<Double>,
                                      h: Double = 1e-5, richardson: Bool = false) -> [Double] {
    let p = theta.count
    var hess = [Double](repeating: 0, count: p * p)
    var t = theta
    func column(_ j: Int, _ h: Double) -> [Double] {
      t[j] = theta[j] + h; let gp = obj.linearize(at: t, on: batch).gradient()
      t[j] = theta[j] - h; let gm = obj.linearize(at: t, on: batch).gradient()
      t[j] = theta[j]
      return (0..<p).map { (gp[$0] - gm[$0]) / (2 * h) }
    }
    for j in 0..<p {
      let d = column(j, h)
      let col = richardson ? zip(d, column(j, h / 2)).map { (4 * $1 - $0) / 3 } : d
      for i in 0..<p { hess[i * p + j] = col[i] }
    }
    for i in 0..<p { for j in 0..<i { let s = 0.5 * (hess[i * p + j] + hess[j * p + i]); hess[i * p + j] = s; hess[j * p + i] = s } }
    return hess
  }

  /// Training-mode outputs (batch norm uses batch statistics), as the derivatives see them.
  static func outputs(_ obj: NetworkObjective<Double>, _ theta: [Double], _ batch: Batch<Double>) -> [Double] {
    obj.linearize(at: theta, on: batch).outputs.scalars
  }

  /// The output Jacobian (row-major `[B·C, P]`) from central differences of the
  /// training-mode outputs.
  static func finiteDifferenceJacobian(_ obj: NetworkObjective<Double>, _ theta: [Double], _ batch: Batch<Double>,
                                       h: Double = 1e-6) -> [Double] {
    let p = theta.count
    let rows = batch.count * obj.network.outputWidth
    var jac = [Double](repeating: 0, count: rows * p)
    var t = theta
    for j in 0..<p {
      t[j] = theta[j] + h; let op = outputs(obj, t, batch)
      t[j] = theta[j] - h; let om = outputs(obj, t, batch)
      t[j] = theta[j]
      for r in 0..<rows { jac[r * p + j] = (op[r] - om[r]) / (2 * h) }
    }
    return jac
  }

  static func matVec(_ m: [Double], _ v: [Double]) -> [Double] {
    let cols = v.count, rows = m.count / cols
    return (0..<rows).map { r in (0..<cols).reduce(0) { $0 + m[r * cols + $1] * v[$1] } }
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

  /// Small networks of every layer type the MLP path has, with their losses.
  static func mlpCases() -> [(name: String, net: Network<Double>, loss: LossFunction)] {
    func net(_ input: Int, _ layers: [LayerSpec]) -> Network<Double> { try! Network(inputWidth: input, layers: layers) }
    return [
      ("relu-ce", net(4, [.linear(5), .relu, .linear(3)]), .softmaxCrossEntropy),
      ("tanh-ce", net(4, [.linear(5), .tanh, .linear(3)]), .softmaxCrossEntropy),
      ("sigmoid-mse2", net(3, [.linear(4), .sigmoid, .linear(2)]), .mseHalf),
      ("tanh-sigmoid-stack-mse3", net(3, [.tanh, .linear(4), .tanh, .sigmoid, .linear(3, bias: false), .identity]), .mseHalf),
      ("deep-mixed-ce", net(3, [.linear(4), .sigmoid, .linear(4), .relu, .linear(4, bias: false), .tanh, .linear(3)]), .softmaxCrossEntropy),
      ("logreg-ce", net(5, [.linear(3)]), .softmaxCrossEntropy),
      ("softmax-ce", net(3, [.linear(4), .tanh, .linear(3), .softmax]), .softmaxCrossEntropy),
      ("softmax-mse", net(3, [.linear(3), .softmax, .linear(2)]), .mseHalf),
      ("iris-2-1-3", try! Network(.irisNetwork), .softmaxCrossEntropy),
    ]
  }
}

extension Oracle {
  /// Small networks with every CNN layer type (conv2d with stride and padding, max and average
  /// pooling, flatten, batch norm on images and on features, layer norm, residual blocks with
  /// identity and projection shortcuts).
  static func cnnCases() -> [(name: String, net: Network<Double>, loss: LossFunction)] {
    func net(_ shape: [Int], _ layers: [LayerSpec]) -> Network<Double> { try! Network(inputShape: shape, layers: layers) }
    return [
      ("conv-maxpool-ce", net([2, 5, 5], [.conv(3), .relu, .maxPool(2), .flatten, .linear(3)]), .softmaxCrossEntropy),
      ("conv-stride-avgpool-mse", net([2, 6, 6], [.conv(3, kernel: 3, stride: 2, padding: 0, bias: false), .tanh,
                                                   .avgPool(size: 2, stride: 1), .flatten, .linear(2)]), .mseHalf),
      ("bn-conv-ce", net([2, 4, 4], [.conv(3), .batchNorm, .relu, .flatten, .linear(3)]), .softmaxCrossEntropy),
      ("bn-features-mse", net([3], [.linear(4), .batchNorm, .tanh, .linear(2)]), .mseHalf),
      ("ln-features-ce", net([3], [.linear(4), .layerNorm, .sigmoid, .linear(3)]), .softmaxCrossEntropy),
      ("ln-conv-ce", net([2, 3, 3], [.conv(2), .layerNorm, .tanh, .flatten, .linear(3)]), .softmaxCrossEntropy),
      ("bn-resnet-ce", net([2, 4, 4], [.conv(3), .relu,
                                       .residual(body: [.conv(3), .batchNorm, .relu, .conv(3)], shortcut: []), .relu,
                                       .avgPool(2), .flatten, .linear(3)]), .softmaxCrossEntropy),
      ("resnet-projection-ce", net([2, 4, 4], [.residual(body: [.conv(4, kernel: 3, stride: 2, padding: 1, bias: true), .tanh, .conv(4)],
                                                         shortcut: [.conv(4, kernel: 1, stride: 2, padding: 0, bias: false)]),
                                               .relu, .flatten, .linear(3)]), .softmaxCrossEntropy),
      // TensorFlow "SAME" padding: 3×3/2 on 8×7 pads rows (0, 1) and columns (1, 1); the
      // 3×3/2 max pool on 4×4 pads (0, 1) with −∞.
      ("same-conv-maxpool-ce", net([2, 8, 7], [.conv(3, kernel: 3, stride: 2, padding: .same), .relu,
                                               .maxPool(size: 3, stride: 2, padding: .same), .flatten, .linear(3)]), .softmaxCrossEntropy),
      // 7×7/2 "SAME" on 8×8 pads (2, 3); 1×1/2 "SAME" pads nothing.
      ("same-conv7-stride-mse", net([2, 8, 8], [.conv(2, kernel: 7, stride: 2, padding: .same, bias: false), .tanh,
                                                .conv(3, kernel: 1, stride: 2, padding: .same), .sigmoid, .flatten, .linear(2)]), .mseHalf),
      // Haiku's ResNet-18 at 1/128 width (channels 1, 1, 1, 2, 4) on 3×8×8: maps 4, 2, 2, 1, 1, 1;
      // and the same network with tanh in place of every ReLU (see `kinkedForDenseHessian`).
      ("bn-haiku-resnet18-ce", haikuResNet(smooth: false), .softmaxCrossEntropy),
      ("bn-haiku-resnet18-tanh-ce", haikuResNet(smooth: true), .softmaxCrossEntropy),
    ]
  }

  /// The tiny Haiku ResNet-18 of the oracle cases, optionally with tanh for ReLU.
  static func haikuResNet(smooth: Bool) -> Network<Double> {
    var a = try! Architecture.haikuResNet(widthMultiplier: 1.0 / 128, inputShape: [3, 8, 8], classes: 3)
    func tanhForReLU(_ layers: [LayerSpec]) -> [LayerSpec] {
      layers.map { layer in
        switch layer {
        case .activation(.relu): return .tanh
        case .residual(let body, let shortcut): return .residual(body: tanhForReLU(body), shortcut: tanhForReLU(shortcut))
        default: return layer
        }
      }
    }
    if smooth { a.layers = tanhForReLU(a.layers) }
    return try! Network(a)
  }

  /// Cases whose dense finite-difference Hessian is unreliable: in the ReLU Haiku ResNet batch
  /// norm couples every unit to every parameter, so among its ~1 000 perturbed parameters some
  /// step moves a ReLU input across 0 and that gradient difference jumps by O(1)/2h (observed:
  /// relative error 1.0). Its tanh twin checks the same layers' R-backprop against the dense
  /// Hessian; ReLU's own R-backprop (no curvature term) is checked by the smaller ReLU cases.
  static let kinkedForDenseHessian: Set<String> = ["bn-haiku-resnet18-ce"]

  /// Cases whose third derivatives are large, so the plain central difference (h = 1e-5) is off
  /// by more than the tolerance and the dense Hessian uses Richardson extrapolation (h = 3e-5).
  /// The tanh Haiku ResNet normalises 6 values per channel at its 1×1 maps: measured along v,
  /// the central difference misses Hv by 3.8e-6 at h = 1e-5 and 3.8e-8 at h = 1e-6 (the h²
  /// law of truncation), the extrapolation by 5e-10 at h = 3e-5.
  static let stiffForDenseHessian: Set<String> = ["bn-haiku-resnet18-tanh-ce"]

  /// Every oracle network.
  static func cases() -> [(name: String, net: Network<Double>, loss: LossFunction)] { mlpCases() + cnnCases() }

  /// Networks whose examples do not interact (no batch norm): per-example statistics apply.
  static func perExampleCases() -> [(name: String, net: Network<Double>, loss: LossFunction)] {
    cases().filter { !$0.name.hasPrefix("bn-") }
  }
}

extension LayerSpec {
  static func linear(_ out: Int, bias: Bool) -> LayerSpec { .linear(out: out, bias: bias) }
}
