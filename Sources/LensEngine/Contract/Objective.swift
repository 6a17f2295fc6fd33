/// A training objective: a model, a loss with its reduction, and the derivatives the
/// optimizers of the three papers need. This is the contract between the engine and the
/// optimizers.
///
/// Conventions (all implementations):
/// - Parameters are one flat vector laid out by `layout`.
/// - The loss is the MEAN over the batch's examples (cross-entropy: mean softmax
///   cross-entropy; regression: mean over batch AND outputs of ½(ŷ − y)²).
/// - Every derivative is of that mean loss, at the parameters the linearisation was taken at,
///   on the same batch.
public protocol Objective<Scalar>: AnyObject {
  associatedtype Scalar: LensScalar
  associatedtype Linearized: Linearization<Scalar>

  /// The flat parameter layout.
  var layout: ParameterLayout { get }

  /// Operations performed so far (forward passes, backward passes, JVPs, HVPs, …).
  var work: WorkCounters { get set }

  /// The mean loss on `batch` at `parameters`: one forward pass, nothing cached, no optimizer
  /// state touched.
  func loss(at parameters: [Scalar], on batch: Batch<Scalar>) -> Scalar

  /// Runs one forward pass at `parameters` on `batch` and keeps what the derivatives need, so
  /// that a gradient, JVPs, GGN products and HVPs at the same point share that pass.
  func linearize(at parameters: [Scalar], on batch: Batch<Scalar>) -> Linearized
}

/// An objective evaluated at one point on one batch, with its derivatives.
public protocol Linearization<Scalar>: AnyObject {
  associatedtype Scalar: LensScalar

  /// The mean loss at the linearisation point.
  var loss: Scalar { get }

  /// ∇f, the gradient of the mean loss (one backward pass).
  func gradient(into result: inout [Scalar])

  /// Gᵥ = Jᵀ H_out J v: the exact Gauss-Newton (for these losses, the true output-space
  /// Fisher) vector product, averaged over the batch.
  func ggnVectorProduct(_ v: [Scalar], into result: inout [Scalar])

  /// The Gram matrix of the Gauss-Newton form on a few vectors: `result[i*k + j] = vᵢᵀ G vⱼ`
  /// (k = `vectors.count`), computed from one JVP per vector (AdamQLR's dᵀFd, K-FAC's 2×2
  /// quadratic model).
  func ggnGram(_ vectors: [[Scalar]]) -> [Scalar]

  /// Hv, the exact Hessian-vector product of the mean loss (not a finite difference).
  func hessianVectorProduct(_ v: [Scalar], into result: inout [Scalar])

  /// Per-layer statistics for Kronecker-factored curvature (see `KroneckerStatistics`).
  func kroneckerStatistics(_ targets: CurvatureTargets) -> [KroneckerStatistics<Scalar>]
}

/// Which output gradients Kronecker statistics are built from.
public enum CurvatureTargets: Sendable, Hashable {
  /// Gradients of the loss with the batch's true labels (empirical Fisher).
  case trueLabels
  /// Gradients of the loss with the given class labels, one per example (e.g. drawn from the
  /// model's predictive distribution: the sampled Fisher). Classification only.
  case sampledLabels([Int])
  /// Regression: gradients of ½‖ŷ + ε − ŷ‖² for the given noise ε (`[B·outputs]`, row-major),
  /// i.e. the sampled Fisher of a unit-variance Gaussian likelihood (kfac-jax's MSE sampling).
  case sampledGaussianNoise([Double])
  /// The exact output-space Fisher: for each example, the columns of a square root of the
  /// output Fisher are backpropagated (kfac-jax's `fisher_exact`).
  case exactFisher
}

/// What one layer contributes to Kronecker-factored curvature, per example (row).
///
/// `inputs` is `[rows, inWidth]`: the layer's inputs (for conv2d the im2col patches, one row
/// per example and output position), WITHOUT a bias column (callers append it when their
/// algorithm uses one). `outputGradients` is `[rows, outWidth]`: the gradient, at the layer's
/// output, of the SUMMED per-example loss (so not divided by the batch size); for
/// `.exactFisher` there are several such rows per example (one per output class) stacked.
/// `examples` is the batch size B, so `rows / B` is the number of positions per example.
public struct KroneckerStatistics<Scalar: LensScalar> {
  public enum LayerKind: Sendable, Hashable {
    case linear(inputs: Int, outputs: Int)
    case conv2d(inChannels: Int, outChannels: Int, kernelHeight: Int, kernelWidth: Int)
    case batchNorm(channels: Int)
    case layerNorm(width: Int)
  }
  public var layer: Int
  public var kind: LayerKind
  /// Index into `layout.tensors` of the weight (or scale), and of the bias (or shift) if any.
  public var weightTensor: Int
  public var biasTensor: Int?
  public var examples: Int
  public var inputs: Tensor<Scalar>
  public var outputGradients: Tensor<Scalar>

  public init(layer: Int, kind: LayerKind, weightTensor: Int, biasTensor: Int?, examples: Int,
              inputs: Tensor<Scalar>, outputGradients: Tensor<Scalar>) {
    self.layer = layer; self.kind = kind; self.weightTensor = weightTensor; self.biasTensor = biasTensor
    self.examples = examples; self.inputs = inputs; self.outputGradients = outputGradients
  }
}
