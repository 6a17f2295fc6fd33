/// Geometry of a 2-D convolution or pooling window over `[C, H, W]` examples.
///
/// Padding may differ per side (TensorFlow/Haiku "SAME" pads one more row/column at the
/// bottom/right when the total is odd): the input is extended by `padTop` rows above and
/// `padBottom` below, `padLeft` columns on the left and `padRight` on the right, so
/// outHeight = ⌊(H + padTop + padBottom − kh)/s⌋ + 1 and output row oy reads input rows
/// oy·s − padTop + ki, ki ∈ [0, kh). Padded cells are zeros for a convolution and −∞ (never
/// selected) for max pooling.
public struct WindowGeometry: Sendable, Hashable, Codable {
  public var channels: Int, height: Int, width: Int
  public var kernelHeight: Int, kernelWidth: Int
  public var stride: Int
  public var padTop: Int, padBottom: Int, padLeft: Int, padRight: Int

  /// Explicit per-side padding.
  public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int,
              padTop: Int, padBottom: Int, padLeft: Int, padRight: Int) {
    self.channels = channels; self.height = height; self.width = width
    self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth; self.stride = stride
    self.padTop = padTop; self.padBottom = padBottom; self.padLeft = padLeft; self.padRight = padRight
  }

  /// The same `padding` on every side (PyTorch's convention).
  public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) {
    self.init(channels: channels, height: height, width: width, kernelHeight: kernelHeight, kernelWidth: kernelWidth,
              stride: stride, padTop: padding, padBottom: padding, padLeft: padding, padRight: padding)
  }

  /// TensorFlow's "SAME" padding of one spatial dimension of size `size`: the output has
  /// ⌈size/s⌉ entries and the total padding max((out − 1)·s + k − size, 0) is split with
  /// the smaller half first, (⌊total/2⌋, total − ⌊total/2⌋). E.g. k 7, s 2 on 32: (2, 3);
  /// k 3, s 2 on 16: (0, 1); k 1, s 2: (0, 0).
  public static func samePadding(size: Int, kernel k: Int, stride s: Int) -> (low: Int, high: Int) {
    let out = (size + s - 1) / s
    let total = max((out - 1) * s + k - size, 0)
    return (total / 2, total - total / 2)
  }

  public var outHeight: Int { (height + padTop + padBottom - kernelHeight) / stride + 1 }
  public var outWidth: Int { (width + padLeft + padRight - kernelWidth) / stride + 1 }
  /// Whether no side is padded.
  public var isUnpadded: Bool { padTop == 0 && padBottom == 0 && padLeft == 0 && padRight == 0 }
  /// Output positions per example.
  public var positions: Int { outHeight * outWidth }
  /// Patch length C·kh·kw (the im2col row width).
  public var patch: Int { channels * kernelHeight * kernelWidth }
}

/// im2col: `x` `[n, C, H, W]` → `rows` `[n·P, C·kh·kw]`, row (example, oy, ox), column
/// (c, ki, kj) (the order of a `[O, C, kh, kw]` kernel); zero padding (per side, see `WindowGeometry`).
@inline(__always)
func im2col<S: LensScalar>(_ x: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) { S._im2col(x, rows, n: n, g) }

