import LensCore

/// A hyperparameter value as written in a suite file: a number, an integer, a string, a
/// boolean, null (e.g. `lr_clip: null` for "no clipping") or a list of numbers.
///
/// Values keep their written type so that run specs serialise canonically: `1` and `1.0` are
/// different specs only if written differently, never because of a dictionary's order.
public enum HyperValue: Sendable, Hashable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case string(String)
  case bool(Bool)
  case null
  case numbers([Double])

  /// The value as a real number, when it is numeric.
  public var number: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }

  /// Canonical text: integers in decimal, reals in Swift's shortest round-trip form, strings
  /// JSON-quoted.
  public var canonical: String {
    switch self {
    case .int(let i): return String(i)
    case .double(let d): return CanonicalJSON.number(d)
    case .string(let s): return CanonicalJSON.quote(s)
    case .bool(let b): return b ? "true" : "false"
    case .null: return "null"
    case .numbers(let xs): return "[" + xs.map(CanonicalJSON.number).joined(separator: ",") + "]"
    }
  }

  public var description: String { canonical }
}

extension YAMLValue {
  /// Reads a scalar hyperparameter value, keeping integers as integers.
  public func hyperValue() throws -> HyperValue {
    switch node {
    case .sequence:
      return .numbers(try list().map { try $0.double() })
    case .mapping:
      throw error("expected a number, string, boolean or null, found a mapping")
    case .scalar(let s):
      if isNull { return .null }
      if s.style == .singleQuoted || s.style == .doubleQuoted { return .string(s.string) }
      let text = s.string.replacingOccurrences(of: "_", with: "")
      if let i = Int(text) { return .int(i) }
      if let d = Double(text) {
        guard d.isFinite else { throw error("expected a finite number, found '\(s.string)'") }
        return .double(d)
      }
      if let b = try? bool() { return .bool(b) }
      return .string(s.string)
    }
  }
}
