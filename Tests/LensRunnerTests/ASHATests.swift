import Foundation
import Testing
import LensCore
@testable import LensRunner

@Suite struct ASHATests {
  /// NumPy percentile reference values: np.percentile([1,2,3,4], 75) = 3.25, ([5], 75) = 5.
  @Test func percentileMatchesNumPy() {
    #expect(ASHA.percentile([4, 1, 3, 2], 75) == 3.25)
    #expect(ASHA.percentile([5], 75) == 5)
    #expect(ASHA.percentile([1, 2], 50) == 1.5)
  }

  @Test func rungsFollowGraceAndReductionFactor() {
    let a = ASHA(grace: 1, reductionFactor: 4, maxBudget: 900, minimise: true)
    #expect(a.rungs == [1, 4, 16, 64, 256])
  }

  @Test func searchSpaceIsSeededAndInBounds() {
    let space = SearchSpace(suite: "s", label: "adam", dimensions: [
      ("lr", .logUniform(1e-6, 1)), ("momentum", .oneMinusLogUniform(1e-4, 0.3)),
      ("batch_size", .choice([.int(50), .int(100)])),
    ])
    for i in 0..<200 {
      let c = space.configuration(i)
      #expect(c.map(\.1) == space.configuration(i).map(\.1))
      let lr = c[0].1.number!, m = c[1].1.number!
      #expect(lr >= 1e-6 && lr <= 1)
      #expect(m >= 0.7 && m <= 1 - 1e-4)
    }
    #expect(space.configuration(0).map(\.1) != space.configuration(1).map(\.1))
  }

  /// A toy tuning problem: metric(x, b) = (log10 x + 2)² + 1/b, minimised at x = 1e-2.
  /// ASHA finds x within a factor 3 of the optimum, stops most trials early, and gives the
  /// same answer on 1 and 2 workers.
  @Test func tunesAToySpaceDeterministically() {
    func tune(jobs: Int) -> TuningResult {
      let space = SearchSpace(suite: "toy", label: "x", dimensions: [("x", .logUniform(1e-5, 1))])
      let tuner = Tuner(space: space, samples: 60, asha: ASHA(grace: 1, reductionFactor: 3, maxBudget: 27, minimise: true), jobs: jobs)
      return tuner.run { config, _, report in
        let x = config[0].1.number!
        var b = 0.0
        var m = Double.nan
        while b < 27 {
          b += 1
          m = pow(log10(x) + 2, 2) + 1 / b
          if !report(b, m) { break }
        }
        return (b, m)
      }
    }
    let one = tune(jobs: 1), two = tune(jobs: 2)
    #expect(one.best != nil)
    #expect(one.best == two.best)
    #expect(one.trials.map(\.stoppedEarly) == two.trials.map(\.stoppedEarly))
    let best = one.trials[one.best!].configuration[0].1.number!
    #expect(abs(log10(best) + 2) < log10(3.0))
    #expect(one.trials.filter(\.stoppedEarly).count > 30)
  }

  @Test func divergedTrialsNeverWin() {
    let space = SearchSpace(suite: "toy", label: "d", dimensions: [("x", .uniform(0, 1))])
    let tuner = Tuner(space: space, samples: 10, asha: ASHA(grace: 1, reductionFactor: 2, maxBudget: 4, minimise: true), jobs: 1)
    let result = tuner.run { config, index, report in
      let m = index == 3 ? Double.nan : config[0].1.number!
      for b in 1...4 { if !report(Double(b), m) { return (Double(b), m) } }
      return (4, m)
    }
    #expect(result.best != 3)
    #expect(result.trials[3].stoppedEarly)
  }
}
