import Foundation

/// Reference step times measured on the machine at hand (`scripts/reference-bench`), so that a
/// bench compares against JAX and PyTorch run in the same sitting rather than the figures built
/// into `EngineBenchmark.workloads` (which were measured on another machine).
///
/// Format (CSV): lines starting with `#` are comments (provenance); the first other line is
/// exactly `workload,ms_per_step`; then one row per workload, `W1,4.909` (the faster of the
/// passes' median milliseconds per step). Unknown workload ids (e.g. `W6rr`) are kept.
public struct ReferenceTimings: Sendable, Equatable {
  /// Milliseconds per step by workload id, in file order.
  public let rows: [(workload: String, milliseconds: Double)]
  /// The comment lines, without their `#`.
  public let comments: [String]

  public static func == (a: Self, b: Self) -> Bool {
    a.comments == b.comments && a.rows.count == b.rows.count
      && zip(a.rows, b.rows).allSatisfy { $0.workload == $1.workload && $0.milliseconds == $1.milliseconds }
  }

  /// The time of one workload, if measured.
  public func milliseconds(_ workload: String) -> Double? { rows.first { $0.workload == workload }?.milliseconds }

  /// Parses the text of `file` (named in errors as `file:line`).
  public init(text: String, file: String) throws {
    var rows: [(String, Double)] = [], comments: [String] = [], sawHeader = false
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if line.hasPrefix("#") { comments.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces)); continue }
      let at = "\(file):\(i + 1)"
      if !sawHeader {
        guard line == "workload,ms_per_step" else {
          throw LensError.badInput("\(at): expected the header 'workload,ms_per_step', found '\(line)'")
        }
        sawHeader = true
        continue
      }
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 2, !cells[0].isEmpty else {
        throw LensError.badInput("\(at): expected 'workload,ms_per_step' (e.g. 'W1,4.909'), found '\(line)'")
      }
      guard let ms = Double(cells[1]), ms.isFinite, ms > 0 else {
        throw LensError.badInput("\(at): '\(cells[1])' is not a positive number of milliseconds")
      }
      guard !rows.contains(where: { $0.0 == cells[0] }) else { throw LensError.badInput("\(at): workload \(cells[0]) given twice") }
      rows.append((cells[0], ms))
    }
    guard sawHeader else { throw LensError.badInput("\(file): no 'workload,ms_per_step' header") }
    self.rows = rows
    self.comments = comments
  }

  /// Reads and parses a file.
  public init(contentsOf path: String) throws {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw LensError.badInput("cannot read reference timings \(path)")
    }
    try self.init(text: text, file: path)
  }
}
