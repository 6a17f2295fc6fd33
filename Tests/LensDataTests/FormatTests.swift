import Foundation
import LensCore
import Testing
import LensData

@Suite struct GzipTests {
  @Test func roundTripAndConcatenatedMembers() throws {
    let a = Array("hello, ".utf8), b = Array((0..<100_000).map { UInt8($0 % 251) })
    #expect(try Gzip.decompress(Gzip.compress(b), name: "b") == b)
    let two = try Gzip.compress(a) + Gzip.compress(b)
    #expect(try Gzip.decompress(two, name: "two") == a + b)
  }

  @Test func truncatedStreamNamesTheOffset() throws {
    let z = try Gzip.compress((0..<50_000).map { UInt8($0 % 13) })
    let cut = Array(z.prefix(z.count / 2))
    let msg = errorMessage { _ = try Gzip.decompress(cut, name: "cut.gz") }
    #expect(msg.contains("cut.gz") && msg.contains("truncated") && msg.contains("offset"))
  }

  @Test func corruptAndNonGzipDataAreErrors() throws {
    var z = try Gzip.compress(Array(repeating: 65, count: 1000))
    for i in 10..<20 { z[i] ^= 0xFF }
    #expect(errorMessage { _ = try Gzip.decompress(z, name: "bad.gz") }.contains("bad.gz"))
    #expect(errorMessage { _ = try Gzip.decompress([1, 2, 3], name: "x") }.contains("not gzip"))
  }

  @Test func zlibStreams() throws {
    let data = (0..<5000).map { UInt8($0 % 7) }
    #expect(try Gzip.inflateZlib(Gzip.compressZlib(data)[...], name: "z") == data)
  }
}

@Suite struct SHA1Tests {
  @Test func fipsVectors() {
    func h(_ s: String) -> String { FileDigest.hex(of: Array(s.utf8), like: .sha1("")) }
    #expect(h("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(h("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(h("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    var incremental = SHA1()
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    incremental.update(Array(million[0..<333]))
    incremental.update(Array(million[333...]))
    #expect(SHA256.hex(incremental.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
  }
}

@Suite struct IDXTests {
  @Test func parsesImagesAndLabels() throws {
    let img = try IDXReader.parse(Formats.idx([2, 2, 3], Array(0..<12)), name: "i", rank: 3)
    #expect(img.dimensions == [2, 2, 3] && img.bytes == Array(0..<12))
    let lab = try IDXReader.parse(Formats.idx([3], [7, 8, 9]), name: "l", rank: 1)
    #expect(lab.dimensions == [3] && lab.bytes == [7, 8, 9])
  }

  @Test func malformedFilesNameTheByteOffset() {
    #expect(errorMessage { _ = try IDXReader.parse([0, 1, 8, 1] + Formats.be32(1) + [0], name: "m", rank: 1) }.contains("byte offset 0"))
    #expect(errorMessage { _ = try IDXReader.parse(Formats.idx([1], [0]), name: "m", rank: 3) }.contains("rank 1 at byte offset 3"))
    #expect(errorMessage { _ = try IDXReader.parse([0, 0, 0x0D, 1] + Formats.be32(1) + [0, 0, 0, 0], name: "m", rank: 1) }.contains("byte offset 2"))
    let truncated = Array(Formats.idx([4, 2, 2], Array(repeating: 1, count: 16)).dropLast(3))
    let msg = errorMessage { _ = try IDXReader.parse(truncated, name: "t", rank: 3) }
    #expect(msg.contains("truncated") && msg.contains("byte offset 29"))
    #expect(errorMessage { _ = try IDXReader.parse([0, 0, 8], name: "s", rank: 1) }.contains("truncated"))
    #expect(errorMessage { _ = try IDXReader.parse(Formats.idx([1], [0]) + [5], name: "x", rank: 1) }.contains("trailing"))
  }
}

