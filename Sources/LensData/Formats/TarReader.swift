import LensCore

/// A reader for POSIX ustar / GNU tar archives (as in the CIFAR `.tar.gz` downloads): regular
/// files only, in archive order. Each member has a 512-byte header (name at 0, octal size at 124,
/// type flag at 156, ustar name prefix at 345), followed by its data padded to 512 bytes. GNU
/// long-name records (type `L`) are honoured; the archive ends at a zero block, and an archive
/// that stops before one is truncated.
public enum TarReader {
  public struct Member: Sendable {
    public let name: String
    /// Byte range of the member's data within the archive.
    public let range: Range<Int>
  }

  public static func members(_ tar: [UInt8], name: String) throws -> [Member] {
    var result: [Member] = []
    var offset = 0
    var longName: String? = nil
    while true {
      guard offset + 512 <= tar.count else {
        throw LensError.data("\(name): truncated tar archive: it ends at byte offset \(tar.count) before its end-of-archive block (next header at byte offset \(offset))")
      }
      let header = tar[offset..<offset + 512]
      if header.allSatisfy({ $0 == 0 }) { break }
      let storedSum = try octal(tar, offset + 148, 8, name: name, field: "checksum")
      var sum = 0
      for i in 0..<512 { sum += (148..<156).contains(i) ? 32 : Int(tar[offset + i]) }
      guard sum == storedSum else {
        throw LensError.data("\(name): bad tar header checksum at byte offset \(offset)")
      }
      let size = try octal(tar, offset + 124, 12, name: name, field: "size")
      let type = tar[offset + 156]
      var memberName = cString(tar, offset, 100)
      let magic = cString(tar, offset + 257, 6)
      if magic.hasPrefix("ustar") {
        let prefix = cString(tar, offset + 345, 155)
        if !prefix.isEmpty { memberName = prefix + "/" + memberName }
      }
      let dataStart = offset + 512
      guard dataStart + size <= tar.count else {
        throw LensError.data("\(name): truncated tar archive: member '\(memberName)' at byte offset \(offset) needs \(size) data bytes, \(tar.count - dataStart) remain")
      }
      if type == UInt8(ascii: "L") {
        longName = cString(tar, dataStart, size)
      } else {
        if type == 0 || type == UInt8(ascii: "0") {
          result.append(Member(name: longName ?? memberName, range: dataStart..<dataStart + size))
        }
        longName = nil
      }
      offset = dataStart + (size + 511) / 512 * 512
    }
    return result
  }

  static func cString(_ b: [UInt8], _ start: Int, _ length: Int) -> String {
    var end = start
    while end < start + length && end < b.count && b[end] != 0 { end += 1 }
    return String(decoding: b[start..<end], as: UTF8.self)
  }

  static func octal(_ b: [UInt8], _ start: Int, _ length: Int, name: String, field: String) throws -> Int {
    var value = 0
    var seenDigit = false
    for i in start..<start + length {
      let c = b[i]
      if c == 0 || c == 32 { if seenDigit { break } else { continue } }
      guard c >= 48 && c <= 55 else {
        throw LensError.data("\(name): malformed tar header field '\(field)' at byte offset \(i)")
      }
      value = value * 8 + Int(c - 48)
      seenDigit = true
    }
    return value
  }
}
