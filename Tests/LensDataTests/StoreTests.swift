import Foundation
import LensCore
import Testing
import LensData

/// Registry, verification and fetching on fixture folders (no network: `file://` URLs).
@Suite struct RegistryTests {
  @Test func everyDatasetOfTheIssueIsRegistered() throws {
    let r = DatasetRegistry.standard
    #expect(r.names == ["uci-energy", "uci-protein", "fashion-mnist", "mnist", "iris", "cifar-10", "cifar-100", "svhn", "wikitext-2"])
    for e in r.entries {
      #expect(!e.licence.isEmpty && !e.citation.isEmpty && e.homepage.hasPrefix("http"))
      for f in e.files {
        let hexLength = { if case .sha1 = f.checksum { return 40 }; return 64 }()
        #expect(f.checksum.hex.count == hexLength && f.checksum.hex.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        // Every required file has a network source: direct URLs or an archive member.
        if f.required {
          #expect(!f.urls.isEmpty || e.archives.contains { $0.members.values.contains(f.path) }, "\(f.path) has no source")
        }
      }
    }
    #expect(errorMessage { _ = try r.entry("imagenet") }.contains("known datasets: uci-energy"))
    #expect(try r.entry("CIFAR-10").name == "cifar-10")
  }
}

@Suite struct FetchAndVerifyTests {
  /// A one-dataset registry whose files point at `file://` URLs inside `source`.
  func tinyRegistry(source: FixtureRoot, urls: [String: [String]], archive: ArchiveSource? = nil) -> DatasetRegistry {
    let files = ["tiny/a.txt", "tiny/b.bin", "tiny/doc.txt"].map { p in
      DataFile(path: p, checksum: source.overrides[p] ?? .sha256(String(repeating: "0", count: 64)),
               urls: urls[p] ?? [], required: p != "tiny/doc.txt")
    }
    return DatasetRegistry(entries: [DatasetEntry(
      name: "tiny", title: "Tiny", files: files, archives: archive.map { [$0] } ?? [], homepage: "https://example.org",
      licence: "CC0", citation: "none", usedBy: "tests")])
  }

  @Test func fetchFromMirrorThenVerify() throws {
    let mirror = FixtureRoot(), data = FixtureRoot()
    mirror.write("tiny/a.txt", text: "alpha\n")
    mirror.write("tiny/b.bin", [1, 2, 3, 4])
    let registry = tinyRegistry(source: mirror, urls: [:])
    var lines: [String] = []
    let fetcher = Fetcher(dataDirectory: data.root + "/d", mirror: mirror.root, registry: registry, log: { lines.append($0) })
    let first = try fetcher.fetch("tiny")
    #expect(first.complete && first.failures.isEmpty)
    #expect(first.files.map(\.outcome).filter { if case .placed = $0 { return true }; return false }.count == 2)
    #expect(lines.count == 3 && lines[2].contains("missing") && lines[2].contains("(optional)"))
    #expect(try String(contentsOfFile: data.root + "/d/tiny/a.txt", encoding: .utf8) == "alpha\n")
    #expect(try fetcher.fetch("tiny").files.prefix(2).allSatisfy { $0.outcome == .present })
    let reports = try Verifier.verify(root: data.root + "/d", registry: registry)
    #expect(reports.map(\.status) == [.ok, .ok, .absent(required: false)])
    // No temporary files are left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: data.root + "/d/tiny").sorted() == ["a.txt", "b.bin"])
  }

  @Test func existingDifferentFileIsReportedAndNeverOverwritten() throws {
    let mirror = FixtureRoot(), data = FixtureRoot()
    mirror.write("tiny/a.txt", text: "alpha\n")
    mirror.write("tiny/b.bin", [1, 2, 3, 4])
    data.write("tiny/a.txt", text: "user's edited copy\n")
    let registry = tinyRegistry(source: mirror, urls: [:])
    let result = try Fetcher(dataDirectory: data.root, mirror: mirror.root, registry: registry).fetch("tiny")
    guard case .failed(let why) = result.files[0].outcome else { Issue.record("expected a failure"); return }
    let actual = FileDigest.hex(of: Array("user's edited copy\n".utf8), like: .sha256(""))
    #expect(why.contains(mirror.overrides["tiny/a.txt"]!.hex) && why.contains(actual) && why.contains("not overwritten"))
    #expect(try String(contentsOfFile: data.root + "/tiny/a.txt", encoding: .utf8) == "user's edited copy\n")
    let reports = try Verifier.verify(root: data.root, registry: registry)
    #expect(reports[0].status == .mismatch(expected: mirror.overrides["tiny/a.txt"]!, actual: actual))
    // And a loader-style read refuses it.
    let store = DataStore(roots: [data.root], registry: registry)
    #expect(errorMessage { _ = try store.read("tiny/a.txt", dataset: "tiny") }.contains("checksum mismatch"))
  }

