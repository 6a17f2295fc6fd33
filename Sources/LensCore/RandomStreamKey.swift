/// The key of a named random stream.
///
/// A stream is named by an ordered path of components, for example
/// `["adamqlr-fig1", "fashion-mnist", "adam", "rep=7", "batches"]`. The key is the first eight
/// bytes (big-endian) of the SHA-256 digest of the components, each encoded as its UTF-8 length
/// (8 bytes, big-endian) followed by its bytes. The encoding is prefix-free, so distinct paths
/// give independent keys, and a stream's key depends on its own path only.
public struct RandomStreamKey: Sendable, Hashable, CustomStringConvertible {
  public let components: [String]
  public let key: UInt64

  public init(_ components: [String]) {
    self.components = components
    var bytes: [UInt8] = []
    for component in components {
      let utf8 = Array(component.utf8)
      let length = UInt64(utf8.count)
      for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
      bytes.append(contentsOf: utf8)
    }
    let digest = SHA256.hash(bytes)
    var key: UInt64 = 0
    for i in 0..<8 { key = (key << 8) | UInt64(digest[i]) }
    self.key = key
  }

  /// The standard path of a training run's stream.
  public init(suite: String, problem: String, variant: String, repetition: Int, stream: String) {
    self.init([suite, problem, variant, "rep=\(repetition)", stream])
  }

  /// A child stream: this path with `component` appended.
  public func child(_ component: String) -> RandomStreamKey { RandomStreamKey(components + [component]) }

  public var description: String { components.joined(separator: "/") }
}
