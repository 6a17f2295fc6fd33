import Foundation
import Testing
import LensCore
import LensData
@testable import LensRunner

/// SVHN and CIFAR-10 as suite problems: the `augmentation` and profile `dataset` keys (with bad
/// values), the SVHN fixture training end to end, and "data unavailable" for real SVHN.
@Suite struct ImageProblemTests {
  let parser = SuiteParser(vocabulary: ProblemCatalog.vocabulary)

  static let svhnSuite = """
  lens_suite: 1
  id: svhn-check
  paper: adamqlr
  problem:
    dataset: svhn
    split: adamqlr
    model: logreg
    loss: softmax_cross_entropy
  budget: {epochs: 10}
  evaluation: {every: {steps: 5}, splits: [train, validation, test], metrics: [loss, accuracy]}
  repetitions: 2
  optimizers:
    adam: {optimizer: adam, batch_size: 10, lr: 1.0e-3}
  profiles:
    smoke: {dataset: svhn-fixture, budget: {steps: 15}, repetitions: 1}
    default: {}
  """

  static let cifarSuite = """
  lens_suite: 1
  id: cifar-check
  paper: adamqlr
  problem:
    dataset: cifar-10
    split: adamqlr
    model: logreg
    loss: softmax_cross_entropy
    augmentation: {random_crop_padding: 4, horizontal_flip: true}
  budget: {epochs: 1}
  evaluation: {every: {steps: 5}, splits: [train, test], metrics: [loss]}
  repetitions: 1
  optimizers:
    adam: {optimizer: adam, batch_size: 128, lr: 1.0e-3}
  """

  @Test func augmentationKeyIsParsedAndHashed() throws {
    let suite = try parser.parse(text: Self.cifarSuite, file: "c.yaml")
    #expect(suite.problem.augmentation == ImageAugmentation(randomCropPadding: 4, horizontalFlip: true))
    let spec = try Planner().plan(suite, profile: "default")[0]
    #expect(spec.canonicalJSON.contains(#""augmentation":{"horizontal_flip":true,"random_crop_padding":4}"#))
    let plain = try parser.parse(text: Self.cifarSuite.replacingOccurrences(
      of: "  augmentation: {random_crop_padding: 4, horizontal_flip: true}\n", with: ""), file: "c.yaml")
    let plainSpec = try Planner().plan(plain, profile: "default")[0]
    #expect(plain.problem.augmentation == nil && !plainSpec.canonicalJSON.contains("augmentation"))
    #expect(plainSpec.hash != spec.hash)
  }

  /// Each bad value is refused with file:line:column at the value and what was expected.
  @Test(arguments: [
    ("{random_crop_padding: -1, horizontal_flip: true}", "9:39", "integer in 0...16"),
    ("{random_crop_padding: 17}", "9:39", "integer in 0...16"),
    ("{random_crop_padding: four}", "9:39", "expected an integer"),
    ("{random_crop_padding: 2.5}", "9:39", "expected an integer"),
    ("{horizontal_flip: maybe}", "9:35", "expected true or false"),
    ("{random_crop: 4}", "9:18", "unknown key 'random_crop'; expected one of: random_crop_padding"),
    ("{}", "9:17", "at least one of"),
    ("{random_crop_padding: 0, horizontal_flip: false}", "9:17", "changes nothing"),
  ])
  func badAugmentationValues(value: String, location: String, expected: String) {
    let text = Self.cifarSuite.replacingOccurrences(of: "{random_crop_padding: 4, horizontal_flip: true}", with: value)
    do {
      _ = try parser.parse(text: text, file: "c.yaml")
      Issue.record("expected an error for \(value)")
    } catch let e as LensError {
      #expect(e.exitCode == 2)
      #expect(e.message.hasPrefix("c.yaml:\(location)"), "got: \(e.message)")
      #expect(e.message.lowercased().contains(expected.lowercased()), "got: \(e.message)")
    } catch { Issue.record("unexpected \(error)") }
  }

  /// Augmentation on non-image data is refused when the problem is built.
  @Test func augmentationNeedsImages() throws {
    #expect(throws: LensError.self) { try ImageAugmenter(ImageAugmentation(randomCropPadding: 4), exampleShape: [784]) }
  }

  @Test func profileDatasetOverride() throws {
    let suite = try parser.parse(text: Self.svhnSuite, file: "s.yaml")
    let smoke = try Planner().plan(suite, profile: "smoke")
    let real = try Planner().plan(suite, profile: "default")
    #expect(smoke.count == 1 && smoke[0].problem.dataset == "svhn-fixture")
    #expect(real[0].problem.dataset == "svhn")
    #expect(smoke[0].streamRoot != real[0].streamRoot)
    #expect(smoke[0].canonicalJSON.contains(#""dataset":"svhn-fixture""#))
  }

