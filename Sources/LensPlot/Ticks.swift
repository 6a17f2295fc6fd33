#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A tick mark: its value, its label (empty for an unlabelled minor tick) and whether it is major.
public struct Tick: Sendable, Hashable {
  public let value: Double
  public let label: String
  public let major: Bool
}

/// Tick placement and labelling.
///
/// * **Linear**: steps of 1, 2 or 5 × 10ᵏ, the smallest such step giving at most `target`
///   intervals across the range; ticks at the multiples of the step inside the range; labels
///   with just enough decimals for the step, a Unicode minus, and a k/M suffix when every
///   tick is a multiple of 1000 and the largest reaches 10 000.
/// * **Log**: major ticks at the powers of ten inside the range (every d-th decade when there
///   are more than `target`), labelled 10ⁿ; unlabelled minor ticks at 2…9 × 10ⁿ when at most
///   six decades show. A range with fewer than two powers of ten inside it is labelled at
///   1, 2 and 5 × 10ⁿ (or every integer multiple if still fewer than two) in plain decimals, and
///   a range too narrow even for that (inside one integer multiple's step) gets linear ticks.
public enum Ticks {
  /// The 1-2-5 step for a range and a maximum number of intervals.
  public static func niceStep(range: Double, target: Int) -> Double {
    precondition(range > 0 && target > 0)
    let raw = range / Double(target)
    let e = floor(log10(raw))
    let base = pow(10, e)
    for m in [1.0, 2, 5, 10] where m * base >= raw * (1 - 1e-9) { return m * base }
    return 10 * base
  }

  public static func linear(lower: Double, upper: Double, target: Int = 6) -> [Tick] {
    guard upper > lower else { return [Tick(value: lower, label: format(lower, step: 1), major: true)] }
    let step = niceStep(range: upper - lower, target: target)
    let first = ceil(lower / step - 1e-9), last = floor(upper / step + 1e-9)
    guard first <= last else { return [] }
    let values = stride(from: first, through: last, by: 1).map { v -> Double in
      let x = v * step
      return abs(x) < step * 1e-9 ? 0 : x
    }
    let labels = labelsForLinear(values, step: step)
    return zip(values, labels).map { Tick(value: $0, label: $1, major: true) }
  }

  public static func log(lower: Double, upper: Double, target: Int = 6) -> [Tick] {
    precondition(lower > 0 && upper > lower, "log ticks need 0 < lower < upper")
    let a = log10(lower), b = log10(upper)
    let firstDecade = Int(ceil(a - 1e-9)), lastDecade = Int(floor(b + 1e-9))
    let decadesInside = lastDecade - firstDecade + 1
    if decadesInside < 2 {
      for multiples in [[1.0, 2, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] {
        var ticks: [Tick] = []
        for d in Int(floor(a)) ... Int(ceil(b)) {
          for m in multiples {
            let v = m * pow(10, Double(d))
            if v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) {
              ticks.append(Tick(value: v, label: plainDecimal(m, exponent: d), major: true))
            }
          }
        }
        if ticks.count >= 2 {
          if multiples.count == 3 { ticks += minorLogTicks(lower: lower, upper: upper, skip: ticks.map(\.value)) }
          return ticks
        }
      }
      // A narrow range between two integer multiples (e.g. 2.25…2.45): linear 1-2-5 ticks,
      // which sit at their values on the log axis too.
      let linearTicks = linear(lower: lower, upper: upper, target: target).filter { $0.value > 0 }
      if linearTicks.count >= 2 { return linearTicks }
    }
    let every = max(1, Int(ceil(Double(decadesInside) / Double(target))))
    var ticks: [Tick] = []
    for d in stride(from: firstDecade, through: lastDecade, by: 1) where (d - firstDecade) % every == 0 {
      ticks.append(Tick(value: pow(10, Double(d)), label: powerOfTen(d), major: true))
    }
    if Int(ceil(b)) - Int(floor(a)) <= 6 {
      ticks += minorLogTicks(lower: lower, upper: upper, skip: [])
    }
    return ticks
  }

  /// Unlabelled ticks at 2…9 × 10ⁿ inside [lower, upper], except values in `skip`.
  static func minorLogTicks(lower: Double, upper: Double, skip: [Double]) -> [Tick] {
    var out: [Tick] = []
    for d in Int(floor(log10(lower))) ... Int(ceil(log10(upper))) {
      for m in 2...9 {
        let v = Double(m) * pow(10, Double(d))
        if v >= lower && v <= upper && !skip.contains(where: { abs($0 - v) <= 1e-9 * v }) {
          out.append(Tick(value: v, label: "", major: false))
        }
      }
    }
    return out
  }

  /// Ticks for a scale.
  public static func ticks(_ scale: AxisScale, lower: Double, upper: Double, target: Int = 6) -> [Tick] {
    scale == .log ? log(lower: lower, upper: upper, target: target)
                  : linear(lower: lower, upper: upper, target: target)
  }

  /// "10" followed by the exponent in Unicode superscripts, e.g. 10⁻³.
  public static func powerOfTen(_ e: Int) -> String {
    let sup: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    var s = "10"
    if e < 0 { s.append("⁻") }
    for ch in String(abs(e)) { s.append(sup[Int(String(ch))!]) }
    return s
  }

  /// m × 10ᵉ in plain decimals (e.g. 2, −1 → "0.2").
  static func plainDecimal(_ m: Double, exponent e: Int) -> String {
    let v = m * pow(10, Double(e))
    return minus(String(format: "%.\(max(0, -e))f", v))
  }

  static func labelsForLinear(_ values: [Double], step: Double) -> [String] {
    let largest = values.map(abs).max() ?? 0
    let thousands = step >= 1000 && largest >= 10_000
    if thousands {
      let millions = step >= 1_000_000 && largest >= 10_000_000
      let unit = millions ? 1_000_000.0 : 1000.0
      let suffix = millions ? "M" : "k"
      return values.map { $0 == 0 ? "0" : format($0 / unit, step: step / unit) + suffix }
    }
    return values.map { format($0, step: step) }
  }

  /// `v` with as many decimals as `step` needs, with a Unicode minus sign.
  public static func format(_ v: Double, step: Double) -> String {
    let decimals = max(0, Int(ceil(-log10(step) - 1e-9)))
    return minus(String(format: "%.\(decimals)f", v))
  }

  /// A compact label for an arbitrary value (heatmap cells, colour-bar ends): three
  /// significant digits, scientific notation outside [10⁻³, 10⁵).
  public static func compact(_ v: Double) -> String {
    if v.isNaN { return "–" }
    if v.isInfinite { return v > 0 ? "∞" : "−∞" }
    let a = abs(v)
    if a != 0 && (a < 1e-3 || a >= 1e5) {
      let e = Int(floor(log10(a)))
      let m = v / pow(10, Double(e))
      let ms = String(format: "%.1f", m)
      return minus((ms == "1.0" ? "" : ms + "×") + powerOfTen(e))
    }
    var s = String(format: "%.3g", v)
    if s.contains("e") { s = String(format: "%.0f", v) }
    return minus(s)
  }

  static func minus(_ s: String) -> String {
    s == "-0" || s.hasPrefix("-0") && Double(s) == 0 ? String(s.dropFirst()) : s.replacingOccurrences(of: "-", with: "−")
  }
}
