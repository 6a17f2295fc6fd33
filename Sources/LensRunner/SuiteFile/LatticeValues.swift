import Foundation

/// A parameter set from the swept value at each lattice point, such as AdamQLR's Fig 12 where
/// ω_dec = 1/ω_inc follows the swept ω_inc.
public struct LatticeTie: Sendable, Hashable {
  public enum Rule: String, Sendable, Hashable, CaseIterable {
    /// The tied parameter takes 1/v.
    case reciprocal
    /// The tied parameter takes v itself.
    case same
  }
  public var parameter: String
  public var rule: Rule

  public init(parameter: String, rule: Rule) { self.parameter = parameter; self.rule = rule }

  /// The tied parameter's value at the lattice point `value`; nil when the rule needs a number
  /// and `value` is not one.
  public func value(at value: HyperValue) -> HyperValue? {
    switch rule {
    case .same: return value
    case .reciprocal:
      guard let v = value.number, v != 0 else { return nil }
      return .double(1 / v)
    }
  }
}

extension YAMLValue {
  /// Reads a lattice's values: either a list of scalars, or a geometric grid written as
  /// `{powers: {base: b, from: e₀, to: e₁, step: s}}`, which stands for bᵉ with
  /// e = e₀, e₀ + s, …, e₁ (the count is round((e₁ − e₀)/s) + 1; exponents are computed as
  /// e₀ + i·s, never accumulated, so the grid is exact up to one rounding of `pow`).
  public func latticeValues() throws -> [HyperValue] {
    if case .mapping = node {
      let o = try object(allowed: ["powers"])
      let p = try o.required("powers").object(allowed: ["base", "from", "to", "step"])
      let base = try p.required("base").double(), from = try p.required("from").double()
      let to = try p.required("to").double(), step = try p.required("step").double()
      guard base > 0 else { throw try p.required("base").error("the base of a powers grid must be positive") }
      guard step > 0, to >= from else { throw try p.required("step").error("a powers grid needs step > 0 and to ≥ from") }
      let intervals = ((to - from) / step).rounded()
      guard abs(from + intervals * step - to) <= 1e-9 * max(1, abs(to)) else {
        throw try p.required("step").error("(to − from)/step = \((to - from) / step) is not a whole number")
      }
      guard intervals < 10_000 else { throw try p.required("step").error("a powers grid of more than 10 000 points") }
      return (0...Int(intervals)).map { i in .double(Foundation.pow(base, from + Double(i) * step)) }
    }
    let values = try list().map { try $0.hyperValue() }
    guard !values.isEmpty else { throw error("a lattice needs at least one value") }
    return values
  }
}
