import ArgumentParser
import LensEngine

/// `lens info`: what this machine and build are, as recorded in every run's provenance.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Print the machine and build provenance Lens records with each run.")

  func run() throws {
    let p = Provenance.current()
    for (key, value) in p.fields { print("\(key): \(value)") }
  }
}
