/// Renumbers the ids Cairo's SVG surface takes from process-wide counters.
///
/// Cairo 1.16 names the drawing group of every surface it ever created `surfaceN` (N counts
/// surfaces across the whole process), and images `imageN`, patterns `patternN`, … likewise.
/// Each distinct `prefix` + number is mapped, in order of first appearance in the file, to
/// `prefix` + 1, 2, …, in `id="…"`, `#…` and `url(#…)` references alike.
enum SVGNormalizer {
  static let prefixes = ["surface", "image", "pattern", "source", "mask", "clip", "linear", "radial"]

  static func normalize(_ svg: String) -> String {
    let chars = Array(svg.unicodeScalars)
    var out = String.UnicodeScalarView()
    var maps: [String: [String: Int]] = [:]
    var i = 0
    while i < chars.count {
      var matched = false
      // An id token starts after a quote or '#', and is prefix + digits.
      if i > 0 && (chars[i - 1] == "\"" || chars[i - 1] == "#") {
        for p in prefixes {
          let ps = Array(p.unicodeScalars)
          guard i + ps.count < chars.count, Array(chars[i..<(i + ps.count)]) == ps else { continue }
          var j = i + ps.count
          while j < chars.count && chars[j].properties.numericType == .decimal && chars[j].isASCII { j += 1 }
          guard j > i + ps.count else { continue }
          let number = String(String.UnicodeScalarView(chars[(i + ps.count)..<j]))
          var m = maps[p] ?? [:]
          let n = m[number] ?? (m.count + 1)
          m[number] = n
          maps[p] = m
          out.append(contentsOf: (p + String(n)).unicodeScalars)
          i = j
          matched = true
          break
        }
      }
      if !matched { out.append(chars[i]); i += 1 }
    }
    return String(out)
  }
}
