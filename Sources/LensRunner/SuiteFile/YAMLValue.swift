import LensCore
import Yams

/// A YAML node together with where it came from, read with strict typing.
///
/// Every accessor either returns a value of the requested type or throws a `LensError.badInput`
/// whose message starts with `file:line:column`, names the key path, says what was expected and
/// what was found, and, for unknown keys or names, suggests the closest valid one.
public struct YAMLValue {
  public let node: Node
  public let file: String
  /// Dotted key path from the document root, e.g. `optimizers.adam.lr`.
  public let path: String

  public init(node: Node, file: String, path: String) {
    self.node = node; self.file = file; self.path = path
  }

  /// Parses `text` (the contents of `file`) into its root value.
  public static func parse(_ text: String, file: String) throws -> YAMLValue {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw LensError.badInput("\(file):1:1: the file is empty; expected a YAML mapping")
      }
      return YAMLValue(node: node, file: file, path: "")
    } catch let error as YamlError {
      throw LensError.badInput(describe(error, file: file))
    }
  }

  public var location: SourceLocation {
    SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
  }

  /// An error at this value's location.
  public func error(_ message: String) -> LensError {
    LensError.badInput("\(location): \(path.isEmpty ? "" : "'\(path)': ")\(message)")
  }

  var kindName: String {
    switch node {
    case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    }
  }

  func child(_ node: Node, _ component: String) -> YAMLValue {
    YAMLValue(node: node, file: file, path: path.isEmpty ? component : "\(path).\(component)")
  }

  // MARK: Mappings

  /// The entries of a mapping in document order, after checking that every key is one of
  /// `allowed` (when given). Duplicate keys are an error.
  public func entries(allowed: [String]? = nil) throws -> [(key: String, value: YAMLValue)] {
    guard case .mapping(let mapping) = node else { throw error("expected a mapping, found \(kindName)") }
    var seen: [String] = []
    var result: [(key: String, value: YAMLValue)] = []
    for (k, v) in mapping {
      guard case .scalar(let ks) = k else {
        throw YAMLValue(node: k, file: file, path: path).error("mapping keys must be plain names")
      }
      let key = ks.string
      let keyValue = YAMLValue(node: k, file: file, path: path.isEmpty ? key : "\(path).\(key)")
      if let allowed, !allowed.contains(key) {
        throw keyValue.error("unknown key '\(key)'\(ClosestMatch.hint(for: key, among: allowed)); expected one of: \(allowed.joined(separator: ", "))")
      }
      if seen.contains(key) { throw keyValue.error("duplicate key '\(key)'") }
      seen.append(key)
      result.append((key, child(v, key)))
    }
    return result
  }

  /// A strict view of a mapping: only `allowed` keys may appear.
  public func object(allowed: [String]) throws -> YAMLObject {
    YAMLObject(value: self, entries: try entries(allowed: allowed))
  }

  // MARK: Sequences

  public func list() throws -> [YAMLValue] {
    guard case .sequence(let seq) = node else { throw error("expected a list, found \(kindName)") }
    return seq.enumerated().map { child($0.element, "\($0.offset)") }
  }

  // MARK: Scalars

  public func string() throws -> String {
    guard case .scalar(let s) = node else { throw error("expected a string, found \(kindName)") }
    return s.string
  }

  public func int() throws -> Int {
    guard case .scalar(let s) = node, let v = Int(s.string.replacingOccurrences(of: "_", with: "")) else {
      throw error("expected an integer, found \(kindName)")
    }
    return v
  }

  public func double() throws -> Double {
    guard case .scalar(let s) = node else { throw error("expected a number, found \(kindName)") }
    let text = s.string.replacingOccurrences(of: "_", with: "")
    if let v = Double(text), v.isFinite { return v }
    throw error("expected a finite number, found \(kindName)")
  }

  public func bool() throws -> Bool {
    guard case .scalar(let s) = node else { throw error("expected true or false, found \(kindName)") }
    switch s.string {
    case "true", "True", "yes": return true
    case "false", "False", "no": return false
    default: throw error("expected true or false, found \(kindName)")
    }
  }

  public var isNull: Bool {
    if case .scalar(let s) = node, s.style == .plain || s.style == .any { return ["", "~", "null", "Null"].contains(s.string) }
    return false
  }

  /// One of `choices`, with a suggestion when the value is close to one.
  public func choice(_ choices: [String]) throws -> String {
    let s = try string()
    guard choices.contains(s) else {
      throw error("unknown value '\(s)'\(ClosestMatch.hint(for: s, among: choices)); expected one of: \(choices.joined(separator: ", "))")
    }
    return s
  }

  static func describe(_ error: YamlError, file: String) -> String {
    switch error {
    case .scanner(let context, let problem, let mark, _):
      return "\(file):\(mark.line):\(mark.column): malformed YAML: \(problem)\(context.map { " \($0.text)" } ?? "")"
    case .parser(let context, let problem, let mark, _):
      return "\(file):\(mark.line):\(mark.column): malformed YAML: \(problem)\(context.map { " \($0.text)" } ?? "")"
    case .composer(let context, let problem, let mark, _):
      return "\(file):\(mark.line):\(mark.column): malformed YAML: \(problem)\(context.map { " \($0.text)" } ?? "")"
    default:
      return "\(file):1:1: malformed YAML: \(error)"
    }
  }
}

/// A mapping whose keys were checked against an allowed list; values are looked up by key.
public struct YAMLObject {
  public let value: YAMLValue
  public let entries: [(key: String, value: YAMLValue)]

  public subscript(key: String) -> YAMLValue? { entries.first { $0.key == key }?.value }

  /// The value for a key that must be present.
  public func required(_ key: String) throws -> YAMLValue {
    guard let v = self[key] else { throw value.error("missing required key '\(key)'") }
    return v
  }

  public var keys: [String] { entries.map(\.key) }
}
