import LensCore
import LensOptimizers

extension OrderedJSON {
  /// The value without key order, as an optimizer option (`JSONValue`); a repeated key keeps
  /// its first value.
  public var plain: JSONValue {
    switch self {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .number(let d): return .number(d)
    case .string(let s): return .string(s)
    case .array(let a): return .array(a.map(\.plain))
    case .object(let o): return .object(Dictionary(o.map { ($0.0, $0.1.plain) }, uniquingKeysWith: { a, _ in a }))
    }
  }
}
