import Testing
import CBLAS
import LensEngine
@testable import LensOptimizers

/// The BLAS/LAPACK forms of the curvature kernels against direct formulas: Cholesky solves
/// against explicit inverses, the float32 and float64 Kronecker factors against the defining
/// sums, the spectral Shampoo root against ASDL's matrix iteration, and the optimizer benchmark's
/// work counters.
@Suite struct FastCurvatureTests {
  func spd(_ n: Int, seed: UInt64) -> Matrix {
    var g = SeededGenerator(key: seed)
    let x = Matrix(rows: n, cols: n + 3, data: (0..<(n * (n + 3))).map { _ in g.normal() })
    return (x * x.transposed).addingDiagonal(0.5)
  }

  /// X S⁻¹ (rows) and S⁻¹ X (columns) by two triangular solves equal the products with the
  /// explicit `dpotri` inverse; a stale strict lower triangle is never read; scale and shift
  /// factor scale·S + shift·I.
  @Test func choleskySolvesMatchExplicitInverse() throws {
    let n = 7
    let s = spd(n, seed: 3)
    var g = SeededGenerator(key: 4)
    let x = Matrix(rows: 3, cols: n, data: (0..<(3 * n)).map { _ in g.normal() })
    let y = Matrix(rows: n, cols: 2, data: (0..<(2 * n)).map { _ in g.normal() })
    var stale = s
    for i in 0..<n { for j in 0..<i { stale[i, j] = 1e6 } }
    var f = CholeskyFactor()
    try f.refactor(stale, scale: 2, shift: 0.25)
    let inv = try (2 * s).addingDiagonal(0.25).choleskyInverse()
    var xr = x
    xr.data.withUnsafeMutableBufferPointer { f.solveRows($0.baseAddress!, rows: 3, ld: n) }
    #expect(close(xr.data, (x * inv).data, 1e-12))
    var yc = y
    yc.data.withUnsafeMutableBufferPointer { f.solveColumns($0.baseAddress!, cols: 2, ld: 2) }
    #expect(close(yc.data, (inv * y).data, 1e-12))
    #expect(throws: LensError.self) { try f.refactor(Matrix(rows: 2, cols: 2, data: [1, 2, 2, 1])) }
  }

  /// A = β·A + mean āāᵀ with ā = [a; 1] and G = β·G + Σ ġġᵀ/B, from Float statistics (ssyrk)
  /// and from Double statistics (dsyrk), against the sums written out.
  @Test func kroneckerFactorsMatchDefiningSums() throws {
    let rows = 9, inW = 5, outW = 3, examples = 9
    var g = SeededGenerator(key: 8)
    let x = (0..<(rows * inW)).map { _ in g.normal() }, gy = (0..<(rows * outW)).map { _ in g.normal() }
    var layout = ParameterLayout()
    layout.append(name: "0.weight", shape: [outW, inW], role: .weight, layer: 0)
    layout.append(name: "0.bias", shape: [outW], role: .bias, layer: 0)
    func stats<S: LensScalar>(_: S.Type) -> KroneckerStatistics<S> {
      KroneckerStatistics(layer: 0, kind: .linear(inputs: inW, outputs: outW), weightTensor: 0, biasTensor: 1,
                          examples: examples, inputs: Tensor(shape: [rows, inW], scalars: x.map { S($0) }),
                          outputGradients: Tensor(shape: [rows, outW], scalars: gy.map { S($0) }))
    }
    let beta = 0.95
    var prevA = Matrix(zeros: inW + 1, inW + 1), prevG = Matrix(zeros: outW, outW)
    for i in prevA.data.indices { prevA.data[i] = Double(i % 7) }
    for i in prevG.data.indices { prevG.data[i] = Double(i % 5) }
    var expectA = prevA, expectG = prevG
    for i in 0...inW {
      for j in i...inW {
        var s = 0.0
        for r in 0..<rows { s += (i == inW ? 1 : x[r * inW + i]) * (j == inW ? 1 : x[r * inW + j]) }
        expectA[i, j] = beta * prevA[i, j] + s / Double(rows)
      }
    }
    for i in 0..<outW {
      for j in i..<outW {
        var s = 0.0
        for r in 0..<rows { s += gy[r * outW + i] * gy[r * outW + j] }
        expectG[i, j] = beta * prevG[i, j] + s / Double(examples)
      }
    }
    func upper(_ m: Matrix) -> [Double] { (0..<m.rows).flatMap { i in (i..<m.cols).map { m[i, $0] } } }
    func check<S: LensScalar>(_ type: S.Type, tol: Double) throws {
      let s = stats(type)
      let block = try KroneckerBlock.make(s, layout: layout, biasColumn: true)
      #expect(block.dimA == inW + 1 && block.dimG == outW)
      var scratch = GramScratch<S>()
      var A = prevA, G = prevG
      block.accumulateA(s, into: &A, beta: beta, scratch: &scratch)
      block.accumulateG(s, into: &G, beta: beta, scratch: &scratch)
      #expect(close(upper(A), upper(expectA), tol))
      #expect(close(upper(G), upper(expectG), tol))
      // The strict lower triangle is left alone.
      #expect(A[1, 0] == prevA[1, 0] && G[2, 1] == prevG[2, 1])
    }
    try check(Double.self, tol: 1e-13)
    try check(Float.self, tol: 1e-5)
  }

