import CBLAS
import LensEngine

/// Shampoo as ASDL's `ShampooGradientMaker` runs it for AdaFisher's baselines (research note
/// §7; golden README "Shampoo (ASDL)"), with AF's driver (clip, then PyTorch SGD):
///
/// - Only tensors with ndim > 1 are preconditioned; one statistic per mode of size > 1, started
///   at damping·I (1e-12·I with AF's settings).
/// - Steps k % interval == 0: L_i += G_(i)G_(i)ᵀ (running SUM, ema −1), and the preconditioners
///   are recomputed: P_i = (L_i + rI)^(−1/p), p = 2·ndim, r = damping·λ_max(L_i) by power
///   iteration (tol 1e-6, ≤ 100 iterations). The ridge rI is added INTO L_i (ASDL quirk).
///   Inverse root by the coupled Newton iteration (z = (1+p)/(2‖L‖_F), stop when
///   max|M − I| ≤ 1e-6, after 100 iterations, or when the error grows more than 1.2×).
/// - Every step: G ← G ×₀ P₀ ×₁ P₁ … (tensordot over each mode in turn), then
///   `clip_grad_norm_` over all gradients (coefficient min(1, clip/(‖g‖ + 1e-6))), then SGD
///   heavy-ball momentum with coupled weight decay (buffer = d at the first step).
public struct ShampooConfiguration: OptimizerConfiguration, Hashable {
  public static let optimizerName = "shampoo"
  public static let validKeys = ["lr", "momentum", "damping", "interval", "grad_clip", "weight_decay"]
  public var lr: Double
  public var momentum = 0.9
  public var damping = 1e-12
  public var interval = 1
  public var gradClip: Double?
  public var weightDecay = 0.0

  public init(lr: Double) { self.lr = lr }
  public init(options o: OptionReader) throws {
    guard let lr = try o.optionalDouble("lr") else { throw LensError.badInput("optimizer 'shampoo': option lr is required") }
    self.lr = lr
    momentum = try o.double("momentum", momentum); damping = try o.double("damping", damping)
    interval = try o.int("interval", interval); gradClip = try o.optionalDouble("grad_clip")
    weightDecay = try o.double("weight_decay", weightDecay)
    guard interval >= 1 else { throw LensError.badInput("optimizer 'shampoo': interval must be ≥ 1") }
  }
  public var options: [String: JSONValue] {
    ["lr": .number(lr), "momentum": .number(momentum), "damping": .number(damping), "interval": .number(Double(interval)),
     "grad_clip": gradClip.json, "weight_decay": .number(weightDecay)]
  }
}

