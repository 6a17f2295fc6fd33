import ArgumentParser
import Foundation
import LensCore
import LensData

/// `lens data`: fetch, verify and describe the benchmark datasets.
struct DataCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data", abstract: "Fetch, verify and list the datasets of the three papers.",
    subcommands: [DataFetchCommand.self, DataVerifyCommand.self, DataListCommand.self, DataInfoCommand.self,
                  DataFixtureCommand.self])
}

/// Runs `body`, printing a `LensError` and exiting with its code instead of a stack of context.
func runReportingLensErrors(_ body: () throws -> Void) throws {
  do { try body() } catch let e as LensError {
    FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
    throw ExitCode(e.exitCode)
  }
}

struct DataFetchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fetch",
    abstract: "Download (or copy from LENS_DATA_MIRROR) and verify datasets into LENS_DATA_DIR.",
    discussion: """
      With LENS_DATA_MIRROR (or --mirror) set, files are copied from that folder only, at the same \
      relative paths; otherwise they are downloaded from the registry's URLs, mirrors in order. \
      Existing files are never overwritten. With --all, datasets that cannot be obtained from the \
      source are reported and skipped; naming a dataset makes its absence an error (exit 3).
      """)

  @Argument(help: "Dataset names (see `lens data list`).") var names: [String] = []
  @Flag(help: "Every dataset in the registry.") var all = false
  @Option(help: "Mirror folder to copy from (default: LENS_DATA_MIRROR).") var mirror: String?
  @Option(help: "Data directory (default: LENS_DATA_DIR, else ./data).") var dir: String?

  func validate() throws {
    if names.isEmpty && !all { throw ValidationError("name at least one dataset, or pass --all") }
  }

  func run() throws {
    try runReportingLensErrors {
      let registry = DatasetRegistry.standard
      let targets = all ? registry.names : names
      for n in targets { _ = try registry.entry(n) }
      let mirrorDir = mirror ?? DataStore.mirrorDirectory()
      let fetcher = Fetcher(dataDirectory: dir ?? DataStore.dataDirectory(), mirror: mirrorDir, registry: registry,
                            log: { print($0) })
      print("data directory: \(fetcher.dataDirectory)")
      print("source: \(mirrorDir.map { "mirror \($0)" } ?? "network (registry URLs)")")
      var failed: [String] = []
      var incomplete: [String] = []
      for name in targets {
        print("\(name):")
        let result = try fetcher.fetch(name)
        if !result.failures.isEmpty { failed.append(name) }
        if !result.complete { incomplete.append(name) }
      }
      print("")
      let completeCount = targets.count - incomplete.count
      print("fetch: \(completeCount) of \(targets.count) datasets complete")
      if !incomplete.isEmpty { print("incomplete: \(incomplete.joined(separator: ", "))") }
      if !failed.isEmpty {
        throw LensError.data("checksum or source errors in: \(failed.joined(separator: ", ")) (see FAILED lines above)")
      }
      if !all && !incomplete.isEmpty {
        throw LensError.data("could not obtain every required file of: \(incomplete.joined(separator: ", ")) (see missing lines above)")
      }
    }
  }
}

struct DataVerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify", abstract: "Check the checksum of every dataset file present in the data directory.")

  @Argument(help: "Dataset names (default: all).") var names: [String] = []
  @Option(help: "Folder to check (default: LENS_DATA_DIR, else ./data). A mirror folder works too.") var dir: String?
  @Flag(help: "Print one line per file, absent ones included.") var verbose = false

  func run() throws {
    try runReportingLensErrors {
      let root = dir ?? DataStore.dataDirectory()
      let start = Date()
      let reports = try Verifier.verify(root: root, datasets: names)
      print("verifying \(root)")
      var bad = 0
      var byDataset: [String: (ok: Int, absentRequired: Int, absentOptional: Int)] = [:]
      for r in reports {
        var c = byDataset[r.dataset] ?? (0, 0, 0)
        switch r.status {
        case .ok:
          c.ok += 1
          if verbose { print("  ok        \(r.path)") }
        case .mismatch(let expected, let actual):
          bad += 1
          print("  MISMATCH  \(r.path): expected \(expected.algorithm) \(expected.hex), actual \(actual)")
        case .unreadable(let why):
          bad += 1
          print("  ERROR     \(r.path): \(why)")
        case .absent(let required):
          if required { c.absentRequired += 1 } else { c.absentOptional += 1 }
          if verbose { print("  absent    \(r.path)\(required ? "" : " (optional)")") }
        }
        byDataset[r.dataset] = c
      }
      let order = reports.map(\.dataset).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
      for name in order {
        let c = byDataset[name]!
        let state = c.ok == 0 ? "not present" : (c.absentRequired == 0 ? "complete" : "partial")
        print("\(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(state): \(c.ok) verified, "
              + "\(c.absentRequired) required and \(c.absentOptional) optional absent")
      }
      let checked = reports.filter { if case .absent = $0.status { return false }; return true }.count
      print(String(format: "verify: %d files checked, %d bad, in %.1f s", checked, bad, Date().timeIntervalSince(start)))
      if bad > 0 { throw LensError.data("\(bad) file(s) failed verification; they are not used") }
    }
  }
}

struct DataListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered datasets.")

  func run() throws {
    for e in DatasetRegistry.standard.entries {
      print("\(e.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(e.title)")
    }
  }
}

struct DataInfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Files, sources, checksums, licence and citation of one dataset.")

  @Argument(help: "Dataset name.") var name: String

  func run() throws {
    try runReportingLensErrors {
      let e = try DatasetRegistry.standard.entry(name)
      print("\(e.name): \(e.title)")
      print("homepage: \(e.homepage)")
      print("licence: \(e.licence)")
      print("citation: \(e.citation)")
      print("used by: \(e.usedBy)")
      if let a = e.availability { print("availability: \(a)") }
      print("files:")
      for f in e.files {
        print("  \(f.path)\(f.required ? "" : " (optional)")\(f.size.map { ", \($0) bytes" } ?? "")")
        print("    \(f.checksum)")
        if let g = f.gzipped { print("    or gzipped as \(g.path): SHA-256 \(g.sha256)") }
        for u in f.urls { print("    url: \(u)") }
      }
      for a in e.archives {
        print("archive (\(a.format.rawValue)), SHA-256 \(a.sha256):")
        for u in a.urls { print("  url: \(u)") }
        for (m, p) in a.members.sorted(by: { $0.key < $1.key }) { print("  member \(m) -> \(p)") }
      }
    }
  }
}
