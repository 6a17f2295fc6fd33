/// One differentiable step of a network, working on a batch of `n` examples stored row-major
/// (`[n, inWidth]` in, `[n, outWidth]` out; an image example is its `[C, H, W]` block).
///
/// A stage implements the four passes every derivative in the engine is built from. With
/// y = f(x; θ), a direction v in parameter space and ẋ a tangent of the input:
/// - `forward`: y = f(x; θ).
/// - `backward`: given g_y = ∂ℓ/∂y, writes g_x = J_xᵀ g_y (when asked) and the parameter
///   gradient J_θᵀ g_y into its own slice of `grad` (overwriting it).
/// - `tangent` (forward mode, R-forward): ẏ = J_x ẋ + J_θ v (ẋ = nil means ẋ = 0).
/// - `secondOrderBackward` (Pearlmutter's R-backprop): given g_y and its directional derivative
///   ġ_y, writes g_x, ġ_x = J_xᵀ ġ_y + (Ṙ J_x)ᵀ g_y, the parameter gradient (optional) and the
///   Hessian-vector contribution J_θᵀ ġ_y + (Ṙ J_θ)ᵀ g_y into its slice of `hv`.
///
/// `gy` and `gydot` are scratch for the stage (it may overwrite them). Parameter pointers are
/// the START of the full flat vector; a stage knows its own offsets. Stage-private
/// intermediates live in `scratch` (sized by `scratchSizes(batch:)`), which belongs to one
/// workspace, so two linearisations never share them.
protocol Stage<S>: AnyObject {
  associatedtype S: LensScalar
  /// Per-example input and output shapes.
  var inShape: [Int] { get }
  var outShape: [Int] { get }
  /// The stage's scratch buffer sizes for a batch of `n`.
  func scratchSizes(batch n: Int) -> [Int]
  /// Folds the batch statistics of the last training forward pass (kept in `scratch`) into
  /// the stage's running statistics (batch norm); a no-op for other stages.
  func commitRunningStatistics(scratch: StageScratch<S>, n: Int)
  /// Integer scratch entries needed for a batch of `n` (`StageScratch.indices`).
  func indexScratchSize(batch n: Int) -> Int
  /// Chains of stages nested inside this one (a residual block's body and shortcut), which
  /// get their own buffers in the stage's scratch.
  var subchains: [[any Stage<S>]] { get }
  /// Whether the pass mode matters (batch norm); `training` selects batch statistics.
  func forward(x: UnsafePointer<S>, y: UnsafeMutablePointer<S>, p: UnsafePointer<S>, n: Int,
               scratch: StageScratch<S>, training: Bool)
  func backward(x: UnsafePointer<S>, y: UnsafePointer<S>, gy: UnsafeMutablePointer<S>, gx: UnsafeMutablePointer<S>?,
                p: UnsafePointer<S>, grad: UnsafeMutablePointer<S>?, n: Int, scratch: StageScratch<S>,
                sink: KroneckerSink<S>?)
  func tangent(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafeMutablePointer<S>,
               p: UnsafePointer<S>, v: UnsafePointer<S>?, n: Int, scratch: StageScratch<S>)
  func secondOrderBackward(x: UnsafePointer<S>, y: UnsafePointer<S>, xdot: UnsafePointer<S>?, ydot: UnsafePointer<S>,
                           gy: UnsafeMutablePointer<S>, gydot: UnsafeMutablePointer<S>,
                           gx: UnsafeMutablePointer<S>?, gxdot: UnsafeMutablePointer<S>?,
                           p: UnsafePointer<S>, v: UnsafePointer<S>?, grad: UnsafeMutablePointer<S>?,
                           hv: UnsafeMutablePointer<S>, n: Int, scratch: StageScratch<S>)
}

extension Stage {
  var subchains: [[any Stage<S>]] { [] }
  func commitRunningStatistics(scratch: StageScratch<S>, n: Int) {}
  func indexScratchSize(batch n: Int) -> Int { 0 }
  var inWidth: Int { inShape.reduce(1, *) }
  var outWidth: Int { outShape.reduce(1, *) }
}

/// Collects per-layer Kronecker rows during backward passes (see `KroneckerStatistics`):
/// a leaf stage with Kronecker-factored parameters records its inputs once and appends the
/// gradient at its output for every backward pass run with the sink (several passes for
/// `.exactFisher`).
final class KroneckerSink<S: LensScalar> {
  struct Entry {
    var layer: Int
    var kind: KroneckerStatistics<S>.LayerKind
    var weight: Int
    var bias: Int?
    var inputs: [S]
    var inputWidth: Int
    var outputGradients: [S]
    var outputWidth: Int
  }
  private(set) var entries: [Int: Entry] = [:]
  let examples: Int

  init(examples: Int) { self.examples = examples }

  /// Records `rows` rows of layer inputs (first pass only) and appends `rows` rows of output
  /// gradients, scaled by `scale`.
  func record(layer: Int, kind: KroneckerStatistics<S>.LayerKind, weight: Int, bias: Int?,
              inputs: UnsafePointer<S>, inputWidth: Int, outputGradients: UnsafePointer<S>, outputWidth: Int,
              rows: Int, scale: S) {
    if entries[weight] == nil {
      entries[weight] = Entry(layer: layer, kind: kind, weight: weight, bias: bias,
                              inputs: Array(UnsafeBufferPointer(start: inputs, count: rows * inputWidth)),
                              inputWidth: inputWidth, outputGradients: [], outputWidth: outputWidth)
    }
    let count = rows * outputWidth
    let old = entries[weight]!.outputGradients.count
    // One bulk copy (appending `repeatElement` ran element by element in this generic context).
    entries[weight]!.outputGradients.append(contentsOf: UnsafeBufferPointer(start: outputGradients, count: count))
    if scale != 1 {
      entries[weight]!.outputGradients.withUnsafeMutableBufferPointer { buf in
        scaleCopy(outputGradients, buf.baseAddress! + old, count: count, alpha: scale)
      }
    }
  }

  /// The statistics in parameter-layout order.
  func statistics() -> [KroneckerStatistics<S>] {
    entries.values.sorted { $0.weight < $1.weight }.map { e in
      KroneckerStatistics(layer: e.layer, kind: e.kind, weightTensor: e.weight, biasTensor: e.bias,
                          examples: examples,
                          inputs: Tensor(shape: [e.inputs.count / e.inputWidth, e.inputWidth], scalars: e.inputs),
                          outputGradients: Tensor(shape: [e.outputGradients.count / e.outputWidth, e.outputWidth],
                                                  scalars: e.outputGradients))
    }
  }
}
