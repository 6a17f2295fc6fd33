import Testing
import LensEngine

/// The reference initialisers' supports and moments, and the papers' architectures.
@Suite struct InitializerTests {
  @Test func haikuTruncatedNormal() throws {
    let net = try Network<Double>(.fashionMNISTMLP)
    var g = SeededGenerator(key: 51)
    let theta = net.initialParameters(.haikuTruncatedNormal, using: &g)
    let w = Array(theta[net.layout.tensor(named: "0.weight")!.range])
    let sigma = 1 / Double(784).squareRoot()
    #expect(w.allSatisfy { abs($0) <= 2 * sigma })
    // A N(0, σ²) truncated at ±2σ without correction has standard deviation 0.8796σ.
    let sd = (w.reduce(0) { $0 + $1 * $1 } / Double(w.count)).squareRoot()
    #expect(abs(sd / sigma - 0.8796) <= 0.01, "sd/σ = \(sd / sigma)")  // 39 200 draws: s.e. ≈ 0.3%
    #expect(theta[net.layout.tensor(named: "0.bias")!.range].allSatisfy { $0 == 0 })
    #expect(theta[net.layout.tensor(named: "2.bias")!.range].allSatisfy { $0 == 0 })
    let w2 = Array(theta[net.layout.tensor(named: "2.weight")!.range])
    #expect(w2.allSatisfy { abs($0) <= 2 / Double(50).squareRoot() })
    var g2 = SeededGenerator(key: 51)
    #expect(net.initialParameters(.haikuTruncatedNormal, using: &g2) == theta)
  }

  @Test func pytorchDefaultUniform() throws {
    let net = try Network<Double>(.fashionMNISTMLP)
    var g = SeededGenerator(key: 52)
    let theta = net.initialParameters(.pytorchDefault, using: &g)
    for name in ["0.weight", "0.bias", "2.weight", "2.bias"] {
      let fan = name.hasPrefix("0") ? 784.0 : 50.0
      let bound = 1 / fan.squareRoot()
      let values = Array(theta[net.layout.tensor(named: name)!.range])
      #expect(values.allSatisfy { abs($0) <= bound }, "\(name)")
      if values.count > 1000 {
        let sd = (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
        #expect(abs(sd / (bound / Double(3).squareRoot()) - 1) <= 0.02, "\(name) sd")
      }
    }
    #expect(theta[net.layout.tensor(named: "0.bias")!.range].contains { $0 != 0 })
  }

  @Test func paperArchitectures() throws {
    let shapes: [(Architecture, Int, Int)] = [
      (.uciEnergyMLP, 8 * 50 + 50 + 50 + 1, 1), (.uciProteinMLP, 9 * 100 + 100 + 100 + 1, 1),
      (.fashionMNISTMLP, 784 * 50 + 50 + 500 + 10, 10), (.logisticRegression(), 7850, 10),
      (.irisNetwork, 2 + 1 + 3 + 3, 3),
    ]
    for (arch, count, out) in shapes {
      let net = try Network<Float>(arch)
      #expect(net.parameterCount == count, "\(arch.name)")
      #expect(net.outputWidth == out)
    }
  }
}
