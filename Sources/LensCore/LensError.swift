/// An error meant for a person: what went wrong, where, and what to do about it.
///
/// Every user-facing failure in Lens is a `LensError`; the command-line tool prints
/// `description` and exits with `exitCode` (2 for bad input such as a malformed suite file,
/// 3 for missing or corrupt data, 1 otherwise).
public struct LensError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable { case badInput, data, failure }
  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public static func badInput(_ message: String) -> LensError { LensError(.badInput, message) }
  public static func data(_ message: String) -> LensError { LensError(.data, message) }
  public static func failure(_ message: String) -> LensError { LensError(.failure, message) }

  public var description: String { message }

  public var exitCode: Int32 {
    switch kind {
    case .badInput: return 2
    case .data: return 3
    case .failure: return 1
    }
  }
}
