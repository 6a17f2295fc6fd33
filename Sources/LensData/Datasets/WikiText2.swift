import LensCore

/// WikiText-2 (tokenised v1) as word ids, following PyTorch's `word_language_model` example:
/// every line of a `.tokens` file (including blank ones) becomes its words (split as Python's
/// `str.split()` does)
/// followed by `<eos>`; the vocabulary assigns ids in order of first appearance over train, then
/// validation, then test. When `wiki.train.tokens` is absent the vocabulary is built from the
/// splits present and `trainPresent` is false.
public struct WikiText2Corpus: Sendable {
  public var vocabulary: [String]
  public var ids: [String: Int32]
  public var train: [Int32]?
  public var validation: [Int32]
  public var test: [Int32]
  public var trainPresent: Bool { train != nil }
  public var notes: [String]
}

public enum WikiTextTokenizer {
  /// Python's `str.isspace()` code points: ASCII white space, U+001C-U+001F, U+0085, U+00A0,
  /// U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
  static func isPythonSpace(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
  }

  /// The words of `bytes`, line by line (lines end at LF, CR or CR LF, as Python's universal
  /// newlines), each line followed by `<eos>`. A final line end does not start another line.
  /// Works on Unicode scalars, not grapheme clusters, so a combining mark after a space does not
  /// join two words.
  public static func tokens(_ bytes: [UInt8], name: String) throws -> [String] {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LensError.data("\(name): not UTF-8 text")
    }
    var out: [String] = []
    out.reserveCapacity(bytes.count / 5)
    var word = String.UnicodeScalarView()
    var previousCR = false
    var lineOpen = false
    func flush() {
      if !word.isEmpty { out.append(String(word)); word = String.UnicodeScalarView() }
    }
    for s in text.unicodeScalars {
      if s == "\n" || s == "\r" {
        if s == "\n" && previousCR { previousCR = false; continue }
        flush()
        out.append("<eos>")
        previousCR = s == "\r"
        lineOpen = false
        continue
      }
      previousCR = false
      lineOpen = true
      if isPythonSpace(s) { flush() } else { word.append(s) }
    }
    if lineOpen { flush(); out.append("<eos>") }
    return out
  }
}

extension DataStore {
  /// Loads WikiText-2's splits as ids over one shared vocabulary.
  public func loadWikiText2() throws -> WikiText2Corpus {
    var vocabulary: [String] = []
    var ids: [String: Int32] = [:]
    func encode(_ path: String) throws -> [Int32] {
      let toks = try WikiTextTokenizer.tokens(read(path, dataset: "wikitext-2"), name: path)
      var out = [Int32](repeating: 0, count: toks.count)
      for (i, w) in toks.enumerated() {
        if let id = ids[w] { out[i] = id } else {
          let id = Int32(vocabulary.count)
          vocabulary.append(w); ids[w] = id; out[i] = id
        }
      }
      return out
    }
    var notes: [String] = []
    var train: [Int32]? = nil
    if try locateIfPresent(WikiTextPaths.train, dataset: "wikitext-2") != nil {
      train = try encode(WikiTextPaths.train)
    } else {
      notes.append("wiki.train.tokens is absent: no training split; vocabulary built from validation and test only")
    }
    let validation = try encode(WikiTextPaths.valid)
    let test = try encode(WikiTextPaths.test)
    notes.append("vocabulary \(vocabulary.count) words; tokens train \(train?.count ?? 0), validation \(validation.count), test \(test.count)")
    return WikiText2Corpus(vocabulary: vocabulary, ids: ids, train: train, validation: validation, test: test, notes: notes)
  }
}
