#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic wall-clock seconds.
@inline(__always)
func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Times `body` after `warmup` untimed calls, until at least `minCalls` calls AND
/// `minSeconds` of timed work have run (capped at `maxCalls`); returns the per-call times
/// in seconds.
func timeCalls(warmup: Int, minCalls: Int, minSeconds: Double, maxCalls: Int = 100_000, _ body: () -> Void) -> [Double] {
  for _ in 0..<warmup { body() }
  var times: [Double] = []
  var total = 0.0
  while (times.count < minCalls || total < minSeconds) && times.count < maxCalls {
    let t0 = monotonicSeconds()
    body()
    let dt = monotonicSeconds() - t0
    times.append(dt); total += dt
  }
  return times
}

/// The median of a non-empty sample.
func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}
