/// A pointwise nonlinearity φ and its first two derivatives, written in terms of the
/// activation's OUTPUT a = φ(z) so that the pre-activation never needs to be stored:
///
/// | φ        | φ'(z)        | φ''(z)                   |
/// |----------|--------------|--------------------------|
/// | identity | 1            | 0                        |
/// | relu     | 1[a > 0]     | 0 (almost everywhere)    |
/// | tanh     | 1 − a²       | −2a(1 − a²)              |
/// | sigmoid  | a(1 − a)     | a(1 − a)(1 − 2a)         |
///
/// ReLU's derivative at exactly 0 is taken as 0 (as in JAX and PyTorch).
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
  case identity, relu, tanh, sigmoid

  /// Whether φ'' vanishes identically (so exact Hessian products need no extra tangent term).
  var isPiecewiseLinear: Bool { self == .identity || self == .relu }
}

// Kernel style: constants are hoisted out of loops as typed `let`s (an integer literal inside
// a generic loop blocks LLVM's vectoriser), and selections are written as value selects so
// that they compile to branch-free vector code (ReLU's branches mispredict on random signs).

/// `x[i, j] ← φ(x[i, j] + bias[j])` over a `[rows, cols]` row-major block (bias optional).
@inline(__always)
func biasActivationForward<S: LensScalar>(_ x: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?, rows: Int, cols: Int, _ act: Activation) { S._biasActivationForward(x, bias: bias, rows: rows, cols: cols, act) }

@inline(__always)
func biasActivationForwardBody<S: LensScalar>(_ x: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?,
                                          rows: Int, cols: Int, _ act: Activation) {
  guard let bias else { activationInPlace(x, count: rows * cols, act); return }
  let zero: S = 0
  switch act {
  case .identity:
    for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] += bias[j] } }
  case .relu:
    for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { let v = row[j] + bias[j]; row[j] = v > zero ? v : zero } }
  case .tanh:
    for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] = S.tanh(row[j] + bias[j]) } }
  case .sigmoid:
    for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] = sigmoid(row[j] + bias[j]) } }
  }
}

/// `y[i] = φ(x[i])` (x and y may alias).
@inline(__always)
func activationForward<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count n: Int, _ act: Activation) { S._activationForward(x, y, count: n, act) }

@inline(__always)
func activationForwardBody<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count n: Int,
                                      _ act: Activation) {
  let zero: S = 0
  switch act {
  case .identity: if UnsafePointer(y) != x { y.update(from: x, count: n) }
  case .relu: for i in 0..<n { let v = x[i]; y[i] = v > zero ? v : zero }
  case .tanh: for i in 0..<n { y[i] = S.tanh(x[i]) }
  case .sigmoid: for i in 0..<n { y[i] = sigmoid(x[i]) }
  }
}

@inline(__always)
func sigmoid<S: LensScalar>(_ z: S) -> S {
  // Stable in both tails: 1/(1+e^{-z}) for z ≥ 0, e^{z}/(1+e^{z}) otherwise.
  let one: S = 1
  if z >= 0 { return one / (one + S.exp(-z)) }
  let e = S.exp(z)
  return e / (one + e)
}

/// `g[i] ← φ'(a[i]) · g[i]` (the backward pass through φ, in place).
@inline(__always)
func activationBackward<S: LensScalar>(output a: UnsafePointer<S>, _ g: UnsafeMutablePointer<S>, count n: Int, _ act: Activation) { S._activationBackward(output: a, g, count: n, act) }

@inline(__always)
func activationBackwardBody<S: LensScalar>(output a: UnsafePointer<S>, _ g: UnsafeMutablePointer<S>, count n: Int,
                                       _ act: Activation) {
  let zero: S = 0, one: S = 1
  switch act {
  case .identity: break
  case .relu: for i in 0..<n { let gi = g[i]; g[i] = a[i] > zero ? gi : zero }
  case .tanh: for i in 0..<n { let v = a[i]; g[i] *= one - v * v }
  case .sigmoid: for i in 0..<n { let v = a[i]; g[i] *= v * (one - v) }
  }
}

/// `t[i] ← φ'(a[i]) · t[i]` (the tangent through φ, in place); the same map as the backward pass.
@inline(__always)
func activationTangent<S: LensScalar>(output a: UnsafePointer<S>, _ t: UnsafeMutablePointer<S>, count n: Int,
                                      _ act: Activation) {
  activationBackward(output: a, t, count: n, act)
}

/// The second-order (R-backprop) step through φ, in place:
/// `ġ[i] ← φ'(a)·ġ[i] + φ''(a)·ż[i]·g[i]`, then `g[i] ← φ'(a)·g[i]`.
/// `zdot` (the pre-activation tangent) is only read when φ'' ≠ 0.
@inline(__always)
func activationSecondOrderBackward<S: LensScalar>(output a: UnsafePointer<S>, zdot: UnsafePointer<S>?, g: UnsafeMutablePointer<S>, gdot: UnsafeMutablePointer<S>, count n: Int, _ act: Activation) { S._activationSecondOrderBackward(output: a, zdot: zdot, g: g, gdot: gdot, count: n, act) }

@inline(__always)
func activationSecondOrderBackwardBody<S: LensScalar>(output a: UnsafePointer<S>, zdot: UnsafePointer<S>?,
                                                  g: UnsafeMutablePointer<S>, gdot: UnsafeMutablePointer<S>,
                                                  count n: Int, _ act: Activation) {
  let zero: S = 0, one: S = 1, two: S = 2
  switch act {
  case .identity: break
  case .relu:
    for i in 0..<n {
      let on = a[i] > zero, gi = g[i], gd = gdot[i]
      g[i] = on ? gi : zero; gdot[i] = on ? gd : zero
    }
  case .tanh:
    let zd = zdot!
    for i in 0..<n {
      let v = a[i], d1 = one - v * v, d2 = -two * v * d1
      gdot[i] = d1 * gdot[i] + d2 * zd[i] * g[i]
      g[i] *= d1
    }
  case .sigmoid:
    let zd = zdot!
    for i in 0..<n {
      let v = a[i], d1 = v * (one - v), d2 = d1 * (one - two * v)
      gdot[i] = d1 * gdot[i] + d2 * zd[i] * g[i]
      g[i] *= d1
    }
  }
}

/// `x[i] ← φ(x[i])` in place (one pointer, so the loop vectorises without alias checks).
@inline(__always)
func activationInPlace<S: LensScalar>(_ x: UnsafeMutablePointer<S>, count n: Int, _ act: Activation) { S._activationInPlace(x, count: n, act) }

@inline(__always)
func activationInPlaceBody<S: LensScalar>(_ x: UnsafeMutablePointer<S>, count n: Int, _ act: Activation) {
  let zero: S = 0
  switch act {
  case .identity: break
  case .relu: for i in 0..<n { let v = x[i]; x[i] = v > zero ? v : zero }
  case .tanh: for i in 0..<n { x[i] = S.tanh(x[i]) }
  case .sigmoid: for i in 0..<n { x[i] = sigmoid(x[i]) }
  }
}
