import ArgumentParser
import Foundation
import LensCore
import LensData

/// `lens data fixture svhn DIR`: writes the committed SVHN-format fixture (LensData
/// `SVHNFixture`) under DIR and checks it against the fixture registry's checksums.
struct DataFixtureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fixture",
    abstract: "Regenerate a committed dataset fixture (svhn) under a folder, e.g. Tests/Fixtures/data.")

  @Argument(help: "Fixture: svhn.") var name: String
  @Argument(help: "Folder to write <dataset>-fixture/… under.") var directory: String

  func run() throws {
    try runReportingLensErrors {
      guard name == "svhn" else { throw LensError.badInput("unknown fixture '\(name)'; fixtures: svhn") }
      let entry = FixtureData.svhnFixture
      for (path, bytes) in SVHNFixture.files() {
        let full = directory + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
          throw LensError.failure("cannot write \(full)")
        }
        let digest = SHA256.hexDigest(bytes)
        let expected = entry.file(path)?.checksum.hex ?? "?"
        print("\(full): \(bytes.count) bytes, SHA-256 \(digest)\(digest == expected ? " (matches the registry)" : " (registry has \(expected))")")
      }
    }
  }
}
