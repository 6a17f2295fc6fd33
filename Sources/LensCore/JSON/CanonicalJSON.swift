/// Canonical JSON text for hashing, run logs and committed summaries: keys sorted by their UTF-8
/// bytes (`object`), numbers in Swift's shortest round-trip form, no whitespace. `JSONReader`
/// reads it back bit for bit.
public enum CanonicalJSON {
  /// Shortest round-trip decimal for a finite double; `NaN`/`±Infinity` are written as JSON
  /// strings so that the output stays valid JSON.
  public static func number(_ x: Double) -> String {
    if x.isNaN { return "\"NaN\"" }
    if x.isInfinite { return x > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
    return "\(x)"
  }

  /// A JSON string literal.
  public static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// An object from already-canonical member values, keys sorted by their UTF-8 bytes.
  public static func object(_ members: [(String, String)]) -> String {
    let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    return "{" + sorted.map { quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
  }

  public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