@Suite struct CIFARReaderTests {
  @Test func cifar10And100Records() throws {
    let r10 = try CIFARReader.parse(Formats.cifar10Record(label: 3, pixels: Formats.pixels(0)) + Formats.cifar10Record(label: 9, pixels: Formats.pixels(1)),
                                    name: "c", layout: .cifar10)
    #expect(r10.count == 2 && r10.labels == [3, 9] && Array(r10.pixels[3072...]) == Formats.pixels(1))
    let r100 = try CIFARReader.parse([19, 99] + Formats.pixels(2), name: "c", layout: .cifar100)
    #expect(r100.labels == [99] && r100.coarseLabels == [19] && r100.pixels == Formats.pixels(2))
  }

  @Test func truncatedAndBadLabels() {
    let msg = errorMessage { _ = try CIFARReader.parse(Formats.cifar10Record(label: 1, pixels: Formats.pixels(0)) + [1, 2, 3], name: "t.bin", layout: .cifar10) }
    #expect(msg.contains("t.bin") && msg.contains("byte offset 3073"))
    #expect(errorMessage { _ = try CIFARReader.parse(Formats.cifar10Record(label: 10, pixels: Formats.pixels(0)), name: "b", layout: .cifar10) }.contains("byte offset 0"))
    #expect(errorMessage { _ = try CIFARReader.parse([5, 100] + Formats.pixels(0), name: "b", layout: .cifar100) }.contains("fine label 100 at byte offset 1"))
  }
}

@Suite struct MATReaderTests {
  @Test(arguments: [false, true]) func readsNumericVariables(compressed: Bool) throws {
    let images = [Formats.pixels(0), Formats.pixels(5)]
    let mat = try Formats.svhnMat(images: images, labels: [10, 3], compressed: compressed)
    let vars = try MATReader.variables(mat, name: "f.mat")
    #expect(vars.map(\.name) == ["X", "y"])
    let x = try MATReader.variable("X", in: vars, name: "f")
    #expect(x.dimensions == [32, 32, 3, 2] && x.arrayClass == 9)
    #expect(try MATReader.variable("y", in: vars, name: "f").doubles() == [10, 3])
  }

  @Test func doubleStorageAndErrors() throws {
    let values: [Double] = [1.5, -2, 3]
    let el = Formats.matrix(name: "longname", arrayClass: 6, dims: [3, 1], storage: 9,
                            data: values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } })
    let vars = try MATReader.variables(Formats.matHeader() + el, name: "d.mat")
    #expect(vars.first?.name == "longname")
    #expect(try vars[0].doubles() == values)
    let truncated = Array((Formats.matHeader() + el).dropLast(10))
    #expect(errorMessage { _ = try MATReader.variables(truncated, name: "t.mat") }.contains("byte offset 128"))
    var badEndian = Formats.matHeader()
    badEndian[126] = UInt8(ascii: "M"); badEndian[127] = UInt8(ascii: "I")
    #expect(errorMessage { _ = try MATReader.variables(badEndian, name: "e") }.contains("byte offset 126"))
    #expect(errorMessage { _ = try MATReader.variables(Array(repeating: 0, count: 50), name: "s") }.contains("truncated"))
  }
}

@Suite struct TarAndTextTests {
  @Test func tarMembers() throws {
    let tar = Formats.tar([("dir/a.bin", [1, 2, 3]), ("dir/b.txt", Array(repeating: 9, count: 600))])
    let m = try TarReader.members(tar, name: "t")
    #expect(m.map(\.name) == ["dir/a.bin", "dir/b.txt"])
    #expect(Array(tar[m[0].range]) == [1, 2, 3] && tar[m[1].range].count == 600)
    #expect(errorMessage { _ = try TarReader.members(Array(tar.prefix(700)), name: "cut.tar") }.contains("truncated"))
  }

  @Test func delimitedTextErrorsNameTheLine() throws {
    let t = try DelimitedText(Array("1 2\n\n3 x\n".utf8), name: "d.txt", separator: .whitespace)
    #expect(errorMessage { _ = try t.numericMatrix(columns: 2) }.contains("line 3, field 2"))
    let u = try DelimitedText(Array("1,2\r\n3\r\n".utf8), name: "c.csv", separator: .comma)
    #expect(errorMessage { _ = try u.numericMatrix(columns: 2) }.contains("line 2: expected 2 fields, found 1"))
  }
}
