/// Batch normalisation and layer normalisation: y = γ ⊙ x̂ + β with x̂ = (x − μ)/√(var + ε).
///
/// - Batch norm: statistics per channel over the batch and the positions (biased variance),
///   γ and β per channel. Derivative passes always use batch statistics (training mode), so
///   the gradient, JVP, GGN and Hessian products include the dependence of μ and var on the
///   whole batch. Evaluation (`Network.outputs`) uses the running statistics, updated only when
///   a linearisation commits its batch statistics (`NetworkLinearization.updateRunningStatistics`,
///   or `NetworkObjective.commitRunningStatisticsOnNextLinearization`), by the network's
///   `RunningStatisticsRule`: PyTorch's running ← (1 − momentum)·running + momentum·batch with
///   the unbiased variance, or Haiku's zero-debiased moving average (decay 1 − momentum) of the
///   batch mean and biased variance.
/// - Layer norm: statistics per example over all its features, γ and β per feature.
///
/// The passes work on a group layout `[G, M]` (see `NormKernels.swift` for the maths): the
/// backward pass through x̂, its tangent, and its R-backprop step, composed with the affine map:
/// g_x̂ = γ ⊙ g_y, ∇γ = Σ g_y x̂, ∇β = Σ g_y; ẏ = γ ⊙ ẋ̂ + γ̇ ⊙ x̂ + β̇;
/// ġ_x̂ = γ ⊙ ġ_y + γ̇ ⊙ g_y, (Hv)_γ = Σ (ġ_y x̂ + g_y ẋ̂), (Hv)_β = Σ ġ_y.
final class NormalizationStage<S: LensScalar>: Stage {
  enum Kind { case batch(momentum: Double), layer }
  let kind: Kind
  let shape: [Int]
  let epsilon: S
  let layer: Int
  let scaleTensor: Int, shiftTensor: Int
  let scaleOffset: Int, shiftOffset: Int
  /// How commits update the running statistics (batch norm).
  let rule: RunningStatisticsRule
  /// Running statistics (batch norm), per channel: mean 0 and variance 1 initially. Under
  /// `.haiku` they are the zero-debiased averages hₜ/(1 − dᵗ).
  private(set) var runningMean: [Double], runningVariance: [Double]
  /// `.haiku` only: the hidden states hₜ of the two moving averages and dᵗ.
  private var hiddenMean: [Double], hiddenVariance: [Double]
  private var decayPower = 1.0
  /// The number of commits so far.
  private(set) var commits = 0

  init(kind: Kind, shape: [Int], epsilon: Double, layer: Int, scaleTensor: Int, shiftTensor: Int,
       scaleOffset: Int, shiftOffset: Int, rule: RunningStatisticsRule = .pytorch) {
    self.kind = kind; self.shape = shape; self.epsilon = S(epsilon); self.layer = layer
    self.scaleTensor = scaleTensor; self.shiftTensor = shiftTensor
    self.scaleOffset = scaleOffset; self.shiftOffset = shiftOffset; self.rule = rule
    runningMean = [Double](repeating: 0, count: shape[0])
    runningVariance = [Double](repeating: 1, count: shape[0])
    hiddenMean = [Double](repeating: 0, count: shape[0])
    hiddenVariance = [Double](repeating: 0, count: shape[0])
  }

  /// Whether this is a batch-norm stage (one with running statistics).
  var isBatchNorm: Bool { isBatch }

  var inShape: [Int] { shape }
  var outShape: [Int] { shape }
  private var isBatch: Bool { if case .batch = kind { return true } else { return false } }
  private var channels: Int { shape[0] }
  private var positions: Int { shape.dropFirst().reduce(1, *) }
  private func groups(_ n: Int) -> Int { isBatch ? channels : n }
  private func members(_ n: Int) -> Int { isBatch ? n * positions : inWidth }

  /// 0: group-layout input; 1: x̂; 2: mean; 3: 1/σ; 4: ẋ̂; 5: σ̇/σ; 6–11: temporaries.
  func scratchSizes(batch n: Int) -> [Int] {
    let w = n * inWidth, g = max(channels, n)
    return [w, w, g, g, w, g, w, w, w, w, w, w]
  }

  private func toGroups(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, n: Int) -> UnsafePointer<S> {
    guard isBatch else { return src }
    regroup(src, dst, n: n, channels: channels, positions: positions, toGroups: true)
    return UnsafePointer(dst)
  }

