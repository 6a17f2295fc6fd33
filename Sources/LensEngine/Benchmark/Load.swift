#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// CPU time used by OTHER processes while a measurement ran, in cores (busy time of the whole
/// machine from /proc/stat minus this process's own user + system time, over the wall time),
/// as the reference timings record it. nil where /proc/stat is unavailable.
struct OtherLoadProbe {
  private let busy0: Double?, own0: Double, wall0: Double

  init() { busy0 = OtherLoadProbe.machineBusySeconds(); own0 = OtherLoadProbe.ownCPUSeconds(); wall0 = monotonicSeconds() }

  func otherCores() -> Double? {
    guard let b0 = busy0, let b1 = OtherLoadProbe.machineBusySeconds() else { return nil }
    let wall = monotonicSeconds() - wall0
    guard wall > 0 else { return nil }
    return max(0, ((b1 - b0) - (OtherLoadProbe.ownCPUSeconds() - own0)) / wall)
  }

  static func machineBusySeconds() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
          let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
    let f = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard f.count >= 8 else { return nil }
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    let busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7]
    return busy / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  static func ownCPUSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
  }
}
