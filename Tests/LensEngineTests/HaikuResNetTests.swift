import Foundation
import Testing
import LensEngine

/// TensorFlow "SAME" padding, padded max pooling and Haiku's ResNet-18 against direct
/// (naive, loop-by-definition) implementations written here from the definitions.
@Suite struct HaikuResNetTests {
  /// TF "SAME" for one dimension, written from the definition: out = ⌈n/s⌉,
  /// total = max((out − 1)·s + k − n, 0), before = ⌊total/2⌋.
  static func same(_ n: Int, _ k: Int, _ s: Int) -> (out: Int, before: Int) {
    let out = Int((Double(n) / Double(s)).rounded(.up))
    let total = max((out - 1) * s + k - n, 0)
    return (out, total / 2)
  }

  /// Direct SAME convolution of one example `x` `[C, H, W]` with `w` `[O, C, k, k]` and bias.
  static func directConv(_ x: [Double], c: Int, h: Int, wd: Int, _ w: [Double], _ b: [Double]?, o: Int, k: Int, s: Int) -> [Double] {
    let (oh, top) = same(h, k, s), (ow, left) = same(wd, k, s)
    var y = [Double](repeating: 0, count: o * oh * ow)
    for oc in 0..<o { for oy in 0..<oh { for ox in 0..<ow {
      var acc = b?[oc] ?? 0
      for ic in 0..<c { for ki in 0..<k { for kj in 0..<k {
        let iy = oy * s + ki - top, ix = ox * s + kj - left
        if iy >= 0, iy < h, ix >= 0, ix < wd { acc += w[((oc * c + ic) * k + ki) * k + kj] * x[(ic * h + iy) * wd + ix] }
      } } }
      y[(oc * oh + oy) * ow + ox] = acc
    } } }
    return y
  }

  /// Direct SAME max pool of one example: the max over the window's cells inside the input.
  static func directMaxPool(_ x: [Double], c: Int, h: Int, wd: Int, k: Int, s: Int) -> [Double] {
    let (oh, top) = same(h, k, s), (ow, left) = same(wd, k, s)
    var y: [Double] = []
    for ic in 0..<c { for oy in 0..<oh { for ox in 0..<ow {
      var m = -Double.infinity
      for ki in 0..<k { for kj in 0..<k {
        let iy = oy * s + ki - top, ix = ox * s + kj - left
        if iy >= 0, iy < h, ix >= 0, ix < wd { m = max(m, x[(ic * h + iy) * wd + ix]) }
      } }
      y.append(m)
    } } }
    return y
  }

  /// Direct SAME patches of one example: rows (oy, ox), columns (c, ki, kj), zeros outside.
  static func directPatches(_ x: [Double], c: Int, h: Int, wd: Int, k: Int, s: Int) -> [Double] {
    let (oh, top) = same(h, k, s), (ow, left) = same(wd, k, s)
    var rows: [Double] = []
    for oy in 0..<oh { for ox in 0..<ow { for ic in 0..<c { for ki in 0..<k { for kj in 0..<k {
      let iy = oy * s + ki - top, ix = ox * s + kj - left
      rows.append(iy >= 0 && iy < h && ix >= 0 && ix < wd ? x[(ic * h + iy) * wd + ix] : 0)
    } } } } }
    return rows
  }

  static func pads(_ n: Int, _ k: Int, _ s: Int) -> [Int] {
    let p = WindowGeometry.samePadding(size: n, kernel: k, stride: s)
    return [p.low, p.high]
  }

  @Test func samePaddingSplitsTheTotalLowFirst() {
    #expect(Self.pads(32, 7, 2) == [2, 3])
    #expect(Self.pads(16, 3, 2) == [0, 1])
    #expect(Self.pads(16, 1, 2) == [0, 0])
    #expect(Self.pads(8, 3, 1) == [1, 1])
    #expect(Self.pads(1, 3, 2) == [1, 1])
    #expect(Self.pads(7, 3, 2) == [1, 1])
    for n in 1...20 { for k in [1, 2, 3, 5, 7] { for s in [1, 2, 3] {
      let (lo, hi) = WindowGeometry.samePadding(size: n, kernel: k, stride: s)
      let g = WindowGeometry(channels: 1, height: n, width: n, kernelHeight: k, kernelWidth: k, stride: s,
                             padTop: lo, padBottom: hi, padLeft: lo, padRight: hi)
      #expect(g.outHeight == Self.same(n, k, s).out && lo == Self.same(n, k, s).before, "n \(n) k \(k) s \(s)")
    } } }
    // Encoded as an integer or "SAME".
    let json = try! JSONEncoder().encode([Padding.symmetric(1), .same])
    #expect(String(decoding: json, as: UTF8.self) == "[1,\"SAME\"]")
    #expect(try! JSONDecoder().decode([Padding].self, from: json) == [1, .same])
  }

