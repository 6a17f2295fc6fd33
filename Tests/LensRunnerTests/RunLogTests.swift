import Testing
import LensCore
import LensOptimizers
@testable import LensRunner

@Suite struct RunLogTests {
  /// The direct step-line writer must produce exactly the canonical object's text for every
  /// combination of optional fields, including awkward numbers.
  @Test func stepLineMatchesCanonicalObject() {
    let numbers: [Double] = [0, -0.0, 1, 0.1, 1e-300, 3.4028234663852886e38, -2.5e-7, .nan, .infinity, -.infinity]
    var generator = SeededGenerator(stream: RandomStreamKey(["tests", "runlog"]))
    for case_ in 0..<256 {
      func pick() -> Double { numbers[Int(generator.next() % UInt64(numbers.count))] }
      func maybe(_ bit: Int) -> Double? { case_ & (1 << bit) != 0 ? pick() : nil }
      let record = StepRecord(step: case_ * 7919, loss: pick(), learningRate: maybe(0), damping: maybe(1),
                              momentum: maybe(2), rho: maybe(3),
                              notes: case_ & 16 != 0 ? ["non-finite \"curvature\" term", "clip"] : [])
      let time = case_ & 32 != 0 ? pick() : Double(case_) * 0.013
      #expect(RunLog.step(record, time: time) == RunLog.stepThroughCanonicalObject(record, time: time))
    }
  }

  /// A fixed line, so a change to both writers at once is still caught.
  @Test func stepLineText() {
    let r = StepRecord(step: 3, loss: 0.5, learningRate: 0.001, damping: 2, rho: -1, notes: ["x"])
    #expect(RunLog.step(r, time: 1.25)
      == #"{"damping":2.0,"loss":0.5,"lr":0.001,"notes":["x"],"rho":-1.0,"step":3,"time":1.25,"type":"step"}"#)
  }

  /// The progress line's final metrics, read from the last evaluation line alone, are the
  /// ones a full read of the log gives.
  @Test func finalMetricsFromTheLastEvaluationLine() throws {
    let lines = [
      #"{"hash":"h","optimizer":"adam","repetition":0,"spec":{},"suite":"s","type":"run","variant":"adam"}"#,
      RunLog.evaluation(step: 0, epoch: 0, time: 0, metrics: [("train_loss", 2.5), ("test_loss", 2.6)]),
      RunLog.step(StepRecord(step: 0, loss: 2.5, notes: [#""type":"eval""#]), time: 0.1),
      RunLog.evaluation(step: 1, epoch: 1, time: 0.1, metrics: [("train_loss", 1.25), ("test_loss", .nan), ("test_accuracy", 0.5)]),
      RunLog.step(StepRecord(step: 1, loss: 1.25), time: 0.2),
    ]
    let fast = RunnerState.finalMetrics(lines)
    let full = try RunRecord(lines: lines, name: "t").evaluations.last!.metrics
    #expect(fast.map(\.0) == full.map(\.0) && fast.map(\.0) == ["test_accuracy", "test_loss", "train_loss"])
    #expect(fast[0].1 == 0.5 && fast[1].1.isNaN && full[1].1.isNaN && fast[2].1 == 1.25)
    #expect(RunnerState.finalMetrics(Array(lines.prefix(1))).isEmpty)
  }
}

extension RunLog {
  /// The same line through the generic canonical-object writer: the reference `RunLog.step` is
  /// tested against.
  static func stepThroughCanonicalObject(_ r: StepRecord, time: Double) -> String {
    var m: [(String, String)] = [("type", CanonicalJSON.quote("step")), ("step", String(r.step)),
                                 ("loss", CanonicalJSON.number(r.loss)), ("time", CanonicalJSON.number(time))]
    if let v = r.learningRate { m.append(("lr", CanonicalJSON.number(v))) }
    if let v = r.damping { m.append(("damping", CanonicalJSON.number(v))) }
    if let v = r.momentum { m.append(("momentum", CanonicalJSON.number(v))) }
    if let v = r.rho { m.append(("rho", CanonicalJSON.number(v))) }
    if !r.notes.isEmpty { m.append(("notes", CanonicalJSON.array(r.notes.map(CanonicalJSON.quote)))) }
    return CanonicalJSON.object(m)
  }
}
