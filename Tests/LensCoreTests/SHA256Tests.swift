import Testing
import LensCore

/// SHA-256 against the FIPS 180-4 / NIST example vectors.
@Suite struct SHA256Tests {
  @Test func emptyMessage() {
    #expect(SHA256.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func abc() {
    #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func twoBlockMessage() {
    let m = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(SHA256.hexDigest(m) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func millionAsIncrementally() {
    var h = SHA256()
    let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 997)  // odd size: exercises buffering
    var remaining = 1_000_000
    while remaining > 0 {
      let n = min(remaining, chunk.count)
      h.update(Array(chunk[0..<n]))
      remaining -= n
    }
    #expect(SHA256.hex(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func detectsOneBitChange() {
    var m = Array("abc".utf8)
    m[0] ^= 1
    #expect(SHA256.hexDigest(m) != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
