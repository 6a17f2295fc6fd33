import Foundation
import LensCore

/// Something that copies a URL to a local file. `CurlDownloader` is the real one; any URL scheme
/// curl knows works, including `file://` (used by the tests).
public protocol Downloader: Sendable {
  /// Downloads `url` to `destination` (overwriting it); throws with a reason on failure.
  func download(_ url: String, to destination: String) throws
}

/// Downloads by running `curl --fail --location` (redirects followed, HTTP errors are failures).
public struct CurlDownloader: Downloader {
  public var curlPath: String
  public var connectTimeoutSeconds: Int

  public init(curlPath: String = "/usr/bin/curl", connectTimeoutSeconds: Int = 20) {
    self.curlPath = curlPath
    self.connectTimeoutSeconds = connectTimeoutSeconds
  }

  public func download(_ url: String, to destination: String) throws {
    guard FileManager.default.isExecutableFile(atPath: curlPath) else {
      throw LensError.failure("curl not found at \(curlPath); install curl or use LENS_DATA_MIRROR")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: curlPath)
    p.arguments = ["--fail", "--location", "--silent", "--show-error", "--retry", "2",
                   "--connect-timeout", String(connectTimeoutSeconds), "--output", destination, url]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .split(separator: "\n").last.map(String.init) ?? ""
    guard p.terminationStatus == 0 else {
      throw LensError.data("curl exit \(p.terminationStatus)\(message.isEmpty ? "" : ": " + message)")
    }
  }
}
