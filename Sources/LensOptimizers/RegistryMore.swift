import LensEngine

extension OptimizerRegistry {
  static let moreEntries: [Entry] = []

  static func makeMore<Scalar: LensScalar>(name: String, options: [String: JSONValue],
                                           environment: OptimizerEnvironment<Scalar>) throws -> (any Optimizer<Scalar>)? {
    nil
  }
}
