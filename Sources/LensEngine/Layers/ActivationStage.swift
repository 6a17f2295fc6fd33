/// A pointwise activation y = φ(x) on its own (when it does not directly follow a linear
/// layer, e.g. after a convolution or as a network's first layer).
///
/// backward: g_x = φ'(x) ⊙ g_y; tangent: ẏ = φ'(x) ⊙ ẋ;
/// R-backprop: ġ_x = φ'(x) ⊙ ġ_y + φ''(x) ⊙ ẋ ⊙ g_y.
final class ActivationStage<S: LensScalar>: Stage {
  let shape: [Int]
  let activation: Activation

  init(shape: [Int], activation: Activation) { self.shape = shape; self.activation = activation }

  var inShape: [Int] { shape }
  var outShape: [Int] { shape }
  func scratchSizes(batch n: Int) -> [Int] { [] }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    activationForward(x, y, count: n * inWidth, activation)
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    guard let gx else { return }
    activationBackward(output: y, gy, count: n * inWidth, activation)
    gx.update(from: gy, count: n * inWidth)
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    guard let xdot else { ydot.update(repeating: 0, count: n * inWidth); return }
    ydot.update(from: xdot, count: n * inWidth)
    activationTangent(output: y, ydot, count: n * inWidth, activation)
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let count = n * inWidth
    if xdot == nil && !activation.isPiecewiseLinear {
      // ẋ = 0: the φ'' term vanishes; the R-step reduces to the first-order map on both.
      activationBackward(output: y, gy, count: count, activation)
      activationBackward(output: y, gydot, count: count, activation)
    } else {
      activationSecondOrderBackward(output: y, zdot: xdot, g: gy, gdot: gydot, count: count, activation)
    }
    if let gx { gx.update(from: gy, count: count) }
    if let gxdot { gxdot.update(from: gydot, count: count) }
  }
}
