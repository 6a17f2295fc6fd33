/// A softmax over each example's features, y = softmax(x) (AdaFisher's IRIS network applies
/// it before `CrossEntropyLoss`, i.e. a double softmax).
///
/// With J = diag(y) − yyᵀ: backward g_x = J g_y; tangent ẏ = J ẋ;
/// R-backprop ġ_x = J ġ_y + J̇ g_y with J̇ = diag(ẏ) − ẏyᵀ − yẏᵀ.
final class SoftmaxStage<S: LensScalar>: Stage {
  let width: Int
  init(width: Int) { self.width = width }

  var inShape: [Int] { [width] }
  var outShape: [Int] { [width] }
  func scratchSizes(batch n: Int) -> [Int] { [] }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    softmaxRows(x, y, rows: n, cols: width)
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    guard let gx else { return }
    softmaxJacobianProduct(y, gy, gx, rows: n, cols: width)
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    guard let xdot else { ydot.update(repeating: 0, count: n * width); return }
    softmaxJacobianProduct(y, xdot, ydot, rows: n, cols: width)
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    softmaxSecondOrderBackward(y, ydot, g: gy, gdot: gydot, rows: n, cols: width)
    if let gx { gx.update(from: gy, count: n * width) }
    if let gxdot { gxdot.update(from: gydot, count: n * width) }
  }
}
