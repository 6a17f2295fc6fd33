import ArgumentParser
import Foundation
import LensEngine
import LensOptimizers

/// `lens bench`: times one training step of each benchmark workload (W1…W8) and compares it
/// with the machine's measured sgemm ceiling and the JAX/PyTorch reference timings.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time one training step of each benchmark workload against the measured sgemm ceiling.")

  @Flag(name: .long, help: "Print CSV rows: workload,ms_per_step,gflops,ceiling_fraction.")
  var csv = false

  @Option(name: .long, help: "Comma-separated workload ids to run (default: all).")
  var workloads: String?

  @Option(name: .long, help: "Minimum seconds of timed steps per workload.")
  var minSeconds: Double = 1

  @Option(name: .long, help: "Side of the square sgemm that measures the ceiling.")
  var ceilingSize: Int = 1024

  @Flag(name: .long, help: "Time optimizer steps instead (K-FAC, Shampoo, AdaFisher, AdamQLR; ids K1…, --workloads filters).")
  var optimizers = false

  @Flag(name: .long, help: "One BLAS thread and one engine worker, as each run of `lens run` uses.")
  var singleThread = false

  func run() throws {
    if singleThread { setBLASThreads(1); setEngineWorkers(1) }
    if optimizers { return try OptimizerBenchCommand.run(ids: workloads, minSeconds: minSeconds, csv: csv) }
    let all = EngineBenchmark.workloads
    var selected = all
    if let workloads {
      let ids = workloads.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
      for id in ids where !all.contains(where: { $0.id == id }) {
        throw LensError.badInput("unknown workload \(id) (known: \(all.map(\.id).joined(separator: ", ")))")
      }
      selected = all.filter { ids.contains($0.id) }
    }
    let (ceiling, ceilingLoad) = measureSgemmCeilingWithLoad(size: ceilingSize)
    if csv {
      print("workload,ms_per_step,gflops,ceiling_fraction")
    } else {
      let p = Provenance.current()
      let coretype = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
      print("lens bench: OpenBLAS \(p.blasCore) kernels, \(p.blasThreads) thread(s), OPENBLAS_CORETYPE=\(coretype)")
      print("sgemm ceiling (\(ceilingSize)^3, median): " + fixed(ceiling, 1) + " GFLOP/s"
            + (ceilingLoad.map { ", other load " + fixed($0, 2) + " cores" } ?? ""))
      print("load = CPU cores used by other processes while timing (the reference figures: < 0.15)")
      print(row(["workload", "ms/step", "GFLOP/s", "ceiling", "JAX ms", "torch ms", "faster ref/ours", "steps", "load"])
            + "  description")
    }
    for w in selected {
      let r = EngineBenchmark.run(w, ceiling: ceiling, minSeconds: minSeconds)
      if csv {
        print([w.id, fixed(r.millisecondsPerStep, 4), fixed(r.gflops, 2), fixed(r.ceilingFraction, 4)].joined(separator: ","))
      } else {
        let speedup = w.referenceMilliseconds.map { fixed($0 / r.millisecondsPerStep, 2) + "x" } ?? "-"
        print(row([w.id, fixed(r.millisecondsPerStep, 3), fixed(r.gflops, 1), fixed(100 * r.ceilingFraction, 1) + "%",
                   w.jaxMilliseconds.map { fixed($0, 3) } ?? "-", w.torchMilliseconds.map { fixed($0, 3) } ?? "-",
                   speedup, String(r.steps), r.otherLoadCores.map { fixed($0, 2) } ?? "-"]) + "  " + w.summary)
      }
      fflush(stdout)
    }
  }

  private func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

  private func row(_ cells: [String]) -> String {
    let widths = [8, 9, 9, 8, 8, 9, 16, 6, 5]
    return zip(cells, widths).map { c, w in String(repeating: " ", count: max(0, w - c.count)) + c }.joined(separator: " ")
  }
}
