import LensEngine

extension OptimizerRegistry {
  static let moreEntries: [Entry] = [
    Entry(name: "kfac", validKeys: KFACConfiguration.validKeys, summary: "K-FAC as kfac-jax 0.0.3 ran it for AdamQLR (estimation fisher_sampled | fisher_exact | empirical)"),
    Entry(name: "kfac_asdl", validKeys: KFACASDLConfiguration.validKeys, summary: "ASDL K-FAC (AdaFisher baseline): refresh interval, no EMA, clip, SGD"),
    Entry(name: "adahessian", validKeys: AdaHessianConfiguration.validKeys, summary: "AdaHessian: Hutchinson |Hz| diagonal, spatial averaging, Hessian power"),
    Entry(name: "adafisher", validKeys: AdaFisherConfiguration.validKeys, summary: "AdaFisher (coupled weight decay); variants code (default) | paper"),
    Entry(name: "adafisherw", validKeys: AdaFisherWConfiguration.validKeys, summary: "AdaFisherW (decoupled weight decay); variants code (default) | paper"),
    Entry(name: "shampoo", validKeys: ShampooConfiguration.validKeys, summary: "ASDL Shampoo: per-mode statistics, coupled-Newton inverse roots, clip, SGD"),
    Entry(name: "lanczosopt", validKeys: LanczosOPTConfiguration.validKeys, summary: "LanczosOPT: variants paper (multiplicative η, default) | code (additive ν)"),
    Entry(name: "adam_learned_damping", validKeys: AdamLearnedDampingConfiguration.validKeys, summary: "Adam with the Hessian-variance damping learner (ε and (1+δ) rate)"),
    Entry(name: "kfac_learned_damping", validKeys: ["inner"] + DampingLearner.keys, summary: "the damping learner around kfac_asdl or kfac (inner: {name, …})"),
  ]

  static func makeMore<Scalar: LensScalar>(name: String, options: [String: JSONValue],
                                           environment env: OptimizerEnvironment<Scalar>) throws -> (any Optimizer<Scalar>)? {
    switch name {
    case "kfac": return KFAC<Scalar>(try KFACConfiguration(options: options), lossKind: env.lossKind)
    case "kfac_asdl": return KFACASDL<Scalar>(try KFACASDLConfiguration(options: options), lossKind: env.lossKind)
    case "adahessian": return AdaHessian<Scalar>(try AdaHessianConfiguration(options: options))
    case "adafisher": return AdaFisher<Scalar>(try AdaFisherConfiguration(options: options), lossKind: env.lossKind)
    case "adafisherw": return AdaFisher<Scalar>(try AdaFisherWConfiguration(options: options).base, lossKind: env.lossKind)
    case "shampoo": return Shampoo<Scalar>(try ShampooConfiguration(options: options))
    case "lanczosopt": return LanczosOPT<Scalar>(try LanczosOPTConfiguration(options: options))
    case "adam_learned_damping":
      return AdamLearnedDamping<Scalar>(try AdamLearnedDampingConfiguration(options: options), varianceBatches: env.varianceBatches)
    case "kfac_learned_damping":
      let o = try OptionReader(optimizer: name, values: options, validKeys: ["inner"] + DampingLearner.keys)
      guard case .object(var innerOptions)? = options["inner"], case .string(let innerName)? = innerOptions["name"] else {
        throw LensError.badInput("optimizer 'kfac_learned_damping': option inner must be an object with name kfac_asdl or kfac")
      }
      innerOptions["name"] = nil
      let learner = try DampingLearner(options: o, floorDefault: 1e-3)
      let inner: any Optimizer<Scalar> & DampingControllable
      switch innerName {
      case "kfac_asdl": inner = KFACASDL<Scalar>(try KFACASDLConfiguration(options: innerOptions), lossKind: env.lossKind)
      case "kfac":
        let c = try KFACConfiguration(options: innerOptions)
        guard !c.adaptiveDamping else {
          throw LensError.badInput("optimizer 'kfac_learned_damping': the inner kfac needs adaptive_damping false (the learner sets the damping)")
        }
        inner = KFAC<Scalar>(c, lossKind: env.lossKind)
      default:
        throw LensError.badInput("optimizer 'kfac_learned_damping': inner name must be kfac_asdl or kfac, got \(innerName)")
      }
      return LearnedDampingWrapper(inner: inner, learner: learner, varianceBatches: env.varianceBatches)
    default: return nil
    }
  }
}
