import LensCore

extension DataStore {
  /// SVHN cropped digits (train 73 257 and test 26 032; the "extra" set is not used) from
  /// `train_32x32.mat` / `test_32x32.mat`: `X` uint8 `[32, 32, 3, N]` column-major (row, column,
  /// channel, image), `y` `[N, 1]` with labels 1-10 where 10 means digit 0. Returned as
  /// channel-major `[3, 32, 32]` images with labels 0-9.
  public func loadSVHN(_ options: ImageLoadOptions = ImageLoadOptions()) throws -> ImageData {
    let train = try svhnImages(SVHNPaths.train)
    let test = try svhnImages(SVHNPaths.test)
    return try assembleImages(name: "svhn", train: train, officialTest: test, officialComplete: true,
                              classCount: 10, classNames: (0...9).map(String.init), options: options)
  }

  func svhnImages(_ path: String, dataset: String = "svhn") throws -> RawImages {
    let vars = try MATReader.variables(read(path, dataset: dataset), name: path)
    let x = try MATReader.variable("X", in: vars, name: path)
    let y = try MATReader.variable("y", in: vars, name: path)
    guard x.dimensions.count == 4, x.dimensions[0] == 32, x.dimensions[1] == 32, x.dimensions[2] == 3 else {
      throw LensError.data("\(path): X has dimensions \(x.dimensions), expected [32, 32, 3, N]")
    }
    let n = x.dimensions[3]
    guard y.elementCount == n, y.dimensions.count == 2 else {
      throw LensError.data("\(path): y has dimensions \(y.dimensions), expected [\(n), 1]")
    }
    let src = try x.uint8()
    let rawLabels = try y.doubles()
    var labels = [Int32](repeating: 0, count: n)
    for i in 0..<n {
      let v = rawLabels[i]
      guard v >= 1, v <= 10, v == v.rounded() else {
        throw LensError.data("\(path): label y[\(i)] = \(v) is not an integer in 1...10")
      }
      labels[i] = Int32(v) % 10
    }
    // Column-major X(r, c, ch, i) is at r + 32c + 1024ch + 3072i; channel-major output is
    // ch·1024 + r·32 + c within image i.
    var pixels = [UInt8](repeating: 0, count: n * 3072)
    src.withUnsafeBufferPointer { s in
      pixels.withUnsafeMutableBufferPointer { d in
        for i in 0..<n {
          let base = 3072 * i
          for ch in 0..<3 {
            for c in 0..<32 {
              for r in 0..<32 { d[base + ch * 1024 + r * 32 + c] = s[base + r + 32 * c + 1024 * ch] }
            }
          }
        }
      }
    }
    return RawImages(pixels: pixels, labels: labels)
  }
}
