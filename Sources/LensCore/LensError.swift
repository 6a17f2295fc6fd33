/// An error meant for a person: what went wrong, where, and what to do about it.
///
/// Every user-facing failure in Lens is a `LensError`; the command-line tool prints
/// `description` and exits with `exitCode` (2 for bad input such as a malformed suite file,
/// 3 for missing or corrupt data, 4 for a dataset that is not available on this machine at all
/// — none of its required files present — so a suite cannot run here, 1 otherwise).
public struct LensError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable { case badInput, data, unavailable, failure }
  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public static func badInput(_ message: String) -> LensError { LensError(.badInput, message) }
  public static func data(_ message: String) -> LensError { LensError(.data, message) }
  public static func failure(_ message: String) -> LensError { LensError(.failure, message) }
  /// A dataset absent from this machine: the message starts "data unavailable: NAME (…)".
  public static func unavailable(_ message: String) -> LensError { LensError(.unavailable, message) }

  public var description: String { message }

  public var exitCode: Int32 {
    switch kind {
    case .badInput: return 2
    case .data: return 3
    case .unavailable: return 4
    case .failure: return 1
    }
  }
}
