import LensEngine

/// Small helpers on flat parameter vectors.
enum Vec {
  @inline(__always)
  static func dot<S: LensScalar>(_ a: [S], _ b: [S]) -> S {
    precondition(a.count == b.count)
    var s: S = 0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  @inline(__always)
  static func norm<S: LensScalar>(_ a: [S]) -> S { dot(a, a).squareRoot() }

  /// y += a·x
  @inline(__always)
  static func axpy<S: LensScalar>(_ a: S, _ x: [S], _ y: inout [S]) {
    precondition(x.count == y.count)
    for i in y.indices { y[i] += a * x[i] }
  }

  static func zeros<S: LensScalar>(_ n: Int) -> [S] { [S](repeating: 0, count: n) }

  /// The gradient of the linearisation as a new vector.
  static func gradient<L: Linearization>(_ lin: L, count: Int) -> [L.Scalar] {
    var g = [L.Scalar](repeating: 0, count: count)
    lin.gradient(into: &g)
    return g
  }

  static func hvp<L: Linearization>(_ lin: L, _ v: [L.Scalar]) -> [L.Scalar] {
    var r = [L.Scalar](repeating: 0, count: v.count)
    lin.hessianVectorProduct(v, into: &r)
    return r
  }

  /// Converts a recorded/drawn Double vector into the working scalar.
  static func cast<S: LensScalar>(_ v: [Double]) -> [S] { v.map { S($0) } }
}

/// Power of a scalar via `Real.pow` (integer powers exactly for the bias corrections).
@inline(__always)
func powInt<S: LensScalar>(_ base: S, _ n: Int) -> S { S.pow(base, n) }
