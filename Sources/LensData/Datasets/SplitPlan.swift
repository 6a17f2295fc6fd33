import LensCore

/// Deterministic, seeded choices of rows.
///
/// Every random split is drawn from `SeededGenerator(stream: RandomStreamKey(["lens-data",
/// dataset, purpose, "seed=<seed>"]))`, so the same (dataset, purpose, seed) gives the same rows on
/// every machine, and different purposes never share draws.
public enum SplitPlan {
  public static func generator(dataset: String, purpose: String, seed: Int) -> SeededGenerator {
    SeededGenerator(stream: RandomStreamKey(["lens-data", dataset, purpose, "seed=\(seed)"]))
  }

  /// A seeded permutation of `0..<n`.
  public static func permutation(_ n: Int, dataset: String, purpose: String, seed: Int) -> [Int] {
    var g = generator(dataset: dataset, purpose: purpose, seed: seed)
    return g.permutation(n)
  }

  /// Splits `0..<n` into held-out blocks of the given sizes, drawn by a seeded permutation, and
  /// the remaining rows; each block is returned in ascending row order.
  public static func holdOut(_ n: Int, sizes: [Int], dataset: String, purpose: String, seed: Int) throws -> (rest: [Int], blocks: [[Int]]) {
    let total = sizes.reduce(0, +)
    guard sizes.allSatisfy({ $0 >= 0 }), total < n else {
      throw LensError.badInput("\(dataset): cannot hold out \(sizes) of \(n) examples (at least one must remain)")
    }
    let p = permutation(n, dataset: dataset, purpose: purpose, seed: seed)
    var blocks: [[Int]] = []
    var start = 0
    for s in sizes {
      blocks.append(p[start..<start + s].sorted())
      start += s
    }
    return (p[start...].sorted(), blocks)
  }
}
