/// LensOptimizers: the optimizers of the three papers, faithful to the authors' code, behind
/// one protocol (state in, parameters and a per-step trace out; randomness injected).
public enum LensOptimizersModule {}
