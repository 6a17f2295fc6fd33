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
}
