/// Geometry of a 2-D convolution or pooling window over `[C, H, W]` examples.
public struct WindowGeometry: Sendable, Hashable, Codable {
  public var channels: Int, height: Int, width: Int
  public var kernelHeight: Int, kernelWidth: Int
  public var stride: Int, padding: Int
  public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
  public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
  /// Output positions per example.
  public var positions: Int { outHeight * outWidth }
  /// Patch length C·kh·kw (the im2col row width).
  public var patch: Int { channels * kernelHeight * kernelWidth }
}

/// im2col: `x` `[n, C, H, W]` → `rows` `[n·P, C·kh·kw]`, row (example, oy, ox), column
/// (c, ki, kj) (the order of a `[O, C, kh, kw]` kernel); zero padding.
@inline(__always)
func im2col<S: LensScalar>(_ x: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) { S._im2col(x, rows, n: n, g) }

@inline(__always)
func im2colBody<S: LensScalar>(_ x: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s, pad) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride, g.padding)
  let (oh, ow, k) = (g.outHeight, g.outWidth, g.patch)
  let zero: S = 0
  for e in 0..<n {
    let xe = x + e * c * h * w
    for oy in 0..<oh {
      for ox in 0..<ow {
        let row = rows + ((e * oh + oy) * ow + ox) * k
        let x0 = ox * s - pad
        let inside = x0 >= 0 && x0 + kw <= w
        var col = 0
        for ch in 0..<c {
          let plane = xe + ch * h * w
          for ki in 0..<kh {
            let iy = oy * s - pad + ki
            let dst = row + col
            col += kw
            if iy < 0 || iy >= h { for j in 0..<kw { dst[j] = zero }; continue }
            let line = plane + iy * w
            if inside {
              let src = line + x0
              for j in 0..<kw { dst[j] = src[j] }
            } else {
              for j in 0..<kw { let ix = x0 + j; dst[j] = (ix >= 0 && ix < w) ? line[ix] : zero }
            }
          }
        }
      }
    }
  }
}

/// col2im, the adjoint of `im2col`: `gx` `[n, C, H, W]` ← Σ of `rows` entries over the
/// windows each input element appears in (overwrites `gx`).
@inline(__always)
func col2im<S: LensScalar>(_ rows: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) { S._col2im(rows, gx, n: n, g) }

@inline(__always)
func col2imBody<S: LensScalar>(_ rows: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s, pad) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride, g.padding)
  let (oh, ow, k) = (g.outHeight, g.outWidth, g.patch)
  gx.update(repeating: 0, count: n * c * h * w)
  for e in 0..<n {
    let ge = gx + e * c * h * w
    for oy in 0..<oh {
      for ox in 0..<ow {
        let row = rows + ((e * oh + oy) * ow + ox) * k
        let x0 = ox * s - pad
        let inside = x0 >= 0 && x0 + kw <= w
        var col = 0
        for ch in 0..<c {
          let plane = ge + ch * h * w
          for ki in 0..<kh {
            let iy = oy * s - pad + ki
            let src = row + col
            col += kw
            if iy < 0 || iy >= h { continue }
            let line = plane + iy * w
            if inside {
              let dst = line + x0
              for j in 0..<kw { dst[j] += src[j] }
            } else {
              for j in 0..<kw { let ix = x0 + j; if ix >= 0 && ix < w { line[ix] += src[j] } }
            }
          }
        }
      }
    }
  }
}

/// `[n·P, O]` rows (+ bias[o]) → `[n, O, P]` (channel-major per example).
@inline(__always)
func rowsToChannels<S: LensScalar>(_ rows: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?, n: Int, positions p: Int, channels o: Int) { S._rowsToChannels(rows, y, bias: bias, n: n, positions: p, channels: o) }

@inline(__always)
func rowsToChannelsBody<S: LensScalar>(_ rows: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, bias: UnsafePointer<S>?,
                                   n: Int, positions p: Int, channels o: Int) {
  let zero: S = 0
  for e in 0..<n {
    let r = rows + e * p * o, ye = y + e * o * p
    for ch in 0..<o {
      let b = bias?[ch] ?? zero
      let yc = ye + ch * p
      for q in 0..<p { yc[q] = r[q * o + ch] + b }
    }
  }
}

/// `[n, O, P]` → `[n·P, O]` rows (the inverse of `rowsToChannels` without bias).
@inline(__always)
func channelsToRows<S: LensScalar>(_ y: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int, positions p: Int, channels o: Int) { S._channelsToRows(y, rows, n: n, positions: p, channels: o) }

@inline(__always)
func channelsToRowsBody<S: LensScalar>(_ y: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int, positions p: Int, channels o: Int) {
  for e in 0..<n {
    let r = rows + e * p * o, ye = y + e * o * p
    for ch in 0..<o {
      let yc = ye + ch * p
      for q in 0..<p { r[q * o + ch] = yc[q] }
    }
  }
}