  @Test func storeSearchesRootsInOrderAndNeverFallsBackPastABadFile() throws {
    let empty = FixtureRoot(), mirror = FixtureRoot()
    mirror.write("tiny/a.txt", text: "alpha\n")
    mirror.write("tiny/b.bin", [1])
    let registry = tinyRegistry(source: mirror, urls: [:])
    let store = DataStore(roots: [empty.root, mirror.root], registry: registry)
    #expect(try store.read("tiny/a.txt", dataset: "tiny") == Array("alpha\n".utf8))
    #expect(try store.readIfPresent("tiny/doc.txt", dataset: "tiny") == nil)
    // A wrong copy in the first root is an error even though the second root has a good one.
    empty.write("tiny/a.txt", text: "beta\n")
    #expect(errorMessage { _ = try store.read("tiny/a.txt", dataset: "tiny") }.contains(empty.root))
  }

  @Test func corruptMirrorFileIsNotCopied() throws {
    let mirror = FixtureRoot(), data = FixtureRoot()
    mirror.write("tiny/a.txt", text: "alpha\n")
    mirror.write("tiny/b.bin", [1, 2, 3, 4])
    let registry = tinyRegistry(source: mirror, urls: [:])
    mirror.corrupt("tiny/b.bin", [9, 9])
    let result = try Fetcher(dataDirectory: data.root, mirror: mirror.root, registry: registry).fetch("tiny")
    #expect(!result.complete && result.failures.count == 1)
    #expect(!FileManager.default.fileExists(atPath: data.root + "/tiny/b.bin"))
  }

  @Test func downloadTriesURLsInOrderAndChecksEach() throws {
    let source = FixtureRoot(), data = FixtureRoot()
    source.write("tiny/a.txt", text: "alpha\n")
    source.write("tiny/b.bin", [5, 6])
    source.write("elsewhere/b-wrong.bin", [7, 7, 7])
    let registry = tinyRegistry(source: source, urls: [
      "tiny/a.txt": ["file://" + source.root + "/no-such-file", "file://" + source.root + "/tiny/a.txt"],
      "tiny/b.bin": ["file://" + source.root + "/elsewhere/b-wrong.bin"],
    ])
    let result = try Fetcher(dataDirectory: data.root, mirror: nil, registry: registry).fetch("tiny")
    #expect(result.files[0].outcome == .placed("file://" + source.root + "/tiny/a.txt"))
    guard case .unavailable(let why) = result.files[1].outcome else { Issue.record("expected unavailable"); return }
    #expect(why.contains("b-wrong.bin") && why.contains("wrong SHA-256"))
    #expect(!FileManager.default.fileExists(atPath: data.root + "/tiny/b.bin"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: data.root + "/tiny") == ["a.txt"])
  }

  @Test func archiveMembersAreExtractedAndChecked() throws {
    let source = FixtureRoot(), data = FixtureRoot()
    source.write("tiny/a.txt", text: "alpha\n")
    source.write("tiny/b.bin", [5, 6])
    let tgz = try Gzip.compress(Formats.tar([("pkg/a.txt", Array("alpha\n".utf8)), ("pkg/b.bin", [5, 6])]))
    source.write("archive.tar.gz", tgz)
    let archive = ArchiveSource(urls: ["file://" + source.root + "/archive.tar.gz"], sha256: source.overrides["archive.tar.gz"]!.hex,
                                size: tgz.count, format: .tarGzip, members: ["pkg/a.txt": "tiny/a.txt", "pkg/b.bin": "tiny/b.bin"])
    let registry = tinyRegistry(source: source, urls: [:], archive: archive)
    let result = try Fetcher(dataDirectory: data.root, mirror: nil, registry: registry).fetch("tiny")
    #expect(result.complete)
    #expect(try Array(Data(contentsOf: URL(fileURLWithPath: data.root + "/tiny/b.bin"))) == [5, 6])
    // An archive with the wrong checksum is not opened.
    let bad = ArchiveSource(urls: archive.urls, sha256: String(repeating: "a", count: 64), size: nil, format: .tarGzip, members: archive.members)
    let other = FixtureRoot()
    let r2 = try Fetcher(dataDirectory: other.root, mirror: nil, registry: tinyRegistry(source: source, urls: [:], archive: bad)).fetch("tiny")
    #expect(!r2.complete && !FileManager.default.fileExists(atPath: other.root + "/tiny/a.txt"))
  }

  @Test func gzippedMirrorFormIsCopiedAsIs() throws {
    let mirror = FixtureRoot(), data = FixtureRoot()
    let batch = Formats.cifar10Record(label: 1, pixels: Formats.pixels(0))
    let gz = try Gzip.compress(batch)
    mirror.write(CIFARPaths.cifar10Train(1) + ".gz", gz)
    let fetcher = Fetcher(dataDirectory: data.root, mirror: mirror.root, registry: mirror.registry)
    let r = try fetcher.fetch("cifar-10")
    #expect(r.files[0].outcome == .placed(mirror.root + "/" + CIFARPaths.cifar10Train(1) + ".gz (kept gzipped as data_batch_1.bin.gz)"))
    #expect(!r.complete)  // batches 2-5 are absent from this mirror
    #expect(try Array(Data(contentsOf: URL(fileURLWithPath: data.root + "/" + CIFARPaths.cifar10Train(1) + ".gz"))) == gz)
  }
}
