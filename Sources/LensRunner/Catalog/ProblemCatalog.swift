import LensCore
import LensData
import LensEngine
import LensOptimizers

/// The problems a suite can name: dataset split recipes, model builders and losses, and how
/// they become a `TrainingProblem`.
///
/// Dataset recipes (each the preprocessing of the paper that used it):
/// - `uci-energy`, `uci-protein` / `adamqlr`: AdamQLR's fixed permutation split (or a seeded
///   permutation of the same sizes when the authors' file is absent), standardised features
///   and targets.
/// - `fashion-mnist` / `adamqlr`: first 50 000 training images train, last 10 000 validation,
///   official test; per-pixel standardisation.
/// - `mnist` / `granziol`: Granziol's seeded 1 000-image training subset (option `size`),
///   official test set, (x/255 − 0.1307)/0.3081.
/// - `iris` / `adafisher`: AdaFisher's PCA-2 + standardisation pipeline; all 150 samples train.
/// - `cifar-10` / `adamqlr` (LensData `AdamQLRImages`, from the authors' `datasets.py` and
///   `configs/cifar-10_*.yaml`): training-file rows 0..<45 000 train, 45 000..<50 000
///   validation (the last 10 %), the official 10 000 test images; per-channel standardisation
///   with the 50 000 training-file images' mean and population std. Without the complete
///   official test file (the reference mirror has only its first 1 000 images) training-file rows
///   40 000..<45 000 are the test split instead and training keeps rows 0..<40 000; the run log
///   header's `"data"` says which variant ran. The authors augment CIFAR-10 training batches:
///   suites add `augmentation: {random_crop_padding: 4, horizontal_flip: true}`.
/// - `svhn` / `adamqlr` (same source, `configs/svhn.yaml`): `train_32x32.mat` rows 0..<61 047
///   train, 61 047..<73 257 validation (p = 0.1666666667), the official 26 032 test images;
///   `extra` unused; per-channel standardisation over the 73 257 training-file images; no
///   augmentation.
/// - `svhn-fixture` / `adamqlr`: the same recipe on the committed SVHN-format fixture
///   (LensData `SVHNFixture`, 60 + 20 generated digit images: 50 train, 10 validation, 20 test),
///   for CI smoke profiles (`profiles: {smoke: {dataset: svhn-fixture}}`).
///
/// Subset caps (`problem.subset`) keep the first n examples of a split, in the recipe's order.
///
/// Models: `mlp` (options `hidden`: widths, `activation`: relu | tanh, `init`: haiku | pytorch),
/// `logreg` (option `init`) and `haiku_resnet` (Haiku's ResNet v1, `Architecture.haikuResNet`:
/// option `depth`, 18 only, default 18; `width`, the channel multiplier, default 1; `init`);
/// input shape and output width come from the data (`haiku_resnet` needs channel-major
/// `[C, H, W]` images, as the CIFAR and SVHN loaders give).
public enum ProblemCatalog {
  public static let datasets: [(name: String, splits: [String])] = [
    ("uci-energy", ["adamqlr"]), ("uci-protein", ["adamqlr"]), ("fashion-mnist", ["adamqlr"]),
    ("mnist", ["granziol"]), ("iris", ["adafisher"]),
    ("cifar-10", ["adamqlr"]), ("svhn", ["adamqlr"]), ("svhn-fixture", ["adamqlr"]),
  ]
  public static let models: [(name: String, options: [String])] = [
    ("mlp", ["hidden", "activation", "init"]), ("logreg", ["init"]),
    ("haiku_resnet", ["depth", "width", "init"]),
  ]
  public static let losses = ["softmax_cross_entropy", "mse_half"]

  /// The vocabulary suite files are validated against.
  public static var vocabulary: SuiteVocabulary {
    SuiteVocabulary(
      datasets: datasets, models: models, losses: losses,
      optimizers: OptimizerRegistry.entries.map { entry in
        let presets = entry.validKeys.contains("preset") ? AdamQLRConfiguration.Preset.allCases.map(\.rawValue) : []
        return (name: entry.name, schema: .init(keys: entry.validKeys.filter { $0 != "preset" }, presets: presets))
      },
      objectives: objectives)
  }

