/// `out[j] ← β·out[j] + α·Σᵢ x[i, j]` over a `[rows, cols]` row-major block (bias gradients).
@inline(__always)
func columnSums<S: LensScalar>(_ x: UnsafePointer<S>, rows: Int, cols: Int, alpha: S, beta: S, into out: UnsafeMutablePointer<S>) { S._columnSums(x, rows: rows, cols: cols, alpha: alpha, beta: beta, into: out) }

@inline(__always)
func columnSumsBody<S: LensScalar>(_ x: UnsafePointer<S>, rows: Int, cols: Int, alpha: S, beta: S,
                               into out: UnsafeMutablePointer<S>) {
  if beta == 0 { out.update(repeating: 0, count: cols) } else if beta != 1 { for j in 0..<cols { out[j] *= beta } }
  // Accumulate rows in blocks of four to keep the adds independent.
  var r = 0
  while r + 4 <= rows {
    let a = x + r * cols, b = a + cols, c = b + cols, d = c + cols
    for j in 0..<cols { out[j] += alpha * ((a[j] + b[j]) + (c[j] + d[j])) }
    r += 4
  }
  while r < rows { let a = x + r * cols; for j in 0..<cols { out[j] += alpha * a[j] }; r += 1 }
}

/// `x[i, j] += v[j]` over a `[rows, cols]` row-major block.
@inline(__always)
func addRowVector<S: LensScalar>(_ x: UnsafeMutablePointer<S>, rows: Int, cols: Int, _ v: UnsafePointer<S>) { S._addRowVector(x, rows: rows, cols: cols, v) }

@inline(__always)
func addRowVectorBody<S: LensScalar>(_ x: UnsafeMutablePointer<S>, rows: Int, cols: Int, _ v: UnsafePointer<S>) {
  for r in 0..<rows { let row = x + r * cols; for j in 0..<cols { row[j] += v[j] } }
}

/// `y[i] ← α·x[i]` (x and y may alias).
@inline(__always)
func scaleCopy<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count n: Int, alpha: S) { S._scaleCopy(x, y, count: n, alpha: alpha) }

@inline(__always)
func scaleCopyBody<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, count n: Int, alpha: S) {
  for i in 0..<n { y[i] = alpha * x[i] }
}

/// `x[i, :] ← v` for every row of a `[rows, cols]` block (bias broadcast before a β = 1 GEMM).
@inline(__always)
func broadcastRows<S: LensScalar>(_ v: UnsafePointer<S>, into x: UnsafeMutablePointer<S>, rows: Int, cols: Int) { S._broadcastRows(v, into: x, rows: rows, cols: cols) }

@inline(__always)
func broadcastRowsBody<S: LensScalar>(_ v: UnsafePointer<S>, into x: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
  for r in 0..<rows { (x + r * cols).update(from: v, count: cols) }
}

/// `x[i, :] ← v[i]` for every row of a `[rows, cols]` block (a convolution's bias broadcast
/// over one example's channel-major output before a β = 1 GEMM).
@inline(__always)
func broadcastColumns<S: LensScalar>(_ v: UnsafePointer<S>, into x: UnsafeMutablePointer<S>, rows: Int, cols: Int) { S._broadcastColumns(v, into: x, rows: rows, cols: cols) }

@inline(__always)
func broadcastColumnsBody<S: LensScalar>(_ v: UnsafePointer<S>, into x: UnsafeMutablePointer<S>, rows: Int, cols: Int) {
  for r in 0..<rows { (x + r * cols).update(repeating: v[r], count: cols) }
}
