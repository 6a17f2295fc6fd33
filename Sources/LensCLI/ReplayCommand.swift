import ArgumentParser
import Foundation
import LensCore
import LensReplay

/// `lens replay CASE.json…`: replays golden optimizer cases (../shared/golden/FORMAT.md),
/// printing per-step loss and deviation from `expect`; exits 1 when any case is outside its
/// tolerance and 2 when a case cannot be run (unknown optimizer, key or layer type).
struct ReplayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay", abstract: "Replay golden optimizer cases and compare them with the authors' code.")

  @Argument(help: "Case files (optimizer-replay/1 JSON).")
  var cases: [String]

  @Flag(name: .shortAndLong, help: "Print only one summary line per case.")
  var quiet = false

  func run() throws {
    var failed = 0, refused = 0
    for path in cases {
      do {
        let c = try ReplayCase.load(path: path)
        let r = try Replay.run(c)
        if !quiet { for l in r.lines { print("  \(l)") } }
        print("\(r.passed ? "PASS" : "FAIL") \(r.name): max rel deviation \(String(format: "%.3g", r.maxRelativeDeviation)), "
              + "worst \(String(format: "%.3g", r.worstToleranceRatio))× tolerance at \(r.worstAt) "
              + "(rtol \(c.rtol), atol \(c.atol), \(r.compared) values)")
        if !r.passed { failed += 1 }
      } catch let e as LensError {
        print("ERROR \(path): \(e.message)")
        refused += 1
      }
    }
    if refused > 0 { throw ExitCode(2) }
    if failed > 0 { throw ExitCode(1) }
  }
}
