/// Counts of the expensive operations a training run performs, recorded next to wall time so
/// that fixed-runtime comparisons can be explained.
///
/// Conventions: one `forward` is one evaluation of the model on one batch; one `backward` is
/// one reverse pass producing a gradient; `jvp` is one forward-mode product through the network;
/// `ggnProduct` one Gauss-Newton/Fisher-vector product; `hvp` one exact Hessian-vector product;
/// `factorInversions` one inverse (or inverse root, or eigendecomposition) of a curvature factor;
/// `examples` counts the examples those passes touched.
public struct WorkCounters: Sendable, Hashable, Codable {
  public var forward = 0
  public var backward = 0
  public var jvp = 0
  public var ggnProduct = 0
  public var hvp = 0
  public var factorInversions = 0
  public var examples = 0

  public init() {}

  public static func + (a: WorkCounters, b: WorkCounters) -> WorkCounters {
    var r = a
    r.forward += b.forward; r.backward += b.backward; r.jvp += b.jvp
    r.ggnProduct += b.ggnProduct; r.hvp += b.hvp
    r.factorInversions += b.factorInversions; r.examples += b.examples
    return r
  }

  public static func += (a: inout WorkCounters, b: WorkCounters) { a = a + b }
}
