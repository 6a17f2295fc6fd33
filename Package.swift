// swift-tools-version:6.0
//
// Lens — a reproducibility benchmark suite for three optimisation papers.
//
// Data flow, one module per stage:
//   LensData (datasets, checksums, loaders)
//     → LensEngine (tensors on BLAS, layers, models, every derivative)
//     → LensOptimizers (the papers' optimizers, faithful to the authors' code)
//     → LensReplay (golden replay cases from the authors' implementations)
//     → LensRunner (declarative suites, planning, parallel runs, results store, tuning)
//     → LensStatistics (aligned curves, bootstrap bands, summaries)
//     → LensPlot (Cairo figures: PNG and SVG)
//     → LensReport (committed summaries, result diffs, figures and reports per paper)
//     → lens (the command-line tool)
// LensCore holds what every stage shares: seeded randomness, hashing, errors, work counters,
// and JSON (the canonical writer and the one reader, for run logs and golden cases).
import PackageDescription

let optimized: [SwiftSetting] = [
  .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
]

// The engine's element-wise kernels (activations, softmax, bias, optimizer vector updates) are
// plain loops that LLVM vectorises. On x86-64 the engine and the optimizers are compiled for
// AVX2 + FMA (x86-64-v3, LLVM's "haswell"; every x86 server since 2015) instead of the SSE2
// baseline: twice the vector width, and selects instead of per-lane branches (relu's
// second-order backward: 4.8 % of an AdaHessian step before). Results are unchanged: Swift never
// contracts a·b + c into an FMA nor reorders floating-point sums on its own.
#if arch(x86_64)
let vectorized: [SwiftSetting] = optimized + [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorized: [SwiftSetting] = optimized
#endif

let package = Package(
  name: "Lens",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "lens", targets: ["LensCLI"]),
    .library(name: "Lens", targets: ["LensCore", "LensData", "LensEngine", "LensOptimizers", "LensReplay",
                                     "LensRunner", "LensStatistics", "LensPlot", "LensReport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
  ],
  targets: [
    // System libraries (Debian: libopenblas-dev, libcairo2-dev, libzstd-dev, zlib1g-dev).
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                   providers: [.apt(["libcairo2-dev"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd",
                   providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                   providers: [.apt(["zlib1g-dev"])]),

    .target(name: "LensCore",
            dependencies: [.product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: optimized),
    .target(name: "LensData",
            dependencies: ["LensCore", "CZlib"],
            swiftSettings: optimized),
    .target(name: "LensEngine",
            dependencies: ["LensCore", "CBLAS", .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: vectorized),
    .target(name: "LensOptimizers",
            dependencies: ["LensCore", "LensEngine", "CBLAS", .product(name: "Numerics", package: "swift-numerics")],
            swiftSettings: vectorized),
    .target(name: "LensReplay",
            dependencies: ["LensCore", "LensEngine", "LensOptimizers"],
            swiftSettings: optimized),
    .target(name: "LensRunner",
            dependencies: ["LensCore", "LensData", "LensEngine", "LensOptimizers", "CZstd",
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: optimized),
    .target(name: "LensStatistics",
            dependencies: ["LensCore"],
            swiftSettings: optimized),
    .target(name: "LensPlot",
            dependencies: ["LensCore", "LensStatistics", "CCairo"],
            swiftSettings: optimized),
    .target(name: "LensReport",
            dependencies: ["LensCore", "LensRunner", "LensStatistics", "LensPlot"],
            swiftSettings: optimized),
    .executableTarget(name: "LensCLI",
                      dependencies: ["LensCore", "LensData", "LensEngine", "LensOptimizers", "LensReplay",
                                     "LensRunner", "LensStatistics", "LensPlot", "LensReport",
                                     .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                     .product(name: "Yams", package: "Yams")],
                      swiftSettings: optimized),

    .testTarget(name: "LensCoreTests", dependencies: ["LensCore"]),
    .testTarget(name: "LensDataTests", dependencies: ["LensData", "LensCore"]),
    .testTarget(name: "LensEngineTests", dependencies: ["LensEngine", "LensCore"]),
    .testTarget(name: "LensOptimizersTests", dependencies: ["LensOptimizers", "LensEngine", "LensCore"]),
    .testTarget(name: "LensReplayTests", dependencies: ["LensReplay", "LensOptimizers", "LensEngine", "LensCore"]),
    .testTarget(name: "LensRunnerTests", dependencies: ["LensRunner", "LensCore"]),
    .testTarget(name: "LensStatisticsTests", dependencies: ["LensStatistics", "LensCore"]),
    .testTarget(name: "LensReportTests", dependencies: ["LensReport", "LensRunner", "LensCore"]),
    .testTarget(name: "LensPlotTests", dependencies: ["LensPlot", "LensStatistics", "LensCore"]),
  ],
  swiftLanguageModes: [.v5]
)
