/// "Did you mean …?" suggestions for misspelled keys and names.
enum ClosestMatch {
  /// The candidate nearest to `word` by Levenshtein distance, if it is within
  /// max(2, ⌈length/3⌉) edits; ties go to the earlier candidate.
  static func suggestion(for word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
      let d = distance(word, candidate)
      if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, d) = best else { return nil }
    return d <= max(2, (word.count + 2) / 3) ? candidate : nil
  }

  /// Levenshtein edit distance (insertions, deletions, substitutions each cost 1).
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// " (did you mean 'x'?)" or "".
  static func hint(for word: String, among candidates: [String]) -> String {
    if let s = suggestion(for: word, among: candidates) { return " (did you mean '\(s)'?)" }
    return ""
  }
}
