import LensCore

/// A minimal reader for MATLAB level-5 MAT-files (MathWorks, "MAT-File Format", v5/v7), enough
/// for the SVHN cropped-digit files (`X`: uint8 `[32, 32, 3, N]`, `y`: `[N, 1]`).
///
/// Layout: a 128-byte header (116 bytes of text starting "MATLAB 5.0 MAT-file", 8 bytes of
/// subsystem offset, a 2-byte version 0x0100 and the endian indicator "IM" for little-endian),
/// then data elements. Each element has an 8-byte tag (UInt32 type, UInt32 byte count), or a 4-byte
/// "small element" tag (UInt16 type, UInt16 byte count, ≤ 4 data bytes in the same 8 bytes); data
/// are padded to 8 bytes. Top-level elements are `miMATRIX` (14) or `miCOMPRESSED` (15: a zlib
/// stream holding one `miMATRIX`). A numeric `miMATRIX` holds the sub-elements array flags
/// (class in the low byte), dimensions (Int32), name (Int8 text) and the real part, which MATLAB
/// may store in a narrower type than the class (e.g. a double array of small integers as miUINT8).
/// Arrays are column-major (first index fastest). Only little-endian files and real, non-sparse
/// numeric arrays are read; other variables (cells, structs, chars) are skipped.
public enum MATReader {
  public struct Variable: Sendable, Equatable {
    public var name: String
    /// MATLAB array class (mxDOUBLE_CLASS = 6, mxUINT8_CLASS = 9, ...).
    public var arrayClass: UInt8
    public var dimensions: [Int]
    /// The real part's storage type (miUINT8 = 2, miDOUBLE = 9, ...) and its little-endian bytes.
    public var storageType: UInt32
    public var data: [UInt8]

    public var elementCount: Int { dimensions.reduce(1, *) }

    /// The elements as UInt8, when the storage type is miUINT8.
    public func uint8() throws -> [UInt8] {
      guard storageType == MATReader.miUINT8 else {
        throw LensError.data("MAT variable \(name): stored as type \(storageType), not miUINT8")
      }
      return data
    }

