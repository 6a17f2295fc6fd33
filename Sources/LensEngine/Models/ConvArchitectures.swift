/// Convolutional architectures with depth and width as parameters.
extension Architecture {
  /// A small CNN: per entry c of `channels`, conv3×3(c, padding 1) → ReLU → maxpool 2×2; then
  /// flatten → linear(classes). The default is the benchmark's W7 network on 3×32×32:
  /// conv(3→32)-ReLU-pool-conv(32→64)-ReLU-pool-linear(4096→10).
  public static func smallCNN(inputShape: [Int] = [3, 32, 32], channels: [Int] = [32, 64], classes: Int = 10) -> Architecture {
    var layers: [LayerSpec] = []
    for c in channels { layers += [.conv(c), .relu, .maxPool(2)] }
    layers += [.flatten, .linear(out: classes, bias: true)]
    return Architecture(name: "cnn-" + channels.map(String.init).joined(separator: "-"), inputShape: inputShape, layers: layers)
  }

  /// A CIFAR-style ResNet (He et al. 2016, §4.2) with depth 6n + 2: conv3×3(w) → BN → ReLU,
  /// three stages of n basic blocks with widths w, 2w, 4w (the first block of stages 2 and 3
  /// has stride 2 and a 1×1 conv + BN projection shortcut), global average pooling, then
  /// linear(classes). A basic block is conv3×3 → BN → ReLU → conv3×3 → BN, added to the
  /// shortcut, then ReLU. Convolutions have no bias (BN follows each).
  public static func resnet(depth: Int = 20, width: Int = 16, inputShape: [Int] = [3, 32, 32], classes: Int = 10) throws -> Architecture {
    guard depth >= 8, (depth - 2) % 6 == 0 else { throw LensError.badInput("ResNet depth must be 6n+2 with n ≥ 1, got \(depth)") }
    guard inputShape.count == 3, inputShape[1] % 4 == 0, inputShape[2] % 4 == 0 else {
      throw LensError.badInput("ResNet needs [C, H, W] inputs with H, W divisible by 4, got \(inputShape)")
    }
    let n = (depth - 2) / 6
    func conv(_ c: Int, stride: Int = 1) -> LayerSpec { .conv2d(out: c, kernel: 3, stride: stride, padding: 1, bias: false) }
    var layers: [LayerSpec] = [conv(width), .batchNorm, .relu]
    var current = width
    for stage in 0..<3 {
      let w = width << stage
      for block in 0..<n {
        let stride = (stage > 0 && block == 0) ? 2 : 1
        let body: [LayerSpec] = [conv(w, stride: stride), .batchNorm, .relu, conv(w), .batchNorm]
        let shortcut: [LayerSpec] = (stride != 1 || current != w)
          ? [.conv2d(out: w, kernel: 1, stride: stride, padding: 0, bias: false), .batchNorm] : []
        layers += [.residual(body: body, shortcut: shortcut), .relu]
        current = w
      }
    }
    let side = inputShape[1] / 4
    layers += [.avgPool(size: side, stride: side), .flatten, .linear(out: classes, bias: true)]
    return Architecture(name: "resnet\(depth)-w\(width)", inputShape: inputShape, layers: layers)
  }

  /// The VGG layer configurations (Simonyan & Zisserman 2015, as in the CIFAR ports), before
  /// width scaling: numbers are conv3×3 output channels, 0 is a 2×2 max pool.
  public static func vggConfiguration(depth: Int) throws -> [Int] {
    switch depth {
    case 11: return [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]
    case 13: return [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0]
    case 16: return [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0]
    case 19: return [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0]
    default: throw LensError.badInput("VGG depth must be 11, 13, 16 or 19, got \(depth)")
    }
  }

  /// A CIFAR-style VGG: each configuration entry c becomes conv3×3(c·widthMultiplier) [→ BN]
  /// → ReLU, each 0 a 2×2 max pool; then flatten → linear(classes).
  public static func vgg(depth: Int = 16, widthMultiplier: Double = 1, batchNorm: Bool = true,
                         inputShape: [Int] = [3, 32, 32], classes: Int = 10) throws -> Architecture {
    var layers: [LayerSpec] = []
    for c in try vggConfiguration(depth: depth) {
      if c == 0 { layers.append(.maxPool(2)); continue }
      layers.append(.conv(max(1, Int((Double(c) * widthMultiplier).rounded()))))
      if batchNorm { layers.append(.batchNorm) }
      layers.append(.relu)
    }
    layers += [.flatten, .linear(out: classes, bias: true)]
    return Architecture(name: "vgg\(depth)\(batchNorm ? "-bn" : "")-x\(widthMultiplier)", inputShape: inputShape, layers: layers)
  }
}
