import Testing
import LensCore
import LensEngine
@testable import LensRunner

/// The `haiku_resnet` model builder: options, the image shape from the data, clear refusals.
@Suite struct HaikuResNetCatalogTests {
  func problem(_ options: [String: HyperValue]) -> Problem {
    Problem(dataset: "cifar-10", split: "adamqlr", splitOptions: [:], model: "haiku_resnet", modelOptions: options,
            loss: "softmax_cross_entropy", subset: [:])
  }

  @Test func buildsHaikuResNet18FromTheDataShape() throws {
    #expect(ProblemCatalog.models.contains { $0.name == "haiku_resnet" && $0.options == ["depth", "width", "init"] })
    let a = try ProblemCatalog.architecture(problem(["depth": .int(18), "width": .double(0.25)]), inputShape: [3, 32, 32], outputs: 10)
    #expect(a == (try Architecture.haikuResNet(depth: 18, widthMultiplier: 0.25, inputShape: [3, 32, 32], classes: 10)))
    let defaults = try ProblemCatalog.architecture(problem([:]), inputShape: [3, 16, 16], outputs: 4)
    #expect(defaults == (try Architecture.haikuResNet(inputShape: [3, 16, 16], classes: 4)))
    #expect(try ProblemCatalog.initializer(problem(["width": .double(0.25)])) == .haikuTruncatedNormal)
  }

  @Test func refusesOtherDepthsAndBadOptions() {
    func message(_ options: [String: HyperValue], shape: [Int] = [3, 32, 32]) -> String? {
      do { _ = try ProblemCatalog.architecture(problem(options), inputShape: shape, outputs: 10); return nil }
      catch let e as LensError { return e.message } catch { return "\(error)" }
    }
    #expect(message(["depth": .int(34)])?.contains("only 18") == true)
    #expect(message(["depth": .double(18.5)])?.contains("depth") == true)
    #expect(message(["width": .double(0)])?.contains("width") == true)
    #expect(message(["width": .string("quarter")])?.contains("width") == true)
    #expect(message([:], shape: [3072])?.contains("[C, H, W]") == true)
  }
}