/// ASDL/Google Shampoo matrix functions.
public enum ShampooMath {
  /// λ_max by power iteration (ASDL `PowerIter`): tol 1e-6, ≤ 100 iterations. The start vector
  /// is fixed (ASDL's is random; it only scales the tiny ridge). One `dgemv` per iteration.
  public static func powerIteration(_ m: Matrix, tolerance: Double = 1e-6, iterations: Int = 100) -> Double {
    let n = m.rows
    var v = (0..<n).map { i in 1 + 0.5 * Double((i * 7919) % 13) / 13 }
    var mv = [Double](repeating: 0, count: n)
    var error = 1.0, s = 0.0, it = 0
    while error > tolerance && it < iterations {
      let nv = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      for i in 0..<n { v[i] /= nv }
      // Symmetric: vᵀM = (Mv)ᵀ.
      m.data.withUnsafeBufferPointer { a in
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(n), 1, a.baseAddress, Int32(n), v, 1, 0, &mv, 1)
      }
      let sv = zip(v, mv).reduce(0) { $0 + $1.0 * $1.1 }
      error = abs(sv - s)
      swap(&v, &mv); s = sv; it += 1
    }
    return s
  }

  /// M^p for p a power of two by repeated squaring, otherwise by binary powering (ASDL `MatPower`).
  public static func matPower(_ m: Matrix, _ p: Int) -> Matrix { asdlPower(m, p, *) }

  /// xᵖ with ASDL `MatPower`'s order of multiplications (repeated squaring for p ∈ {1, 2, 4, …,
  /// 32}, binary powering otherwise), for matrices and for their eigenvalues alike.
  static func asdlPower<T>(_ x: T, _ p: Int, _ times: (T, T) -> T) -> T {
    if [1, 2, 4, 8, 16, 32].contains(p) {
      var res = x, done = 1
      while done < p { res = times(res, res); done *= 2 }
      return res
    }
    var power: T?, base = x, q = p
    while q > 0 {
      if q % 2 == 1 { power = power.map { times(base, $0) } ?? base }
      q /= 2
      base = times(base, base)
    }
    return power!
  }

  /// (L + rI)^(−1/p) by ASDL's coupled Newton iteration (`ComputePower`), run on L's
  /// eigenvalues (`SpectralInverseRoot`: one `dsyevd` instead of four n×n products per
  /// iteration; same stopping decisions); adds the ridge r = ridgeEpsilon·λ_max(L) into `L` in
  /// place. Falls back to the matrix iteration if the eigendecomposition fails. Runs on one BLAS
  /// thread (`dsyevd`'s bits depend on the thread count).
  public static func inverseRoot(_ L: inout Matrix, p: Int, ridgeEpsilon: Double, iterations: Int = 100, tolerance: Double = 1e-6) -> Matrix {
    withSingleThreadedBLAS { spectralInverseRoot(&L, p: p, ridgeEpsilon: ridgeEpsilon, iterations: iterations, tolerance: tolerance) }
  }

  static func spectralInverseRoot(_ L: inout Matrix, p: Int, ridgeEpsilon: Double, iterations: Int, tolerance: Double) -> Matrix {
    let n = L.rows
    if n == 1 { return Matrix.identity(n) }
    let maxEV = powerIteration(L)
    L = L.addingDiagonal(ridgeEpsilon * maxEV)
    let z = (1 + Double(p)) / (2 * L.frobeniusNorm)
    guard var spectral = try? SpectralInverseRoot(L) else {
      return newtonIteration(L, p: p, z: z, iterations: iterations, tolerance: tolerance)
    }
    return spectral.run(p: p, z: z, iterations: iterations, tolerance: tolerance)
  }

  /// The same as `inverseRoot` with ASDL's matrix iteration itself (four n×n products per
  /// iteration): the oracle the spectral form is tested against.
  public static func inverseRootNewton(_ L: inout Matrix, p: Int, ridgeEpsilon: Double, iterations: Int = 100, tolerance: Double = 1e-6) -> Matrix {
    let n = L.rows
    if n == 1 { return Matrix.identity(n) }
    let maxEV = powerIteration(L)
    L = L.addingDiagonal(ridgeEpsilon * maxEV)
    let z = (1 + Double(p)) / (2 * L.frobeniusNorm)
    return newtonIteration(L, p: p, z: z, iterations: iterations, tolerance: tolerance)
  }

  /// ASDL `ComputePower` on a ridged L: root₀ = z^{1/p} I, M₀ = zL; tmp = (1−α)I + αM,
  /// root ← root·tmp, M ← tmp^p·M (α = −1/p) while max|M − I| > tolerance, at most
  /// `iterations` times, stopping early (keeping the last root) when the error grows > 1.2×.
  static func newtonIteration(_ L: Matrix, p: Int, z: Double, iterations: Int, tolerance: Double) -> Matrix {
    let n = L.rows
    let identity = Matrix.identity(n)
    let alpha = -1.0 / Double(p)
    var root = Matrix.identity(n, scale: Foundation_pow(z, 1 / Double(p)))
    var mm = z * L
    var error = maxAbsDiffFromIdentity(mm)
    var count = 0
    while error > tolerance && count < iterations {
      let tmp = ((1 - alpha) * identity) + (alpha * mm)
      let newRoot = root * tmp
      mm = matPower(tmp, p) * mm
      let newError = maxAbsDiffFromIdentity(mm)
      if newError > error * 1.2 { break }
      root = newRoot
      error = newError
      count += 1
    }
    return root
  }

  public static func maxAbsDiffFromIdentity(_ m: Matrix) -> Double {
    var e = 0.0
    for i in 0..<m.rows { for j in 0..<m.cols { e = max(e, abs(m[i, j] - (i == j ? 1 : 0))) } }
    return e
  }

  static func Foundation_pow(_ x: Double, _ y: Double) -> Double { Double.pow(x, y) }

  /// The mode-i unfolding [d_i, rest] of a row-major tensor.
  public static func unfold(_ t: [Double], shape: [Int], mode: Int) -> Matrix {
    let di = shape[mode]
    let inner = shape[(mode + 1)...].reduce(1, *), outer = shape[..<mode].reduce(1, *)
    var m = Matrix(zeros: di, outer * inner)
    for o in 0..<outer { for a in 0..<di { for r in 0..<inner {
      m[a, o * inner + r] = t[(o * di + a) * inner + r]
    } } }
    return m
  }

  /// G ×₀ P₀ ×₁ P₁ …: `tensordot(G, P_j, [[0],[0]])` for each mode in turn (nil = identity):
  /// the [d₀, rest] unfolding X becomes XᵀP ([rest, d₀], one `dgemm` with Xᵀ by flag).
  public static func precondition(_ t: [Double], shape: [Int], _ ps: [Matrix?]) -> [Double] {
    var cur = t, next = [Double](repeating: 0, count: t.count), curShape = shape
    for p in ps {
      let d0 = curShape[0], rest = d0 == 0 ? 0 : cur.count / d0
      if let p, d0 > 0, rest > 0 {
        cur.withUnsafeBufferPointer { x in
          p.data.withUnsafeBufferPointer { pp in
            next.withUnsafeMutableBufferPointer { y in
              cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(rest), Int32(d0), Int32(d0), 1,
                          x.baseAddress, Int32(rest), pp.baseAddress, Int32(d0), 0, y.baseAddress, Int32(d0))
            }
          }
        }
      } else {
        for a in 0..<d0 { for r in 0..<rest { next[r * d0 + a] = cur[a * rest + r] } }
      }
      swap(&cur, &next)
      curShape = Array(curShape.dropFirst()) + [d0]
    }
    return cur
  }
}

