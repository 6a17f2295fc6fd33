import CBLAS
import Foundation

/// Where and how a result was computed: recorded with every run, kept out of the diffed data.
public struct Provenance: Sendable, Codable, Hashable {
  public var blasCore: String
  public var blasThreads: Int
  public var blasConfig: String
  public var cpuModel: String
  public var logicalCores: Int
  public var swiftVersion: String

  /// The provenance of the running process.
  public static func current() -> Provenance {
    Provenance(
      blasCore: String(cString: openblas_get_corename()),
      blasThreads: Int(BLASThreadControl.shared.threads),
      blasConfig: String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces),
      cpuModel: cpuModelName(),
      logicalCores: ProcessInfo.processInfo.activeProcessorCount,
      swiftVersion: compilerVersion())
  }

  /// Ordered key/value pairs for printing.
  public var fields: [(String, String)] {
    [("blas_core", blasCore), ("blas_threads", String(blasThreads)), ("blas_config", blasConfig),
     ("cpu_model", cpuModel), ("logical_cores", String(logicalCores)), ("swift", swiftVersion)]
  }

  private static func cpuModelName() -> String {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
    for line in text.split(separator: "\n") where line.hasPrefix("model name") {
      if let colon = line.firstIndex(of: ":") {
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
    }
    return "unknown"
  }

  private static func compilerVersion() -> String {
    #if compiler(>=6.3)
    return "6.3+"
    #elseif compiler(>=6.2)
    return "6.2"
    #elseif compiler(>=6.1)
    return "6.1"
    #else
    return "6.0"
    #endif
  }
}

/// Sets the number of threads OpenBLAS uses in this process (Lens runs one BLAS thread per
/// worker when training runs go in parallel).
public func setBLASThreads(_ n: Int) { BLASThreadControl.shared.setThreads(Int32(max(1, n))) }
/// The OpenBLAS thread count set for this process (outside the engine's single-threaded sections).
public var blasThreadCount: Int { Int(BLASThreadControl.shared.threads) }