  /// The spectral form of ASDL's coupled Newton iteration returns the matrix iteration's root
  /// on a well-conditioned statistic (to 1e-8) and on a rank-deficient one, where the iteration
  /// runs long (to 1e-3: there the matrix iteration's own rounding, eps·‖M‖, is a relative error
  /// of order 1e-4 on the near-null eigenvalues ~1e-12·‖L‖ it has to grow); the ridge is added
  /// into L the same way.
  @Test func spectralInverseRootMatchesMatrixIteration() throws {
    var g = SeededGenerator(key: 21)
    for (n, rank, tol) in [(12, 3, 1e-3), (9, 9, 1e-8)] {
      let x = Matrix(rows: n, cols: rank, data: (0..<(n * rank)).map { _ in g.normal() })
      let L0 = (x * x.transposed).addingDiagonal(1e-12)
      var a = L0, b = L0
      let fast = ShampooMath.inverseRoot(&a, p: 4, ridgeEpsilon: 1e-12)
      let slow = ShampooMath.inverseRootNewton(&b, p: 4, ridgeEpsilon: 1e-12)
      #expect(a == b)
      let scale = slow.data.map(abs).max()!
      let diff = zip(fast.data, slow.data).map { abs($0 - $1) }.max()!
      #expect(diff <= tol * scale, "n \(n) rank \(rank): max difference \(diff) of \(scale)")
    }
  }

  /// The bracket lo ≤ max|Q diag(d) Qᵀ| ≤ hi holds and the exact form agrees with the product.
  @Test func spectralErrorBracket() throws {
    let s = spd(6, seed: 5)
    var root = try SpectralInverseRoot(s)
    var g = SeededGenerator(key: 6)
    let d = (0..<6).map { _ in g.normal() }
    var qd = root.vectors
    for i in 0..<6 { for k in 0..<6 { qd[i, k] *= d[k] } }
    let e = qd * root.vectors.transposed
    let exact = e.data.map(abs).max()!
    let (lo, hi) = root.bracket(d)
    #expect(lo <= exact && exact <= hi)
    #expect(close(root.exactError(d), exact, 1e-12))
  }

  /// The optimizer benchmark runs K-FAC on the Fig 1a MLP and counts one step's work: the
  /// linearising forward and the ρ forward, the gradient and statistics backward passes, two
  /// JVPs for the quadratic model (one on the first step), and three factorisations (A of the
  /// 8-50 layer with its 50×50 G, and the exact 1×1-G block of the output layer).
  @Test func optimizerBenchmarkCountsKFACWork() throws {
    let w = OptimizerBenchmark.workloads.first { $0.id == "K1" }!
    let r = try OptimizerBenchmark.run(w, minSeconds: 0, minSteps: 4, maxSteps: 4)
    #expect(r.steps == 4)
    #expect(r.millisecondsPerStep > 0 && r.millisecondsPerStep.isFinite)
    #expect(r.work.forward == 8 && r.work.backward == 8 && r.work.jvp == 8 && r.work.factorInversions == 12)
    #expect(r.work.examples == 4 * 2 * 50)
  }

  /// The factor statistics (ssyrk), the Cholesky factorisation, the solves and Shampoo's inverse
  /// root give the same bits with one and with two BLAS threads (OpenBLAS's threaded syrk and
  /// potrf alone do not: `withSingleThreadedBLAS`).
  @Test func factorsAndSolvesIndependentOfThreadCount() throws {
    let rows = 300, width = 257
    var g = SeededGenerator(key: 31)
    let x = (0..<(rows * width)).map { _ in Float(g.normal()) }
    let rhs = (0..<(10 * (width + 1))).map { _ in g.normal() }
    var layout = ParameterLayout()
    layout.append(name: "0.weight", shape: [10, width], role: .weight, layer: 0)
    layout.append(name: "0.bias", shape: [10], role: .bias, layer: 0)
    let s = KroneckerStatistics<Float>(layer: 0, kind: .linear(inputs: width, outputs: 10), weightTensor: 0, biasTensor: 1,
                                       examples: rows, inputs: Tensor(shape: [rows, width], scalars: x),
                                       outputGradients: Tensor(shape: [rows, 10], scalars: Array(x[0..<(rows * 10)])))
    let block = try KroneckerBlock.make(s, layout: layout, biasColumn: true)
    func run(threads: Int) throws -> [Double] {
      setBLASThreads(threads)
      var scratch = GramScratch<Float>()
      var A = Matrix(zeros: width + 1, width + 1)
      block.accumulateA(s, into: &A, beta: 0.95, scratch: &scratch)
      var f = CholeskyFactor()
      try f.refactor(A, scale: 1, shift: 1e-3)
      var m = rhs
      m.withUnsafeMutableBufferPointer { f.solveRows($0.baseAddress!, rows: 10, ld: width + 1) }
      var full = A
      for i in 0...width { for j in 0..<i { full[i, j] = full[j, i] } }
      let root = ShampooMath.inverseRoot(&full, p: 4, ridgeEpsilon: 1e-12)
      return A.data + f.data + m + root.data
    }
    let previous = Int(openblas_get_num_threads())
    defer { setBLASThreads(previous) }
    let one = try run(threads: 1), two = try run(threads: 2)
    let nA = (width + 1) * (width + 1)
    let parts = [("A", 0..<nA), ("factor", nA..<(2 * nA)), ("solve", (2 * nA)..<(2 * nA + rhs.count)),
                 ("inverse root", (2 * nA + rhs.count)..<one.count)]
    for (name, range) in parts {
      let differ = range.filter { one[$0] != two[$0] }.count
      #expect(differ == 0, "\(name): \(differ) of \(range.count) entries differ between 1 and 2 BLAS threads")
    }
  }
}
