/// How a batch-norm layer folds the batch statistics of a training pass into the running
/// statistics that evaluation (`Network.outputs`) normalises with.
///
/// For channel c, let μ_b = (1/m) Σᵢ xᵢ and σ²_b = (1/m) Σᵢ (xᵢ − μ_b)² be the batch mean and
/// the BIASED batch variance over the m = B·H·W members of the channel (the statistics the
/// training-mode forward pass normalises with), and let `momentum` be the layer's momentum.
///
/// - `pytorch` (`torch.nn.BatchNorm`): running ← (1 − momentum)·running + momentum·batch,
///   with the UNBIASED variance σ²_b·m/(m − 1) for the variance; running statistics start at
///   mean 0 and variance 1.
/// - `haiku` (`hk.BatchNorm(decay_rate=d)`, `hk.ExponentialMovingAverage` with its defaults
///   `zero_debias=True`, `warmup_length=0`), with decay d = 1 − momentum: after the t-th update
///   the hidden state is hₜ = d·hₜ₋₁ + (1 − d)·vₜ (h₀ = 0) and the average is the
///   zero-debiased hₜ/(1 − dᵗ), kept separately for v = μ_b and for v = σ²_b (biased). Before
///   any update the running statistics are mean 0 and variance 1 (Haiku has no average then).
public enum RunningStatisticsRule: String, Sendable, Hashable, Codable, CaseIterable {
  case pytorch
  case haiku
}
