import LensCore
import LensOptimizers

/// The lines of a run log (JSON objects, one per line, canonical key order).
///
/// - `{"type":"run", …}` once: the run hash, suite, variant, repetition and the canonical spec,
///   plus `"data"` when the data recipe has variants: which one was loaded (e.g. "test:
///   training-file rows 40000..<45000 held out (…)").
/// - `{"type":"step","step":t,"loss":…,"lr":…,"damping":…,"momentum":…,"rho":…,"time":s}` per
///   step: what the optimizer chose (absent fields: the optimizer has no such quantity) and the
///   cumulative training seconds after the step.
/// - `{"type":"eval","step":t,"epoch":e,"time":s,"train_loss":…,"test_accuracy":…}` at each
///   evaluation (untimed); for a model-free objective also `"params":[θ₁,…]`, the parameters at
///   that point (evaluating every step logs the whole trajectory θ₀…θ_T).
/// - `{"type":"end","status":"finished"|"diverged","steps":…,"time":…,"work":{…},"notes":[…]}`.
public enum RunLog {
  public static func header(_ spec: RunSpec, data: String? = nil) -> String {
    CanonicalJSON.object([
      ("type", CanonicalJSON.quote("run")), ("hash", CanonicalJSON.quote(spec.hash)),
      ("suite", CanonicalJSON.quote(spec.suite)), ("variant", CanonicalJSON.quote(spec.variant)),
      ("optimizer", CanonicalJSON.quote(spec.optimizer.label)),
      ("repetition", String(spec.repetition)), ("spec", spec.canonicalJSON),
    ] + (data.map { [("data", CanonicalJSON.quote($0))] } ?? []))
  }

  /// One step line. Written once per optimizer step (hundreds of thousands per run at small batch
  /// sizes), so the members are emitted directly in canonical (UTF-8 sorted) key order rather than
  /// through `CanonicalJSON.object`; the text is identical (tested).
  public static func step(_ r: StepRecord, time: Double) -> String {
    var line = "{"
    line.reserveCapacity(160)
    var first = true
    func member(_ key: StaticString, _ value: String) {
      if !first { line += "," }
      first = false
      line += "\""; line += key.description; line += "\":"; line += value
    }
    // Sorted: damping < loss < lr < momentum < notes < rho < step < time < type.
    if let v = r.damping { member("damping", CanonicalJSON.number(v)) }
    member("loss", CanonicalJSON.number(r.loss))
    if let v = r.learningRate { member("lr", CanonicalJSON.number(v)) }
    if let v = r.momentum { member("momentum", CanonicalJSON.number(v)) }
    if !r.notes.isEmpty { member("notes", CanonicalJSON.array(r.notes.map(CanonicalJSON.quote))) }
    if let v = r.rho { member("rho", CanonicalJSON.number(v)) }
    member("step", String(r.step))
    member("time", CanonicalJSON.number(time))
    member("type", "\"step\"")
    return line + "}"
  }

  /// `parameters`: θ at the evaluation, logged for model-free objectives (a trajectory).
  public static func evaluation(step: Int, epoch: Double, time: Double, metrics: [(String, Double)],
                                parameters: [Double]? = nil) -> String {
    CanonicalJSON.object([("type", CanonicalJSON.quote("eval")), ("step", String(step)),
                          ("epoch", CanonicalJSON.number(epoch)), ("time", CanonicalJSON.number(time))]
                         + metrics.map { ($0.0, CanonicalJSON.number($0.1)) }
                         + (parameters.map { [("params", CanonicalJSON.array($0.map(CanonicalJSON.number)))] } ?? []))
  }

  /// The last line: status, steps, training seconds on `clock` (the budget's and the time axes'
  /// clock), the same span in wall-clock seconds, and the work counters.
  public static func end(status: String, steps: Int, time: Double, clock: RunClock, wallTime: Double,
                         work: WorkCounters, notes: [String]) -> String {
    let w = CanonicalJSON.object([
      ("forward", String(work.forward)), ("backward", String(work.backward)), ("jvp", String(work.jvp)),
      ("ggn_product", String(work.ggnProduct)), ("hvp", String(work.hvp)),
      ("factor_inversions", String(work.factorInversions)), ("examples", String(work.examples)),
    ])
    return CanonicalJSON.object([("type", CanonicalJSON.quote("end")), ("status", CanonicalJSON.quote(status)),
                                 ("steps", String(steps)), ("time", CanonicalJSON.number(time)),
                                 ("clock", CanonicalJSON.quote(clock.rawValue)), ("wall_time", CanonicalJSON.number(wallTime)),
                                 ("work", w),
                                 ("notes", CanonicalJSON.array(notes.map(CanonicalJSON.quote)))])
  }
}