@inline(__always)
func im2colBody<S: LensScalar>(_ x: UnsafePointer<S>, _ rows: UnsafeMutablePointer<S>, n: Int, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride)
  let (padY, padX) = (g.padTop, g.padLeft)
  let (oh, ow, k) = (g.outHeight, g.outWidth, g.patch)
  let zero: S = 0
  for e in 0..<n {
    let xe = x + e * c * h * w
    for oy in 0..<oh {
      for ox in 0..<ow {
        let row = rows + ((e * oh + oy) * ow + ox) * k
        let x0 = ox * s - padX
        let inside = x0 >= 0 && x0 + kw <= w
        var col = 0
        for ch in 0..<c {
          let plane = xe + ch * h * w
          for ki in 0..<kh {
            let iy = oy * s - padY + ki
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

/// The output positions `ox ∈ [lo, hi)` whose window column `kj` falls inside a row of
/// width `w` (ix = ox·s − pad + kj ∈ [0, w), `pad` the LEADING padding; trailing padding only
/// sets `ow`).
@inline(__always)
func windowColumnRange(width w: Int, outWidth ow: Int, stride s: Int, padding pad: Int, kj: Int) -> (lo: Int, hi: Int) {
  let lo = min(ow, max(0, (pad - kj + s - 1) / s))
  let t = w - 1 + pad - kj
  let hi = t < 0 ? 0 : min(ow, t / s + 1)
  return (lo, max(lo, hi))
}

/// im2col of ONE example in column layout: `x` `[C, H, W]` → `cols` `[C·kh·kw, P]`, row
/// (c, ki, kj) (the order of a `[O, C, kh, kw]` kernel), column = output position
/// (oy, ox); zero padding. Runs along output rows, so stride 1 is a contiguous copy.
@inline(__always)
func im2colColumns<S: LensScalar>(_ x: UnsafePointer<S>, _ cols: UnsafeMutablePointer<S>, _ g: WindowGeometry) { S._im2colColumns(x, cols, g) }

@inline(__always)
func im2colColumnsBody<S: LensScalar>(_ x: UnsafePointer<S>, _ cols: UnsafeMutablePointer<S>, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride)
  let (padY, pad) = (g.padTop, g.padLeft)
  let (oh, ow) = (g.outHeight, g.outWidth)
  let p = oh * ow
  let zero: S = 0
  var row = 0
  for ch in 0..<c {
    let plane = x + ch * h * w
    for ki in 0..<kh {
      for kj in 0..<kw {
        let dst = cols + row * p
        row += 1
        let (lo, hi) = windowColumnRange(width: w, outWidth: ow, stride: s, padding: pad, kj: kj)
        for oy in 0..<oh {
          let iy = oy * s - padY + ki
          let d = dst + oy * ow
          if iy < 0 || iy >= h { d.update(repeating: zero, count: ow); continue }
          let line = plane + iy * w
          if lo > 0 { d.update(repeating: zero, count: lo) }
          if s == 1 {
            if hi > lo { (d + lo).update(from: line + (lo - pad + kj), count: hi - lo) }
          } else {
            for ox in lo..<hi { d[ox] = line[ox * s - pad + kj] }
          }
          if hi < ow { (d + hi).update(repeating: zero, count: ow - hi) }
        }
      }
    }
  }
}

/// The adjoint of `im2colColumns` for ONE example: `gx` `[C, H, W]` ← Σ of `cols` entries
/// over the windows each input element appears in (overwrites `gx`; rows added in order).
@inline(__always)
func col2imColumns<S: LensScalar>(_ cols: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, _ g: WindowGeometry) { S._col2imColumns(cols, gx, g) }

@inline(__always)
func col2imColumnsBody<S: LensScalar>(_ cols: UnsafePointer<S>, _ gx: UnsafeMutablePointer<S>, _ g: WindowGeometry) {
  let (c, h, w, kh, kw, s) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth, g.stride)
  let (padY, pad) = (g.padTop, g.padLeft)
  let (oh, ow) = (g.outHeight, g.outWidth)
  let p = oh * ow
  gx.update(repeating: 0, count: c * h * w)
  var row = 0
  for ch in 0..<c {
    let plane = gx + ch * h * w
    for ki in 0..<kh {
      for kj in 0..<kw {
        let src = cols + row * p
        row += 1
        let (lo, hi) = windowColumnRange(width: w, outWidth: ow, stride: s, padding: pad, kj: kj)
        for oy in 0..<oh {
          let iy = oy * s - padY + ki
          if iy < 0 || iy >= h { continue }
          let line = plane + iy * w, sr = src + oy * ow
          if s == 1 {
            let d = line + (lo - pad + kj), r = sr + lo
            for j in 0..<(hi - lo) { d[j] += r[j] }
          } else {
            for ox in lo..<hi { line[ox * s - pad + kj] += sr[ox] }
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

/// Max pooling: `y[e, c, oy, ox] = max` over the window's cells inside the input; padded
/// cells count as −∞, so they are never selected (TensorFlow/Haiku `max_pool` with "SAME",
/// PyTorch's `MaxPool2d(padding:)`); every window must hold at least one input cell. `argmax`
/// records the flat input index (within the example) of the maximum (the first one in
/// row-major window order on ties).
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
      if kh == 2 && kw == 2 && s == 2 && g.isUnpadded {
        // The common 2×2/2 window, unrolled (same scan order and ties as the general loop).
        let base = Int32(ch * h * w)
        for oy in 0..<oh {
          let r0 = 2 * oy * w, r1 = r0 + w
          for ox in 0..<ow {
            let i = 2 * ox
            var best = plane[r0 + i], bestIndex = r0 + i
            if plane[r0 + i + 1] > best { best = plane[r0 + i + 1]; bestIndex = r0 + i + 1 }
            if plane[r1 + i] > best { best = plane[r1 + i]; bestIndex = r1 + i }
            if plane[r1 + i + 1] > best { best = plane[r1 + i + 1]; bestIndex = r1 + i + 1 }
            out[oy * ow + ox] = best
            arg[oy * ow + ox] = base + Int32(bestIndex)
          }
        }
        continue
      }
      for oy in 0..<oh {
        // The window's rows and columns inside the input (padding clipped away).
        let y0 = oy * s - g.padTop
        let (r0, r1) = (max(y0, 0), min(y0 + kh, h))
        for ox in 0..<ow {
          let x0 = ox * s - g.padLeft
          let (c0, c1) = (max(x0, 0), min(x0 + kw, w))
          var bestIndex = r0 * w + c0, best = plane[bestIndex]
          for iy in r0..<r1 {
            for ix in c0..<c1 {
              let idx = iy * w + ix
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
