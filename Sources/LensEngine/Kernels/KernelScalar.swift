/// The engine's element-wise kernels as requirements of the scalar type, so that generic
/// engine code (layers are generic classes, compiled once for all scalars) reaches code
/// compiled for the CONCRETE type: each requirement's Float and Double implementation inlines
/// the generic kernel body, which LLVM then vectorises. Generated from the kernel files: every
/// `func k<S>(…)` there forwards to `S._k(…)`, implemented below by `kBody(…)`.
public protocol KernelScalar {
  static func _im2col(_ x: UnsafePointer<Self>, _ rows: UnsafeMutablePointer<Self>, n: Int, _ g: WindowGeometry)
  static func _im2colColumns(_ x: UnsafePointer<Self>, _ cols: UnsafeMutablePointer<Self>, _ g: WindowGeometry)
  static func _col2imColumns(_ cols: UnsafePointer<Self>, _ gx: UnsafeMutablePointer<Self>, _ g: WindowGeometry)
  static func _rowsToChannels(_ rows: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>?, n: Int, positions p: Int, channels o: Int)
  static func _channelsToRows(_ y: UnsafePointer<Self>, _ rows: UnsafeMutablePointer<Self>, n: Int, positions p: Int, channels o: Int)
  static func _maxPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int32>, n: Int, _ g: WindowGeometry)
  static func _maxPoolGather(_ src: UnsafePointer<Self>, argmax: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Self>, n: Int, inWidth: Int, outWidth: Int)
  static func _maxPoolScatter(_ g: UnsafePointer<Self>, argmax: UnsafePointer<Int32>, _ gx: UnsafeMutablePointer<Self>, n: Int, inWidth: Int, outWidth: Int)
  static func _avgPoolForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, n: Int, _ g: WindowGeometry)
  static func _avgPoolBackward(_ g: UnsafePointer<Self>, _ gx: UnsafeMutablePointer<Self>, n: Int, _ geo: WindowGeometry)
  static func _softmaxCrossEntropyForward(_ z: UnsafePointer<Self>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<Self>) -> Self
  static func _halfSquaredErrorMean(_ z: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int) -> Self
  static func _probabilityMinusOneHot(_ p: UnsafePointer<Self>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: Self, into g: UnsafeMutablePointer<Self>)
  static func _scaledDifference(_ z: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int, scale: Self, into g: UnsafeMutablePointer<Self>)
  static func _softmaxCurvatureProduct(_ u: UnsafePointer<Self>, probs: UnsafePointer<Self>, n: Int, c: Int, scale: Self, into out: UnsafeMutablePointer<Self>)
  static func _softmaxFisherInner(_ u: UnsafePointer<Self>, _ w: UnsafePointer<Self>, probs: UnsafePointer<Self>, n: Int, c: Int) -> Self
  static func _softmaxFisherRootColumn(_ a: Int, probs: UnsafePointer<Self>, n: Int, c: Int, into out: UnsafeMutablePointer<Self>)
  static func _regroup(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, n: Int, channels c: Int, positions p: Int, toGroups: Bool)
  static func _normalizeGroups(_ x: UnsafePointer<Self>, xhat: UnsafeMutablePointer<Self>, mean: UnsafeMutablePointer<Self>, invStd: UnsafeMutablePointer<Self>, groups: Int, members m: Int, epsilon: Self)
  static func _normalizeBackward(xhat: UnsafePointer<Self>, gxhat: UnsafePointer<Self>, gx: UnsafeMutablePointer<Self>, invStd: UnsafePointer<Self>, groups: Int, members m: Int)
  static func _normalizeTangent(xhat: UnsafePointer<Self>, xdot: UnsafePointer<Self>, xhatDot: UnsafeMutablePointer<Self>, invStd: UnsafePointer<Self>, rate: UnsafeMutablePointer<Self>, groups: Int, members m: Int)
  static func _normalizeSecondOrder(xhat: UnsafePointer<Self>, xhatDot: UnsafePointer<Self>, gxhat: UnsafePointer<Self>, gxhatDot: UnsafePointer<Self>, invStd: UnsafePointer<Self>, rate: UnsafePointer<Self>, gx: UnsafeMutablePointer<Self>, gxDot: UnsafeMutablePointer<Self>, groups: Int, members m: Int)
  static func _groupAffine(_ a: UnsafePointer<Self>, scale: UnsafePointer<Self>, shift: UnsafePointer<Self>?, _ y: UnsafeMutablePointer<Self>, groups: Int, members m: Int, perGroup: Bool)
  static func _groupAffineAccumulate(_ a: UnsafePointer<Self>, scale: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, groups: Int, members m: Int, perGroup: Bool)
  static func _groupReduce(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>?, into out: UnsafeMutablePointer<Self>, groups: Int, members m: Int, perGroup: Bool, accumulate: Bool)
  static func _softmaxRows(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _softmaxJacobianProduct(_ y: UnsafePointer<Self>, _ g: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _softmaxSecondOrderBackward(_ y: UnsafePointer<Self>, _ ydot: UnsafePointer<Self>, g: UnsafeMutablePointer<Self>, gdot: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _biasActivationForward(_ x: UnsafeMutablePointer<Self>, bias: UnsafePointer<Self>?, rows: Int, cols: Int, _ act: Activation)
  static func _activationForward(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _activationBackward(output a: UnsafePointer<Self>, _ g: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _activationSecondOrderBackward(output a: UnsafePointer<Self>, zdot: UnsafePointer<Self>?, g: UnsafeMutablePointer<Self>, gdot: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _activationInPlace(_ x: UnsafeMutablePointer<Self>, count n: Int, _ act: Activation)
  static func _columnSums(_ x: UnsafePointer<Self>, rows: Int, cols: Int, alpha: Self, beta: Self, into out: UnsafeMutablePointer<Self>)
  static func _addRowVector(_ x: UnsafeMutablePointer<Self>, rows: Int, cols: Int, _ v: UnsafePointer<Self>)
  static func _scaleCopy(_ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count n: Int, alpha: Self)
  static func _broadcastRows(_ v: UnsafePointer<Self>, into x: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _broadcastColumns(_ v: UnsafePointer<Self>, into x: UnsafeMutablePointer<Self>, rows: Int, cols: Int)
  static func _sumPartials(_ partials: UnsafePointer<Self>, stride: Int, chunks: Int, count: Int, beta: Self, into dest: UnsafeMutablePointer<Self>)
}

extension Float: KernelScalar {
  @inline(never) public static func _im2col(_ x: UnsafePointer<Float>, _ rows: UnsafeMutablePointer<Float>, n: Int, _ g: WindowGeometry) { im2colBody(x, rows, n: n, g) }
  @inline(never) public static func _im2colColumns(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>, _ g: WindowGeometry) { im2colColumnsBody(x, cols, g) }
  @inline(never) public static func _col2imColumns(_ cols: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>, _ g: WindowGeometry) { col2imColumnsBody(cols, gx, g) }
  @inline(never) public static func _rowsToChannels(_ rows: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, n: Int, positions p: Int, channels o: Int) { rowsToChannelsBody(rows, y, bias: bias, n: n, positions: p, channels: o) }
  @inline(never) public static func _channelsToRows(_ y: UnsafePointer<Float>, _ rows: UnsafeMutablePointer<Float>, n: Int, positions p: Int, channels o: Int) { channelsToRowsBody(y, rows, n: n, positions: p, channels: o) }
  @inline(never) public static func _maxPoolForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>, n: Int, _ g: WindowGeometry) { maxPoolForwardBody(x, y, argmax: argmax, n: n, g) }
  @inline(never) public static func _maxPoolGather(_ src: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Float>, n: Int, inWidth: Int, outWidth: Int) { maxPoolGatherBody(src, argmax: argmax, out, n: n, inWidth: inWidth, outWidth: outWidth) }
  @inline(never) public static func _maxPoolScatter(_ g: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, _ gx: UnsafeMutablePointer<Float>, n: Int, inWidth: Int, outWidth: Int) { maxPoolScatterBody(g, argmax: argmax, gx, n: n, inWidth: inWidth, outWidth: outWidth) }
  @inline(never) public static func _avgPoolForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, _ g: WindowGeometry) { avgPoolForwardBody(x, y, n: n, g) }
  @inline(never) public static func _avgPoolBackward(_ g: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>, n: Int, _ geo: WindowGeometry) { avgPoolBackwardBody(g, gx, n: n, geo) }
  @inline(never) public static func _softmaxCrossEntropyForward(_ z: UnsafePointer<Float>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<Float>) -> Float { return softmaxCrossEntropyForwardBody(z, labels: labels, n: n, c: c, probs: probs) }
  @inline(never) public static func _halfSquaredErrorMean(_ z: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float { return halfSquaredErrorMeanBody(z, y, count: count) }
  @inline(never) public static func _probabilityMinusOneHot(_ p: UnsafePointer<Float>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: Float, into g: UnsafeMutablePointer<Float>) { probabilityMinusOneHotBody(p, labels: labels, n: n, c: c, scale: scale, into: g) }
  @inline(never) public static func _scaledDifference(_ z: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int, scale: Float, into g: UnsafeMutablePointer<Float>) { scaledDifferenceBody(z, y, count: count, scale: scale, into: g) }
  @inline(never) public static func _softmaxCurvatureProduct(_ u: UnsafePointer<Float>, probs: UnsafePointer<Float>, n: Int, c: Int, scale: Float, into out: UnsafeMutablePointer<Float>) { softmaxCurvatureProductBody(u, probs: probs, n: n, c: c, scale: scale, into: out) }
  @inline(never) public static func _softmaxFisherInner(_ u: UnsafePointer<Float>, _ w: UnsafePointer<Float>, probs: UnsafePointer<Float>, n: Int, c: Int) -> Float { return softmaxFisherInnerBody(u, w, probs: probs, n: n, c: c) }
  @inline(never) public static func _softmaxFisherRootColumn(_ a: Int, probs: UnsafePointer<Float>, n: Int, c: Int, into out: UnsafeMutablePointer<Float>) { softmaxFisherRootColumnBody(a, probs: probs, n: n, c: c, into: out) }
  @inline(never) public static func _regroup(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, n: Int, channels c: Int, positions p: Int, toGroups: Bool) { regroupBody(src, dst, n: n, channels: c, positions: p, toGroups: toGroups) }
  @inline(never) public static func _normalizeGroups(_ x: UnsafePointer<Float>, xhat: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, invStd: UnsafeMutablePointer<Float>, groups: Int, members m: Int, epsilon: Float) { normalizeGroupsBody(x, xhat: xhat, mean: mean, invStd: invStd, groups: groups, members: m, epsilon: epsilon) }
  @inline(never) public static func _normalizeBackward(xhat: UnsafePointer<Float>, gxhat: UnsafePointer<Float>, gx: UnsafeMutablePointer<Float>, invStd: UnsafePointer<Float>, groups: Int, members m: Int) { normalizeBackwardBody(xhat: xhat, gxhat: gxhat, gx: gx, invStd: invStd, groups: groups, members: m) }
  @inline(never) public static func _normalizeTangent(xhat: UnsafePointer<Float>, xdot: UnsafePointer<Float>, xhatDot: UnsafeMutablePointer<Float>, invStd: UnsafePointer<Float>, rate: UnsafeMutablePointer<Float>, groups: Int, members m: Int) { normalizeTangentBody(xhat: xhat, xdot: xdot, xhatDot: xhatDot, invStd: invStd, rate: rate, groups: groups, members: m) }
  @inline(never) public static func _normalizeSecondOrder(xhat: UnsafePointer<Float>, xhatDot: UnsafePointer<Float>, gxhat: UnsafePointer<Float>, gxhatDot: UnsafePointer<Float>, invStd: UnsafePointer<Float>, rate: UnsafePointer<Float>, gx: UnsafeMutablePointer<Float>, gxDot: UnsafeMutablePointer<Float>, groups: Int, members m: Int) { normalizeSecondOrderBody(xhat: xhat, xhatDot: xhatDot, gxhat: gxhat, gxhatDot: gxhatDot, invStd: invStd, rate: rate, gx: gx, gxDot: gxDot, groups: groups, members: m) }
  @inline(never) public static func _groupAffine(_ a: UnsafePointer<Float>, scale: UnsafePointer<Float>, shift: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>, groups: Int, members m: Int, perGroup: Bool) { groupAffineBody(a, scale: scale, shift: shift, y, groups: groups, members: m, perGroup: perGroup) }
  @inline(never) public static func _groupAffineAccumulate(_ a: UnsafePointer<Float>, scale: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, groups: Int, members m: Int, perGroup: Bool) { groupAffineAccumulateBody(a, scale: scale, y, groups: groups, members: m, perGroup: perGroup) }
  @inline(never) public static func _groupReduce(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, groups: Int, members m: Int, perGroup: Bool, accumulate: Bool) { groupReduceBody(a, b, into: out, groups: groups, members: m, perGroup: perGroup, accumulate: accumulate) }
  @inline(never) public static func _softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { softmaxRowsBody(x, y, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxJacobianProduct(_ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { softmaxJacobianProductBody(y, g, out, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxSecondOrderBackward(_ y: UnsafePointer<Float>, _ ydot: UnsafePointer<Float>, g: UnsafeMutablePointer<Float>, gdot: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { softmaxSecondOrderBackwardBody(y, ydot, g: g, gdot: gdot, rows: rows, cols: cols) }
  @inline(never) public static func _biasActivationForward(_ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, rows: Int, cols: Int, _ act: Activation) { biasActivationForwardBody(x, bias: bias, rows: rows, cols: cols, act) }
  @inline(never) public static func _activationForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationForwardBody(x, y, count: n, act) }
  @inline(never) public static func _activationBackward(output a: UnsafePointer<Float>, _ g: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationBackwardBody(output: a, g, count: n, act) }
  @inline(never) public static func _activationSecondOrderBackward(output a: UnsafePointer<Float>, zdot: UnsafePointer<Float>?, g: UnsafeMutablePointer<Float>, gdot: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationSecondOrderBackwardBody(output: a, zdot: zdot, g: g, gdot: gdot, count: n, act) }
  @inline(never) public static func _activationInPlace(_ x: UnsafeMutablePointer<Float>, count n: Int, _ act: Activation) { activationInPlaceBody(x, count: n, act) }
  @inline(never) public static func _columnSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, alpha: Float, beta: Float, into out: UnsafeMutablePointer<Float>) { columnSumsBody(x, rows: rows, cols: cols, alpha: alpha, beta: beta, into: out) }
  @inline(never) public static func _addRowVector(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, _ v: UnsafePointer<Float>) { addRowVectorBody(x, rows: rows, cols: cols, v) }
  @inline(never) public static func _scaleCopy(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int, alpha: Float) { scaleCopyBody(x, y, count: n, alpha: alpha) }
  @inline(never) public static func _broadcastRows(_ v: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { broadcastRowsBody(v, into: x, rows: rows, cols: cols) }
  @inline(never) public static func _broadcastColumns(_ v: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, rows: Int, cols: Int) { broadcastColumnsBody(v, into: x, rows: rows, cols: cols) }
  @inline(never) public static func _sumPartials(_ partials: UnsafePointer<Float>, stride: Int, chunks: Int, count: Int, beta: Float, into dest: UnsafeMutablePointer<Float>) { sumPartialsBody(partials, stride: stride, chunks: chunks, count: count, beta: beta, into: dest) }
}

extension Double: KernelScalar {
  @inline(never) public static func _im2col(_ x: UnsafePointer<Double>, _ rows: UnsafeMutablePointer<Double>, n: Int, _ g: WindowGeometry) { im2colBody(x, rows, n: n, g) }
  @inline(never) public static func _im2colColumns(_ x: UnsafePointer<Double>, _ cols: UnsafeMutablePointer<Double>, _ g: WindowGeometry) { im2colColumnsBody(x, cols, g) }
  @inline(never) public static func _col2imColumns(_ cols: UnsafePointer<Double>, _ gx: UnsafeMutablePointer<Double>, _ g: WindowGeometry) { col2imColumnsBody(cols, gx, g) }
  @inline(never) public static func _rowsToChannels(_ rows: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>?, n: Int, positions p: Int, channels o: Int) { rowsToChannelsBody(rows, y, bias: bias, n: n, positions: p, channels: o) }
  @inline(never) public static func _channelsToRows(_ y: UnsafePointer<Double>, _ rows: UnsafeMutablePointer<Double>, n: Int, positions p: Int, channels o: Int) { channelsToRowsBody(y, rows, n: n, positions: p, channels: o) }
  @inline(never) public static func _maxPoolForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, argmax: UnsafeMutablePointer<Int32>, n: Int, _ g: WindowGeometry) { maxPoolForwardBody(x, y, argmax: argmax, n: n, g) }
  @inline(never) public static func _maxPoolGather(_ src: UnsafePointer<Double>, argmax: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<Double>, n: Int, inWidth: Int, outWidth: Int) { maxPoolGatherBody(src, argmax: argmax, out, n: n, inWidth: inWidth, outWidth: outWidth) }
  @inline(never) public static func _maxPoolScatter(_ g: UnsafePointer<Double>, argmax: UnsafePointer<Int32>, _ gx: UnsafeMutablePointer<Double>, n: Int, inWidth: Int, outWidth: Int) { maxPoolScatterBody(g, argmax: argmax, gx, n: n, inWidth: inWidth, outWidth: outWidth) }
  @inline(never) public static func _avgPoolForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, n: Int, _ g: WindowGeometry) { avgPoolForwardBody(x, y, n: n, g) }
  @inline(never) public static func _avgPoolBackward(_ g: UnsafePointer<Double>, _ gx: UnsafeMutablePointer<Double>, n: Int, _ geo: WindowGeometry) { avgPoolBackwardBody(g, gx, n: n, geo) }
  @inline(never) public static func _softmaxCrossEntropyForward(_ z: UnsafePointer<Double>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<Double>) -> Double { return softmaxCrossEntropyForwardBody(z, labels: labels, n: n, c: c, probs: probs) }
  @inline(never) public static func _halfSquaredErrorMean(_ z: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double { return halfSquaredErrorMeanBody(z, y, count: count) }
  @inline(never) public static func _probabilityMinusOneHot(_ p: UnsafePointer<Double>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: Double, into g: UnsafeMutablePointer<Double>) { probabilityMinusOneHotBody(p, labels: labels, n: n, c: c, scale: scale, into: g) }
  @inline(never) public static func _scaledDifference(_ z: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, scale: Double, into g: UnsafeMutablePointer<Double>) { scaledDifferenceBody(z, y, count: count, scale: scale, into: g) }
  @inline(never) public static func _softmaxCurvatureProduct(_ u: UnsafePointer<Double>, probs: UnsafePointer<Double>, n: Int, c: Int, scale: Double, into out: UnsafeMutablePointer<Double>) { softmaxCurvatureProductBody(u, probs: probs, n: n, c: c, scale: scale, into: out) }
  @inline(never) public static func _softmaxFisherInner(_ u: UnsafePointer<Double>, _ w: UnsafePointer<Double>, probs: UnsafePointer<Double>, n: Int, c: Int) -> Double { return softmaxFisherInnerBody(u, w, probs: probs, n: n, c: c) }
  @inline(never) public static func _softmaxFisherRootColumn(_ a: Int, probs: UnsafePointer<Double>, n: Int, c: Int, into out: UnsafeMutablePointer<Double>) { softmaxFisherRootColumnBody(a, probs: probs, n: n, c: c, into: out) }
  @inline(never) public static func _regroup(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, n: Int, channels c: Int, positions p: Int, toGroups: Bool) { regroupBody(src, dst, n: n, channels: c, positions: p, toGroups: toGroups) }
  @inline(never) public static func _normalizeGroups(_ x: UnsafePointer<Double>, xhat: UnsafeMutablePointer<Double>, mean: UnsafeMutablePointer<Double>, invStd: UnsafeMutablePointer<Double>, groups: Int, members m: Int, epsilon: Double) { normalizeGroupsBody(x, xhat: xhat, mean: mean, invStd: invStd, groups: groups, members: m, epsilon: epsilon) }
  @inline(never) public static func _normalizeBackward(xhat: UnsafePointer<Double>, gxhat: UnsafePointer<Double>, gx: UnsafeMutablePointer<Double>, invStd: UnsafePointer<Double>, groups: Int, members m: Int) { normalizeBackwardBody(xhat: xhat, gxhat: gxhat, gx: gx, invStd: invStd, groups: groups, members: m) }
  @inline(never) public static func _normalizeTangent(xhat: UnsafePointer<Double>, xdot: UnsafePointer<Double>, xhatDot: UnsafeMutablePointer<Double>, invStd: UnsafePointer<Double>, rate: UnsafeMutablePointer<Double>, groups: Int, members m: Int) { normalizeTangentBody(xhat: xhat, xdot: xdot, xhatDot: xhatDot, invStd: invStd, rate: rate, groups: groups, members: m) }
  @inline(never) public static func _normalizeSecondOrder(xhat: UnsafePointer<Double>, xhatDot: UnsafePointer<Double>, gxhat: UnsafePointer<Double>, gxhatDot: UnsafePointer<Double>, invStd: UnsafePointer<Double>, rate: UnsafePointer<Double>, gx: UnsafeMutablePointer<Double>, gxDot: UnsafeMutablePointer<Double>, groups: Int, members m: Int) { normalizeSecondOrderBody(xhat: xhat, xhatDot: xhatDot, gxhat: gxhat, gxhatDot: gxhatDot, invStd: invStd, rate: rate, gx: gx, gxDot: gxDot, groups: groups, members: m) }
  @inline(never) public static func _groupAffine(_ a: UnsafePointer<Double>, scale: UnsafePointer<Double>, shift: UnsafePointer<Double>?, _ y: UnsafeMutablePointer<Double>, groups: Int, members m: Int, perGroup: Bool) { groupAffineBody(a, scale: scale, shift: shift, y, groups: groups, members: m, perGroup: perGroup) }
  @inline(never) public static func _groupAffineAccumulate(_ a: UnsafePointer<Double>, scale: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, groups: Int, members m: Int, perGroup: Bool) { groupAffineAccumulateBody(a, scale: scale, y, groups: groups, members: m, perGroup: perGroup) }
  @inline(never) public static func _groupReduce(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>?, into out: UnsafeMutablePointer<Double>, groups: Int, members m: Int, perGroup: Bool, accumulate: Bool) { groupReduceBody(a, b, into: out, groups: groups, members: m, perGroup: perGroup, accumulate: accumulate) }
  @inline(never) public static func _softmaxRows(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { softmaxRowsBody(x, y, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxJacobianProduct(_ y: UnsafePointer<Double>, _ g: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { softmaxJacobianProductBody(y, g, out, rows: rows, cols: cols) }
  @inline(never) public static func _softmaxSecondOrderBackward(_ y: UnsafePointer<Double>, _ ydot: UnsafePointer<Double>, g: UnsafeMutablePointer<Double>, gdot: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { softmaxSecondOrderBackwardBody(y, ydot, g: g, gdot: gdot, rows: rows, cols: cols) }
  @inline(never) public static func _biasActivationForward(_ x: UnsafeMutablePointer<Double>, bias: UnsafePointer<Double>?, rows: Int, cols: Int, _ act: Activation) { biasActivationForwardBody(x, bias: bias, rows: rows, cols: cols, act) }
  @inline(never) public static func _activationForward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationForwardBody(x, y, count: n, act) }
  @inline(never) public static func _activationBackward(output a: UnsafePointer<Double>, _ g: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationBackwardBody(output: a, g, count: n, act) }
  @inline(never) public static func _activationSecondOrderBackward(output a: UnsafePointer<Double>, zdot: UnsafePointer<Double>?, g: UnsafeMutablePointer<Double>, gdot: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationSecondOrderBackwardBody(output: a, zdot: zdot, g: g, gdot: gdot, count: n, act) }
  @inline(never) public static func _activationInPlace(_ x: UnsafeMutablePointer<Double>, count n: Int, _ act: Activation) { activationInPlaceBody(x, count: n, act) }
  @inline(never) public static func _columnSums(_ x: UnsafePointer<Double>, rows: Int, cols: Int, alpha: Double, beta: Double, into out: UnsafeMutablePointer<Double>) { columnSumsBody(x, rows: rows, cols: cols, alpha: alpha, beta: beta, into: out) }
  @inline(never) public static func _addRowVector(_ x: UnsafeMutablePointer<Double>, rows: Int, cols: Int, _ v: UnsafePointer<Double>) { addRowVectorBody(x, rows: rows, cols: cols, v) }
  @inline(never) public static func _scaleCopy(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int, alpha: Double) { scaleCopyBody(x, y, count: n, alpha: alpha) }
  @inline(never) public static func _broadcastRows(_ v: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { broadcastRowsBody(v, into: x, rows: rows, cols: cols) }
  @inline(never) public static func _broadcastColumns(_ v: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>, rows: Int, cols: Int) { broadcastColumnsBody(v, into: x, rows: rows, cols: cols) }
  @inline(never) public static func _sumPartials(_ partials: UnsafePointer<Double>, stride: Int, chunks: Int, count: Int, beta: Double, into dest: UnsafeMutablePointer<Double>) { sumPartialsBody(partials, stride: stride, chunks: chunks, count: count, beta: beta, into: dest) }
}
