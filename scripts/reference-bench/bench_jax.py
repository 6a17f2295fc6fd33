#!/usr/bin/env python
"""JAX (jit, XLA:CPU, float32) reference benchmark: one training step of 8 workloads.

Method (per workload, fresh process per pass):
  build model / optimiser state / synthetic data (fixed seeds, float32, N(0,1)
  inputs, uniform random int labels or N(0,1) regression targets; one fixed
  batch reused every step), one first call (trace + compile), 5 warm-up steps,
  then >= 30 timed steps and >= 1 s of timing.  Figure = median step time (ms);
  the summary / CSV value is the minimum of the per-pass medians.
  Training state is carried step to step.  The whole step is one jax.jit
  function (state donated), timed with block_until_ready.

  "other load" = CPU time used by all OTHER processes during the timed window,
  in cores = (busy jiffies from /proc/stat / CLK_TCK - own rusage delta) / window.

Usage:
  python bench_jax.py                       # W1..W8, 2 passes, table
  python bench_jax.py --passes 3 --only W1,W3
  python bench_jax.py --csv results/bench/reference-jax.csv
  python bench_jax.py --one W5              # single workload, this process
  BENCH_QUICK=1 python bench_jax.py         # smoke test: 3 timed steps, 1 pass
"""
import sys

sys.dont_write_bytecode = True  # keep benchlib's __pycache__ out of the repo

import benchlib  # noqa: E402  (same folder)

WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"]
DESCR = {
    "W1": "MLP 784-50-10 CE b3200 Adam",
    "W2": "MLP 784-50-10 CE b400 Adam",
    "W3": "MLP 9-100-1 MSE b800 Adam",
    "W4": "MLP 8-50-1 MSE b692 Adam",
    "W5": "W1 + AdamQLR (GN-vp, LM damping)",
    "W6": "W1 + AdaHessian (fwd-over-rev Hv)",
    "W7": "CNN 3x32x32 NHWC b128 Adam",
    "W8": "LogReg 784-10 b1000 SGD + 50-step Lanczos",
}
PACKAGES = ("jax", "jaxlib", "optax", "numpy")


