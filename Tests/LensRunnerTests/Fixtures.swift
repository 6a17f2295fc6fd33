import LensRunner

/// A small vocabulary and a valid suite used by the runner tests.
enum Fixtures {
  static let vocabulary = SuiteVocabulary(
    datasets: [(name: "fashion-mnist", splits: ["adamqlr", "standard"]), (name: "uci-energy", splits: ["adamqlr"])],
    models: [(name: "mlp", options: ["hidden", "activation", "init"])],
    losses: ["softmax_cross_entropy", "mse_half"],
    optimizers: [
      (name: "sgd", schema: .init(keys: ["lr", "momentum", "weight_decay"])),
      (name: "adam", schema: .init(keys: ["lr", "beta1", "beta2", "eps", "weight_decay"])),
      (name: "adamqlr", schema: .init(keys: ["initial_damping", "damping_decrease", "damping_increase", "lr_clip",
                                              "update_amplification", "curvature"], presets: ["untuned", "untuned_no_clip"])),
    ])

  static let suite = """
  lens_suite: 1
  id: test-fig
  title: "A test figure"
  paper: adamqlr
  claims: [AQ-test]
  problem:
    dataset: fashion-mnist
    split: adamqlr
    model: {builder: mlp, hidden: [50], activation: relu}
    loss: softmax_cross_entropy
  budget: {epochs: 10}
  evaluation: {every: {steps: 10}, splits: [train, test], metrics: [loss, accuracy]}
  repetitions: 5
  optimizers:
    sgd_full: {optimizer: sgd, batch_size: 800, lr: 0.058068, momentum: 0.9289, weight_decay: 1.6522e-8}
    adam: {optimizer: adam, batch_size: 3200, lr: 1.0e-3}
    adamqlr_untuned: {optimizer: adamqlr, preset: untuned, batch_size: 3200}
  lattice:
    optimizers: [adamqlr_untuned]
    parameter: update_amplification
    values: [0.5, 1.0, 2.0]
  profiles:
    smoke: {repetitions: 2, budget: {steps: 20}, subset: {train: 1000}}
    default: {}
    paper: {repetitions: 50}
  """
}
