import Foundation
import LensCore
@testable import LensReport
import LensRunner

/// Synthetic run logs and a small suite, so report code and claim checks can be tested on
/// curves whose shape is known exactly.
enum Synthetic {
  static let vocabulary = SuiteVocabulary(
    datasets: [(name: "uci-energy", splits: ["adamqlr"])],
    models: [(name: "mlp", options: ["hidden", "activation", "init"])],
    losses: ["mse_half", "softmax_cross_entropy"],
    optimizers: [(name: "sgd", schema: .init(keys: ["lr"])), (name: "adam", schema: .init(keys: ["lr"])),
                 (name: "kfac", schema: .init(keys: ["initial_damping"])),
                 (name: "adamqlr", schema: .init(keys: ["lr_clip", "initial_damping"], presets: ["untuned"]))])

  static func suite(figures: String = "[loss_vs_epoch, loss_vs_time, accuracy, learning_rate]") throws -> Suite {
    try SuiteParser(vocabulary: vocabulary).parse(text: """
    lens_suite: 1
    id: synthetic
    paper: adamqlr
    figures: \(figures)
    problem: {dataset: uci-energy, split: adamqlr, model: {builder: mlp, hidden: [4]}, loss: mse_half}
    budget: {epochs: 10}
    evaluation: {every: {epochs: 1}, splits: [train, test], metrics: [loss, accuracy]}
    repetitions: 2
    optimizers:
      sgd_minimal: {optimizer: sgd, batch_size: 10, lr: 0.05}
      adam: {optimizer: adam, batch_size: 10, lr: 0.01}
      kfac: {optimizer: kfac, batch_size: 10}
      adamqlr_tuned: {optimizer: adamqlr, batch_size: 10}
    """, file: "synthetic.yaml")
  }

  /// One run of `steps` steps at 10 steps per epoch, one step per `dt` seconds: per-step
  /// learning rate `lr(t)` and damping `damping(t)` (nil: not recorded), and an evaluation
  /// every epoch with train/test loss `loss(epoch)` and accuracy 1 − loss/2.
  static func record(_ variant: String, steps: Int = 100, dt: Double = 0.01, repetition: Int = 0,
                     lr: (Int) -> Double?, damping: (Int) -> Double? = { _ in nil },
                     loss: (Double) -> Double = { 1 / (1 + $0) }) throws -> RunRecord {
    var lines = [#"{"type":"run","hash":"h\#(variant)\#(repetition)","suite":"synthetic","variant":"\#(variant)","optimizer":"x","repetition":\#(repetition),"spec":{}}"#]
    func eval(_ step: Int) {
      let e = Double(step) / 10, l = loss(e)
      lines.append(#"{"type":"eval","step":\#(step),"epoch":\#(e),"time":\#(Double(step) * dt),"train_loss":\#(l),"test_loss":\#(l * 1.1),"train_accuracy":\#(1 - l / 2),"test_accuracy":\#(1 - l / 1.8)}"#)
    }
    eval(0)
    for t in 0..<steps {
      var s = #"{"type":"step","step":\#(t),"loss":1,"time":\#(Double(t + 1) * dt)"#
      if let v = lr(t) { s += #","lr":\#(v)"# }
      if let v = damping(t) { s += #","damping":\#(v)"# }
      lines.append(s + "}")
      if (t + 1) % 10 == 0 { eval(t + 1) }
    }
    lines.append(#"{"type":"end","status":"finished","steps":\#(steps),"time":\#(Double(steps) * dt),"work":{"forward":\#(steps),"backward":\#(steps),"jvp":0,"ggn_product":0,"hvp":0,"factor_inversions":0,"examples":\#(steps * 10)},"notes":[]}"#)
    return try RunRecord(lines: lines, name: "synthetic-\(variant)")
  }

  /// Two runs per variant with the given learning-rate schedules (the second run's rates 10 % higher).
  static func results(_ schedules: [(String, (Int) -> Double?)], damping: [String: (Int) -> Double] = [:],
                      loss: [String: (Double) -> Double] = [:], dt: [String: Double] = [:]) throws -> SuiteResults {
    let variants = try schedules.map { name, lr in
      (name: name, records: try (0..<2).map { rep in
        try record(name, dt: dt[name] ?? 0.01, repetition: rep, lr: { lr($0).map { $0 * (rep == 0 ? 1 : 1.1) } },
                   damping: { damping[name]?($0) }, loss: loss[name] ?? { 1 / (1 + $0) })
      })
    }
    return try SuiteResults(suite: try suite(), profile: "default", variants: variants)
  }

  static func claim(_ check: Claim.Check) -> Claim { Claim(id: "T", suite: "synthetic", text: "t", check: check) }
}
