import Foundation
import Testing
@testable import LensRunner

/// The run-log reader agrees with `JSONSerialization` on the shapes it returns, reads numbers
/// correctly rounded, and rejects what is not one JSON value.
@Suite struct LogLineParserTests {
  @Test func readsTheLogLineShapes() throws {
    let line = #"{"type":"end","status":"finished","steps":70000,"time":2.391887352996463,"clock":"thread_cpu","neg":-1.5e-3,"work":{"forward":70000,"jvp":0},"notes":["a \"quoted\" \\ note\n","\u00e9\ud83d\ude00"],"ok":true,"none":null,"params":[1,-2.5,3e2]}"#
    let o = try #require(LogLineParser.parse(line) as? [String: Any])
    #expect(o["type"] as? String == "end")
    #expect(o["steps"] as? Int == 70000)
    #expect(o["time"] as? Double == 2.391887352996463)
    #expect(o["neg"] as? Double == -1.5e-3)
    #expect((o["work"] as? [String: Int]) == ["forward": 70000, "jvp": 0])
    #expect((o["notes"] as? [String]) == ["a \"quoted\" \\ note\n", "é😀"])
    #expect(o["ok"] as? Bool == true)
    #expect(o["none"] is NSNull)
    let params = try #require(o["params"] as? [Any])
    #expect(params.count == 3 && params[0] as? Int == 1 && params[1] as? Double == -2.5 && params[2] as? Double == 300)
  }

  /// Every double written by `CanonicalJSON.number` reads back bit for bit.
  @Test func numbersRoundTripExactly() throws {
    var g = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let x = Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &g) ? 1 : -1)
      let text = "{\"x\":\(CanonicalJSON.number(x))}"
      let o = try #require(LogLineParser.parse(text) as? [String: Any], "\(text)")
      let y = (o["x"] as? Double) ?? (o["x"] as? Int).map(Double.init)
      #expect(y?.bitPattern == x.bitPattern || (y == 0 && x == 0), "\(text)")
    }
  }

  @Test(arguments: [#"{"a":1"#, #"{"a":1}x"#, #"{"a":}"#, #"{a:1}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"[1,]"#, ""])
  func rejectsMalformedLines(_ line: String) {
    #expect(LogLineParser.parse(line) == nil)
  }
}
