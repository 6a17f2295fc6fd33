import Testing
@testable import LensCore

/// The one JSON reader: document order kept, numbers correctly rounded, RFC 8259 enforced
/// (with the golden format's bare NaN/Infinity only when asked for).
@Suite struct JSONReaderTests {
  @Test func readsTheLogLineShapes() throws {
    let line = #"{"type":"end","status":"finished","steps":70000,"time":2.391887352996463,"clock":"thread_cpu","neg":-1.5e-3,"work":{"forward":70000,"jvp":0},"notes":["a \"quoted\" \\ note\n","\u00e9\ud83d\ude00"],"ok":true,"none":null,"params":[1,-2.5,3e2]}"#
    let o = try #require(JSONReader.line(line))
    #expect(o.keys == ["type", "status", "steps", "time", "clock", "neg", "work", "notes", "ok", "none", "params"])
    #expect(o["type"]?.string == "end")
    #expect(o["steps"]?.int == 70000)
    #expect(o["time"]?.double == 2.391887352996463)
    #expect(o["neg"]?.double == -1.5e-3)
    #expect(o["work"]?.keys == ["forward", "jvp"] && o["work"]?["forward"]?.int == 70000)
    #expect(o["notes"]?.array?.compactMap(\.string) == ["a \"quoted\" \\ note\n", "é😀"])
    #expect(o["ok"]?.bool == true)
    #expect(o["none"] == .null)
    #expect(o["params"]?.array?.compactMap(\.double) == [1, -2.5, 300])
    #expect(o["time"]?.int == nil && o["missing"] == nil)
  }

  /// Every double written in Swift's shortest round-trip form (`CanonicalJSON.number`) reads
  /// back bit for bit.
  @Test func numbersRoundTripExactly() throws {
    var g = SeededGenerator(stream: RandomStreamKey(["tests", "json", "numbers"]))
    for k in 0..<4000 {
      let x = Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF) * (k % 2 == 0 ? 1 : -1)
      let o = try #require(JSONReader.line("{\"x\":\(CanonicalJSON.number(x))}"), "\(x)")
      #expect(o["x"]?.double?.bitPattern == x.bitPattern, "\(x)")
    }
    #expect(JSONReader.line("[0.1,1e-320,-0.0,123456789012345678]")?.array?.compactMap(\.double)
      == [0.1, 1e-320, -0.0, 123456789012345678])
  }

  @Test(arguments: [#"{"a":1"#, #"{"a":1}x"#, #"{"a":}"#, #"{a:1}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"[1,]"#, "",
                    "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "[NaN]", "[Infinity]", #"["\ud800"]"#])
  func rejectsMalformedLines(_ line: String) {
    #expect(JSONReader.line(line) == nil)
    #expect(throws: LensError.self) { try JSONReader.parse(line) }
  }

  /// The golden cases (Python's json.dumps) may hold bare NaN and ±Infinity.
  @Test func nonFiniteLiteralsWhenAskedFor() throws {
    let v = try OrderedJSON.parse("[NaN, Infinity, -Infinity, -1]")
    let items = try #require(v.array)
    let xs = items.compactMap(\.double)
    #expect(xs.count == 4 && xs[0].isNaN && xs[1] == .infinity && xs[2] == -.infinity && xs[3] == -1)
    #expect(throws: LensError.self) { try OrderedJSON.parse("[NaN]", nonFiniteLiterals: false) }
  }

  /// Objects compare as maps; arrays in order.
  @Test func equalityIgnoresMemberOrder() throws {
    #expect(try OrderedJSON.parse(#"{"a":1,"b":[1,2]}"#) == OrderedJSON.parse(#"{"b":[1,2],"a":1}"#))
    #expect(try OrderedJSON.parse(#"{"a":1,"b":[1,2]}"#) != OrderedJSON.parse(#"{"a":1,"b":[2,1]}"#))
    #expect(try OrderedJSON.parse(#"{"a":1}"#) != OrderedJSON.parse(#"{"a":1,"b":2}"#))
    #expect(OrderedJSON.string("NaN").numberOrNonFiniteString?.isNaN == true)
    #expect(OrderedJSON.string("-Infinity").numberOrNonFiniteString == -.infinity)
  }
}
