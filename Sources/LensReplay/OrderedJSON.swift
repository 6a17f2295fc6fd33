import LensCore
import LensOptimizers

/// A JSON document parsed with object keys kept in file order (the golden format defines flat
/// noise vectors by the order of the keys in `params`, which Foundation's parsers lose).
/// Numbers are parsed with Swift's correctly rounded `Double(_:)`.
public indirect enum OrderedJSON: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([OrderedJSON])
  case object([(String, OrderedJSON)])

  public static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.plain == b.plain }
  public func hash(into h: inout Hasher) { h.combine(plain) }

  /// The value without key order.
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

  public subscript(key: String) -> OrderedJSON? {
    if case .object(let o) = self { return o.first { $0.0 == key }?.1 }
    return nil
  }

  public var keys: [String] { if case .object(let o) = self { return o.map(\.0) } else { return [] } }
  public var double: Double? { if case .number(let d) = self { return d } else { return nil } }
  public var string: String? { if case .string(let s) = self { return s } else { return nil } }
  public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
  public var array: [OrderedJSON]? { if case .array(let a) = self { return a } else { return nil } }
  public var members: [(String, OrderedJSON)]? { if case .object(let o) = self { return o } else { return nil } }

  public static func parse(_ text: String) throws -> OrderedJSON {
    var p = Parser(bytes: Array(text.utf8))
    p.skip()
    let v = try p.value()
    p.skip()
    guard p.i == p.bytes.count else { throw p.error("trailing characters") }
    return v
  }

  private struct Parser {
    let bytes: [UInt8]
    var i = 0

    func error(_ what: String) -> LensError { LensError.badInput("JSON: \(what) at byte \(i)") }

    mutating func skip() {
      while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func expect(_ literal: String) throws {
      for b in literal.utf8 {
        guard i < bytes.count, bytes[i] == b else { throw error("expected \(literal)") }
        i += 1
      }
    }

    mutating func value() throws -> OrderedJSON {
      guard i < bytes.count else { throw error("unexpected end") }
      switch bytes[i] {
      case UInt8(ascii: "{"):
        i += 1; skip()
        var members: [(String, OrderedJSON)] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
          skip()
          guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key") }
          let k = try string()
          skip(); try expect(":"); skip()
          members.append((k, try value()))
          skip()
          guard i < bytes.count else { throw error("unterminated object") }
          if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
          if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
          throw error("expected , or }")
        }
      case UInt8(ascii: "["):
        i += 1; skip()
        var items: [OrderedJSON] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
          skip()
          items.append(try value())
          skip()
          guard i < bytes.count else { throw error("unterminated array") }
          if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
          if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
          throw error("expected , or ]")
        }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): try expect("true"); return .bool(true)
      case UInt8(ascii: "f"): try expect("false"); return .bool(false)
      case UInt8(ascii: "n"): try expect("null"); return .null
      case UInt8(ascii: "N"): try expect("NaN"); return .number(.nan)
      case UInt8(ascii: "I"): try expect("Infinity"); return .number(.infinity)
      default:
        let start = i
        if bytes[i] == UInt8(ascii: "-"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "I") {
          i += 1; try expect("Infinity"); return .number(-.infinity)
        }
        while i < bytes.count, let c = Optional(bytes[i]),
              (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
                || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { i += 1 }
        guard i > start, let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw error("bad number") }
        return .number(d)
      }
    }

    mutating func string() throws -> String {
      i += 1
      var out: [UInt8] = []
      while i < bytes.count {
        let c = bytes[i]
        if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
        if c == UInt8(ascii: "\\") {
          i += 1
          guard i < bytes.count else { break }
          switch bytes[i] {
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "u"):
            guard i + 4 < bytes.count, let code = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16)
            else { throw error("bad \\u escape") }
            out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "?")).utf8))
            i += 4
          default: out.append(bytes[i])
          }
          i += 1
          continue
        }
        out.append(c); i += 1
      }
      throw error("unterminated string")
    }
  }
}
