/// The engine's element-wise kernels as requirements of the scalar type, so that generic
/// engine code (layers are generic classes, compiled once for all scalars) reaches code
/// compiled for the CONCRETE type: each requirement's Float and Double implementation inlines
/// the generic kernel body, which LLVM then vectorises. Generated from the kernel files: every
/// `func k<S>(…)` there forwards to `S._k(…)`, implemented below by `kBody(…)`.
public protocol KernelScalar {
  static func _biasActivationForward(_ x: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>?, rows: Int, cols: Int, _ act: Activation)
  static func _activationForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _activationBackward(output a: UnsafePointer<Self>, _ g: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _activationSecondOrderBackward(output a: UnsafePointer<Self>, zdot: UnsafePointer<Self>?, g: UnsafeMutablePointer<Self>, gdot: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _columnSums(_ x: UnsafePointer<Self>, rows: Int, cols: Int, alpha: Self, beta: Self, into out: UnsafeMutablePointer<Self>)
  static func _addRowVector(_ x: UnsafeMutablePointer<Self>, rows: Int, cols: Int, _ v: UnsafePointer<Self>)
  static func _scaleCopy(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int, alpha: Self)
  static func _softmaxCrossEntropyForward(_ z: UnsafePointer<Self>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<Self>) -> Self
  static func _halfSquaredErrorMean(_ z: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int) -> Self
  static func _probabilityMinusOneHot(_ p: UnsafePointer<Self>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: Self, into g: UnsafeMutablePointer<Self>)
  static func _scaledDifference(_ z: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int, scale: Self, into g: UnsafeMutablePointer<Self>)
  static func _softmaxCurvatureProduct(_ u: UnsafePointer<Self>, probs: UnsafePointer<Self>, n: Int, c: Int, scale: Self, into out: UnsafeMutablePointer<Self>)
  static func _softmaxFisherInner(_ u: UnsafePointer<Self>, _ w: UnsafePointer<Self>, probs: UnsafePointer<Self>, n: Int, c: Int) -> Self
  static func _softmaxFisherRootColumn(_ a: Int, probs: UnsafePointer<Self>, n: Int, c: Int, into out: UnsafeMutablePointer<Self>)
  static func _softmaxRows(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _softmaxJacobianProduct(_ y: UnsafePointer<Self>, _ g: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _softmaxSecondOrderBackward(_ y: UnsafePointer<Self>, _ ydot: UnsafePointer<Self>, g: UnsafeMutablePointer<Self>, gdot: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
}

extension Float: KernelScalar {
  @inline(never) public static func _biasActivationForward(_ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, rows: Int, cols: Int, _ act: Activation) { biasActivationForwardBody(x, bias: bias, rows: rows, cols: cols, act) }
  @inline(never) public static func _activationForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationForwardBody(x, y, count: n, act) }
  @inline(never) public static func _activationBackward(output a: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationBackwardBody(output: a, g, count: n, act) }
  @inline(never) public static func _activationSecondOrderBackward(output a: UnsafePointer<Float>, zdot: UnsafePointer<Float>?, g: UnsafeMutablePointer<Float>, gdot: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationSecondOrderBackwardBody(output: a, zdot: zdot, g: g, gdot: gdot, count: n, act) }
  @inline(never) public static func _columnSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, alpha: Float, beta: Float, into out: UnsafeMutablePointer<Float>) { columnSumsBody(x, rows: rows, cols: cols, alpha: alpha, beta: beta, into: out) }
  @inline(never) public static func _addRowVector(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, _ v: UnsafePointer<Float>) { addRowVectorBody(x, rows: rows, cols: cols, v) }
  @inline(never) public static func _scaleCopy(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int, alpha: Float) { scaleCopyBody(x, y, count: n, alpha: alpha) }
  @inline(never) public static func _softmaxCrossEntropyForward(_ z: UnsafePointer<Float>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<Float>) -> Float { return softmaxCrossEntropyForwardBody(z, labels: labels, n: n, c: c, probs: probs) }
  @inline(never) public static func _halfSquaredErrorMean(_ z: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float { return halfSquaredErrorMeanBody(z, y, count: count) }
  @inline(never) public static func _probabilityMinusOneHot(_ p: UnsafePointer<Float>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: Float, into g: UnsafeMutablePointer<Float>) { probabilityMinusOneHotBody(p, labels: labels, n: n, c: c, scale: scale, into: g) }
  @inline(never) public static func _scaledDifference(_ z: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int, scale: Float, into g: UnsafeMutablePointer<Float>) { scaledDifferenceBody(z, y, count: count, scale: scale, into: g) }
  @inline(never) public static func _softmaxCurvatureProduct(_ u: UnsafePointer<Float>, probs: UnsafePointer<Float>, n: Int, c: Int, scale: Float, into out: UnsafeMutablePointer<Float>) { softmaxCurvatureProductBody(u, probs: probs, n: n, c: c, scale: scale, into: out) }
  @inline(never) public static func _softmaxFisherInner(_ u: UnsafePointer<Float>, _ w: UnsafePointer<Float>, probs: UnsafePointer<Float>, n: Int, c: Int) -> Float { return softmaxFisherInnerBody(u, w, probs: probs, n: n, c: c) }
  @inline(never) public static func _softmaxFisherRootColumn(_ a: Int, probs: UnsafePointer<Float>, n: Int, c: Int, into out: UnsafeMutablePointer<Float>) { softmaxFisherRootColumnBody(a, probs: probs, n: n, c: c, into: out) }
  @inline(never) public static func _softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { softmaxRowsBody(x, y, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxJacobianProduct(_ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { softmaxJacobianProductBody(y, g, out, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxSecondOrderBackward(_ y: UnsafePointer<Float>, _ ydot: UnsafePointer<Float>, g: UnsafeMutablePointer<Float>, gdot: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { softmaxSecondOrderBackwardBody(y, ydot, g: g, gdot: gdot, rows: rows, cols: cols) }
}

extension Double: KernelScalar {
  @inline(never) public static func _biasActivationForward(_ x: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>?, rows: Int, cols: Int, _ act: Activation) { biasActivationForwardBody(x, bias: bias, rows: rows, cols: cols, act) }
  @inline(never) public static func _activationForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationForwardBody(x, y, count: n, act) }
  @inline(never) public static func _activationBackward(output a: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationBackwardBody(output: a, g, count: n, act) }
  @inline(never) public static func _activationSecondOrderBackward(output a: UnsafePointer<Double>, zdot: UnsafePointer<Double>?, g: UnsafeMutablePointer<Double>, gdot: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationSecondOrderBackwardBody(output: a, zdot: zdot, g: g, gdot: gdot, count: n, act) }
  @inline(never) public static func _columnSums(_ x: UnsafePointer<Double>, rows: Int, cols: Int, alpha: Double, beta: Double, into out: UnsafeMutablePointer<Double>) { columnSumsBody(x, rows: rows, cols: cols, alpha: alpha, beta: beta, into: out) }
  @inline(never) public static func _addRowVector(_ x: UnsafeMutablePointer<Double>, rows: Int, cols: Int, _ v: UnsafePointer<Double>) { addRowVectorBody(x, rows: rows, cols: cols, v) }
  @inline(never) public static func _scaleCopy(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int, alpha: Double) { scaleCopyBody(x, y, count: n, alpha: alpha) }
  @inline(never) public static func _softmaxCrossEntropyForward(_ z: UnsafePointer<Double>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<Double>) -> Double { return softmaxCrossEntropyForwardBody(z, labels: labels, n: n, c: c, probs: probs) }
  @inline(never) public static func _halfSquaredErrorMean(_ z: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double { return halfSquaredErrorMeanBody(z, y, count: count) }
  @inline(never) public static func _probabilityMinusOneHot(_ p: UnsafePointer<Double>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: Double, into g: UnsafeMutablePointer<Double>) { probabilityMinusOneHotBody(p, labels: labels, n: n, c: c, scale: scale, into: g) }
  @inline(never) public static func _scaledDifference(_ z: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, scale: Double, into g: UnsafeMutablePointer<Double>) { scaledDifferenceBody(z, y, count: count, scale: scale, into: g) }
  @inline(never) public static func _softmaxCurvatureProduct(_ u: UnsafePointer<Double>, probs: UnsafePointer<Double>, n: Int, c: Int, scale: Double, into out: UnsafeMutablePointer<Double>) { softmaxCurvatureProductBody(u, probs: probs, n: n, c: c, scale: scale, into: out) }
  @inline(never) public static func _softmaxFisherInner(_ u: UnsafePointer<Double>, _ w: UnsafePointer<Double>, probs: UnsafePointer<Double>, n: Int, c: Int) -> Double { return softmaxFisherInnerBody(u, w, probs: probs, n: n, c: c) }
  @inline(never) public static func _softmaxFisherRootColumn(_ a: Int, probs: UnsafePointer<Double>, n: Int, c: Int, into out: UnsafeMutablePointer<Double>) { softmaxFisherRootColumnBody(a, probs: probs, n: n, c: c, into: out) }
  @inline(never) public static func _softmaxRows(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { softmaxRowsBody(x, y, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxJacobianProduct(_ y: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { softmaxJacobianProductBody(y, g, out, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxSecondOrderBackward(_ y: UnsafePointer<Double>, _ ydot: UnsafePointer<Double>, g: UnsafeMutablePointer<Double>, gdot: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { softmaxSecondOrderBackwardBody(y, ydot, g: g, gdot: gdot, rows: rows, cols: cols) }
}
