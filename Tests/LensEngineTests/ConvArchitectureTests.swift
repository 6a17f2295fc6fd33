import Testing
import LensEngine

/// CNN builders, evaluation-mode batch norm and running statistics.
@Suite struct ConvArchitectureTests {
  @Test func smallCNNMatchesTheBenchmarkNetwork() throws {
    let net = try Network<Float>(.smallCNN())
    #expect(net.layout.tensors.map(\.name) == ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias"])
    #expect(net.layout.tensors.map(\.shape) == [[32, 3, 3, 3], [32], [64, 32, 3, 3], [64], [10, 4096], [10]])
    #expect(net.outputWidth == 10)
  }

  @Test func resnetAndVGGShapes() throws {
    let r = try Network<Double>(Architecture.resnet(depth: 8, width: 4, inputShape: [3, 8, 8], classes: 5))
    #expect(r.outputWidth == 5)
    // Stem conv 4·3·9, BN 2·4; stage widths 4, 8, 16 with one block each; projections in stages 2, 3.
    let stem = 4 * 3 * 9 + 8
    let block1 = 2 * (4 * 4 * 9 + 8)
    let block2 = (8 * 4 * 9 + 16) + (8 * 8 * 9 + 16) + (8 * 4 + 16)
    let block3 = (16 * 8 * 9 + 32) + (16 * 16 * 9 + 32) + (16 * 8 + 32)
    #expect(r.parameterCount == stem + block1 + block2 + block3 + 16 * 5 + 5)
    #expect(r.layout.tensor(named: "5.shortcut.0.weight")?.shape == [8, 4, 1, 1])
    #expect(r.layout.tensor(named: "5.shortcut.0.weight")?.layer == 5)
    #expect(throws: LensError.self) { try Architecture.resnet(depth: 10) }
    let v = try Network<Float>(Architecture.vgg(depth: 11, widthMultiplier: 0.125, batchNorm: true))
    #expect(v.outputWidth == 10)
    #expect(v.layout.tensors.first?.shape == [8, 3, 3, 3])
    #expect(v.layout.tensors.last?.shape == [10])
    #expect(v.layout.tensors[v.layout.tensors.count - 2].shape == [10, 64])
  }

  @Test func batchNormRunningStatisticsAndEvaluation() throws {
    let net = try Network<Double>(inputWidth: 2, layers: [.batchNorm(momentum: 1, epsilon: 1e-5)])
    let theta = try net.flatParameters(["0.weight": [2, 3], "0.bias": [0.5, -1]])
    let xs: [Double] = [1, 0, 2, 4, 6, 2]   // three examples of two features
    let batch = Batch(inputs: Tensor(shape: [3, 2], scalars: xs), targets: .values(Tensor(zeros: [3, 2])))
    let obj = NetworkObjective(network: net, loss: .mseHalf)
    // Before any update the running statistics are (0, 1): eval is γ x/√(1+ε) + β.
    let before = net.outputs(parameters: theta, inputs: batch.inputs).scalars
    #expect(abs(before[0] - (2 * 1 / (1 + 1e-5).squareRoot() + 0.5)) <= 1e-12)
    let lin = obj.linearize(at: theta, on: batch)
    // Training mode uses the batch's biased statistics: feature 0 has mean 3, var 14/3.
    #expect(abs(lin.outputs.scalars[0] - (2 * (1 - 3) / (14.0 / 3 + 1e-5).squareRoot() + 0.5)) <= 1e-12)
    lin.updateRunningStatistics()
    // momentum 1: running = batch mean and UNBIASED variance (14/2 = 7 for feature 0).
    let after = net.outputs(parameters: theta, inputs: batch.inputs).scalars
    #expect(abs(after[0] - (2 * (1 - 3) / (7 + 1e-5).squareRoot() + 0.5)) <= 1e-12)
    // Feature 1: mean 2, unbiased var (4 + 4 + 0)/2 = 4.
    #expect(abs(after[1] - (3 * (0 - 2) / (4 + 1e-5).squareRoot() - 1)) <= 1e-12)
    // The loss is unaffected by the running statistics (training mode).
    #expect(obj.loss(at: theta, on: batch) == lin.loss)
  }
}
