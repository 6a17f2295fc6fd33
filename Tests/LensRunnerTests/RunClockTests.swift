import Foundation
import Testing
import LensEngine
@testable import LensRunner

/// The training clock: thread CPU time counts this thread's work only; the trainer records
/// which clock it used and the wall-clock span beside it.
@Suite(.serialized) struct RunClockTests {
  /// Sleeping costs no CPU time: the thread clock advances by (almost) nothing while the wall
  /// clock advances by the sleep; busy work advances both.
  @Test func threadCPUClockIgnoresSleepAndCountsWork() {
    let cpu = RunClock.threadCPU, wall = RunClock.wall
    let c0 = cpu.now(), w0 = wall.now()
    Thread.sleep(forTimeInterval: 0.2)
    let c1 = cpu.now(), w1 = wall.now()
    #expect(w1 - w0 >= 0.19)
    #expect(c1 - c0 < 0.05, "thread CPU time advanced \(c1 - c0) s during a 0.2 s sleep")
    var x = 0.0
    let c2 = cpu.now()
    while cpu.now() - c2 < 0.1 { for i in 0..<1000 { x += sin(Double(i)) } }
    #expect(cpu.now() - c2 >= 0.1)
    #expect(x.isFinite)
  }

  /// Single-threaded engine and BLAS → thread CPU clock; more workers → wall clock.
  @Test func clockFollowsThreadSettings() {
    let workers = engineWorkerCount, blas = blasThreadCount
    defer { setEngineWorkers(workers); setBLASThreads(blas) }
    setEngineWorkers(1); setBLASThreads(1)
    #expect(RunClock.forCurrentSettings == .threadCPU)
    setEngineWorkers(2)
    #expect(RunClock.forCurrentSettings == .wall)
  }

  /// A run's log ends with its clock and both spans, and `RunRecord` reads them back.
  @Test func trainerRecordsClockAndWallTime() throws {
    let workers = engineWorkerCount, blas = blasThreadCount
    defer { setEngineWorkers(workers); setBLASThreads(blas) }
    setEngineWorkers(1); setBLASThreads(1)
    let spec = try TrainerTests().plan()[0]
    let lines = try Trainer(problem: TrainerTests.problem()).run(spec)
    #expect(lines.last!.contains(#""clock":"thread_cpu""#), "\(lines.last!)")
    let record = try RunRecord(lines: lines, name: "log")
    #expect(record.clock == "thread_cpu")
    #expect(record.trainingSeconds > 0 && record.wallSeconds > 0)
    // Thread CPU time of a single-threaded run cannot exceed its wall time (beyond clock granularity).
    #expect(record.trainingSeconds <= record.wallSeconds * 1.05 + 1e-3)
    // A log written before the clock was recorded reads as wall-clock.
    let old = try RunRecord(lines: [lines[0], #"{"type":"end","status":"finished","steps":0,"time":2.5}"#], name: "old")
    #expect(old.clock == "wall" && old.wallSeconds == 2.5)
  }
}