    /// The elements converted to Double, from any integer or floating storage type.
    public func doubles() throws -> [Double] {
      guard let width = MATReader.width(storageType) else {
        throw LensError.data("MAT variable \(name): unsupported storage type \(storageType)")
      }
      let n = data.count / width
      var out = [Double](repeating: 0, count: n)
      data.withUnsafeBytes { raw in
        for i in 0..<n {
          let o = i * width
          switch storageType {
          case MATReader.miINT8: out[i] = Double(raw.load(fromByteOffset: o, as: Int8.self))
          case MATReader.miUINT8: out[i] = Double(raw[o])
          case MATReader.miINT16: out[i] = Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int16.self)))
          case MATReader.miUINT16: out[i] = Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
          case MATReader.miINT32: out[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int32.self)))
          case MATReader.miUINT32: out[i] = Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
          case MATReader.miSINGLE:
            out[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))))
          case MATReader.miDOUBLE:
            out[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
          case MATReader.miINT64: out[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self)))
          default: out[i] = Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
          }
        }
      }
      return out
    }
  }

  public static let miINT8: UInt32 = 1, miUINT8: UInt32 = 2, miINT16: UInt32 = 3, miUINT16: UInt32 = 4
  public static let miINT32: UInt32 = 5, miUINT32: UInt32 = 6, miSINGLE: UInt32 = 7, miDOUBLE: UInt32 = 9
  public static let miINT64: UInt32 = 12, miUINT64: UInt32 = 13, miMATRIX: UInt32 = 14, miCOMPRESSED: UInt32 = 15

  static func width(_ type: UInt32) -> Int? {
    switch type {
    case miINT8, miUINT8: return 1
    case miINT16, miUINT16: return 2
    case miINT32, miUINT32, miSINGLE: return 4
    case miDOUBLE, miINT64, miUINT64: return 8
    default: return nil
    }
  }

  /// Every real numeric variable of the MAT-file `data`, in file order.
  public static func variables(_ data: [UInt8], name: String) throws -> [Variable] {
    guard data.count >= 128 else {
      throw LensError.data("\(name): truncated MAT-file: \(data.count) bytes, the 128-byte header is incomplete")
    }
    let text = String(decoding: data[0..<19], as: UTF8.self)
    guard text == "MATLAB 5.0 MAT-file" else {
      throw LensError.data("\(name): not a MATLAB 5.0 MAT-file (header text at byte offset 0 is '\(text)'); v7.3 (HDF5) files are not supported")
    }
    guard data[126] == UInt8(ascii: "I"), data[127] == UInt8(ascii: "M") else {
      throw LensError.data("\(name): endian indicator at byte offset 126 is not 'IM': only little-endian MAT-files are supported")
    }
    var result: [Variable] = []
    var offset = 128
    while offset < data.count {
      let tag = try readTag(data, offset, name: name)
      guard tag.dataStart + tag.count <= data.count else {
        throw LensError.data("\(name): truncated MAT-file: element at byte offset \(offset) declares \(tag.count) bytes, only \(data.count - tag.dataStart) remain")
      }
      switch tag.type {
      case miMATRIX:
        if let v = try parseMatrix(data[tag.dataStart..<tag.dataStart + tag.count], name: name) { result.append(v) }
      case miCOMPRESSED:
        let inner = try Gzip.inflateZlib(data[tag.dataStart..<tag.dataStart + tag.count], name: name, baseOffset: tag.dataStart)
        let innerTag = try readTag(inner, 0, name: name + " (compressed element at byte offset \(offset))")
        guard innerTag.type == miMATRIX, innerTag.dataStart + innerTag.count <= inner.count else {
          throw LensError.data("\(name): compressed element at byte offset \(offset) does not hold a complete miMATRIX")
        }
        if let v = try parseMatrix(inner[innerTag.dataStart..<innerTag.dataStart + innerTag.count], name: name) { result.append(v) }
      default:
        break
      }
      offset = tag.type == miCOMPRESSED ? tag.dataStart + tag.count : tag.next
    }
    return result
  }

  /// The variable called `variable`, or an error naming the file.
  public static func variable(_ variable: String, in vars: [Variable], name: String) throws -> Variable {
    guard let v = vars.first(where: { $0.name == variable }) else {
      throw LensError.data("\(name): no numeric variable '\(variable)' (found: \(vars.map(\.name).joined(separator: ", ")))")
    }
    return v
  }

  struct Tag {
    var type: UInt32
    var count: Int
    var dataStart: Int
    /// Offset of the next element (data padded to 8 bytes).
    var next: Int
  }

  static func u32<C: RandomAccessCollection>(_ d: C, _ o: Int) -> UInt32 where C.Element == UInt8, C.Index == Int {
    UInt32(d[o]) | UInt32(d[o + 1]) << 8 | UInt32(d[o + 2]) << 16 | UInt32(d[o + 3]) << 24
  }

  static func readTag<C: RandomAccessCollection>(_ d: C, _ o: Int, name: String) throws -> Tag where C.Element == UInt8, C.Index == Int {
    guard o + 8 <= d.endIndex else {
      throw LensError.data("\(name): truncated MAT-file: element tag at byte offset \(o) is incomplete")
    }
    let first = u32(d, o)
    if first >> 16 != 0 {
      // Small data element: type in the low half, byte count in the high half, data in bytes 4-7.
      return Tag(type: first & 0xFFFF, count: Int(first >> 16), dataStart: o + 4, next: o + 8)
    }
    let count = Int(u32(d, o + 4))
    return Tag(type: first, count: count, dataStart: o + 8, next: o + 8 + (count + 7) / 8 * 8)
  }

  /// Parses the content of one miMATRIX element; `nil` for non-numeric or complex arrays.
  static func parseMatrix(_ m: ArraySlice<UInt8>, name: String) throws -> Variable? {
    var o = m.startIndex
    func sub() throws -> (Tag, ArraySlice<UInt8>) {
      let t = try readTag(m, o, name: name)
      guard t.dataStart + t.count <= m.endIndex else {
        throw LensError.data("\(name): truncated miMATRIX sub-element at byte offset \(o)")
      }
      let s = m[t.dataStart..<t.dataStart + t.count]
      o = t.next
      return (t, s)
    }
    if m.isEmpty { return nil }
    let (flagsTag, flags) = try sub()
    guard flagsTag.type == miUINT32, flags.count >= 8 else {
      throw LensError.data("\(name): miMATRIX at byte offset \(m.startIndex) lacks its array-flags sub-element")
    }
    let flagWord = u32(flags, flags.startIndex)
    let arrayClass = UInt8(flagWord & 0xFF)
    let complex = flagWord & 0x800 != 0
    guard (6...15).contains(arrayClass), !complex else { return nil }
    let (dimsTag, dimsBytes) = try sub()
    guard dimsTag.type == miINT32, dimsBytes.count % 4 == 0 else {
      throw LensError.data("\(name): miMATRIX dimensions at byte offset \(dimsTag.dataStart) are not miINT32")
    }
    let dims = stride(from: dimsBytes.startIndex, to: dimsBytes.endIndex, by: 4).map { Int(Int32(bitPattern: u32(dimsBytes, $0))) }
    let (_, nameBytes) = try sub()
    let varName = String(decoding: nameBytes, as: UTF8.self)
    let (realTag, real) = try sub()
    guard let w = width(realTag.type) else {
      throw LensError.data("\(name): variable \(varName): unsupported storage type \(realTag.type) at byte offset \(realTag.dataStart)")
    }
    let n = dims.reduce(1, *)
    guard real.count == n * w else {
      throw LensError.data("\(name): variable \(varName): dimensions \(dims) need \(n * w) bytes, the real part at byte offset \(realTag.dataStart) has \(real.count)")
    }
    return Variable(name: varName, arrayClass: arrayClass, dimensions: dims, storageType: realTag.type, data: Array(real))
  }
}