/// Max pooling (no padding): `y[e, c, oy, ox] = max` over the window; `argmax` records the
/// flat input index (within the example) of the maximum (the first one on ties).
@inline(__always)
func maxPoolForward<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, argmax: UnsafeMutablePointer<Int32>, n: Int, _ g: WindowGeometry) { S._maxPoolForward(x, y, argmax: argmax, n: n, g) }

@inline(__always)
func maxPoolForwardBody<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, argmax: UnsafeMutablePointer<Int32>,
                                   n: Int, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride)
  let (oh, ow) = (g.outHeight, g.outWidth)
  for e in 0..<n {
    for ch in 0..<c {
      let plane = x + (e * c + ch) * h * w
      let out = y + (e * c + ch) * oh * ow, arg = argmax + (e * c + ch) * oh * ow
      for oy in 0..<oh {
        for ox in 0..<ow {
          var best = plane[oy * s * w + ox * s], bestIndex = oy * s * w + ox * s
          for ki in 0..<kh {
            for kj in 0..<kw {
              let idx = (oy * s + ki) * w + ox * s + kj
              if plane[idx] > best { best = plane[idx]; bestIndex = idx }
            }
          }
          out[oy * ow + ox] = best
          arg[oy * ow + ox] = Int32(ch * h * w + bestIndex)
        }
      }
    }
  }
}

/// Gathers `src` (an input-shaped tensor) at the recorded maxima: the tangent of max pooling.
@inline(__always)
func maxPoolGather<S: LensScalar>(_ src: UnsafePointer<S>, argmax: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<S>, n: Int, inWidth: Int, outWidth: Int) { S._maxPoolGather(src, argmax: argmax, out, n: n, inWidth: inWidth, outWidth: outWidth) }

@inline(__always)
func maxPoolGatherBody<S: LensScalar>(_ src: UnsafePointer<S>, argmax: UnsafePointer<Int32>, _ out: UnsafeMutablePointer<S>,
                                  n: Int, inWidth: Int, outWidth: Int) {
  for e in 0..<n {
    let se = src + e * inWidth, oe = out + e * outWidth, ae = argmax + e * outWidth
    for q in 0..<outWidth { oe[q] = se[Int(ae[q])] }
  }
}

/// Scatters `g` (output-shaped) to the recorded maxima: the adjoint of `maxPoolGather`
/// (overwrites `gx`).
@inline(__always)
func maxPoolScatter<S: LensScalar>(_ g: UnsafePointer<S>, argmax: UnsafePointer<Int32>, _ gx: UnsafeMutablePointer<S>, n: Int, inWidth: Int, outWidth: Int) { S._maxPoolScatter(g, argmax: argmax, gx, n: n, inWidth: inWidth, outWidth: outWidth) }

@inline(__always)
func maxPoolScatterBody<S: LensScalar>(_ g: UnsafePointer<S>, argmax: UnsafePointer<Int32>, _ gx: UnsafeMutablePointer<S>,
                                   n: Int, inWidth: Int, outWidth: Int) {
  gx.update(repeating: 0, count: n * inWidth)
  for e in 0..<n {
    let ge = g + e * outWidth, xe = gx + e * inWidth, ae = argmax + e * outWidth
    for q in 0..<outWidth { xe[Int(ae[q])] += ge[q] }
  }
}

/// Average pooling (no padding): the window mean.
@inline(__always)
func avgPoolForward<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) { S._avgPoolForward(x, y, n: n, g) }

@inline(__always)
func avgPoolForwardBody<S: LensScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride)
  let (oh, ow) = (g.outHeight, g.outWidth)
  let scale = 1 / S(kh * kw)
  for plane in 0..<(n * c) {
    let xp = x + plane * h * w, yp = y + plane * oh * ow
    for oy in 0..<oh {
      for ox in 0..<ow {
        var acc: S = 0
        for ki in 0..<kh { for kj in 0..<kw { acc += xp[(oy * s + ki) * w + ox * s + kj] } }
        yp[oy * ow + ox] = acc * scale
      }
    }
  }
}

/// The adjoint of average pooling (overwrites `gx`).
@inline(__always)
func avgPoolBackward<S: LensScalar>(_ g: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, n: Int, _ geo: WindowGeometry) { S._avgPoolBackward(g, gx, n: n, geo) }

@inline(__always)
func avgPoolBackwardBody<S: LensScalar>(_ g: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, n: Int, _ geo: WindowGeometry) {
  let (c, h, w, kh, kw, s) = (geo.channels, geo.height, geo.width, geo.kernelHeight, geo.kernelWidth, geo.stride)
  let (oh, ow) = (geo.outHeight, geo.outWidth)
  let scale = 1 / S(kh * kw)
  gx.update(repeating: 0, count: n * c * h * w)
  for plane in 0..<(n * c) {
    let gp = g + plane * oh * ow, xp = gx + plane * h * w
    for oy in 0..<oh {
      for ox in 0..<ow {
        let v = gp[oy * ow + ox] * scale
        for ki in 0..<kh { for kj in 0..<kw { xp[(oy * s + ki) * w + ox * s + kj] += v } }
      }
    }
  }
}
