@_exported import LensCore

import RealModule

/// The scalar types the engine computes in: `Float` for experiments, `Double` for oracle tests
/// and the float64 golden replay cases.
///
/// Conforming types provide their BLAS entry points (see `BLAS.swift`) so that generic code
/// specialises to `cblas_s*` or `cblas_d*` with no dynamic dispatch.
public protocol LensScalar: BinaryFloatingPoint, Real, Sendable, Codable, BLASScalar, KernelScalar
where Self.RawSignificand: FixedWidthInteger {}

extension Float: LensScalar {}
extension Double: LensScalar {}
