import Foundation
import Testing
import LensCore
import LensPlot

/// Writes the example figures to a temporary folder and checks them.
@Suite struct ExampleFigureTests {
  static let folder: String = {
    let dir = NSTemporaryDirectory() + "lens-plot-tests-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }()

  @Test func lossFigure() throws {
    let paths = try ExampleFigures.lossFigure().write(to: Self.folder + "/loss")
    print("wrote \(paths.png)")
    #expect(FileManager.default.fileExists(atPath: paths.svg))
  }

  @Test func contourFigure() throws {
    let paths = try ExampleFigures.contourFigure().write(to: Self.folder + "/rosenbrock")
    print("wrote \(paths.png)")
  }

  @Test func heatmapFigure() throws {
    let paths = try ExampleFigures.heatmapFigure().write(to: Self.folder + "/heatmap")
    print("wrote \(paths.png)")
  }
}
