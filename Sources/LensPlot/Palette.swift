/// The colour and display name of every optimizer, the same in every figure.
///
/// Canonical names map to fixed colours (a colour-blind-friendly set after Okabe & Ito and
/// Tableau). Any other name gets a colour from `fallback` chosen by the FNV-1a hash of its
/// UTF-8 bytes — stable across processes and machines, unlike Swift's seeded `Hasher`.
public enum OptimizerPalette {
  /// Canonical optimizer names and their colours, in a fixed order.
  public static let assigned: [(name: String, color: RGBColor)] = [
    ("sgd", RGBColor(hex: 0x7F7F7F)),
    ("sgd_minimal", RGBColor(hex: 0x333333)),
    ("sgd_full", RGBColor(hex: 0x8C564B)),
    ("adam", RGBColor(hex: 0x1F77B4)),
    ("adamw", RGBColor(hex: 0x17BECF)),
    ("kfac", RGBColor(hex: 0x2CA02C)),
    ("adamqlr_tuned", RGBColor(hex: 0xD62728)),
    ("adamqlr_untuned", RGBColor(hex: 0xFF7F0E)),
    ("adamqlr_undamped", RGBColor(hex: 0xE377C2)),
    ("adamqlr_tuned_hessian", RGBColor(hex: 0xB8860B)),
    ("adafisher", RGBColor(hex: 0x9467BD)),
    ("adafisherw", RGBColor(hex: 0x6A3D9A)),
    ("adahessian", RGBColor(hex: 0xBCBD22)),
    ("shampoo", RGBColor(hex: 0x8C6D31)),
    ("lanczosopt", RGBColor(hex: 0x393B79)),
    ("kfac_asdl", RGBColor(hex: 0x98DF8A)),
    ("adam_learned_damping", RGBColor(hex: 0x008080)),
  ]

  /// Colours for names not listed in `assigned`.
  public static let fallback: [RGBColor] = [
    RGBColor(hex: 0x4E79A7), RGBColor(hex: 0xF28E2B), RGBColor(hex: 0xE15759), RGBColor(hex: 0x76B7B2),
    RGBColor(hex: 0x59A14F), RGBColor(hex: 0xEDC948), RGBColor(hex: 0xB07AA1), RGBColor(hex: 0xFF9DA7),
    RGBColor(hex: 0x9C755F), RGBColor(hex: 0x3B3B3B),
  ]

  /// Display names for legends.
  public static let displayNames: [(name: String, label: String)] = [
    ("sgd", "SGD"), ("sgd_minimal", "SGD Minimal"), ("sgd_full", "SGD Full"), ("adam", "Adam"), ("adamw", "AdamW"), ("kfac", "K-FAC"),
    ("adamqlr_tuned", "AdamQLR (Tuned)"), ("adamqlr_untuned", "AdamQLR (Untuned)"),
    ("adamqlr_undamped", "AdamQLR (Undamped)"), ("adamqlr_tuned_hessian", "AdamQLR (Hessian)"), ("adafisher", "AdaFisher"), ("adafisherw", "AdaFisherW"),
    ("adahessian", "AdaHessian"), ("shampoo", "Shampoo"), ("lanczosopt", "LanczosOpt"),
    ("kfac_asdl", "K-FAC (ASDL)"), ("adam_learned_damping", "Adam (learned damping)"),
  ]

  /// The canonical form of a name: lower case, with '-' and ' ' as '_'.
  public static func canonical(_ name: String) -> String {
    String(name.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
  }

  /// The optimizer's colour.
  public static func color(for name: String) -> RGBColor {
    let c = canonical(name)
    if let hit = assigned.first(where: { $0.name == c }) { return hit.color }
    return fallback[Int(fnv1a(c) % UInt64(fallback.count))]
  }

  /// The optimizer's legend label (the name itself when it is not canonical).
  public static func label(for name: String) -> String {
    let c = canonical(name)
    return displayNames.first(where: { $0.name == c })?.label ?? name
  }

  /// 64-bit FNV-1a of the UTF-8 bytes.
  public static func fnv1a(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
  }
}
