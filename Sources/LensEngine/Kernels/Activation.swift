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

/// `x[i, j] ← φ(x[i, j] + bias[j])` over a `[rows, cols]` row-major block (bias optional).
@_specialize(where S == Float)
@_specialize(where S == Double)
func biasActivationForward<S: LensScalar>(_ x: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?,
                                          rows: Int, cols: Int, _ act: Activation) {
  if let bias {
    switch act {
    case .identity:
      for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] += bias[j] } }
    case .relu:
      for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { let v = row[j] + bias[j]; row[j] = v > 0 ? v : 0 } }
    case .tanh:
      for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] = S.tanh(row[j] + bias[j]) } }
    case .sigmoid:
      for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] = sigmoid(row[j] + bias[j]) } }
    }
  } else {
    activationForward(x, x, count: rows * cols, act)
  }
}

/// `y[i] = φ(x[i])` (x and y may alias).
@_specialize(where S == Float)
@_specialize(where S == Double)
func activationForward<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count n: Int,
                                      _ act: Activation) {
  switch act {
  case .identity: if UnsafePointer(y) != x { y.update(from: x, count: n) }
  case .relu: for i in 0..<n { let v = x[i]; y[i] = v > 0 ? v : 0 }
  case .tanh: for i in 0..<n { y[i] = S.tanh(x[i]) }
  case .sigmoid: for i in 0..<n { y[i] = sigmoid(x[i]) }
  }
}

@inline(__always)
func sigmoid<S: LensScalar>(_ z: S) -> S {
  // Stable in both tails: 1/(1+e^{-z}) for z ≥ 0, e^{z}/(1+e^{z}) otherwise.
  if z >= 0 { return 1 / (1 + S.exp(-z)) }
  let e = S.exp(z)
  return e / (1 + e)
}

/// `g[i] ← φ'(a[i]) · g[i]` (the backward pass through φ, in place).
@_specialize(where S == Float)
@_specialize(where S == Double)
func activationBackward<S: LensScalar>(output a: UnsafePointer<S>, _ g: UnsafeMutablePointer<S>, count n: Int,
                                       _ act: Activation) {
  switch act {
  case .identity: break
  case .relu: for i in 0..<n where !(a[i] > 0) { g[i] = 0 }
  case .tanh: for i in 0..<n { let v = a[i]; g[i] *= 1 - v * v }
  case .sigmoid: for i in 0..<n { let v = a[i]; g[i] *= v * (1 - v) }
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
@_specialize(where S == Float)
@_specialize(where S == Double)
func activationSecondOrderBackward<S: LensScalar>(output a: UnsafePointer<S>, zdot: UnsafePointer<S>?,
                                                  g: UnsafeMutablePointer<S>, gdot: UnsafeMutablePointer<S>,
                                                  count n: Int, _ act: Activation) {
  switch act {
  case .identity: break
  case .relu:
    for i in 0..<n where !(a[i] > 0) { g[i] = 0; gdot[i] = 0 }
  case .tanh:
    let zd = zdot!
    for i in 0..<n {
      let v = a[i], d1 = 1 - v * v, d2 = -2 * v * d1
      gdot[i] = d1 * gdot[i] + d2 * zd[i] * g[i]
      g[i] *= d1
    }
  case .sigmoid:
    let zd = zdot!
    for i in 0..<n {
      let v = a[i], d1 = v * (1 - v), d2 = d1 * (1 - 2 * v)
      gdot[i] = d1 * gdot[i] + d2 * zd[i] * g[i]
      g[i] *= d1
    }
  }
}
