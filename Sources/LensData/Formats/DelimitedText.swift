import LensCore

/// Plain-text tables: one record per line, fields separated by commas or by runs of spaces and
/// tabs (the Gal UCI `data.txt` files, the AdamQLR permutation files, Iris). Blank lines are
/// skipped, CR before LF is ignored. Errors name the file, the 1-based line and field.
public struct DelimitedText {
  public enum Separator: Sendable { case comma, whitespace }

  public struct Line {
    public let number: Int
    public let fields: [Substring]
  }

  public let name: String
  public let lines: [Line]

  public init(_ bytes: [UInt8], name: String, separator: Separator) throws {
    self.name = name
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LensError.data("\(name): not UTF-8 text")
    }
    var lines: [Line] = []
    var number = 0
    // "\r\n" is a single Character in Swift, so both line ends are matched explicitly.
    for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      number += 1
      var line = raw[...]
      if line.last == "\r" { line = line.dropLast() }
      if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
      let fields: [Substring]
      switch separator {
      case .comma: fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
      case .whitespace: fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      }
      lines.append(Line(number: number, fields: fields))
    }
    self.lines = lines
  }

  /// Every line must have exactly `count` fields.
  public func requireFieldCount(_ count: Int) throws {
    for l in lines where l.fields.count != count {
      throw LensError.data("\(name): line \(l.number): expected \(count) fields, found \(l.fields.count)")
    }
  }

  /// Field `field` (0-based) of `line` as a number.
  public func number(_ line: Line, _ field: Int) throws -> Double {
    guard field < line.fields.count, let v = Double(line.fields[field]), v.isFinite else {
      let text = field < line.fields.count ? String(line.fields[field]) : "(missing)"
      throw LensError.data("\(name): line \(line.number), field \(field + 1): '\(text)' is not a finite number")
    }
    return v
  }

  /// Field `field` of `line` as a non-negative integer.
  public func index(_ line: Line, _ field: Int) throws -> Int {
    guard field < line.fields.count, let v = Int(line.fields[field]), v >= 0 else {
      let text = field < line.fields.count ? String(line.fields[field]) : "(missing)"
      throw LensError.data("\(name): line \(line.number), field \(field + 1): '\(text)' is not a non-negative integer")
    }
    return v
  }

  /// All fields as a row-major numeric matrix `[lines, columns]`.
  public func numericMatrix(columns: Int) throws -> [Double] {
    try requireFieldCount(columns)
    var out: [Double] = []
    out.reserveCapacity(lines.count * columns)
    for l in lines { for c in 0..<columns { out.append(try number(l, c)) } }
    return out
  }

  /// A single column of integer indices (one per line).
  public func indexColumn() throws -> [Int] {
    try requireFieldCount(1)
    return try lines.map { try index($0, 0) }
  }
}

extension Substring {
  func trimmingSpaces() -> Substring {
    var s = self
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return s
  }
}
