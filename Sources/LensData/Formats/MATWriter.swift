/// A minimal writer of MATLAB level-5 MAT-files, the inverse of `MATReader` for real numeric
/// arrays: enough to write SVHN-format fixtures (`X` uint8 `[32, 32, 3, N]`, `y` `[N, 1]`).
///
/// Layout written (MathWorks, "MAT-File Format", level 5, little-endian): a 128-byte header
/// (116 bytes of space-padded text, 8 zero bytes of subsystem offset, version 0x0100, "IM"),
/// then one uncompressed `miMATRIX` (14) element per variable, holding array flags (miUINT32,
/// class in the low byte), dimensions (miINT32), the name (miINT8; names of at most 4 bytes in
/// the 8-byte small-element form, as MATLAB writes them) and the real part. Every element is
/// padded to a multiple of 8 bytes. The header text carries a fixed date, so the output is a
/// pure function of the variables.
public enum MATWriter {
  /// One variable: `arrayClass` is the MATLAB class (6 double, 9 uint8); the real part is
  /// `data`, little-endian, stored with element type `storageType` (2 miUINT8, 9 miDOUBLE).
  /// MATLAB stores a double array of small non-negative integers as miUINT8, as SVHN's `y` is.
  public struct Variable: Sendable {
    public var name: String
    public var arrayClass: UInt8
    public var dimensions: [Int]
    public var storageType: UInt32
    public var data: [UInt8]

    public init(name: String, arrayClass: UInt8, dimensions: [Int], storageType: UInt32, data: [UInt8]) {
      self.name = name; self.arrayClass = arrayClass; self.dimensions = dimensions
      self.storageType = storageType; self.data = data
    }
  }

  /// The bytes of a MAT-file holding `variables` in order.
  public static func file(_ variables: [Variable]) -> [UInt8] {
    var text = Array("MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Thu Jan  1 00:00:00 2026, written by Lens".utf8)
    text += [UInt8](repeating: 0x20, count: 116 - text.count)
    var out = text + [UInt8](repeating: 0, count: 8) + [0x00, 0x01, UInt8(ascii: "I"), UInt8(ascii: "M")]
    for v in variables { out += matrix(v) }
    return out
  }

  static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 255), UInt8(v >> 8 & 255), UInt8(v >> 16 & 255), UInt8(v >> 24 & 255)] }

  /// A data element: 8-byte tag (type, byte count), the data, zero padding to 8 bytes.
  static func element(_ type: UInt32, _ data: [UInt8]) -> [UInt8] {
    var out = le32(type) + le32(UInt32(data.count)) + data
    while out.count % 8 != 0 { out.append(0) }
    return out
  }

  static func matrix(_ v: Variable) -> [UInt8] {
    let flags = element(MATReader.miUINT32, [v.arrayClass, 0, 0, 0, 0, 0, 0, 0])
    let dims = element(MATReader.miINT32, v.dimensions.flatMap { le32(UInt32($0)) })
    let name = Array(v.name.utf8)
    let nameElement = name.count <= 4
      ? le32(MATReader.miINT8 | UInt32(name.count) << 16) + name + [UInt8](repeating: 0, count: 4 - name.count)
      : element(MATReader.miINT8, name)
    return element(MATReader.miMATRIX, flags + dims + nameElement + element(v.storageType, v.data))
  }
}
