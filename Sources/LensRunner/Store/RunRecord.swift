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
    func object(_ line: String, _ index: Int) throws -> [String: Any] {
      guard let o = LogLineParser.parse(line) as? [String: Any] else {
        throw LensError.data("\(name): line \(index + 1) is not a JSON object")
      }
      return o
    }
    func number(_ v: Any?) -> Double? {
      if let d = v as? Double { return d }
      if let i = v as? Int { return Double(i) }
      if let s = v as? String { return s == "NaN" ? .nan : s == "Infinity" ? .infinity : s == "-Infinity" ? -.infinity : nil }
      return nil
    }
    guard let first = lines.first, let header = try? object(first, 0), header["type"] as? String == "run" else {
      throw LensError.data("\(name): the log does not start with a run header")
    }
    hash = header["hash"] as? String ?? ""
    suite = header["suite"] as? String ?? ""
    variant = header["variant"] as? String ?? ""
    optimizer = header["optimizer"] as? String ?? ""
    repetition = header["repetition"] as? Int ?? 0
    data = header["data"] as? String
    steps = []; evaluations = []; work = [:]; status = "incomplete"; trainingSeconds = 0
    clock = RunClock.wall.rawValue; wallSeconds = 0
    for (i, line) in lines.enumerated().dropFirst() {
      let o = try object(line, i)
      switch o["type"] as? String {
      case "step":
        steps.append(Step(step: o["step"] as? Int ?? 0, loss: number(o["loss"]) ?? .nan, time: number(o["time"]) ?? 0,
                          learningRate: number(o["lr"]), damping: number(o["damping"])))
      case "eval":
        let metrics = o.keys.filter { !["type", "step", "epoch", "time", "params"].contains($0) }.sorted().compactMap { k in
          number(o[k]).map { (k, $0) }
        }
        var parameters: [Double]?
        if let raw = o["params"] {
          guard let items = raw as? [Any], case let xs = items.compactMap(number), xs.count == items.count else {
            throw LensError.data("\(name): line \(i + 1): 'params' is not a list of numbers")
          }
          parameters = xs
        }
        evaluations.append(Evaluation(step: o["step"] as? Int ?? 0, epoch: number(o["epoch"]) ?? 0,
                                      time: number(o["time"]) ?? 0, metrics: metrics, parameters: parameters))
      case "end":
        status = o["status"] as? String ?? "unknown"
        trainingSeconds = number(o["time"]) ?? 0
        clock = o["clock"] as? String ?? RunClock.wall.rawValue
        wallSeconds = number(o["wall_time"]) ?? trainingSeconds
        work = (o["work"] as? [String: Int]) ?? [:]
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
