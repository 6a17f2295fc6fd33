import Testing
import LensEngine

/// `LanczosSweep` against a dense symmetric matrix in Double: the basis is orthonormal, T equals
/// QᵀAQ entry by entry, a full sweep (k = P) keeps A's trace and Frobenius norm (T is then
/// orthogonally similar to A), and the process stops at an invariant subspace.
@Suite struct LanczosTests {
  static func randomSymmetric(_ p: Int, _ g: inout SeededGenerator) -> [Double] {
    var a = [Double](repeating: 0, count: p * p)
    for i in 0..<p { for j in i..<p { let v = g.normal(); a[i * p + j] = v; a[j * p + i] = v } }
    return a
  }

  static func apply(_ a: [Double], _ p: Int) -> ([Double], inout [Double]) -> Void {
    { v, w in for i in 0..<p { var s = 0.0; for j in 0..<p { s += a[i * p + j] * v[j] }; w[i] = s } }
  }

  @Test func basisIsOrthonormalAndTIsTheProjection() {
    var g = SeededGenerator(key: 75)
    let p = 40, k = 12
    let a = Self.randomSymmetric(p, &g)
    let sweep = LanczosSweep(start: Oracle.normals(p, &g), steps: k, apply: Self.apply(a, p))
    #expect(sweep.steps == k && sweep.betas.count == k - 1)
    var worst = 0.0
    for i in 0..<k {
      let qi = Array(sweep.vector(i))
      var aqi = [Double](repeating: 0, count: p)
      Self.apply(a, p)(qi, &aqi)
      for j in 0..<k {
        let qj = Array(sweep.vector(j))
        let gram = zip(qi, qj).reduce(0) { $0 + $1.0 * $1.1 }
        worst = max(worst, abs(gram - (i == j ? 1 : 0)))
        let tij = i == j ? sweep.alphas[i] : (abs(i - j) == 1 ? sweep.betas[min(i, j)] : 0)
        let projected = zip(qj, aqi).reduce(0) { $0 + $1.0 * $1.1 }
        worst = max(worst, abs(projected - tij))
      }
    }
    #expect(worst <= 1e-12, "largest deviation \(worst)")
  }

  @Test func fullSweepKeepsTraceAndNorm() {
    var g = SeededGenerator(key: 76)
    let p = 16
    let a = Self.randomSymmetric(p, &g)
    let sweep = LanczosSweep(start: Oracle.normals(p, &g), steps: p, apply: Self.apply(a, p))
    #expect(sweep.steps == p)
    let trace = (0..<p).reduce(0.0) { $0 + a[$1 * p + $1] }
    let norm2 = a.reduce(0.0) { $0 + $1 * $1 }
    let tTrace = sweep.alphas.reduce(0, +)
    let tNorm2 = sweep.alphas.reduce(0.0) { $0 + $1 * $1 } + 2 * sweep.betas.reduce(0.0) { $0 + $1 * $1 }
    #expect(abs(tTrace - trace) <= 1e-10 * max(1, abs(trace)))
    #expect(abs(tNorm2 - norm2) <= 1e-10 * norm2)
    // Ritz combination: Q e₀ is q₀.
    var out: [Double] = []
    sweep.combination([1] + [Double](repeating: 0, count: p - 1), into: &out)
    #expect(out == Array(sweep.vector(0)))
  }

  @Test func stopsAtAnInvariantSubspace() {
    // A = diag(2, 2, 2, 5, 5): from a start in span(e₀, e₃) the Krylov space has dimension 2.
    let p = 5
    var a = [Double](repeating: 0, count: p * p)
    for (i, d) in [2.0, 2, 2, 5, 5].enumerated() { a[i * p + i] = d }
    let sweep = LanczosSweep(start: [1, 0, 0, 1, 0], steps: 4, apply: Self.apply(a, p))
    #expect(sweep.steps == 2)
    #expect(sweep.alphas.map { ($0 * 1e9).rounded() / 1e9 } == [3.5, 3.5])
  }
}
