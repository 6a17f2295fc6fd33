/// Mean softmax cross-entropy of `[n, c]` logits; writes the softmax to `probs`.
/// Per row: m = max z, s = Σ exp(z − m), ℓ = log s + m − z_y, p = exp(z − m)/s.
@inline(__always)
func softmaxCrossEntropyForward<S: LensScalar>(_ z: UnsafePointer<S>, labels: UnsafePointer<Int32>, n: Int, c: Int, probs: UnsafeMutablePointer<S>) -> S { return S._softmaxCrossEntropyForward(z, labels: labels, n: n, c: c, probs: probs) }

@inline(__always)
func softmaxCrossEntropyForwardBody<S: LensScalar>(_ z: UnsafePointer<S>, labels: UnsafePointer<Int32>, n: Int, c: Int,
                                               probs: UnsafeMutablePointer<S>) -> S {
  var total: Double = 0
  for r in 0..<n {
    let zr = z + r * c, pr = probs + r * c
    var m = zr[0]
    for j in 1..<max(c, 1) where zr[j] > m { m = zr[j] }
    var s: S = 0
    for j in 0..<c { let e = S.exp(zr[j] - m); pr[j] = e; s += e }
    let inv = 1 / s
    for j in 0..<c { pr[j] *= inv }
    let y = Int(labels[r])
    precondition(y >= 0 && y < c, "softmax cross-entropy: label \(y) outside 0..<\(c)")
    total += Double(S.log(s) + m - zr[y])
  }
  return S(total / Double(n))
}

/// (1/count) Σ ½(z − y)².
@inline(__always)
func halfSquaredErrorMean<S: LensScalar>(_ z: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int) -> S { return S._halfSquaredErrorMean(z, y, count: count) }

@inline(__always)
func halfSquaredErrorMeanBody<S: LensScalar>(_ z: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int) -> S {
  var total: Double = 0
  for i in 0..<count { let d = Double(z[i] - y[i]); total += d * d }
  return S(0.5 * total / Double(count))
}

/// `g ← scale · (p − onehot(y))`.
@inline(__always)
func probabilityMinusOneHot<S: LensScalar>(_ p: UnsafePointer<S>, labels: UnsafePointer<Int32>, n: Int, c: Int, scale: S, into g: UnsafeMutablePointer<S>) { S._probabilityMinusOneHot(p, labels: labels, n: n, c: c, scale: scale, into: g) }

@inline(__always)
func probabilityMinusOneHotBody<S: LensScalar>(_ p: UnsafePointer<S>, labels: UnsafePointer<Int32>, n: Int, c: Int,
                                           scale: S, into g: UnsafeMutablePointer<S>) {
  for i in 0..<(n * c) { g[i] = scale * p[i] }
  for r in 0..<n { g[r * c + Int(labels[r])] -= scale }
}

/// `g ← scale · (z − y)`.
@inline(__always)
func scaledDifference<S: LensScalar>(_ z: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int, scale: S, into g: UnsafeMutablePointer<S>) { S._scaledDifference(z, y, count: count, scale: scale, into: g) }

@inline(__always)
func scaledDifferenceBody<S: LensScalar>(_ z: UnsafePointer<S>, _ y: UnsafePointer<S>, count: Int, scale: S,
                                     into g: UnsafeMutablePointer<S>) {
  for i in 0..<count { g[i] = scale * (z[i] - y[i]) }
}

/// `out ← scale · (diag(p) − ppᵀ) u` per row, i.e. p ⊙ (u − pᵀu).
@inline(__always)
func softmaxCurvatureProduct<S: LensScalar>(_ u: UnsafePointer<S>, probs: UnsafePointer<S>, n: Int, c: Int, scale: S, into out: UnsafeMutablePointer<S>) { S._softmaxCurvatureProduct(u, probs: probs, n: n, c: c, scale: scale, into: out) }

@inline(__always)
func softmaxCurvatureProductBody<S: LensScalar>(_ u: UnsafePointer<S>, probs: UnsafePointer<S>, n: Int, c: Int, scale: S,
                                            into out: UnsafeMutablePointer<S>) {
  for r in 0..<n {
    let ur = u + r * c, pr = probs + r * c, or = out + r * c
    var pu: S = 0
    for j in 0..<c { pu += pr[j] * ur[j] }
    for j in 0..<c { or[j] = scale * pr[j] * (ur[j] - pu) }
  }
}

/// (1/n) Σₙ [Σₐ pₐ uₐ wₐ − (Σₐ pₐ uₐ)(Σₐ pₐ wₐ)].
@inline(__always)
func softmaxFisherInner<S: LensScalar>(_ u: UnsafePointer<S>, _ w: UnsafePointer<S>, probs: UnsafePointer<S>, n: Int, c: Int) -> S { return S._softmaxFisherInner(u, w, probs: probs, n: n, c: c) }

@inline(__always)
func softmaxFisherInnerBody<S: LensScalar>(_ u: UnsafePointer<S>, _ w: UnsafePointer<S>, probs: UnsafePointer<S>,
                                       n: Int, c: Int) -> S {
  var total: Double = 0
  for r in 0..<n {
    let ur = u + r * c, wr = w + r * c, pr = probs + r * c
    var puw: S = 0, pu: S = 0, pw: S = 0
    for j in 0..<c { let pu1 = pr[j] * ur[j]; puw += pu1 * wr[j]; pu += pu1; pw += pr[j] * wr[j] }
    total += Double(puw - pu * pw)
  }
  return S(total / Double(n))
}

/// Column a of diag(√p) − p√pᵀ per row: √pₐ (eₐ − p).
@inline(__always)
func softmaxFisherRootColumn<S: LensScalar>(_ a: Int, probs: UnsafePointer<S>, n: Int, c: Int, into out: UnsafeMutablePointer<S>) { S._softmaxFisherRootColumn(a, probs: probs, n: n, c: c, into: out) }

@inline(__always)
func softmaxFisherRootColumnBody<S: LensScalar>(_ a: Int, probs: UnsafePointer<S>, n: Int, c: Int,
                                            into out: UnsafeMutablePointer<S>) {
  for r in 0..<n {
    let pr = probs + r * c, or = out + r * c
    let s = pr[a].squareRoot()
    for j in 0..<c { or[j] = -s * pr[j] }
    or[a] += s
  }
}
