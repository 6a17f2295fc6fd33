/// Replay status of the Lens optimizers against the shared golden cases
/// (`../shared/golden/cases`, 21 cases, float64), and what the cases do not pin down.
///
/// ## Status (lens replay, 2026-11-25)
/// Every case passes within its tolerance (rtol 1e-7, Shampoo 1e-6). Largest relative
/// deviations: Shampoo 2.8e-11 (ASDL's Newton iteration stops on thresholds); AdamQLR 1.7e-13;
/// K-FAC (kfac-jax, ASDL) ≤ 1.0e-13; AdaHessian 5.4e-14; AdaFisher(W) ≤ 4.5e-14; learned damping
/// 4.6e-14; SGD/Adam/AdamW ≤ 5.2e-14; LanczosOPT ≤ 4.2e-15; Hessian variance bit-identical.
///
/// ## Conventions chosen where the format leaves room
/// - The engine's Gauss-Newton products use the authors' output Fisher (MSE: identity summed
///   over outputs although `mse_half` averages over them), so AdamQLR's dᵀFd and kfac-jax's
///   quadratic model take `ggnGram` unscaled. The Rosenbrock objective follows the same rule
///   (G = JᵀJ of the two residuals).
/// - `lanczosopt` cases are defined by GZ's code (additive ν); the harness pins
///   `variant: "code"` when a case does not name one. The optimizer's own default is the
///   paper's multiplicative LOPT[η].
/// - Shampoo's power iteration starts from a fixed vector (ASDL's is random); it only scales
///   the 1e-12 ridge, and the case passes at 2.8e-11.
///
/// ## Variants without a golden case (tested against hand-derived expectations only)
/// AdaFisher `paper` ordering; LanczosOPT `paper` (η); K-FAC `empirical`, sampled-Gaussian MSE
/// Fisher, fixed lr/momentum, and the 1×1 exact block; ASDL K-FAC `fisher_emp`/`fisher_exact`;
/// `kfac_learned_damping`; AdamQLR presets, amplification, weight decay and the zero-curvature
/// guard; AdaHessian's conv spatial averaging (layout-level hand-derived test); the schedules.
/// The conv2d paths (Kronecker factors on im2col rows with ASDL's position averaging, Shampoo's
/// 4-D modes, AdaFisher's conv statistics) are only smoke-tested on a tiny CNN: no golden case
/// pins kfac-jax's or ASDL's conv conventions.
///
/// ## Known deviation (no golden case)
/// AdaFisher's batch-norm / layer-norm statistics are built from the engine's Kronecker rows,
/// which hold x̂ rather than the module input x that AF's hook sees (see `AdaFisher`). K-FAC
/// (both flavours) leaves normalisation parameters unpreconditioned, as ASDL does with
/// `ignore_modules`.
public enum ReplayNotes {}