public final class Shampoo<Scalar: LensScalar>: Optimizer, LearningRateScalable {
  public let configuration: ShampooConfiguration
  public var name: String { ShampooConfiguration.optimizerName }
  public var learningRateScale = 1.0
  private var statistics: [Int: [Matrix?]] = [:]
  private var preconditioners: [Int: [Matrix?]] = [:]
  private var buffer: [Scalar] = []

  public init(_ configuration: ShampooConfiguration) { self.configuration = configuration }

  @_specialize(where Scalar == Float, O == NetworkObjective<Float>)
  @_specialize(where Scalar == Double, O == NetworkObjective<Double>)
  public func step<O: Objective>(parameters: inout [Scalar], objective: O, batch: Batch<Scalar>,
                                 context: StepContext) throws -> StepRecord where O.Scalar == Scalar {
    let c = configuration
    let lin = objective.linearize(at: parameters, on: batch)
    var g = Vec.gradient(lin, count: parameters.count)
    let refresh = context.step % c.interval == 0
    for (ti, tensor) in objective.layout.tensors.enumerated() where tensor.shape.count > 1 {
      let gt = tensor.range.map { Double(g[$0]) }
      let rank = tensor.shape.count
      if statistics[ti] == nil {
        statistics[ti] = tensor.shape.map { $0 > 1 ? Matrix.identity($0, scale: c.damping) : nil }
        preconditioners[ti] = tensor.shape.map { $0 > 1 ? Matrix.identity($0) : nil }
      }
      if refresh {
        for mode in 0..<rank where tensor.shape[mode] > 1 {
          let u = ShampooMath.unfold(gt, shape: tensor.shape, mode: mode)
          var L = statistics[ti]![mode]! + u * u.transposed
          preconditioners[ti]![mode] = ShampooMath.inverseRoot(&L, p: 2 * rank, ridgeEpsilon: c.damping)
          statistics[ti]![mode] = L
          objective.work.factorInversions += 1
        }
      }
      let pg = ShampooMath.precondition(gt, shape: tensor.shape, preconditioners[ti]!)
      for (k, i) in tensor.range.enumerated() { g[i] = Scalar(pg[k]) }
    }
    let lr = Scalar(c.lr * learningRateScale)
    let notes = ASDLOuterLoop.step(parameters: &parameters, gradient: &g, buffer: &buffer, clip: c.gradClip,
                                   weightDecay: c.weightDecay, momentum: c.momentum, lr: lr)
    return StepRecord(step: context.step, loss: Double(lin.loss), learningRate: Double(lr), damping: c.damping,
                      momentum: c.momentum, notes: notes)
  }
}
