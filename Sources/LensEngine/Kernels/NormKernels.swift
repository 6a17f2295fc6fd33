// Normalisation kernels on a GROUP layout `[G, M]`: G groups of M members, each group
// normalised by its own mean and variance (batch norm: groups = channels, members =
// (example, position); layer norm: groups = examples, members = features).
//
// With s = 1/√(var + ε) (biased variance), x̂ = s(x − μ):
//   backward   g_x = s (g_x̂ − mean g_x̂ − x̂ · mean(g_x̂ x̂))
//   tangent    σ̇ = mean(x̂ ẋ), ẋ̂ = s (ẋ − mean ẋ − x̂ σ̇), r = σ̇ s
//   R-backprop ġ_x = −r g_x + s (ġ_x̂ − mean ġ_x̂ − ẋ̂ · mean(g_x̂ x̂) − x̂ · mean(ġ_x̂ x̂ + g_x̂ ẋ̂))

/// Natural `[n, C, P]` ↔ group `[C, n·P]` layout (`toGroups` false: the inverse).
@inline(__always)
func regroup<S: LensScalar>(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, n: Int, channels c: Int, positions p: Int, toGroups: Bool) { S._regroup(src, dst, n: n, channels: c, positions: p, toGroups: toGroups) }

@inline(__always)
func regroupBody<S: LensScalar>(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<S>, n: Int, channels c: Int,
                            positions p: Int, toGroups: Bool) {
  for e in 0..<n {
    for ch in 0..<c {
      let natural = (e * c + ch) * p, group = ch * n * p + e * p
      if toGroups { (dst + group).update(from: src + natural, count: p) } else { (dst + natural).update(from: src + group, count: p) }
    }
  }
}

/// Per group: mean, s = 1/√(var + ε), and x̂ = s(x − μ).
@inline(__always)
func normalizeGroups<S: LensScalar>(_ x: UnsafePointer<S>, xhat: UnsafeMutablePointer<S>, mean: UnsafeMutablePointer<S>, invStd: UnsafeMutablePointer<S>, groups: Int, members m: Int, epsilon: S) { S._normalizeGroups(x, xhat: xhat, mean: mean, invStd: invStd, groups: groups, members: m, epsilon: epsilon) }

@inline(__always)
func normalizeGroupsBody<S: LensScalar>(_ x: UnsafePointer<S>, xhat: UnsafeMutablePointer<S>, mean: UnsafeMutablePointer<S>,
                                    invStd: UnsafeMutablePointer<S>, groups: Int, members m: Int, epsilon: S) {
  let one: S = 1
  for gi in 0..<groups {
    let xr = x + gi * m, hr = xhat + gi * m
    var sum: S = 0
    for j in 0..<m { sum += xr[j] }
    let mu = sum / S(m)
    var sq: S = 0
    for j in 0..<m { let d = xr[j] - mu; sq += d * d }
    let s = one / (sq / S(m) + epsilon).squareRoot()
    for j in 0..<m { hr[j] = (xr[j] - mu) * s }
    mean[gi] = mu; invStd[gi] = s
  }
}

/// g_x = s (g_x̂ − mean g_x̂ − x̂ · mean(g_x̂ x̂)) per group.
@inline(__always)
func normalizeBackward<S: LensScalar>(xhat: UnsafePointer<S>, gxhat: UnsafePointer<S>, gx: UnsafeMutablePointer<S>, invStd: UnsafePointer<S>, groups: Int, members m: Int) { S._normalizeBackward(xhat: xhat, gxhat: gxhat, gx: gx, invStd: invStd, groups: groups, members: m) }

@inline(__always)
func normalizeBackwardBody<S: LensScalar>(xhat: UnsafePointer<S>, gxhat: UnsafePointer<S>, gx: UnsafeMutablePointer<S>,
                                      invStd: UnsafePointer<S>, groups: Int, members m: Int) {
  for gi in 0..<groups {
    let h = xhat + gi * m, g = gxhat + gi * m, o = gx + gi * m
    var m1: S = 0, m2: S = 0
    for j in 0..<m { m1 += g[j]; m2 += g[j] * h[j] }
    m1 /= S(m); m2 /= S(m)
    let s = invStd[gi]
    for j in 0..<m { o[j] = s * (g[j] - m1 - h[j] * m2) }
  }
}

/// ẋ̂ = s (ẋ − mean ẋ − x̂ σ̇) with σ̇ = mean(x̂ ẋ); writes r = σ̇ s per group.
@inline(__always)
func normalizeTangent<S: LensScalar>(xhat: UnsafePointer<S>, xdot: UnsafePointer<S>, xhatDot: UnsafeMutablePointer<S>, invStd: UnsafePointer<S>, rate: UnsafeMutablePointer<S>, groups: Int, members m: Int) { S._normalizeTangent(xhat: xhat, xdot: xdot, xhatDot: xhatDot, invStd: invStd, rate: rate, groups: groups, members: m) }

@inline(__always)
func normalizeTangentBody<S: LensScalar>(xhat: UnsafePointer<S>, xdot: UnsafePointer<S>, xhatDot: UnsafeMutablePointer<S>,
                                     invStd: UnsafePointer<S>, rate: UnsafeMutablePointer<S>, groups: Int, members m: Int) {
  for gi in 0..<groups {
    let h = xhat + gi * m, d = xdot + gi * m, o = xhatDot + gi * m
    var md: S = 0, sd: S = 0
    for j in 0..<m { md += d[j]; sd += h[j] * d[j] }
    md /= S(m); sd /= S(m)
    let s = invStd[gi]
    for j in 0..<m { o[j] = s * (d[j] - md - h[j] * sd) }
    rate[gi] = sd * s
  }
}

