import Foundation
import LensCore

/// `lens data verify`: the checksum of every registry file present under one root.
public enum Verifier {
  public enum Status: Sendable, Equatable {
    case ok
    case mismatch(expected: Checksum, actual: String)
    /// Not stored under the root (in any form); `required` tells whether loaders need it.
    case absent(required: Bool)
    case unreadable(String)
  }

  public struct FileReport: Sendable {
    public let dataset: String
    /// The stored path checked (the gzipped form's path when that is what is present).
    public let path: String
    public let status: Status
  }

  /// Checks every file of `datasets` (all when empty) present under `root`.
  public static func verify(root: String, registry: DatasetRegistry = .standard, datasets: [String] = []) throws -> [FileReport] {
    let entries = datasets.isEmpty ? registry.entries : try datasets.map { try registry.entry($0) }
    var reports: [FileReport] = []
    for entry in entries {
      for file in entry.files {
        var report = FileReport(dataset: entry.name, path: file.path, status: .absent(required: file.required))
        for form in file.storedForms {
          let full = root + "/" + form.path
          guard FileManager.default.fileExists(atPath: full) else { continue }
          do {
            let actual = try FileDigest.hex(ofFile: full, like: form.checksum)
            report = FileReport(dataset: entry.name, path: form.path,
                                status: actual == form.checksum.hex ? .ok : .mismatch(expected: form.checksum, actual: actual))
          } catch {
            report = FileReport(dataset: entry.name, path: form.path, status: .unreadable("\(error)"))
          }
          break
        }
        reports.append(report)
      }
    }
    return reports
  }
}
