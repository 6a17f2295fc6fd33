/// The Adam state the benchmark steps carry (optax `adam` defaults: β₁ 0.9, β₂ 0.999,
/// ε 1e-8): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², d = m̂/(√v̂ + ε). The real optimizers live
/// in LensOptimizers; this is only the benchmark's update.
struct BenchAdam {
  var m: [Float], v: [Float], t = 0
  let beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8

  init(count: Int) { m = [Float](repeating: 0, count: count); v = m }

  /// Advances the moments with gradient (or curvature-scaled statistic) `g` and writes the
  /// direction d = m̂/(√v̂ + ε) to `d`.
  mutating func direction(_ g: [Float], second: [Float]? = nil, into d: inout [Float]) {
    t += 1
    let c1 = 1 / (1 - Float.pow(beta1, t)), c2 = 1 / (1 - Float.pow(beta2, t))
    let (b1, b2, e) = (beta1, beta2, eps)
    let s = second ?? g
    m.withUnsafeMutableBufferPointer { m in
      v.withUnsafeMutableBufferPointer { v in
        d.withUnsafeMutableBufferPointer { d in
          g.withUnsafeBufferPointer { g in
            s.withUnsafeBufferPointer { s in
              for i in 0..<m.count {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * s[i] * s[i]
                d[i] = (m[i] * c1) / ((v[i] * c2).squareRoot() + e)
              }
            }
          }
        }
      }
    }
  }
}

/// θ ← θ + α·d.
func benchAxpy(_ alpha: Float, _ d: [Float], _ theta: inout [Float]) {
  d.withUnsafeBufferPointer { dp in
    theta.withUnsafeMutableBufferPointer { tp in Float.axpy(n: tp.count, alpha: alpha, x: dp.baseAddress!, y: tp.baseAddress!) }
  }
}

func benchDot(_ a: [Float], _ b: [Float]) -> Float {
  a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in Float.dot(n: ap.count, x: ap.baseAddress!, y: bp.baseAddress!) } }
}