/// The R-backprop step of normalisation per group (see the file comment).
@inline(__always)
func normalizeSecondOrder<S: LensScalar>(xhat: UnsafePointer<S>, xhatDot: UnsafePointer<S>, gxhat: UnsafePointer<S>, gxhatDot: UnsafePointer<S>, invStd: UnsafePointer<S>, rate: UnsafePointer<S>, gx: UnsafeMutablePointer<S>, gxDot: UnsafeMutablePointer<S>, groups: Int, members m: Int) { S._normalizeSecondOrder(xhat: xhat, xhatDot: xhatDot, gxhat: gxhat, gxhatDot: gxhatDot, invStd: invStd, rate: rate, gx: gx, gxDot: gxDot, groups: groups, members: m) }

@inline(__always)
func normalizeSecondOrderBody<S: LensScalar>(xhat: UnsafePointer<S>, xhatDot: UnsafePointer<S>, gxhat: UnsafePointer<S>,
                                         gxhatDot: UnsafePointer<S>, invStd: UnsafePointer<S>, rate: UnsafePointer<S>,
                                         gx: UnsafeMutablePointer<S>, gxDot: UnsafeMutablePointer<S>, groups: Int, members m: Int) {
  for gi in 0..<groups {
    let h = xhat + gi * m, hd = xhatDot + gi * m, g = gxhat + gi * m, gd = gxhatDot + gi * m
    let o = gx + gi * m, od = gxDot + gi * m
    var m1: S = 0, m2: S = 0, d1: S = 0, d2: S = 0
    for j in 0..<m { m1 += g[j]; m2 += g[j] * h[j]; d1 += gd[j]; d2 += gd[j] * h[j] + g[j] * hd[j] }
    let inv = 1 / S(m)
    m1 *= inv; m2 *= inv; d1 *= inv; d2 *= inv
    let s = invStd[gi], r = rate[gi]
    for j in 0..<m {
      let gxj = s * (g[j] - m1 - h[j] * m2)
      od[j] = -r * gxj + s * (gd[j] - d1 - hd[j] * m2 - h[j] * d2)
      o[j] = gxj
    }
  }
}

/// Affine map on the group layout `[G, M]`: `y = γ ⊙ a + β·[β given]`, with γ, β indexed by
/// group (`perGroup`) or by member column.
@inline(__always)
func groupAffine<S: LensScalar>(_ a: UnsafePointer<S>, scale: UnsafePointer<S>, shift: UnsafePointer<S>?, _ y: UnsafeMutablePointer<S>, groups: Int, members m: Int, perGroup: Bool) { S._groupAffine(a, scale: scale, shift: shift, y, groups: groups, members: m, perGroup: perGroup) }

@inline(__always)
func groupAffineBody<S: LensScalar>(_ a: UnsafePointer<S>, scale: UnsafePointer<S>, shift: UnsafePointer<S>?,
                                _ y: UnsafeMutablePointer<S>, groups: Int, members m: Int, perGroup: Bool) {
  let zero: S = 0
  for gi in 0..<groups {
    let ar = a + gi * m, yr = y + gi * m
    if perGroup {
      let g = scale[gi], b = shift?[gi] ?? zero
      for j in 0..<m { yr[j] = g * ar[j] + b }
    } else if let shift {
      for j in 0..<m { yr[j] = scale[j] * ar[j] + shift[j] }
    } else {
      for j in 0..<m { yr[j] = scale[j] * ar[j] }
    }
  }
}

/// `y += γ ⊙ a` on the group layout (γ per group or per member column).
@inline(__always)
func groupAffineAccumulate<S: LensScalar>(_ a: UnsafePointer<S>, scale: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, groups: Int, members m: Int, perGroup: Bool) { S._groupAffineAccumulate(a, scale: scale, y, groups: groups, members: m, perGroup: perGroup) }

@inline(__always)
func groupAffineAccumulateBody<S: LensScalar>(_ a: UnsafePointer<S>, scale: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>,
                                          groups: Int, members m: Int, perGroup: Bool) {
  for gi in 0..<groups {
    let ar = a + gi * m, yr = y + gi * m
    if perGroup { let g = scale[gi]; for j in 0..<m { yr[j] += g * ar[j] } } else { for j in 0..<m { yr[j] += scale[j] * ar[j] } }
  }
}

/// Parameter reduction on the group layout: `out[k] (+)= Σ a·b` (or Σ a when `b` is nil) over
/// the axis that is not the parameter's (members when `perGroup`, groups otherwise).
@inline(__always)
func groupReduce<S: LensScalar>(_ a: UnsafePointer<S>, _ b: UnsafePointer<S>?, into out: UnsafeMutablePointer<S>, groups: Int, members m: Int, perGroup: Bool, accumulate: Bool) { S._groupReduce(a, b, into: out, groups: groups, members: m, perGroup: perGroup, accumulate: accumulate) }

@inline(__always)
func groupReduceBody<S: LensScalar>(_ a: UnsafePointer<S>, _ b: UnsafePointer<S>?, into out: UnsafeMutablePointer<S>,
                                groups: Int, members m: Int, perGroup: Bool, accumulate: Bool) {
  let count = perGroup ? groups : m
  if !accumulate { out.update(repeating: 0, count: count) }
  for gi in 0..<groups {
    let ar = a + gi * m
    if perGroup {
      var acc: S = 0
      if let b { let br = b + gi * m; for j in 0..<m { acc += ar[j] * br[j] } } else { for j in 0..<m { acc += ar[j] } }
      out[gi] += acc
    } else if let b {
      let br = b + gi * m
      for j in 0..<m { out[j] += ar[j] * br[j] }
    } else {
      for j in 0..<m { out[j] += ar[j] }
    }
  }
}
