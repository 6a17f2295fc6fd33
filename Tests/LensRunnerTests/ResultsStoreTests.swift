import Foundation
import Testing
import LensCore
@testable import LensRunner

@Suite struct ResultsStoreTests {
  func temporaryStore() -> ResultsStore {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lens-store-\(UUID().uuidString)")
    return ResultsStore(root: dir)
  }

  @Test func zstdRoundTrip() throws {
    let text = Array((0..<5000).map { "{\"step\":\($0),\"loss\":\(Double($0) * 0.5)}\n" }.joined().utf8)
    let packed = try Zstd.compress(text)
    #expect(packed.count < text.count / 4)
    #expect(try Zstd.decompress(packed, name: "x") == text)
  }

  @Test func corruptAndTruncatedLogsAreReported() throws {
    let packed = try Zstd.compress(Array(String(repeating: "lens ", count: 1000).utf8))
    #expect(throws: LensError.self) { try Zstd.decompress(Array(packed.prefix(packed.count - 3)), name: "t") }
    var corrupt = packed
    corrupt[0] ^= 0xff
    #expect(throws: LensError.self) { try Zstd.decompress(corrupt, name: "c") }
  }

  @Test func finishedRunsAreVisibleAndReadable() throws {
    let store = temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.root) }
    #expect(!store.isFinished(suite: "s", hash: "abc"))
    try store.writeLog(suite: "s", hash: "abc", lines: ["{\"a\":1}", "{\"b\":2}"], provenance: "{}")
    #expect(store.isFinished(suite: "s", hash: "abc"))
    #expect(try store.readLog(suite: "s", hash: "abc") == ["{\"a\":1}", "{\"b\":2}"])
  }

  @Test func staleTemporariesAreRemovedAndNeverCountAsFinished() throws {
    let store = temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.root) }
    let dir = store.directory(suite: "s")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: dir.appendingPathComponent(".abc.jsonl.zst.tmp-1-2").path, contents: Data([1, 2]))
    #expect(!store.isFinished(suite: "s", hash: "abc"))
    #expect(try store.removeStaleTemporaries(suite: "s") == 1)
  }

  @Test func resultsDirectoryResolution() {
    #expect(ResultsStore.resolve(explicit: "/tmp/x").root.path == "/tmp/x")
  }
}
