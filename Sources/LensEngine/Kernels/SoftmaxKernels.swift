/// Row-wise softmax of a `[rows, cols]` block: y = exp(x − max x) / Σ exp(x − max x).
@inline(__always)
func softmaxRows<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, rows: Int, cols: Int) { S._softmaxRows(x, y, rows: rows, cols: cols) }

@inline(__always)
func softmaxRowsBody<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
  for r in 0..<rows {
    let xr = x + r * cols, yr = y + r * cols
    var m = xr[0]
    for j in 1..<max(cols, 1) where xr[j] > m { m = xr[j] }
    var s: S = 0
    for j in 0..<cols { let e = S.exp(xr[j] - m); yr[j] = e; s += e }
    let inv = 1 / s
    for j in 0..<cols { yr[j] *= inv }
  }
}

/// Per row, `out ← y ⊙ (g − ⟨y, g⟩)`: the softmax Jacobian (symmetric) applied to g.
@inline(__always)
func softmaxJacobianProduct<S: LensScalar>(_ y: UnsafePointer<S>, _ g: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, rows: Int, cols: Int) { S._softmaxJacobianProduct(y, g, out, rows: rows, cols: cols) }

@inline(__always)
func softmaxJacobianProductBody<S: LensScalar>(_ y: UnsafePointer<S>, _ g: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
                                           rows: Int, cols: Int) {
  for r in 0..<rows {
    let yr = y + r * cols, gr = g + r * cols, or = out + r * cols
    var d: S = 0
    for j in 0..<cols { d += yr[j] * gr[j] }
    for j in 0..<cols { or[j] = yr[j] * (gr[j] - d) }
  }
}

/// Per row, the R-backprop step through softmax (J = diag(y) − yyᵀ, J̇ = diag(ẏ) − ẏyᵀ − yẏᵀ):
/// `ġ ← J ġ + J̇ g`, then `g ← J g`, in place.
@inline(__always)
func softmaxSecondOrderBackward<S: LensScalar>(_ y: UnsafePointer<S>, _ ydot: UnsafePointer<S>, g: UnsafeMutablePointer<S>, gdot: UnsafeMutablePointer<S>, rows: Int, cols: Int) { S._softmaxSecondOrderBackward(y, ydot, g: g, gdot: gdot, rows: rows, cols: cols) }

@inline(__always)
func softmaxSecondOrderBackwardBody<S: LensScalar>(_ y: UnsafePointer<S>, _ ydot: UnsafePointer<S>,
                                               g: UnsafeMutablePointer<S>, gdot: UnsafeMutablePointer<S>,
                                               rows: Int, cols: Int) {
  for r in 0..<rows {
    let yr = y + r * cols, ydr = ydot + r * cols, gr = g + r * cols, gdr = gdot + r * cols
    var yg: S = 0, ygd: S = 0, ydg: S = 0
    for j in 0..<cols { yg += yr[j] * gr[j]; ygd += yr[j] * gdr[j]; ydg += ydr[j] * gr[j] }
    for j in 0..<cols {
      gdr[j] = yr[j] * (gdr[j] - ygd) + ydr[j] * (gr[j] - yg) - yr[j] * ydg
      gr[j] = yr[j] * (gr[j] - yg)
    }
  }
}