  private func fromGroups(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, n: Int) {
    if isBatch { regroup(src, dst, n: n, channels: channels, positions: positions, toGroups: false) }
    else { dst.update(from: src, count: n * inWidth) }
  }

  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool) {
    let (g, m) = (groups(n), members(n))
    let xg = toGroups(x, scratch[0].pointer, n: n)
    let xhat = scratch[1].pointer, mean = scratch[2].pointer, inv = scratch[3].pointer, out = scratch[10].pointer
    if training || !isBatch {
      normalizeGroups(xg, xhat: xhat, mean: mean, invStd: inv, groups: g, members: m, epsilon: epsilon)
    } else {
      // Evaluation: x̂ = s_r (x − μ_r) with the running statistics, as an affine map per channel.
      for c in 0..<channels {
        let s = 1 / (S(runningVariance[c]) + epsilon).squareRoot()
        inv[c] = s; mean[c] = -S(runningMean[c]) * s
      }
      groupAffine(xg, scale: inv, shift: mean, xhat, groups: g, members: m, perGroup: true)
    }
    groupAffine(xhat, scale: p + scaleOffset, shift: p + shiftOffset, out, groups: g, members: m, perGroup: isBatch)
    fromGroups(out, y, n: n)
  }

  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?) {
    let (g, m) = (groups(n), members(n))
    let xhat = scratch[1].pointer, inv = scratch[3].pointer
    let gyg = toGroups(gy, scratch[8].pointer, n: n)
    if let sink { record(sink, gy: gy, n: n, scratch: scratch) }
    if let grad {
      groupReduce(gyg, xhat, into: grad + scaleOffset, groups: g, members: m, perGroup: isBatch, accumulate: false)
      groupReduce(gyg, nil, into: grad + shiftOffset, groups: g, members: m, perGroup: isBatch, accumulate: false)
    }
    guard let gx else { return }
    let gxhat = scratch[6].pointer, out = scratch[10].pointer
    groupAffine(gyg, scale: p + scaleOffset, shift: nil, gxhat, groups: g, members: m, perGroup: isBatch)
    normalizeBackward(xhat: xhat, gxhat: gxhat, gx: out, invStd: inv, groups: g, members: m)
    fromGroups(out, gx, n: n)
  }

  /// Kronecker rows: `inputs` x̂ and `outputGradients` g_y, one row per (example, position)
  /// with one column per channel (batch norm, `[n·P, C]`), or one row per example with one
  /// column per feature (layer norm, `[n, F]`): ∇γ = Σ_rows g ⊙ x̂ and ∇β = Σ_rows g.
  private func record(_ sink: KroneckerSink<S>, gy: UnsafePointer<S>, n: Int, scratch: StageScratch<S>) {
    let natural = scratch[10].pointer, rowsX = scratch[11].pointer, rowsG = scratch[6].pointer
    if isBatch {
      fromGroups(scratch[1].pointer, natural, n: n)
      channelsToRows(natural, rowsX, n: n, positions: positions, channels: channels)
      channelsToRows(gy, rowsG, n: n, positions: positions, channels: channels)
      sink.record(layer: layer, kind: .batchNorm(channels: channels), weight: scaleTensor, bias: shiftTensor,
                  inputs: rowsX, inputWidth: channels, outputGradients: rowsG, outputWidth: channels,
                  rows: n * positions, scale: 1)
    } else {
      sink.record(layer: layer, kind: .layerNorm(width: inWidth), weight: scaleTensor, bias: shiftTensor,
                  inputs: scratch[1].pointer, inputWidth: inWidth, outputGradients: gy, outputWidth: inWidth,
                  rows: n, scale: 1)
    }
  }

  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>) {
    let (g, m) = (groups(n), members(n))
    let xhat = scratch[1].pointer, inv = scratch[3].pointer, xhatDot = scratch[4].pointer, rate = scratch[5].pointer
    let out = scratch[10].pointer
    if let v {
      groupAffine(xhat, scale: v + scaleOffset, shift: v + shiftOffset, out, groups: g, members: m, perGroup: isBatch)
    } else {
      out.update(repeating: 0, count: g * m)
    }
    if let xdot {
      let xdg = toGroups(xdot, scratch[6].pointer, n: n)
      normalizeTangent(xhat: xhat, xdot: xdg, xhatDot: xhatDot, invStd: inv, rate: rate, groups: g, members: m)
      groupAffineAccumulate(xhatDot, scale: p + scaleOffset, out, groups: g, members: m, perGroup: isBatch)
    } else {
      xhatDot.update(repeating: 0, count: g * m)
      rate.update(repeating: 0, count: g)
    }
    fromGroups(out, ydot, n: n)
  }

  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>) {
    let (g, m) = (groups(n), members(n))
    let xhat = scratch[1].pointer, inv = scratch[3].pointer, xhatDot = scratch[4].pointer, rate = scratch[5].pointer
    let gyg = toGroups(gy, scratch[8].pointer, n: n), gdg = toGroups(gydot, scratch[9].pointer, n: n)
    groupReduce(gdg, xhat, into: hv + scaleOffset, groups: g, members: m, perGroup: isBatch, accumulate: false)
    groupReduce(gyg, xhatDot, into: hv + scaleOffset, groups: g, members: m, perGroup: isBatch, accumulate: true)
    groupReduce(gdg, nil, into: hv + shiftOffset, groups: g, members: m, perGroup: isBatch, accumulate: false)
    if let grad {
      groupReduce(gyg, xhat, into: grad + scaleOffset, groups: g, members: m, perGroup: isBatch, accumulate: false)
      groupReduce(gyg, nil, into: grad + shiftOffset, groups: g, members: m, perGroup: isBatch, accumulate: false)
    }
    guard gx != nil || gxdot != nil else { return }
    let gxhat = scratch[6].pointer, gxhatDot = scratch[7].pointer, out = scratch[10].pointer, outDot = scratch[11].pointer
    groupAffine(gyg, scale: p + scaleOffset, shift: nil, gxhat, groups: g, members: m, perGroup: isBatch)
    groupAffine(gdg, scale: p + scaleOffset, shift: nil, gxhatDot, groups: g, members: m, perGroup: isBatch)
    if let v { groupAffineAccumulate(gyg, scale: v + scaleOffset, gxhatDot, groups: g, members: m, perGroup: isBatch) }
    normalizeSecondOrder(xhat: xhat, xhatDot: xhatDot, gxhat: gxhat, gxhatDot: gxhatDot, invStd: inv, rate: rate,
                         gx: out, gxDot: outDot, groups: g, members: m)
    if let gx { fromGroups(out, gx, n: n) }
    if let gxdot { fromGroups(outDot, gxdot, n: n) }
  }

  /// Folds the batch statistics of the last TRAINING-mode forward pass on this scratch into
  /// the running statistics by `rule` (see `RunningStatisticsRule`).
  func commitRunningStatistics(scratch: StageScratch<S>, n: Int) {
    guard case .batch(let momentum) = kind else { return }
    commits += 1
    if rule == .haiku { commitHaiku(decay: 1 - momentum, scratch: scratch, n: n); return }
    let m = Double(members(n))
    for c in 0..<channels {
      let s = Double(scratch[3].pointer[c])
      let variance = 1 / (s * s) - Double(epsilon)
      runningMean[c] = (1 - momentum) * runningMean[c] + momentum * Double(scratch[2].pointer[c])
      runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * variance * m / max(m - 1, 1)
    }
  }

  /// Haiku's update: the batch mean μ_b and biased variance σ²_b of each channel, computed in
  /// Double from the group-layout input `scratch[0]` (two passes), then
  /// h ← d·h + (1 − d)·v and running = h/(1 − dᵗ) for v = μ_b and v = σ²_b.
  private func commitHaiku(decay d: Double, scratch: StageScratch<S>, n: Int) {
    let m = members(n)
    let xg = UnsafePointer(scratch[0].pointer)
    decayPower *= d
    for c in 0..<channels {
      let row = xg + c * m
      var sum = 0.0
      for i in 0..<m { sum += Double(row[i]) }
      let mean = sum / Double(m)
      var squares = 0.0
      for i in 0..<m { let e = Double(row[i]) - mean; squares += e * e }
      let variance = squares / Double(m)
      hiddenMean[c] = d * hiddenMean[c] + (1 - d) * mean
      hiddenVariance[c] = d * hiddenVariance[c] + (1 - d) * variance
      runningMean[c] = hiddenMean[c] / (1 - decayPower)
      runningVariance[c] = hiddenVariance[c] / (1 - decayPower)
    }
  }
}