  @Test(arguments: [(8, 7, 3, 2), (8, 8, 7, 2), (5, 6, 3, 1), (9, 9, 1, 2), (4, 4, 3, 3)])
  func sameConvolutionMatchesDirect(_ h: Int, _ w: Int, _ k: Int, _ s: Int) throws {
    let (c, o, n) = (2, 3, 2)
    let net = try Network<Double>(inputShape: [c, h, w], layers: [.conv2d(out: o, kernel: k, stride: s, padding: .same, bias: true)])
    var g = SeededGenerator(key: 41)
    let theta = Oracle.normals(net.parameterCount, &g)
    let x = Oracle.normals(n * c * h * w, &g)
    let y = net.outputs(parameters: theta, inputs: Tensor(shape: [n, c, h, w], scalars: x)).scalars
    let weights = Array(theta[0..<(o * c * k * k)]), bias = Array(theta[(o * c * k * k)...])
    var direct: [Double] = []
    for e in 0..<n {
      direct += Self.directConv(Array(x[(e * c * h * w)..<((e + 1) * c * h * w)]), c: c, h: h, wd: w, weights, bias, o: o, k: k, s: s)
    }
    #expect(net.outputShape == [o, Self.same(h, k, s).out, Self.same(w, k, s).out])
    #expect(Oracle.relativeError(y, direct) <= 1e-14, "\(Oracle.relativeError(y, direct))")
    #expect(!Oracle.close(Oracle.perturbed(y, size: 1e-10), direct, 1e-14))
  }

  /// Inputs are shifted negative so that zero padding (instead of −∞) would change the maxima.
  @Test(arguments: [(8, 7, 3, 2), (16, 16, 3, 2), (5, 5, 3, 1), (7, 9, 2, 2)])
  func sameMaxPoolMatchesDirect(_ h: Int, _ w: Int, _ k: Int, _ s: Int) throws {
    let (c, n) = (2, 3)
    let net = try Network<Double>(inputShape: [c, h, w], layers: [.maxPool(size: k, stride: s, padding: .same), .flatten])
    var g = SeededGenerator(key: 42)
    let x = Oracle.normals(n * c * h * w, &g).map { $0 - 3 }
    let y = net.outputs(parameters: [], inputs: Tensor(shape: [n, c, h, w], scalars: x)).scalars
    var direct: [Double] = []
    for e in 0..<n { direct += Self.directMaxPool(Array(x[(e * c * h * w)..<((e + 1) * c * h * w)]), c: c, h: h, wd: w, k: k, s: s) }
    #expect(y == direct)
    #expect(y.allSatisfy { $0 < 0 })
    #expect(!Oracle.close(Oracle.perturbed(y, size: 1e-10), direct, 1e-14))
    // A padding whose windows can miss the input entirely is refused.
    #expect(throws: LensError.self) { try Network<Double>(inputShape: [1, 4, 4], layers: [.maxPool(size: 2, stride: 2, padding: 2)]) }
  }

  /// K-FAC's conv rows are the asymmetric-padded patches (zeros in the padding): the stem of the
  /// tiny Haiku ResNet (7×7/2 on 8×8, pads (2, 3)) and a 3×3/2 conv on 8×7 (pads (0, 1), (1, 1)).
  @Test func kroneckerRowsAreTheSamePaddedPatches() throws {
    let resnet = try Network<Double>(Architecture.haikuResNet(widthMultiplier: 1.0 / 128, inputShape: [3, 8, 8], classes: 3))
    let small = try Network<Double>(inputShape: [2, 8, 7], layers: [.conv(3, kernel: 3, stride: 2, padding: .same), .relu, .flatten, .linear(3)])
    for (net, k) in [(resnet, 7), (small, 3)] {
      var g = SeededGenerator(key: 43)
      let obj = NetworkObjective(network: net, loss: .softmaxCrossEntropy)
      let theta = Oracle.normals(net.parameterCount, &g, scale: 0.8)
      let batch = Oracle.batch(net, .softmaxCrossEntropy, n: 3, &g)
      let stats = obj.linearize(at: theta, on: batch).kroneckerStatistics(.trueLabels)
      let stem = try #require(stats.first { $0.weightTensor == 0 })
      let (c, h, w) = (net.inputShape[0], net.inputShape[1], net.inputShape[2])
      var direct: [Double] = []
      for e in 0..<3 {
        direct += Self.directPatches(Array(batch.inputs.scalars[(e * c * h * w)..<((e + 1) * c * h * w)]), c: c, h: h, wd: w, k: k, s: 2)
      }
      #expect(stem.inputs.shape == [direct.count / (c * k * k), c * k * k])
      #expect(stem.inputs.scalars == direct)
      #expect(!Oracle.close(Oracle.perturbed(stem.inputs.scalars, size: 1e-10), direct, 1e-14))
    }
  }

