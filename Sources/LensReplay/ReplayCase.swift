import Foundation
import LensCore
import LensOptimizers

/// One `optimizer-replay/1` golden case (../shared/golden/FORMAT.md), read strictly: unknown
/// top-level keys, layer types, losses and dtypes are refused with a clear message.
public struct ReplayCase: Sendable {
  public struct TensorData: Sendable, Hashable {
    public var shape: [Int]
    public var data: [Double]
  }
  public struct Layer: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable { case linear, relu, tanh, sigmoid, identity }
    public var kind: Kind
    public var out: Int?
    public var bias: Bool
  }
  public struct Model: Sendable, Hashable {
    public enum Loss: String, Sendable, CaseIterable {
      case softmaxCrossEntropy = "softmax_cross_entropy", mseHalf = "mse_half", rosenbrockQuarter = "rosenbrock_quarter"
    }
    public var input: Int
    public var layers: [Layer]
    public var loss: Loss
    /// The width of the last linear layer (0 for Rosenbrock).
    public var outputs: Int { layers.last { $0.kind == .linear }?.out ?? 0 }
  }
  public struct Batch: Sendable, Hashable {
    public var x: TensorData
    public var y: TensorData
  }
  public enum DType: String, Sendable { case float32, float64 }

  public var name: String
  public var provenance: String
  public var dtype: DType
  public var model: Model
  /// Initial parameters in file order.
  public var params: [(name: String, tensor: TensorData)]
  public var batches: [Batch]
  public var varianceBatches: [Batch]
  /// The optimizer options (without "name"), or nil for an estimate case.
  public var optimizerName: String?
  public var optimizerOptions: [String: JSONValue]
  public var estimateName: String?
  public var rademacher: [[Double]]
  public var gaussian: [[Double]]
  public var sampledLabels: [[Int]]
  public var steps: Int
  public var expectLoss: [Double]
  public var expectParams: [(name: String, data: [Double])]
  public var expectTrace: [(name: String, data: [Double])]
  public var expectEstimate: [(name: String, value: Double)]
  public var rtol: Double
  public var atol: Double

  public var lossKind: LossKind {
    switch model.loss {
    case .softmaxCrossEntropy: return .softmaxCrossEntropy(classes: model.outputs)
    case .mseHalf: return .meanSquaredHalf(outputs: model.outputs)
    case .rosenbrockQuarter: return .deterministic
    }
  }

  public static func load(path: String) throws -> ReplayCase {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LensError.data("replay: cannot read \(path)")
    }
    do {
      return try parse(String(decoding: data, as: UTF8.self))
    } catch let e as LensError {
      throw LensError(e.kind, "\((path as NSString).lastPathComponent): \(e.message)")
    }
  }

  static func bad(_ m: String) -> LensError { LensError.badInput(m) }

  public static func parse(_ text: String) throws -> ReplayCase {
    let root = try OrderedJSON.parse(text)
    let known = ["format", "name", "provenance", "dtype", "model", "params", "batches", "variance_batches", "optimizer",
                 "estimate", "noise", "steps", "expect", "tolerance"]
    let unknown = root.keys.filter { !known.contains($0) }
    if !unknown.isEmpty { throw bad("unknown case key(s) \(unknown.joined(separator: ", ")); known: \(known.joined(separator: ", "))") }
    guard root["format"]?.string == "optimizer-replay/1" else {
      throw bad("format must be \"optimizer-replay/1\", got \(root["format"]?.plain.description ?? "nothing")")
    }
    let name = root["name"]?.string ?? "(unnamed)"
    guard let dt = root["dtype"]?.string, let dtype = DType(rawValue: dt) else {
      throw bad("dtype must be float32 or float64, got \(root["dtype"]?.plain.description ?? "nothing")")
    }
    guard let m = root["model"] else { throw bad("missing model") }
    let model = try parseModel(m)
    guard let pm = root["params"]?.members else { throw bad("missing params") }
    let params = try pm.map { ($0.0, try tensor($0.1, "params.\($0.0)")) }
    let batches = try (root["batches"]?.array ?? []).enumerated().map { try batch($0.element, "batches[\($0.offset)]") }
    let vb = try (root["variance_batches"]?.array ?? []).enumerated().map { try batch($0.element, "variance_batches[\($0.offset)]") }

    var optName: String?, options: [String: JSONValue] = [:], estName: String?
    if let o = root["optimizer"] {
      guard let members = o.members, let n = o["name"]?.string else { throw bad("optimizer must be an object with a name") }
      optName = n
      for (k, v) in members where k != "name" { options[k] = v.plain }
    } else if let e = root["estimate"] {
      guard let n = e["name"]?.string else { throw bad("estimate must have a name") }
      let extra = e.keys.filter { $0 != "name" }
      if !extra.isEmpty { throw bad("estimate '\(n)': unknown key(s) \(extra.joined(separator: ", "))") }
      estName = n
    } else {
      throw bad("a case needs an optimizer or an estimate")
    }

    var rad: [[Double]] = [], gau: [[Double]] = [], lab: [[Int]] = []
    if let noise = root["noise"] {
      for (k, v) in noise.members ?? [] {
        let rows = try (v.array ?? []).map { try numbers($0, "noise.\(k)") }
        switch k {
        case "rademacher": rad = rows
        case "gaussian": gau = rows
        case "sampled_labels": lab = rows.map { $0.map { Int($0) } }
        default: throw bad("unknown noise kind '\(k)'; known: rademacher, gaussian, sampled_labels")
        }
      }
    }
    let steps = Int(root["steps"]?.double ?? 0)
    guard let ex = root["expect"] else { throw bad("missing expect") }
    var eLoss: [Double] = [], eParams: [(String, [Double])] = [], eTrace: [(String, [Double])] = [], eEst: [(String, Double)] = []
    for (k, v) in ex.members ?? [] {
      switch (k, estName) {
      case ("loss", nil): eLoss = try numbers(v, "expect.loss")
      case ("params", nil): eParams = try (v.members ?? []).map { ($0.0, try numbers($0.1, "expect.params.\($0.0)")) }
      case ("trace", nil):
        eTrace = try (v.members ?? []).map { ($0.0, try numbers($0.1, "expect.trace.\($0.0)")) }
        for (t, _) in eTrace where !["lr", "damping", "momentum"].contains(t) {
          throw bad("unknown trace entry '\(t)'; known: lr, damping, momentum")
        }
      case (_, .some):
        guard let d = v.double else { throw bad("expect.\(k) must be a number") }
        eEst.append((k, d))
      default: throw bad("unknown expect key '\(k)'")
      }
    }
    guard let tol = root["tolerance"], let rtol = tol["rtol"]?.double else { throw bad("missing tolerance.rtol") }
    return ReplayCase(name: name, provenance: root["provenance"]?.string ?? "", dtype: dtype, model: model,
                      params: params, batches: batches, varianceBatches: vb, optimizerName: optName,
                      optimizerOptions: options, estimateName: estName, rademacher: rad, gaussian: gau,
                      sampledLabels: lab, steps: steps, expectLoss: eLoss, expectParams: eParams,
                      expectTrace: eTrace, expectEstimate: eEst, rtol: rtol, atol: tol["atol"]?.double ?? 0)
  }

  static func numbers(_ v: OrderedJSON, _ what: String) throws -> [Double] {
    guard let a = v.array else { throw bad("\(what) must be an array of numbers") }
    return try a.map { x in
      guard let d = x.double else { throw bad("\(what) must contain numbers only") }
      return d
    }
  }

  static func tensor(_ v: OrderedJSON, _ what: String) throws -> TensorData {
    guard let s = v["shape"], let d = v["data"] else { throw bad("\(what) needs shape and data") }
    let shape = try numbers(s, "\(what).shape").map { Int($0) }
    let data = try numbers(d, "\(what).data")
    guard shape.reduce(1, *) == data.count else { throw bad("\(what): shape \(shape) does not match \(data.count) values") }
    return TensorData(shape: shape, data: data)
  }

  static func batch(_ v: OrderedJSON, _ what: String) throws -> Batch {
    guard let x = v["x"], let y = v["y"] else { throw bad("\(what) needs x and y") }
    return Batch(x: try tensor(x, "\(what).x"), y: try tensor(y, "\(what).y"))
  }

  static func parseModel(_ m: OrderedJSON) throws -> Model {
    let extraModel = m.keys.filter { !["input", "layers", "loss"].contains($0) }
    if !extraModel.isEmpty { throw bad("model: unknown key(s) \(extraModel.joined(separator: ", ")); known: input, layers, loss") }
    guard let l = m["loss"]?.string, let loss = Model.Loss(rawValue: l) else {
      throw bad("unknown loss \(m["loss"]?.plain.description ?? "nothing"); known: \(Model.Loss.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    var layers: [Layer] = []
    for (i, lj) in (m["layers"]?.array ?? []).enumerated() {
      guard let t = lj["type"]?.string, let kind = Layer.Kind(rawValue: t) else {
        throw bad("layer \(i): unknown layer type \(lj["type"]?.plain.description ?? "nothing"); known: \(Layer.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      let extra = lj.keys.filter { !["type", "out", "bias"].contains($0) }
      if !extra.isEmpty { throw bad("layer \(i) (\(t)): unknown key(s) \(extra.joined(separator: ", "))") }
      if kind == .linear, lj["out"]?.double == nil { throw bad("layer \(i): linear needs out") }
      layers.append(Layer(kind: kind, out: lj["out"]?.double.map { Int($0) }, bias: lj["bias"]?.bool ?? true))
    }
    return Model(input: Int(m["input"]?.double ?? 0), layers: layers, loss: loss)
  }
}
