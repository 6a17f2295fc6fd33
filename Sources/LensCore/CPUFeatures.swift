import Foundation

/// The instruction-set extensions this build of Lens needs.
///
/// On x86-64 the engine and the optimizers are compiled for AVX2 + FMA (LLVM's `haswell`
/// target, see Package.swift), so on an older CPU they would die of an illegal instruction; the
/// command-line tool checks first and says so instead. This file itself is compiled for the
/// baseline, so the check runs anywhere.
public enum CPUFeatures {
  /// The `/proc/cpuinfo` flags the `haswell` target assumes (empty where no check applies).
  public static let required: [String] = {
    #if arch(x86_64) && os(Linux)
    return ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"]
    #else
    return []
    #endif
  }()

  /// The required flags that `cpuinfo` (the text of /proc/cpuinfo) lacks, in `required` order;
  /// empty when every one is present or the text has no flags line to judge by.
  public static func missing(cpuinfo: String) -> [String] {
    guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
          let colon = line.firstIndex(of: ":") else { return [] }
    let flags = Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    return required.filter { !flags.contains($0) }
  }

  /// The required flags this machine lacks (empty where /proc/cpuinfo cannot be read).
  public static func missingOnThisMachine() -> [String] {
    guard !required.isEmpty, let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    return missing(cpuinfo: text)
  }
}
