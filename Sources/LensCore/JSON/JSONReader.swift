#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON reader of Lens: RFC 8259 documents (objects, arrays, strings with every escape and
/// surrogate pairs, numbers, true, false, null) into `OrderedJSON`, with object members in
/// document order.
///
/// Numbers are read with `strtod` (correctly rounded, so every double `CanonicalJSON` writes
/// reads back bit for bit) from a stack copy: no allocation per number, which matters for run
/// logs of hundreds of thousands of step lines. With `nonFiniteLiterals`, the bare tokens `NaN`,
/// `Infinity` and `-Infinity` (Python's `json.dumps`, in the golden cases) are numbers too.
public enum JSONReader {
  /// Parses one document; throws `LensError.badInput("JSON: … at byte N")`.
  public static func parse(_ text: String, nonFiniteLiterals: Bool = false) throws -> OrderedJSON {
    var text = text
    return try text.withUTF8 { bytes in
      var cursor = Cursor(bytes: bytes, nonFiniteLiterals: nonFiniteLiterals)
      let value = try cursor.value()
      cursor.skipSpace()
      guard cursor.index == bytes.count else { throw cursor.error("trailing characters") }
      return value
    }
  }

  /// One line of a run log as a JSON value, or nil when it is not exactly one JSON value.
  public static func line(_ text: String) -> OrderedJSON? { try? parse(text) }

  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let nonFiniteLiterals: Bool
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, nonFiniteLiterals: Bool) {
      self.bytes = bytes; self.nonFiniteLiterals = nonFiniteLiterals
    }

    func error(_ what: String) -> LensError { LensError.badInput("JSON: \(what) at byte \(index)") }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
      while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
    }

    mutating func literal(_ word: StaticString) throws {
      let n = word.utf8CodeUnitCount
      guard index + n <= bytes.count else { throw error("expected \(word)") }
      for k in 0..<n where bytes[index + k] != word.utf8Start[k] { throw error("expected \(word)") }
      index += n
    }

    mutating func value() throws -> OrderedJSON {
      skipSpace()
      switch current {
      case UInt8(ascii: "{"): return try object()
      case UInt8(ascii: "["): return try array()
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): try literal("true"); return .bool(true)
      case UInt8(ascii: "f"): try literal("false"); return .bool(false)
      case UInt8(ascii: "n"): try literal("null"); return .null
      case UInt8(ascii: "N") where nonFiniteLiterals: try literal("NaN"); return .number(.nan)
      case UInt8(ascii: "I") where nonFiniteLiterals: try literal("Infinity"); return .number(.infinity)
      case UInt8(ascii: "-") where nonFiniteLiterals && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "I"):
        index += 1; try literal("Infinity"); return .number(-.infinity)
      case .some: return .number(try number())
      case nil: throw error("unexpected end")
      }
    }

    mutating func object() throws -> OrderedJSON {
      index += 1
      var members: [(String, OrderedJSON)] = []
      skipSpace()
      if current == UInt8(ascii: "}") { index += 1; return .object(members) }
      while true {
        skipSpace()
        guard current == UInt8(ascii: "\"") else { throw error("expected a key") }
        let key = try string()
        skipSpace()
        guard current == UInt8(ascii: ":") else { throw error("expected :") }
        index += 1
        members.append((key, try value()))
        skipSpace()
        switch current {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "}"): index += 1; return .object(members)
        default: throw error("expected , or }")
        }
      }
    }

    mutating func array() throws -> OrderedJSON {
      index += 1
      var items: [OrderedJSON] = []
      skipSpace()
      if current == UInt8(ascii: "]") { index += 1; return .array(items) }
      while true {
        items.append(try value())
        skipSpace()
        switch current {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "]"): index += 1; return .array(items)
        default: throw error("expected , or ]")
        }
      }
    }

    mutating func string() throws -> String {
      index += 1
      let start = index
      // Fast path: no escapes.
      while let c = current, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") { index += 1 }
      if current == UInt8(ascii: "\"") {
        defer { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      }
      var out = Array(bytes[start..<index])
      while let c = current {
        index += 1
        if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
        guard c == UInt8(ascii: "\\") else { out.append(c); continue }
        guard let e = current else { break }
        index += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code) {  // a surrogate pair
            try literal("\\u")
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw error("bad \\u escape") }
          out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default: throw error("bad escape")
        }
      }
      throw error("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
      guard index + 4 <= bytes.count else { throw error("bad \\u escape") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = bytes[index]
        let d: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
        default: throw error("bad \\u escape")
        }
        v = v * 16 + d
        index += 1
      }
      return v
    }

    /// A JSON number (RFC 8259 grammar: -?int frac? exp?), correctly rounded by `strtod`.
    mutating func number() throws -> Double {
      let start = index
      func digits() -> Int {
        let from = index
        while let c = current, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { index += 1 }
        return index - from
      }
      if current == UInt8(ascii: "-") { index += 1 }
      let intStart = index
      let intDigits = digits()
      guard intDigits > 0, intDigits == 1 || bytes[intStart] != UInt8(ascii: "0") else { throw error("bad number") }
      if current == UInt8(ascii: ".") {
        index += 1
        guard digits() > 0 else { throw error("bad number") }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { throw error("bad number") }
      }
      let length = index - start
      // strtod needs a NUL-terminated copy: on the stack for every realistic length.
      return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { text -> Double in
        for k in 0..<length { text[k] = CChar(bitPattern: bytes[start + k]) }
        text[length] = 0
        return strtod(text.baseAddress!, nil)
      }
    }
  }
}
