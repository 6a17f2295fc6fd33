/// A JSON value with object members kept in document order.
///
/// Order matters to the golden replay format (flat noise vectors follow the order of the keys
/// in `params`) and costs nothing to keep; equality still treats objects as maps (the members
/// of two equal objects may come in any order; a repeated key counts with its first value).
/// Parsed by `JSONReader`, the one JSON reader of Lens (run logs, golden cases).
public indirect enum OrderedJSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([OrderedJSON])
  case object([(String, OrderedJSON)])

  public static func == (a: OrderedJSON, b: OrderedJSON) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object, .object):
      let x = a.uniqueMembers, y = b.uniqueMembers
      return x.count == y.count && x.allSatisfy { m in y.contains { $0.0 == m.0 && $0.1 == m.1 } }
    default: return false
    }
  }

  /// An object's members with repeated keys dropped after their first occurrence.
  private var uniqueMembers: [(String, OrderedJSON)] {
    var seen: [String] = []
    return (members ?? []).filter { m in
      if seen.contains(m.0) { return false }
      seen.append(m.0)
      return true
    }
  }

  /// The value of the first member named `key` of an object (nil for other values).
  public subscript(key: String) -> OrderedJSON? {
    if case .object(let o) = self {
      for (k, v) in o where k == key { return v }
    }
    return nil
  }

  public var keys: [String] { if case .object(let o) = self { return o.map(\.0) } else { return [] } }
  public var double: Double? { if case .number(let d) = self { return d } else { return nil } }
  public var string: String? { if case .string(let s) = self { return s } else { return nil } }
  public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
  public var array: [OrderedJSON]? { if case .array(let a) = self { return a } else { return nil } }
  public var members: [(String, OrderedJSON)]? { if case .object(let o) = self { return o } else { return nil } }

  /// A number that is an integer (exactly, and within ±2⁵³), as `Int`.
  public var int: Int? {
    guard case .number(let d) = self, d.rounded() == d, abs(d) <= 9_007_199_254_740_992 else { return nil }
    return Int(d)
  }

  /// A number, or one of the strings `CanonicalJSON` writes for non-finite numbers
  /// ("NaN", "Infinity", "-Infinity").
  public var numberOrNonFiniteString: Double? {
    switch self {
    case .number(let d): return d
    case .string("NaN"): return .nan
    case .string("Infinity"): return .infinity
    case .string("-Infinity"): return -.infinity
    default: return nil
    }
  }

  /// Parses a whole document (see `JSONReader`); throws `LensError.badInput` with the byte
  /// offset of the first error.
  public static func parse(_ text: String, nonFiniteLiterals: Bool = true) throws -> OrderedJSON {
    try JSONReader.parse(text, nonFiniteLiterals: nonFiniteLiterals)
  }
}
