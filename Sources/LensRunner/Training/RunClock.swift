import Foundation
import LensEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock that times a run's training steps (evaluation is never timed).
///
/// The runner executes each run on one thread (one BLAS thread, one engine worker), so the CPU
/// time of that thread is the run's whole compute. It is the default clock: unlike wall time, it
/// does not grow when other processes or the suite's other runs share the cores, so a
/// fixed-runtime budget buys the same work on a busy machine as on an idle one, and
/// loss-against-time curves compare the methods' compute rather than the machine's load. On an
/// idle machine the two clocks agree to within scheduling noise. Wall time is used whenever the
/// engine or BLAS may run more than one thread inside a run (thread CPU time would then miss the
/// helper threads' work).
public enum RunClock: String, Sendable {
  /// CPU seconds of the calling thread (`CLOCK_THREAD_CPUTIME_ID`).
  case threadCPU = "thread_cpu"
  /// Monotonic wall-clock seconds.
  case wall

  /// The clock for the current engine and BLAS settings: thread CPU time when a run is
  /// single-threaded, wall time otherwise.
  public static var forCurrentSettings: RunClock {
    engineWorkerCount == 1 && blasThreadCount == 1 ? .threadCPU : .wall
  }

  /// The current reading in seconds (an arbitrary origin; use differences).
  @inline(__always)
  public func now() -> Double {
    switch self {
    case .threadCPU:
      var t = timespec()
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
      return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    case .wall:
      return Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }
  }
}
