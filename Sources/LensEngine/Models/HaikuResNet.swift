/// Haiku's ResNet v1 (`hk.nets.ResNet18`, `haiku/_src/nets/resnet.py`), the network of
/// AdamQLR's SVHN and CIFAR-10 experiments, with an optional width multiplier.
extension Architecture {
  /// Haiku's `ResNet.CONFIGS[18]`: blocks per group, channels per group, projection shortcut
  /// in the first block of each group; strides (1, 2, 2, 2) are `ResNet18`'s default.
  public static var haikuResNet18Configuration: (blocks: [Int], channels: [Int], projection: [Bool], strides: [Int]) {
    (blocks: [2, 2, 2, 2], channels: [64, 128, 256, 512], projection: [false, true, true, true], strides: [1, 2, 2, 2])
  }

  /// Haiku's ResNet-18 v1 on `[C, H, W]` inputs (channel-major; Haiku itself is NHWC, which
  /// changes the memory order only), with every channel count c (the initial conv's 64 too)
  /// scaled to max(1, round(c·widthMultiplier)):
  ///
  /// - stem: conv 7×7/2 "SAME" without bias → BN → ReLU → max pool 3×3/2 "SAME" (padding −∞);
  /// - four groups of two `BlockV1` (non-bottleneck) blocks, group strides (1, 2, 2, 2) on the
  ///   first block: conv 3×3/s "SAME" (no bias) → BN → ReLU → conv 3×3/1 "SAME" (no bias) → BN,
  ///   plus the shortcut — the identity, or (first block of groups 2–4, `use_projection`)
  ///   conv 1×1/s "SAME" (no bias) → BN — then ReLU of the sum;
  /// - `jnp.mean(out, axis=(1, 2))` (average pool over the whole remaining map, omitted when it
  ///   is 1×1) → linear(classes) with bias.
  ///
  /// "SAME" is TensorFlow's asymmetric padding (`Padding.same`): 7×7/2 on 32 pads (2, 3),
  /// 3×3/2 on 16 pads (0, 1), so 32×32 inputs give maps 16, 8 (after the pool), 8, 4, 2, 1.
  ///
  /// Batch norm is Haiku's `bn_config` default: ε = 1e-5, scale and offset, batch statistics
  /// (biased variance) in training passes; decay 0.9 is expressed as momentum 0.1, and the
  /// running statistics follow Haiku's rule (`batchNormStatistics: .haiku`): zero-debiased
  /// exponential moving averages of the batch mean and biased batch variance (see
  /// `RunningStatisticsRule`), used by evaluation (`Network.outputs`, `is_training=False`).
  ///
  /// Initialisation (with `Initializer.haikuTruncatedNormal`): convolutions and the logits layer
  /// as Haiku's `Conv2D`/`Linear` default, TruncatedNormal(σ = 1/√fan_in, ±2σ), fan_in =
  /// C·kh·kw; BN scale 1, offset 0; the logits WEIGHTS zero (`logits_config` default
  /// `w_init=jnp.zeros`, listed in `zeroInitialized`), the logits bias zero. `BlockV1` zeroes a BN
  /// scale only in bottleneck blocks (`batchnorm_2`), which ResNet-18 does not have.
  public static func haikuResNet(depth: Int = 18, widthMultiplier: Double = 1, inputShape: [Int] = [3, 32, 32],
                                 classes: Int = 10) throws -> Architecture {
    guard depth == 18 else {
      throw LensError.badInput("Haiku ResNet depth \(depth) is not implemented (only 18, Haiku's ResNet18)")
    }
    guard widthMultiplier.isFinite, widthMultiplier > 0 else {
      throw LensError.badInput("Haiku ResNet width multiplier must be a positive number, got \(widthMultiplier)")
    }
    guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }) else {
      throw LensError.badInput("Haiku ResNet needs [C, H, W] image inputs, got \(inputShape)")
    }
    guard classes > 0 else { throw LensError.badInput("Haiku ResNet needs at least one class, got \(classes)") }
    let config = haikuResNet18Configuration
    func width(_ c: Int) -> Int { max(1, Int((Double(c) * widthMultiplier).rounded())) }
    func conv(_ c: Int, _ k: Int, _ s: Int) -> LayerSpec { .conv2d(out: c, kernel: k, stride: s, padding: .same, bias: false) }
    let bn = LayerSpec.batchNorm(momentum: 0.1, epsilon: 1e-5)
    // Spatial size after a "SAME" window of stride s: ⌈n/s⌉.
    func same(_ n: Int, _ s: Int) -> Int { (n + s - 1) / s }
    var (h, w) = (same(same(inputShape[1], 2), 2), same(same(inputShape[2], 2), 2))

    var layers: [LayerSpec] = [conv(width(64), 7, 2), bn, .relu, .maxPool(size: 3, stride: 2, padding: .same)]
    for group in 0..<4 {
      let c = width(config.channels[group])
      for block in 0..<config.blocks[group] {
        let s = block == 0 ? config.strides[group] : 1
        let body: [LayerSpec] = [conv(c, 3, s), bn, .relu, conv(c, 3, 1), bn]
        let shortcut: [LayerSpec] = (block == 0 && config.projection[group]) ? [conv(c, 1, s), bn] : []
        layers += [.residual(body: body, shortcut: shortcut), .relu]
        (h, w) = (same(h, s), same(w, s))
      }
    }
    if h > 1 || w > 1 {
      guard h == w else { throw LensError.badInput("Haiku ResNet: the final map \(h)×\(w) is not square (input \(inputShape))") }
      layers.append(.avgPool(size: h, stride: h))
    }
    layers += [.flatten, .linear(out: classes, bias: true)]
    let name = "haiku-resnet18-x\(widthMultiplier)"
    return Architecture(name: name, inputShape: inputShape, layers: layers, zeroInitialized: ["\(layers.count - 1).weight"],
                        batchNormStatistics: .haiku)
  }
}
