import ArgumentParser
import Foundation
import LensEngine
import LensOptimizers

/// `lens bench`: times one training step of each benchmark workload (W1…W8) and compares it
/// with the machine's measured sgemm ceiling and the JAX/PyTorch reference timings.
///
/// As the reference timings were taken: every workload runs in each of `--passes` passes (the
/// workloads interleaved, each pass on a fresh model and batch, the ceiling re-measured at the
/// start of each), and the figure is the faster pass's median, over the highest ceiling. The
/// reference columns are the built-in figures (measured on another machine) unless
/// `--jax-reference` / `--torch-reference` give timings from `scripts/reference-bench` run on
/// this one.
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

  @Option(name: .long, help: "Passes over the workloads; each figure is the faster pass's median.")
  var passes: Int = 2

  @Option(name: .long, help: "JAX step times measured on this machine (CSV 'workload,ms_per_step', from scripts/reference-bench).")
  var jaxReference: String?

  @Option(name: .long, help: "PyTorch step times measured on this machine (same format).")
  var torchReference: String?

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
    guard passes >= 1 else { throw LensError.badInput("--passes must be at least 1") }
    let jax = try jaxReference.map { try ReferenceTimings(contentsOf: $0) }
    let torch = try torchReference.map { try ReferenceTimings(contentsOf: $0) }
    var ceilings: [(gflops: Double, otherLoadCores: Double?)] = []
    var perPass: [[BenchmarkResult]] = []
    for pass in 0..<passes {
      ceilings.append(measureSgemmCeilingWithLoad(size: ceilingSize))
      // OpenBLAS's pool threads spin for a while after the threaded ceiling product; let them
      // go to sleep before timing the engine's own workers.
      Thread.sleep(forTimeInterval: 0.3)
      perPass.append(selected.map { w in
        let r = EngineBenchmark.run(w, ceiling: ceilings[pass].gflops, minSeconds: minSeconds)
        if passes > 1 { FileHandle.standardError.write(Data("pass \(pass + 1)/\(passes): \(w.id) \(fixed(r.millisecondsPerStep, 3)) ms\n".utf8)) }
        return r
      })
    }
    let best = ceilings.max { $0.gflops < $1.gflops }!
    let results = selected.indices.map { i in BenchmarkResult.fastestPass(perPass.map { $0[i] }, ceiling: best.gflops) }
    if csv {
      print("workload,ms_per_step,gflops,ceiling_fraction")
      for r in results {
        print([r.workload.id, fixed(r.millisecondsPerStep, 4), fixed(r.gflops, 2), fixed(r.ceilingFraction, 4)].joined(separator: ","))
      }
      return
    }
    let p = Provenance.current()
    let coretype = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
    print("lens bench: OpenBLAS \(p.blasCore) kernels, \(p.blasThreads) thread(s), OPENBLAS_CORETYPE=\(coretype), "
          + "small-matrix blocks \(SmallProductBlocking.coreHasSmallKernels ? "on" : "off (core has none)"), \(p.cpuModel)")
    print("sgemm ceiling (\(ceilingSize)^3, median; best of \(passes) pass(es): "
          + ceilings.map { fixed($0.gflops, 1) }.joined(separator: " / ") + "): " + fixed(best.gflops, 1) + " GFLOP/s"
          + (best.otherLoadCores.map { ", other load " + fixed($0, 2) + " cores" } ?? ""))
    print("ms/step = the faster pass median; load = most CPU cores used by other processes while timing (reference: < 0.15)")
    print("reference ms: " + referenceSource("JAX", jax, jaxReference) + "; " + referenceSource("torch", torch, torchReference))
    print(row(["workload", "ms/step", "GFLOP/s", "ceiling", "JAX ms", "torch ms", "faster ref/ours", "steps", "load"])
          + "  passes ms  description")
    for r in results {
      let w = r.workload
      let jaxMs = jax.map { $0.milliseconds(w.id) } ?? w.jaxMilliseconds
      let torchMs = torch.map { $0.milliseconds(w.id) } ?? w.torchMilliseconds
      let faster = [jaxMs, torchMs].compactMap { $0 }.min()
      let speedup = faster.map { fixed($0 / r.millisecondsPerStep, 2) + "x" } ?? "-"
      print(row([w.id, fixed(r.millisecondsPerStep, 3), fixed(r.gflops, 1), fixed(100 * r.ceilingFraction, 1) + "%",
                 jaxMs.map { fixed($0, 3) } ?? "-", torchMs.map { fixed($0, 3) } ?? "-",
                 speedup, String(r.steps), r.otherLoadCores.map { fixed($0, 2) } ?? "-"])
            + "  " + r.passMilliseconds.map { fixed($0, 3) }.joined(separator: "/") + "  " + w.summary)
    }
  }

  /// Where a reference column comes from: the file it was read from, or the built-in figures.
  private func referenceSource(_ name: String, _ timings: ReferenceTimings?, _ path: String?) -> String {
    guard let timings, let path else { return "\(name) built in (another machine; see research/cpu-reference-timings.md)" }
    return "\(name) from \(path)" + (timings.comments.first.map { " (\($0))" } ?? "")
  }

  private func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

  private func row(_ cells: [String]) -> String {
    let widths = [8, 9, 9, 8, 8, 9, 16, 6, 5]
    return zip(cells, widths).map { c, w in String(repeating: " ", count: max(0, w - c.count)) + c }.joined(separator: " ")
  }
}
