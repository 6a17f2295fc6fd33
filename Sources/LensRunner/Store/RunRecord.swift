import Foundation
import LensCore

/// A finished run read back from its log (see `RunLog` for the line types).
public struct RunRecord: Sendable {
  public struct Step: Sendable {
    public var step: Int
    public var loss: Double
    /// Cumulative training seconds after the step.
    public var time: Double
    public var learningRate: Double?
    public var damping: Double?
  }
  public struct Evaluation: Sendable {
    public var step: Int
    public var epoch: Double
    public var time: Double
    /// Metric name (e.g. `test_loss`) → value, in log order.
    public var metrics: [(String, Double)]
    /// θ at the evaluation (model-free objectives only).
    public var parameters: [Double]? = nil
    public func value(_ name: String) -> Double? { metrics.first { $0.0 == name }?.1 }

    /// The metrics of an evaluation line: every member except the line's own fields, sorted by
    /// name, numbers (and CanonicalJSON's non-finite strings) only.
    static func metrics(of line: OrderedJSON) -> [(String, Double)] {
      (line.members ?? []).filter { !["type", "step", "epoch", "time", "params"].contains($0.0) }
        .sorted { $0.0 < $1.0 }.compactMap { k, v in v.numberOrNonFiniteString.map { (k, $0) } }
    }
  }

  public var hash: String
  public var suite: String
  public var variant: String
  public var optimizer: String
  public var repetition: Int
  /// The data-recipe variant the run trained on (the header's `"data"`), when it has variants.
  public var data: String?
  public var status: String
  public var steps: [Step]
  public var evaluations: [Evaluation]
  public var work: [String: Int]
  /// Training seconds on `clock` (the clock of the budget and of every `time` in the log).
  public var trainingSeconds: Double
  /// `thread_cpu` or `wall` (see `RunClock`); logs written before the clock was recorded say
  /// `wall`, which is what they used.
  public var clock: String
  /// The training span in wall-clock seconds (equal to `trainingSeconds` for wall-clock logs).
  public var wallSeconds: Double

  /// Parses the lines of a log; `name` is used in error messages.
  public init(lines: [String], name: String) throws {
    func object(_ line: String, _ index: Int) throws -> OrderedJSON {
      guard let o = JSONReader.line(line), o.members != nil else {
        throw LensError.data("\(name): line \(index + 1) is not a JSON object")
      }
      return o
    }
    func number(_ v: OrderedJSON?) -> Double? { v?.numberOrNonFiniteString }
    guard let first = lines.first, let header = try? object(first, 0), header["type"]?.string == "run" else {
      throw LensError.data("\(name): the log does not start with a run header")
    }
    hash = header["hash"]?.string ?? ""
    suite = header["suite"]?.string ?? ""
    variant = header["variant"]?.string ?? ""
    optimizer = header["optimizer"]?.string ?? ""
    repetition = header["repetition"]?.int ?? 0
    data = header["data"]?.string
    steps = []; evaluations = []; work = [:]; status = "incomplete"; trainingSeconds = 0
    clock = RunClock.wall.rawValue; wallSeconds = 0
    for (i, line) in lines.enumerated().dropFirst() {
      let o = try object(line, i)
      switch o["type"]?.string {
      case "step":
        steps.append(Step(step: o["step"]?.int ?? 0, loss: number(o["loss"]) ?? .nan, time: number(o["time"]) ?? 0,
                          learningRate: number(o["lr"]), damping: number(o["damping"])))
      case "eval":
        let metrics = Evaluation.metrics(of: o)
        var parameters: [Double]?
        if let raw = o["params"] {
          guard let items = raw.array, case let xs = items.compactMap(number), xs.count == items.count else {
            throw LensError.data("\(name): line \(i + 1): 'params' is not a list of numbers")
          }
          parameters = xs
        }
        evaluations.append(Evaluation(step: o["step"]?.int ?? 0, epoch: number(o["epoch"]) ?? 0,
                                      time: number(o["time"]) ?? 0, metrics: metrics, parameters: parameters))
      case "end":
        status = o["status"]?.string ?? "unknown"
        trainingSeconds = number(o["time"]) ?? 0
        clock = o["clock"]?.string ?? RunClock.wall.rawValue
        wallSeconds = number(o["wall_time"]) ?? trainingSeconds
        work = [:]
        for (k, v) in o["work"]?.members ?? [] { if let n = v.int { work[k] = n } }
      default:
        throw LensError.data("\(name): line \(i + 1) has an unknown type")
      }
    }
  }
}

extension ResultsStore {
  /// The finished runs of `plan`, in plan order (runs without a log are skipped).
  public func records(_ plan: [RunSpec]) throws -> [(RunSpec, RunRecord)] {
    try plan.filter { isFinished(suite: $0.suite, hash: $0.hash) }.map { spec in
      (spec, try RunRecord(lines: readLog(suite: spec.suite, hash: spec.hash), name: logURL(suite: spec.suite, hash: spec.hash).path))
    }
  }
}
