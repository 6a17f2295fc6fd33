import Foundation
import Testing
import LensEngine
import LensOptimizers
import LensReplay

/// Where the shared golden cases are: `LENS_GOLDEN_DIR`, else `../shared/golden` relative to
/// the package root.
enum GoldenDir {
  static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static let path: String = {
    if let env = ProcessInfo.processInfo.environment["LENS_GOLDEN_DIR"], !env.isEmpty { return env }
    return packageRoot.appendingPathComponent("../shared/golden").standardized.path
  }()

  static var casesPath: String { (path as NSString).appendingPathComponent("cases") }

  static var exists: Bool {
    var dir: ObjCBool = false
    return FileManager.default.fileExists(atPath: casesPath, isDirectory: &dir) && dir.boolValue
  }

  static var caseFiles: [String] {
    guard exists, let names = try? FileManager.default.contentsOfDirectory(atPath: casesPath) else { return [] }
    return names.filter { $0.hasSuffix(".json") }.sorted()
  }

  static let skipReason: Comment = "golden cases not found at \(casesPath) (set LENS_GOLDEN_DIR)"
}

@Suite struct GoldenReplayTests {
  /// Every shared case replays within its tolerance.
  @Test(.enabled(if: GoldenDir.exists, GoldenDir.skipReason), arguments: GoldenDir.caseFiles)
  func replaysWithinTolerance(_ file: String) throws {
    let c = try ReplayCase.load(path: (GoldenDir.casesPath as NSString).appendingPathComponent(file))
    let r = try Replay.run(c)
    #expect(r.passed, "\(file): worst \(r.worstToleranceRatio)× tolerance at \(r.worstAt), max rel \(r.maxRelativeDeviation)\n\(r.lines.joined(separator: "\n"))")
    #expect(r.compared > 0)
  }

  /// The folder holds the 21 cases the README lists (a missing file must not pass silently).
  @Test(.enabled(if: GoldenDir.exists, GoldenDir.skipReason))
  func allCasesPresent() {
    #expect(GoldenDir.caseFiles.count >= 21, "found \(GoldenDir.caseFiles.count) cases")
  }
}
