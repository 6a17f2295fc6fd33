import Foundation

/// A JSON reader for run-log lines, returning the same shapes as `JSONSerialization`
/// (`[String: Any]`, `[Any]`, `String`, `Int` for integer literals, `Double` otherwise, `Bool`,
/// `NSNull`) but reading numbers with `strtod` (correctly rounded) instead of Foundation's
/// decimal path, which made reading a suite's logs the slowest part of `lens report` (a Fig 1b
/// log holds 70 000 step lines).
///
/// It accepts the JSON that `RunLog` and `CanonicalJSON` write (RFC 8259: objects, arrays,
/// strings with escapes, numbers, true, false, null) and rejects anything else.
enum LogLineParser {
  /// Parses one line; nil when it is not a single JSON value.
  static func parse(_ line: String) -> Any? {
    var line = line
    return line.withUTF8 { bytes -> Any? in
      var p = Cursor(bytes: bytes)
      guard let value = p.value() else { return nil }
      p.skipSpace()
      return p.index == bytes.count ? value : nil
    }
  }

  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
      while let c = current, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
    }

    mutating func expect(_ literal: StaticString) -> Bool {
      let n = literal.utf8CodeUnitCount
      guard index + n <= bytes.count else { return false }
      for k in 0..<n where bytes[index + k] != literal.utf8Start[k] { return false }
      index += n
      return true
    }

    mutating func value() -> Any? {
      skipSpace()
      switch current {
      case UInt8(ascii: "{"): return object()
      case UInt8(ascii: "["): return array()
      case UInt8(ascii: "\""): return string()
      case UInt8(ascii: "t"): return expect("true") ? true : nil
      case UInt8(ascii: "f"): return expect("false") ? false : nil
      case UInt8(ascii: "n"): return expect("null") ? NSNull() : nil
      case .some: return number()
      case nil: return nil
      }
    }

    mutating func object() -> [String: Any]? {
      index += 1
      var result: [String: Any] = [:]
      skipSpace()
      if current == UInt8(ascii: "}") { index += 1; return result }
      while true {
        skipSpace()
        guard current == UInt8(ascii: "\""), let key = string() else { return nil }
        skipSpace()
        guard current == UInt8(ascii: ":") else { return nil }
        index += 1
        guard let v = value() else { return nil }
        result[key] = v
        skipSpace()
        switch current {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "}"): index += 1; return result
        default: return nil
        }
      }
    }

    mutating func array() -> [Any]? {
      index += 1
      var result: [Any] = []
      skipSpace()
      if current == UInt8(ascii: "]") { index += 1; return result }
      while true {
        guard let v = value() else { return nil }
        result.append(v)
        skipSpace()
        switch current {
        case UInt8(ascii: ","): index += 1
        case UInt8(ascii: "]"): index += 1; return result
        default: return nil
        }
      }
    }

    mutating func string() -> String? {
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
        guard let e = current else { return nil }
        index += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          guard var code = hex4() else { return nil }
          if (0xD800..<0xDC00).contains(code) {  // a surrogate pair
            guard expect("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { return nil }
          out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default: return nil
        }
      }
      return nil
    }

    mutating func hex4() -> UInt32? {
      guard index + 4 <= bytes.count else { return nil }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = bytes[index]
        let d: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
        v = v * 16 + d
        index += 1
      }
      return v
    }

    /// A JSON number: `Int` when it has no fraction or exponent and fits, else `Double`.
    mutating func number() -> Any? {
      let start = index
      var integral = true
      while let c = current {
        if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
          index += 1
        } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
          integral = false; index += 1
        } else {
          break
        }
      }
      guard index > start else { return nil }
      // strtod needs a NUL-terminated copy (numbers are short).
      var text = [CChar](repeating: 0, count: index - start + 1)
      for k in start..<index { text[k - start] = CChar(bitPattern: bytes[k]) }
      if integral, let i = Int(String(cString: text)) { return i }
      var end: UnsafeMutablePointer<CChar>?
      let d = text.withUnsafeMutableBufferPointer { buf -> Double in
        let v = strtod(buf.baseAddress!, &end)
        return end == buf.baseAddress! + (index - start) ? v : .nan
      }
      return d.isNaN ? nil : d
    }
  }
}
