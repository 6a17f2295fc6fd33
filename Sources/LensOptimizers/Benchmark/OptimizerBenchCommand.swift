#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LensEngine

/// The body of `lens bench --optimizers`: times the selected `OptimizerBenchmark` workloads and
/// prints ms/step with the work of one step next to it.
public enum OptimizerBenchCommand {
  public static func run(ids: String?, minSeconds: Double, csv: Bool) throws {
    if !csv {
      let p = Provenance.current()
      print("lens bench --optimizers: OpenBLAS \(p.blasCore) kernels, \(p.blasThreads) thread(s); synthetic data; "
            + "per-step work: fwd/bwd passes, JVPs, GGN products, HVPs, factor inversions")
    }
    let all = OptimizerBenchmark.workloads
    var selected = all
    if let ids {
      let wanted = ids.split(separator: ",").map { String($0.filter { !$0.isWhitespace }).uppercased() }
      for id in wanted where !all.contains(where: { $0.id == id }) {
        throw LensError.badInput("unknown optimizer workload \(id) (known: \(all.map(\.id).joined(separator: ", ")))")
      }
      selected = all.filter { wanted.contains($0.id) }
    }
    let header = ["workload", "ms/step", "cpu ms", "steps", "fwd", "bwd", "jvp", "ggn", "hvp", "inv"]
    print(csv ? "workload,ms_per_step,cpu_ms_per_step,steps,forward,backward,jvp,ggn_product,hvp,factor_inversions"
              : row(header) + "  description")
    for w in selected {
      let r = try OptimizerBenchmark.run(w, minSeconds: minSeconds)
      let s = Double(r.steps)
      func per(_ x: Int) -> String { fixed(Double(x) / s, 2) }
      let cells = [w.id, fixed(r.millisecondsPerStep, csv ? 4 : 3), fixed(r.cpuMillisecondsPerStep, csv ? 4 : 3), String(r.steps), per(r.work.forward), per(r.work.backward),
                   per(r.work.jvp), per(r.work.ggnProduct), per(r.work.hvp), per(r.work.factorInversions)]
      print(csv ? cells.joined(separator: ",") : row(cells) + "  " + w.summary)
      fflush(stdout)
    }
  }

  static func fixed(_ x: Double, _ digits: Int) -> String {
    // Formatting without Foundation: round to `digits` decimals.
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let v = (x * p).rounded() / p
    var s = String(v)
    if let dot = s.firstIndex(of: ".") {
      let decimals = s.distance(from: dot, to: s.endIndex) - 1
      if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    } else if digits > 0 { s += "." + String(repeating: "0", count: digits) }
    return s
  }

  static func row(_ cells: [String]) -> String {
    let widths = [8, 10, 10, 6, 6, 6, 6, 6, 6, 6]
    return zip(cells, widths).map { c, w in String(repeating: " ", count: max(0, w - c.count)) + c }.joined(separator: " ")
  }
}
