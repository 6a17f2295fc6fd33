/// Compares a regenerated summary with the committed one.
///
/// Two values agree when |new − old| ≤ atol + rtol·|old| (counts must agree exactly). The
/// default rtol of 1e-4 catches any change of 1 % or more, while allowing the last digits of
/// float32 training to differ between BLAS kernels of the same machine kind.
public struct SummaryDiff: Sendable {
  public struct Difference: Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var committed: Double?
    public var regenerated: Double?
    public var description: String {
      func f(_ x: Double?) -> String { x.map { String(format: "%.9e", $0) } ?? "(missing)" }
      var rel = ""
      if let a = committed, let b = regenerated, a != 0 { rel = String(format: "  (%+.3g%%)", (b - a) / abs(a) * 100) }
      return "\(key): committed \(f(committed)), regenerated \(f(regenerated))\(rel)"
    }
  }

  public var rtol: Double
  public var atol: Double

  public init(rtol: Double = 1e-4, atol: Double = 1e-12) { self.rtol = rtol; self.atol = atol }

  public func differences(committed: SummaryTable, regenerated: SummaryTable) -> [Difference] {
    func key(_ r: SummaryTable.Row) -> String { "\(r.variant) \(r.metric) \(r.statistic)" }
    var out: [Difference] = []
    let new = Dictionary(regenerated.rows.map { (key($0), $0.value) }, uniquingKeysWith: { a, _ in a })
    let old = Dictionary(committed.rows.map { (key($0), $0.value) }, uniquingKeysWith: { a, _ in a })
    for row in committed.rows {
      let k = key(row)
      guard let b = new[k] else { out.append(Difference(key: k, committed: row.value, regenerated: nil)); continue }
      let a = row.value
      let exact = row.metric == "runs"
      let agree = exact ? a == b : (a.isNaN && b.isNaN) || abs(b - a) <= atol + rtol * abs(a)
      if !agree { out.append(Difference(key: k, committed: a, regenerated: b)) }
    }
    for row in regenerated.rows where old[key(row)] == nil {
      out.append(Difference(key: key(row), committed: nil, regenerated: row.value))
    }
    return out
  }
}