  /// Parameter count from Haiku's ResNet18 configuration, computed independently of the layer
  /// list: stem conv 7×7 + BN; per block two 3×3 convs + BNs, a 1×1 projection + BN in the
  /// first block of groups 2–4; logits with bias.
  static func haikuParameterCount(width m: Double, inChannels: Int, classes: Int) -> Int {
    func c(_ x: Int) -> Int { max(1, Int((Double(x) * m).rounded())) }
    var total = c(64) * inChannels * 49 + 2 * c(64)
    var previous = c(64)
    for (i, base) in [64, 128, 256, 512].enumerated() {
      let ch = c(base)
      total += 9 * previous * ch + 2 * ch + 9 * ch * ch + 2 * ch + (i > 0 ? previous * ch + 2 * ch : 0)
      total += 2 * (9 * ch * ch + 2 * ch)
      previous = ch
    }
    return total + previous * classes + classes
  }

  @Test func haikuResNet18Structure() throws {
    let a = try Architecture.haikuResNet(depth: 18, widthMultiplier: 0.25, inputShape: [3, 32, 32], classes: 10)
    let net = try Network<Float>(a)
    #expect(net.outputShape == [10])
    #expect(net.parameterCount == Self.haikuParameterCount(width: 0.25, inChannels: 3, classes: 10))
    #expect(net.parameterCount == 703_386)
    // Full width, 10 classes: the 11.17 M parameters of Haiku's ResNet18 on CIFAR-10.
    let full = try Network<Float>(Architecture.haikuResNet(inputShape: [3, 32, 32], classes: 10))
    #expect(full.parameterCount == Self.haikuParameterCount(width: 1, inChannels: 3, classes: 10))
    // Stem, 8 blocks (each followed by ReLU), flatten, logits; 32×32 ends at 1×1 (no pooling layer).
    #expect(a.layers.count == 4 + 16 + 2)
    #expect(a.layers.filter { if case .residual(_, let s) = $0 { return !s.isEmpty }; return false }.count == 3)
    #expect(a.zeroInitialized == ["21.weight"])
    // 8×8 inputs end at 1×1 as well; 64×64 inputs end at 2×2 and get the mean pool.
    let big = try Architecture.haikuResNet(widthMultiplier: 1.0 / 64, inputShape: [3, 64, 64], classes: 4)
    #expect(big.layers.contains { if case .avgPool(2, 2) = $0 { return true }; return false })
    #expect(throws: LensError.self) { try Architecture.haikuResNet(depth: 34) }
    #expect(throws: LensError.self) { try Architecture.haikuResNet(widthMultiplier: 0) }
    #expect(throws: LensError.self) { try Architecture.haikuResNet(inputShape: [3072]) }
    #expect(throws: LensError.self) { try Network<Float>(inputShape: [2], layers: [.linear(1)], zeroInitialized: ["5.weight"]) }
  }

  /// Haiku's initialisation: conv kernels TruncatedNormal(1/√fan_in) within ±2σ (standard
  /// deviation 0.8796σ), logits weights and all biases zero, BN scale 1 and offset 0.
  @Test func haikuInitialisation() throws {
    let net = try Network<Double>(Architecture.haikuResNet(widthMultiplier: 0.25, inputShape: [3, 32, 32], classes: 10))
    var g = SeededGenerator(key: 44)
    let theta = net.initialParameters(.haikuTruncatedNormal, using: &g)
    let logits = try #require(net.layout.tensor(named: "21.weight"))
    #expect(theta[logits.range].allSatisfy { $0 == 0 })
    #expect(theta[net.layout.tensor(named: "21.bias")!.range].allSatisfy { $0 == 0 })
    for t in net.layout.tensors {
      switch t.role {
      case .scale: #expect(theta[t.range].allSatisfy { $0 == 1 }, "\(t.name)")
      case .shift: #expect(theta[t.range].allSatisfy { $0 == 0 }, "\(t.name)")
      case .weight where t.shape.count == 4:
        let sigma = 1 / Double(t.shape.dropFirst().reduce(1, *)).squareRoot()
        let w = Array(theta[t.range])
        #expect(w.allSatisfy { abs($0) <= 2 * sigma }, "\(t.name)")
        let sd = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
        #expect(abs(sd / (0.8796 * sigma) - 1) < 6 / Double(w.count).squareRoot(), "\(t.name): sd \(sd), σ \(sigma)")
      default: break
      }
    }
  }
}