  @Test(arguments: [
    ("dataset: svhn-fixtures", "unknown value 'svhn-fixtures'"),
    ("dataset: iris", "has no split recipe 'adamqlr'"),
    ("dataset: [svhn]", "expected a string"),
  ])
  func badProfileDataset(value: String, expected: String) {
    let text = Self.svhnSuite.replacingOccurrences(of: "dataset: svhn-fixture", with: value)
    do {
      _ = try parser.parse(text: text, file: "s.yaml")
      Issue.record("expected an error for \(value)")
    } catch let e as LensError {
      #expect(e.message.hasPrefix("s.yaml:15:"), "got: \(e.message)")
      #expect(e.message.contains(expected), "got: \(e.message)")
    } catch { Issue.record("unexpected \(error)") }
  }

  static func emptyStore() -> DataStore {
    DataStore(roots: [NSTemporaryDirectory() + "/lens-no-data-\(UUID().uuidString)"], requester: "the test")
  }

  /// Without the real files: the default profile's problem is "data unavailable" (exit code 4)
  /// with how to supply the files; the smoke profile's fixture is available.
  @Test func realSVHNAbsentIsDataUnavailable() throws {
    let suite = try parser.parse(text: Self.svhnSuite, file: "s.yaml")
    let store = Self.emptyStore()
    let real = try Planner().resolve(suite, profile: "default").problem
    guard case .unavailable(let name, let missing, let message) = ProblemCatalog.availability(real, store: store) else {
      Issue.record("expected unavailable"); return
    }
    #expect(name == "svhn" && missing == [SVHNPaths.train, SVHNPaths.test])
    #expect(message.hasPrefix("data unavailable: svhn (svhn/train_32x32.mat, svhn/test_32x32.mat not found in "))
    #expect(message.contains("lens data fetch svhn") && message.contains("LENS_DATA_MIRROR"))
    #expect(message.contains(store.roots[0]))
    // The report's form names the folders by their variables, never this machine's paths.
    guard case .unavailable(_, _, let portable) = ProblemCatalog.availability(real, store: store, portable: true) else {
      Issue.record("expected unavailable"); return
    }
    #expect(!portable.contains(store.roots[0]))
    #expect(portable.hasPrefix("data unavailable: svhn (svhn/train_32x32.mat, svhn/test_32x32.mat not found in LENS_DATA_DIR or LENS_DATA_MIRROR; "))
    do {
      _ = try ProblemCatalog.trainer(for: real) { store }
      Issue.record("expected an error")
    } catch let e as LensError {
      #expect(e.exitCode == 4 && e.message == message)
    }
    let smoke = try Planner().resolve(suite, profile: "smoke").problem
    #expect(ProblemCatalog.availability(smoke, store: store) == .available)
    #expect(ProblemCatalog.availability(try parser.parse(text: Self.cifarSuite, file: "c.yaml").problem, store: store)
      != .available)
  }

  /// The smoke profile trains logistic regression on the committed fixture (read through the
  /// real MAT reader): 50 / 10 / 20 examples, the log header names the test variant, and the
  /// training loss falls.
  @Test func svhnFixtureTrainsLogisticRegression() throws {
    let suite = try parser.parse(text: Self.svhnSuite, file: "s.yaml")
    let resolved = try Planner().resolve(suite, profile: "smoke")
    #expect(ProblemCatalog.splitSizes(resolved.problem, store: Self.emptyStore())?.map(\.1) == [50, 10, 20])
    let trainer = try ProblemCatalog.trainer(for: resolved.problem) { Self.emptyStore() }
    let spec = try Planner().plan(suite, profile: "smoke")[0]
    let lines = try trainer.run(spec)
    let record = try RunRecord(lines: lines, name: "log")
    #expect(record.status == "finished" && record.steps.count == 15)
    #expect(record.data == "test: official 20 images")
    let first = record.evaluations.first!.value("train_loss")!, last = record.evaluations.last!.value("train_loss")!
    #expect(last < 0.8 * first, "train loss \(first) → \(last)")
    #expect(record.evaluations.last!.value("validation_accuracy") != nil)
  }
}

extension ImageProblemTests {
  /// The image recipes are fixed: split options are refused when the problem is built.
  @Test func imageRecipesTakeNoSplitOptions() throws {
    let text = Self.svhnSuite.replacingOccurrences(of: "split: adamqlr", with: "split: {recipe: adamqlr, validation_fraction: 0.2}")
    let suite = try parser.parse(text: text, file: "s.yaml")
    let problem = try Planner().resolve(suite, profile: "smoke").problem
    do {
      _ = try ProblemCatalog.make(problem, store: Self.emptyStore())
      Issue.record("expected an error")
    } catch let e as LensError {
      #expect(e.exitCode == 2 && e.message.contains("takes no split options; got: validation_fraction"), "got: \(e.message)")
    }
  }
}