# --------------------------------------------------------------------------
# Workloads (JAX only imported in worker processes)
# --------------------------------------------------------------------------
def build(wid):
    """Returns (step_fn_jitted, state, batch_args, describe_aux)."""
    import numpy as np
    import jax
    import jax.numpy as jnp
    import optax
    from jax.flatten_util import ravel_pytree

    f32 = jnp.float32
    rng = np.random.RandomState(0)

    def linear_init(key, fan_in, fan_out):
        # PyTorch default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for W and b
        kw, kb = jax.random.split(key)
        bound = 1.0 / np.sqrt(fan_in)
        return {
            "w": jax.random.uniform(kw, (fan_in, fan_out), f32, -bound, bound),
            "b": jax.random.uniform(kb, (fan_out,), f32, -bound, bound),
        }

    def mlp_init(sizes, seed=0):
        keys = jax.random.split(jax.random.PRNGKey(seed), len(sizes) - 1)
        return [linear_init(k, a, b) for k, a, b in zip(keys, sizes[:-1], sizes[1:])]

    def mlp_apply(params, x):
        h = x
        for i, layer in enumerate(params):
            h = h @ layer["w"] + layer["b"]
            if i < len(params) - 1:
                h = jax.nn.relu(h)
        return h

    def ce_loss(logits, y):
        return jnp.mean(-jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))

    def mse_loss(pred, y):
        return 0.5 * jnp.mean((pred - y) ** 2)

    def cls_data(batch, shape, ncls=10):
        x = rng.standard_normal((batch,) + shape).astype(np.float32)
        y = rng.randint(0, ncls, size=(batch,)).astype(np.int32)
        return jnp.asarray(x), jnp.asarray(y)

    def reg_data(batch, nin):
        x = rng.standard_normal((batch, nin)).astype(np.float32)
        y = rng.standard_normal((batch, 1)).astype(np.float32)
        return jnp.asarray(x), jnp.asarray(y)

    def adam_workload(params, apply, lossf, x, y):
        opt = optax.adam(1e-3)
        state = (params, opt.init(params))

        def step(state, x, y):
            p, os_ = state
            loss, g = jax.value_and_grad(lambda q: lossf(apply(q, x), y))(p)
            upd, os_ = opt.update(g, os_, p)
            p = optax.apply_updates(p, upd)
            return (p, os_), {"loss": loss}

        return step, state, (x, y)

    if wid in ("W1", "W2"):
        x, y = cls_data(3200 if wid == "W1" else 400, (784,))
        step, state, args = adam_workload(mlp_init([784, 50, 10]), mlp_apply, ce_loss, x, y)

    elif wid == "W3":
        x, y = reg_data(800, 9)
        step, state, args = adam_workload(mlp_init([9, 100, 1]), mlp_apply, mse_loss, x, y)

    elif wid == "W4":
        x, y = reg_data(692, 8)
        step, state, args = adam_workload(mlp_init([8, 50, 1]), mlp_apply, mse_loss, x, y)

    elif wid == "W5":
        # AdamQLR: Adam direction, GN-curvature-based learning rate, LM damping.
        x, y = cls_data(3200, (784,))
        params = mlp_init([784, 50, 10])
        sba = optax.scale_by_adam()
        LR_CLIP = 0.1
        state = (params, sba.init(params), jnp.asarray(1.0, f32))  # lambda0 = 1.0
        tdot = lambda a, b: sum(jnp.vdot(u, v) for u, v in
                                zip(jax.tree_util.tree_leaves(a), jax.tree_util.tree_leaves(b)))

        def step(state, x, y):
            p, ast, lam = state
            B = x.shape[0]
            # one linearisation of the network outputs, reused for g and G d
            logits, f_jvp = jax.linearize(lambda q: mlp_apply(q, x), p)
            f_vjp = jax.linear_transpose(f_jvp, p)
            f0 = ce_loss(logits, y)
            prob = jax.nn.softmax(logits)
            dz = (prob - jax.nn.one_hot(y, logits.shape[1], dtype=f32)) / B
            (g,) = f_vjp(dz)
            upd, ast = sba.update(g, ast, p)
            d = jax.tree_util.tree_map(lambda u: -u, upd)  # descent direction
            Jd = f_jvp(d)
            HJd = (prob * Jd - prob * jnp.sum(prob * Jd, axis=1, keepdims=True)) / B
            (Gd,) = f_vjp(HJd)
            gd = tdot(g, d)
            q = tdot(d, Gd) + lam * tdot(d, d)
            s = jnp.clip(-gd / q, -LR_CLIP, LR_CLIP)
            p1 = jax.tree_util.tree_map(lambda a, b: a + s * b, p, d)
            f1 = ce_loss(mlp_apply(p1, x), y)  # extra forward pass
            rho = (f1 - f0) / (s * gd + 0.5 * s * s * q)
            lam = jnp.where(rho > 0.75, lam * 0.5, jnp.where(rho < 0.25, lam * 2.0, lam))
            lam = jnp.clip(lam, 1e-8, 1e8)
            return (p1, ast, lam), {"loss": f0, "loss_after": f1, "lr": s, "rho": rho, "lambda": lam}

        args = (x, y)

    elif wid == "W6":
        # AdaHessian: Rademacher v, (g, Hv) via forward-over-reverse, D = |Hv|.
        x, y = cls_data(3200, (784,))
        params = mlp_init([784, 50, 10])
        LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-8
        zeros = lambda: jax.tree_util.tree_map(jnp.zeros_like, params)  # distinct buffers (donation)
        state = (params, zeros(), zeros(), jnp.asarray(0, jnp.int32), jax.random.PRNGKey(1))

        def step(state, x, y):
            p, m, v, t, key = state
            key, sub = jax.random.split(key)
            leaves, treedef = jax.tree_util.tree_flatten(p)
            ks = jax.random.split(sub, len(leaves))
            z = jax.tree_util.tree_unflatten(
                treedef, [jax.random.rademacher(k, l.shape, f32) for k, l in zip(ks, leaves)])
            vg = jax.value_and_grad(lambda q: ce_loss(mlp_apply(q, x), y))
            (loss, g), (_, hv) = jax.jvp(vg, (p,), (z,))
            D = jax.tree_util.tree_map(jnp.abs, hv)
            t = t + 1
            m = jax.tree_util.tree_map(lambda a, b: B1 * a + (1 - B1) * b, m, g)
            v = jax.tree_util.tree_map(lambda a, b: B2 * a + (1 - B2) * b * b, v, D)
            tf = t.astype(f32)
            c1, c2 = 1 - B1 ** tf, 1 - B2 ** tf
            p = jax.tree_util.tree_map(
                lambda w, mm, vv: w - LR * (mm / c1) / (jnp.sqrt(vv / c2) + EPS), p, m, v)
            return (p, m, v, t, key), {"loss": loss}

        args = (x, y)

    elif wid == "W7":
        x, y = cls_data(128, (32, 32, 3))  # NHWC
        key = jax.random.PRNGKey(0)
        k1, k2, k3 = jax.random.split(key, 3)

        def conv_init(k, cin, cout):
            kw, kb = jax.random.split(k)
            bound = 1.0 / np.sqrt(cin * 9)
            return {"w": jax.random.uniform(kw, (3, 3, cin, cout), f32, -bound, bound),
                    "b": jax.random.uniform(kb, (cout,), f32, -bound, bound)}

        params = {"c1": conv_init(k1, 3, 32), "c2": conv_init(k2, 32, 64),
                  "fc": linear_init(k3, 8 * 8 * 64, 10)}
        DN = ("NHWC", "HWIO", "NHWC")

        def conv_block(h, c):
            h = jax.lax.conv_general_dilated(h, c["w"], (1, 1), "SAME", dimension_numbers=DN)
            h = jax.nn.relu(h + c["b"])
            return jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")

        def cnn_apply(p, h):
            h = conv_block(h, p["c1"])
            h = conv_block(h, p["c2"])
            h = h.reshape(h.shape[0], -1)
            return h @ p["fc"]["w"] + p["fc"]["b"]

        step, state, args = adam_workload(params, cnn_apply, ce_loss, x, y)

    elif wid == "W8":
        # Logistic regression, full gradient + SGD, 50 Lanczos its (full reorth, CGS x2).
        x, y = cls_data(1000, (784,))
        params = linear_init(jax.random.PRNGKey(0), 784, 10)
        M, LR = 50, 0.1
        state = (params, jax.random.PRNGKey(2))

        def step(state, x, y):
            p, key = state
            key, sub = jax.random.split(key)
            lossf = lambda q: ce_loss(x @ q["w"] + q["b"], y)
            loss = lossf(p)
            g, hvp = jax.linearize(jax.grad(lossf), p)  # one linearisation for all HVPs
            flat_p, unravel = ravel_pytree(p)
            n = flat_p.shape[0]
            hvp_flat = lambda v: ravel_pytree(hvp(unravel(v)))[0]
            v0 = jax.random.normal(sub, (n,), f32)
            V = jnp.zeros((M + 1, n), f32).at[0].set(v0 / jnp.linalg.norm(v0))
            alpha = jnp.zeros((M,), f32)
            beta = jnp.zeros((M,), f32)

            def body(i, carry):
                V, alpha, beta = carry
                vi = V[i]
                w = hvp_flat(vi)
                a = jnp.vdot(w, vi)
                # classical Gram-Schmidt twice against all previous vectors
                # (rows > i of V are still zero, so no mask is needed)
                w = w - V.T @ (V @ w)
                w = w - V.T @ (V @ w)
                b = jnp.linalg.norm(w)
                V = V.at[i + 1].set(w / jnp.maximum(b, 1e-30))
                return V, alpha.at[i].set(a), beta.at[i].set(b)

            V, alpha, beta = jax.lax.fori_loop(0, M, body, (V, alpha, beta))
            T = jnp.diag(alpha) + jnp.diag(beta[:-1], 1) + jnp.diag(beta[:-1], -1)
            ritz = jnp.linalg.eigvalsh(T)
            p = jax.tree_util.tree_map(lambda w_, gg: w_ - LR * gg, p, g)
            return (p, key), {"loss": loss, "ritz_max": ritz[-1], "ritz_min": ritz[0]}

        args = (x, y)
    else:
        raise SystemExit(f"unknown workload {wid}")

    return jax.jit(step, donate_argnums=(0,)), state, args


def run_one(wid):
    import jax

    step, state, args = build(wid)
    box = [state]

    def call():
        box[0], aux = step(box[0], *args)
        jax.block_until_ready((box[0], aux))
        return aux

    benchlib.time_workload(wid, call)


if __name__ == "__main__":
    sys.exit(benchlib.main(__file__, "JAX reference benchmark (jit, XLA:CPU, float32)",
                           PACKAGES, WORKLOADS, DESCR, run_one))
