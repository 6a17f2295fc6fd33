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
  /// Python's `str.split()` separators: Unicode white space plus the separators U+001C-U+001F.
  static func isPythonWhitespace(_ c: Character) -> Bool {
    c.isWhitespace || c.unicodeScalars.allSatisfy { (0x1C...0x1F).contains($0.value) }
  }

  /// The words of `text`, line by line, each line followed by `<eos>`. A final newline does not
  /// start another line.
  public static func tokens(_ bytes: [UInt8], name: String) throws -> [Substring] {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LensError.data("\(name): not UTF-8 text")
    }
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    if lines.last == "" { lines.removeLast() }
    var out: [Substring] = []
    out.reserveCapacity(bytes.count / 5)
    for line in lines {
      out.append(contentsOf: line.split(whereSeparator: isPythonWhitespace))
      out.append("<eos>")
    }
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
      for (i, t) in toks.enumerated() {
        let w = String(t)
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
