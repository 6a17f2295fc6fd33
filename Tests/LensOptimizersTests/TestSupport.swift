import LensEngine
import LensOptimizers

/// f(θ) = ½θᵀAθ − bᵀθ with A symmetric: gradient Aθ − b, Hessian = GGN = A. When the batch
/// carries a [P, P] input tensor, that tensor is A (so batches can have different Hessians).
final class QuadraticObjective: Objective {
  typealias Scalar = Double
  let layout: ParameterLayout
  var work = WorkCounters()
  let a: [Double]
  let b: [Double]

  init(a: [Double], b: [Double], shapes: [[Int]]? = nil) {
    var l = ParameterLayout()
    for (i, s) in (shapes ?? [[b.count]]).enumerated() { l.append(name: "\(i).weight", shape: s, role: .weight, layer: i) }
    precondition(l.count == b.count)
    layout = l; self.a = a; self.b = b
  }

  func matrix(_ batch: Batch<Double>) -> [Double] { batch.inputs.count == b.count * b.count ? batch.inputs.scalars : a }

  func loss(at p: [Double], on batch: Batch<Double>) -> Double {
    work.forward += 1
    return Self.value(matrix(batch), b, p)
  }

  static func value(_ a: [Double], _ b: [Double], _ p: [Double]) -> Double {
    let n = b.count
    var f = 0.0
    for i in 0..<n { for j in 0..<n { f += 0.5 * p[i] * a[i * n + j] * p[j] }; f -= b[i] * p[i] }
    return f
  }

  func linearize(at p: [Double], on batch: Batch<Double>) -> Lin {
    work.forward += 1
    return Lin(self, p, matrix(batch))
  }

  final class Lin: Linearization {
    typealias Scalar = Double
    let o: QuadraticObjective, p: [Double], a: [Double]
    let loss: Double
    init(_ o: QuadraticObjective, _ p: [Double], _ a: [Double]) {
      self.o = o; self.p = p; self.a = a; loss = QuadraticObjective.value(a, o.b, p)
    }
    func mul(_ v: [Double]) -> [Double] {
      let n = v.count
      return (0..<n).map { i in (0..<n).reduce(0) { $0 + a[i * n + $1] * v[$1] } }
    }
    func gradient(into r: inout [Double]) { o.work.backward += 1; r = zip(mul(p), o.b).map { $0 - $1 } }
    func ggnVectorProduct(_ v: [Double], into r: inout [Double]) { o.work.ggnProduct += 1; r = mul(v) }
    func ggnGram(_ vs: [[Double]]) -> [Double] {
      o.work.jvp += vs.count
      return vs.flatMap { vi in vs.map { vj in zip(vi, mul(vj)).reduce(0) { $0 + $1.0 * $1.1 } } }
    }
    func hessianVectorProduct(_ v: [Double], into r: inout [Double]) { o.work.hvp += 1; r = mul(v) }
    func kroneckerStatistics(_ t: CurvatureTargets) -> [KroneckerStatistics<Double>] { [] }
  }
}

func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol * max(1, abs(b)) }
func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-12) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tol) }
}

func ctx(_ t: Int, _ noise: NoiseSource = NoNoise()) -> StepContext { StepContext(step: t, noise: noise) }

/// A small deterministic dataset for engine-backed tests.
func regressionBatch(examples n: Int, inputs d: Int, outputs c: Int, seed: UInt64) -> Batch<Double> {
  var g = SeededGenerator(key: seed)
  let x = (0..<(n * d)).map { _ in g.normal() }
  let y = (0..<(n * c)).map { _ in g.normal() }
  return Batch(inputs: Tensor(shape: [n, d], scalars: x), targets: .values(Tensor(shape: [n, c], scalars: y)))
}

func classificationBatch(examples n: Int, inputs d: Int, classes c: Int, seed: UInt64) -> Batch<Double> {
  var g = SeededGenerator(key: seed)
  let x = (0..<(n * d)).map { _ in g.normal() }
  let y = (0..<n).map { _ in Int32(g.integer(below: c)) }
  return Batch(inputs: Tensor(shape: [n, d], scalars: x), targets: .classes(y))
}

func initialParameters(_ layout: ParameterLayout, seed: UInt64) -> [Double] {
  var g = SeededGenerator(key: seed)
  return (0..<layout.count).map { _ in 0.5 * g.normal() }
}
