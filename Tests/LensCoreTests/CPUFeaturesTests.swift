import Testing
import LensCore

/// The CPU check of the command-line tool against /proc/cpuinfo texts.
@Suite struct CPUFeaturesTests {
  @Test func findsTheMissingFlags() {
    let modern = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi1 bmi2 f16c movbe avx512f\n"
    #expect(CPUFeatures.missing(cpuinfo: modern).isEmpty)
    let old = "processor\t: 0\nflags\t\t: fpu sse2 avx f16c\n"
    #expect(CPUFeatures.missing(cpuinfo: old) == CPUFeatures.required.filter { $0 != "f16c" })
    #expect(CPUFeatures.missing(cpuinfo: "no flags here").isEmpty)
  }

  @Test func thisMachineHasThem() {
    // The tests themselves run AVX2 code, so reaching here means the flags are present.
    #expect(CPUFeatures.missingOnThisMachine().isEmpty)
  }
}
