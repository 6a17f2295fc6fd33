import Testing
import LensEngine

/// The engine's fixed batch chunks (`BatchSplit`): batches large enough to be split give
/// (1) the same bits with 1, 2 and 3 engine workers and 1 or 2 BLAS threads, and (2) the batch mean of the
/// sub-batch results (each sub-batch small enough to be one chunk), for every derivative.
@Suite(.serialized) struct BatchSplitTests {
  /// Networks whose layers are split into several chunks at the batch sizes used below:
  /// dense layers of ≥ 16 MFLOP per product on ≥ 128 rows, convolutions of ≥ 16 MFLOP.
  static func cases() throws -> [(name: String, arch: (inputShape: [Int], layers: [LayerSpec]), loss: LossFunction, n: Int)] {
    [("mlp-tanh-sigmoid", ([64], [.linear(256), .tanh, .linear(256), .activation(.sigmoid), .linear(10)]),
      .softmaxCrossEntropy, 512),
     ("mlp-relu-mse", ([64], [.linear(256), .relu, .linear(256), .relu, .linear(3)]), .mseHalf, 512),
     ("cnn-tanh-relu", ([3, 16, 16], [.conv(8), .tanh, .conv(24), .relu, .maxPool(2), .flatten, .linear(10)]),
      .softmaxCrossEntropy, 64)]
  }

  /// Every derivative of one linearisation, concatenated.
  static func derivatives<S: LensScalar>(_ obj: NetworkObjective<S>, _ theta: [S], _ v: [S], _ batch: Batch<S>) -> [S] {
    let lin = obj.linearize(at: theta, on: batch)
    var out: [S] = [lin.loss]
    out += lin.gradient()
    out += lin.outputJVP(v).scalars
    var r: [S] = []
    lin.ggnVectorProduct(v, into: &r); out += r
    lin.hessianVectorProduct(v, into: &r); out += r
    var g: [S] = []
    lin.gradientAndHessianVectorProduct(v, gradient: &g, hessianVectorProduct: &r); out += g + r
    out.append(obj.loss(at: theta, on: batch))
    return out
  }

  @Test func resultsDoNotDependOnTheWorkerOrBLASThreadCount() throws {
    let (savedWorkers, savedThreads) = (engineWorkerCount, Provenance.current().blasThreads)
    defer { setEngineWorkers(savedWorkers); setBLASThreads(savedThreads) }
    for c in try Self.cases() {
      let net = try Network<Float>(inputShape: c.arch.inputShape, layers: c.arch.layers)
      let obj = NetworkObjective(network: net, loss: c.loss)
      var g = SeededGenerator(key: 71)
      let theta = (0..<net.parameterCount).map { _ in Float(0.2 * g.normal()) }
      let v = (0..<net.parameterCount).map { _ in Float(g.normal()) }
      let x = Tensor(shape: [c.n] + c.arch.inputShape, scalars: (0..<(c.n * net.inputWidth)).map { _ in Float(g.normal()) })
      let batch: Batch<Float> = c.loss == .softmaxCrossEntropy
        ? Batch(inputs: x, targets: .classes((0..<c.n).map { _ in Int32(g.integer(below: net.outputWidth)) }))
        : Batch(inputs: x, targets: .values(Tensor(shape: [c.n, net.outputWidth],
                                                   scalars: (0..<(c.n * net.outputWidth)).map { _ in Float(g.normal()) })))
      var results: [[UInt32]] = []
      let settings = [(1, 1), (2, 2), (3, 1), (1, 2)]
      for (workers, threads) in settings {
        setEngineWorkers(workers)
        setBLASThreads(threads)
        results.append(Self.derivatives(obj, theta, v, batch).map(\.bitPattern))
      }
      for (s, r) in zip(settings, results).dropFirst() {
        // (First difference only: a failing comparison of whole arrays would diff them.)
        let first = r.count == results[0].count ? r.indices.first { r[$0] != results[0][$0] } : 0
        #expect(r.count == results[0].count && first == nil,
                "\(c.name): \(s.0) workers, \(s.1) BLAS threads differ from 1, 1 first at \(first ?? -1)")
      }
    }
  }

  @Test func chunkedBatchEqualsTheMeanOfSubBatches() throws {
    for c in try Self.cases() {
      let net = try Network<Double>(inputShape: c.arch.inputShape, layers: c.arch.layers)
      let obj = NetworkObjective(network: net, loss: c.loss)
      var g = SeededGenerator(key: 72)
      let theta = Oracle.normals(net.parameterCount, &g, scale: 0.2)
      let v = Oracle.normals(net.parameterCount, &g)
      let batch = Oracle.batch(net, c.loss, n: c.n, &g)
      let whole = Self.derivatives(obj, theta, v, batch)
      // Sub-batches of n/8 examples, each one chunk; batch means are example-weighted means.
      let parts = 8, m = c.n / parts, width = net.inputWidth, outs = net.outputWidth
      var mean = [Double](repeating: 0, count: whole.count)
      for s in 0..<parts {
        let rows = (s * m)..<((s + 1) * m)
        let x = Tensor(shape: [m] + c.arch.inputShape,
                       scalars: Array(batch.inputs.scalars[(rows.lowerBound * width)..<(rows.upperBound * width)]))
        let sub: Batch<Double>
        switch batch.targets {
        case .classes(let y): sub = Batch(inputs: x, targets: .classes(Array(y[rows])))
        case .values(let t):
          sub = Batch(inputs: x, targets: .values(Tensor(shape: [m, outs],
                                                         scalars: Array(t.scalars[(rows.lowerBound * outs)..<(rows.upperBound * outs)]))))
        case .none: Issue.record("targets needed"); return
        }
        let d = Self.derivatives(obj, theta, v, sub)
        // Layout of `derivatives`: loss, gradient, JVP rows (per example, not averaged), GGN,
        // HVP, gradient, HVP, loss.
        let p = net.parameterCount, jvp = m * outs
        var i = 0, j = 0
        func averaged(_ count: Int) { for t in 0..<count { mean[i + t] += d[j + t] / Double(parts) }; i += count; j += count }
        averaged(1 + p)
        for t in 0..<jvp { mean[i + s * jvp + t] = d[j + t] }
        i += c.n * outs; j += jvp
        averaged(4 * p + 1)
      }
      #expect(Oracle.relativeError(whole, mean) <= 1e-12, "\(c.name): \(Oracle.relativeError(whole, mean))")
    }
  }
}
