import LensCore

/// A tiny, learnable stand-in for SVHN in its original format, so that SVHN suites can run their
/// smoke profile in CI without the 246 MB of real files.
///
/// Each 32×32 RGB image shows one digit drawn from a 5×7 bitmap font, scaled ×3 (15×21 pixels) and
/// placed at the centre shifted by (dy, dx) ∈ {−2…2}²; the background has a grey level
/// b ∈ [40, 120), the strokes b + [70, 130) with a per-channel tint in [−15, 15), and every byte
/// gets uniform noise in [−12, 12], clamped to 0…255. Classes are balanced: image i shows digit
/// i mod 10 before a seeded shuffle of the image order. Labels are stored the SVHN way: 1…10,
/// with 10 for the digit 0.
///
/// Every draw comes from `SeededGenerator(stream: RandomStreamKey(["lens-fixture", "svhn",
/// split]))`, so the committed files (`Tests/Fixtures/data/svhn-fixture/`, see `FixtureData`) are
/// a pure function of this code: `lens data fixture svhn DIR` writes them again byte for byte,
/// and a test checks that it does.
public enum SVHNFixture {
  /// Images per file of the committed fixture.
  public static let trainCount = 60
  public static let testCount = 20

  /// 5×7 glyphs of the digits 0–9, one string per row, `#` = stroke.
  static let font: [[String]] = [
    [" ### ", "#   #", "#  ##", "# # #", "##  #", "#   #", " ### "],
    ["  #  ", " ##  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
    ["#####", "   # ", "  #  ", "   # ", "    #", "#   #", " ### "],
    ["   # ", "  ## ", " # # ", "#  # ", "#####", "   # ", "   # "],
    ["#####", "#    ", "#### ", "    #", "    #", "#   #", " ### "],
    ["  ## ", " #   ", "#    ", "#### ", "#   #", "#   #", " ### "],
    ["#####", "    #", "   # ", "  #  ", " #   ", " #   ", " #   "],
    [" ### ", "#   #", "#   #", " ### ", "#   #", "#   #", " ### "],
    [" ### ", "#   #", "#   #", " ####", "    #", "   # ", " ##  "],
  ]

  /// `count` images (channel-major `[3, 32, 32]` bytes each, concatenated) and their digits 0–9.
  public static func images(count: Int, split: String) -> (pixels: [UInt8], digits: [Int]) {
    var g = SeededGenerator(stream: RandomStreamKey(["lens-fixture", "svhn", split]))
    let order = g.permutation(count)
    var pixels = [UInt8](repeating: 0, count: count * 3072)
    var digits = [Int](repeating: 0, count: count)
    for i in 0..<count {
      let digit = order[i] % 10
      digits[i] = digit
      let background = 40 + g.integer(below: 80)
      let stroke = background + 70 + g.integer(below: 60)
      let tint = (0..<3).map { _ in g.integer(below: 30) - 15 }
      let dy = g.integer(below: 5) - 2, dx = g.integer(below: 5) - 2
      let top = (32 - 21) / 2 + dy, left = (32 - 15) / 2 + dx
      for ch in 0..<3 {
        for r in 0..<32 {
          for c in 0..<32 {
            let gr = (r - top) / 3, gc = (c - left) / 3
            let inside = r >= top && c >= left && gr < 7 && gc < 5
            let on = inside && Array(font[digit][gr].utf8)[gc] == UInt8(ascii: "#")
            let noise = g.integer(below: 25) - 12
            let value = (on ? stroke + tint[ch] : background) + noise
            pixels[i * 3072 + ch * 1024 + r * 32 + c] = UInt8(max(0, min(255, value)))
          }
        }
      }
    }
    return (pixels, digits)
  }

  /// The MAT-file of `count` images, in SVHN's layout: `X` uint8 `[32, 32, 3, N]` column-major
  /// (row, column, channel, image), `y` double `[N, 1]` stored as miUINT8, labels 1…10.
  public static func matFile(count: Int, split: String) -> [UInt8] {
    let (pixels, digits) = images(count: count, split: split)
    var x = [UInt8](repeating: 0, count: count * 3072)
    for i in 0..<count {
      for ch in 0..<3 {
        for r in 0..<32 {
          for c in 0..<32 { x[3072 * i + r + 32 * c + 1024 * ch] = pixels[3072 * i + ch * 1024 + r * 32 + c] }
        }
      }
    }
    return MATWriter.file([
      .init(name: "X", arrayClass: 9, dimensions: [32, 32, 3, count], storageType: MATReader.miUINT8, data: x),
      .init(name: "y", arrayClass: 6, dimensions: [count, 1], storageType: MATReader.miUINT8,
            data: digits.map { UInt8($0 == 0 ? 10 : $0) }),
    ])
  }

  /// The committed fixture files: registry path → bytes.
  public static func files() -> [(path: String, bytes: [UInt8])] {
    [(FixtureData.svhnTrain, matFile(count: trainCount, split: "train")),
     (FixtureData.svhnTest, matFile(count: testCount, split: "test"))]
  }
}