  /// Loads the data and builds the model of `problem` (as resolved for a profile).
  public static func make(_ problem: Problem, store: DataStore) throws -> TrainingProblem {
    let data = try load(problem, store: store)
    func capped(_ split: DataSplit?, _ name: String) -> DataSplit? {
      guard let split else { return nil }
      guard let n = problem.subset[name], n < split.count else { return split }
      return split.rows(0..<n)
    }
    guard let train = capped(data.train, "train") else { throw LensError.data("\(problem.dataset): no training split") }
    var splits: [String: DataSplit] = ["train": train]
    if let v = capped(data.validation, "validation") { splits["validation"] = v }
    if let t = capped(data.test, "test") { splits["test"] = t }

    let outputs: Int
    let lossKind: LossKind
    switch (problem.loss, train.targets) {
    case ("softmax_cross_entropy", .classes(_, let k)): outputs = k; lossKind = .softmaxCrossEntropy(classes: k)
    case ("mse_half", .values(_, let w)): outputs = w; lossKind = .meanSquaredHalf(outputs: w)
    default:
      throw LensError.badInput("\(problem.dataset): loss '\(problem.loss)' does not fit this dataset's targets")
    }
    let architecture = try self.architecture(problem, inputShape: train.exampleShape, outputs: outputs)
    let initializer = try self.initializer(problem)
    return TrainingProblem(
      makeNetwork: { try Network<Float>(architecture) },
      loss: LossFunction(rawValue: problem.loss)!, lossKind: lossKind,
      train: train, splits: splits,
      initialize: { network, g in network.initialParameters(initializer, using: &g) },
      augmenter: try problem.augmentation.map { try ImageAugmenter($0, exampleShape: train.exampleShape) },
      dataNote: data.variant)
  }

  static func load(_ problem: Problem, store: DataStore) throws -> LoadedDataset {
    switch (problem.dataset, problem.split) {
    case ("uci-energy", "adamqlr"): return try store.loadAdamQLRUCI(.energy).dataset
    case ("uci-protein", "adamqlr"): return try store.loadAdamQLRUCI(.protein).dataset
    case ("fashion-mnist", "adamqlr"): return try store.loadAdamQLRFashionMNIST()
    case ("mnist", "granziol"):
      let size = problem.splitOptions["size"]?.number.map(Int.init) ?? 1000
      return try store.loadGranziolMNISTSubset(size: size)
    case ("iris", "adafisher"): return try store.loadAdaFisherIris()
    case ("cifar-10", "adamqlr"): try noSplitOptions(problem); return try store.loadAdamQLRCIFAR10().loadedDataset
    case ("svhn", "adamqlr"): try noSplitOptions(problem); return try store.loadAdamQLRSVHN().loadedDataset
    case ("svhn-fixture", "adamqlr"):
      try noSplitOptions(problem)
      return try FixtureData.store(requester: store.requester).loadAdamQLRSVHN(dataset: "svhn-fixture").loadedDataset
    default:
      throw LensError.badInput("dataset '\(problem.dataset)' has no split recipe '\(problem.split)'")
    }
  }

  static func architecture(_ problem: Problem, inputShape: [Int], outputs: Int) throws -> Architecture {
    let inputs = inputShape.reduce(1, *)
    switch problem.model {
    case "mlp":
      var hidden: [Int] = []
      if case .numbers(let xs)? = problem.modelOptions["hidden"] { hidden = xs.map { Int($0) } }
      let activation: Activation
      switch problem.modelOptions["activation"] {
      case nil, .string("relu")?: activation = .relu
      case .string("tanh")?: activation = .tanh
      case let other?: throw LensError.badInput("model option activation: \(other) is not relu or tanh")
      }
      return .mlp(input: inputs, hidden: hidden, output: outputs, activation: activation)
    case "logreg":
      return .logisticRegression(inputs: inputs, classes: outputs)
    case "haiku_resnet":
      func integer(_ key: String, default d: Int) throws -> Int {
        guard let v = problem.modelOptions[key] else { return d }
        guard let x = v.number, x == x.rounded(), x >= 1 else {
          throw LensError.badInput("model option \(key): \(v) is not a positive integer")
        }
        return Int(x)
      }
      let depth = try integer("depth", default: 18)
      guard depth == 18 else {
        throw LensError.badInput("model option depth: \(depth) is not available for haiku_resnet (only 18, Haiku's ResNet18)")
      }
      var width = 1.0
      if let v = problem.modelOptions["width"] {
        guard let x = v.number, x.isFinite, x > 0 else {
          throw LensError.badInput("model option width: \(v) is not a positive number (the channel multiplier, e.g. 0.25)")
        }
        width = x
      }
      guard inputShape.count == 3 else {
        throw LensError.badInput("model haiku_resnet needs [C, H, W] images, but \(problem.dataset) gives examples of shape \(inputShape)")
      }
      return try .haikuResNet(depth: depth, widthMultiplier: width, inputShape: inputShape, classes: outputs)
    default:
      throw LensError.badInput("unknown model builder '\(problem.model)'")
    }
  }

  static func initializer(_ problem: Problem) throws -> Initializer {
    switch problem.modelOptions["init"] {
    case nil, .string("haiku")?: return .haikuTruncatedNormal
    case .string("pytorch")?: return .pytorchDefault
    case let other?: throw LensError.badInput("model option init: \(other) is not haiku or pytorch")
    }
  }
}
