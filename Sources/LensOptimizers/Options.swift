import LensEngine

/// A JSON value: how optimizer options travel between suite files, golden cases and the
/// configuration types (which read and write them with the golden key names).
public enum JSONValue: Codable, Sendable, Hashable, CustomStringConvertible {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if c.decodeNil() { self = .null }
    else if let b = try? c.decode(Bool.self) { self = .bool(b) }
    else if let d = try? c.decode(Double.self) { self = .number(d) }
    else if let s = try? c.decode(String.self) { self = .string(s) }
    else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
    else { self = .object(try c.decode([String: JSONValue].self)) }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .null: try c.encodeNil()
    case .bool(let b): try c.encode(b)
    case .number(let d): try c.encode(d)
    case .string(let s): try c.encode(s)
    case .array(let a): try c.encode(a)
    case .object(let o): try c.encode(o)
    }
  }

  public var description: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return String(b)
    case .number(let d): return String(d)
    case .string(let s): return "\"\(s)\""
    case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
    case .object(let o): return "{" + o.keys.sorted().map { "\($0): \(o[$0]!)" }.joined(separator: ", ") + "}"
    }
  }
}

/// Strict reading of an optimizer's options: every key must be known to the optimizer, every
/// value must have the right type. Unknown keys are refused (never ignored) with the list of
/// valid keys.
public struct OptionReader {
  public let optimizer: String
  public let values: [String: JSONValue]
  public let validKeys: [String]

  public init(optimizer: String, values: [String: JSONValue], validKeys: [String]) throws {
    self.optimizer = optimizer; self.values = values; self.validKeys = validKeys
    let unknown = values.keys.filter { !validKeys.contains($0) }.sorted()
    if !unknown.isEmpty {
      throw LensError.badInput(
        "optimizer '\(optimizer)': unknown option(s) \(unknown.joined(separator: ", ")); valid options: \(validKeys.joined(separator: ", "))")
    }
  }

  public func has(_ key: String) -> Bool { values[key] != nil }

  public func double(_ key: String, _ fallback: Double) throws -> Double {
    try optionalDouble(key) ?? fallback
  }

  /// A number, or nil when absent or `null`.
  public func optionalDouble(_ key: String) throws -> Double? {
    switch values[key] {
    case nil, .null?: return nil
    case .number(let d)?: return d
    case let v?: throw LensError.badInput("optimizer '\(optimizer)': option \(key) must be a number, got \(v)")
    }
  }

  public func int(_ key: String, _ fallback: Int) throws -> Int {
    let d = try double(key, Double(fallback))
    guard d == d.rounded(), abs(d) < 1e15 else {
      throw LensError.badInput("optimizer '\(optimizer)': option \(key) must be an integer, got \(d)")
    }
    return Int(d)
  }

  public func bool(_ key: String, _ fallback: Bool) throws -> Bool {
    switch values[key] {
    case nil, .null?: return fallback
    case .bool(let b)?: return b
    case let v?: throw LensError.badInput("optimizer '\(optimizer)': option \(key) must be true or false, got \(v)")
    }
  }

  /// A string that must be one of `choices`.
  public func choice(_ key: String, _ fallback: String, _ choices: [String]) throws -> String {
    switch values[key] {
    case nil, .null?: return fallback
    case .string(let s)?:
      guard choices.contains(s) else {
        throw LensError.badInput("optimizer '\(optimizer)': option \(key) = \"\(s)\" is not one of \(choices.joined(separator: ", "))")
      }
      return s
    case let v?: throw LensError.badInput("optimizer '\(optimizer)': option \(key) must be a string, got \(v)")
    }
  }
}

/// An optimizer's configuration: read strictly from golden-key options, written back to them,
/// and therefore `Codable` as a flat JSON object with those keys.
public protocol OptimizerConfiguration: Codable, Sendable {
  /// The registry name (`"adam"`, `"kfac"`, …).
  static var optimizerName: String { get }
  /// Every option key this configuration reads.
  static var validKeys: [String] { get }
  init(options: OptionReader) throws
  /// The options that reproduce this configuration (all keys, defaults included).
  var options: [String: JSONValue] { get }
}

extension OptimizerConfiguration {
  public init(options: [String: JSONValue]) throws {
    try self.init(options: OptionReader(optimizer: Self.optimizerName, values: options, validKeys: Self.validKeys))
  }

  public init(from decoder: Decoder) throws {
    let values = try [String: JSONValue](from: decoder)
    try self.init(options: values)
  }

  public func encode(to encoder: Encoder) throws { try options.encode(to: encoder) }
}

extension Optional where Wrapped == Double {
  var json: JSONValue { map { .number($0) } ?? .null }
}
