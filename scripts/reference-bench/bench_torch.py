#!/usr/bin/env python
"""PyTorch (eager, CPU, float32, 2 threads) reference benchmark: one training step
of the 8 workloads of bench_jax.py, plus W6rr.  Same method as bench_jax.py.

Workloads (same sizes, data and init distribution as bench_jax.py; the input
data come from the same numpy RandomState(0) stream, parameters from torch's
default nn.Linear / nn.Conv2d init = U(-1/sqrt(fan_in), 1/sqrt(fan_in)) under
torch.manual_seed(0), so the draws differ from JAX's but the distribution is the same):
  W1  MLP 784-50-10, ReLU, cross-entropy (mean), batch 3200, torch.optim.Adam(lr=1e-3)
  W2  as W1, batch 400
  W3  MLP 9-100-1, MSE 0.5*mean((f-y)^2), batch 800, Adam
  W4  MLP 8-50-1, MSE, batch 692, Adam
  W5  W1 model + AdamQLR with torch.func: Adam direction d (scale_by_adam), one
      vjp of the network outputs (gradient), jvp J d, softmax output Hessian,
      vjp of H J d (Gauss-Newton product G d), lr = clip(-g.d / (d.Gd + lambda d.d),
      +-0.1), one extra forward at the new point, Levenberg-Marquardt update of
      lambda (rho > 0.75: /2, rho < 0.25: *2, clipped to [1e-8, 1e8]).
  W6  W1 model + AdaHessian (lr 1e-3, betas 0.9/0.999, eps 1e-8, D = |Hz|, Rademacher z,
      no spatial averaging): (g, Hz) by torch.func forward-over-reverse, jvp of grad.
  W6rr as W6, but Hz by double backward (torch.autograd.grad with create_graph=True).
  W7  CNN on 3x32x32 NCHW: conv3x3(3->32, pad 1)+ReLU+maxpool2, conv3x3(32->64, pad 1)
      +ReLU+maxpool2, flatten, linear(4096->10), CE, batch 128, Adam.
  W8  logistic regression 784->10, CE, batch 1000: full gradient with create_graph=True,
      50 Lanczos steps, each Hv = torch.autograd.grad of that gradient (PyHessian style),
      full re-orthogonalisation (classical Gram-Schmidt twice), eigvalsh of the
      tridiagonal matrix, then SGD (lr 0.1).

Method: fresh process per workload per pass; first call, 5 warm-up steps, then
>= 30 timed steps and >= 1 s; median ms/step; summary / CSV value = min over
passes.  Eager CPU execution is synchronous, so perf_counter around the step is
the step time.  torch.set_num_threads(2).

Usage:
  python bench_torch.py                       # W1..W8 + W6rr, 2 passes, table
  python bench_torch.py --passes 3 --only W5,W6,W6rr
  python bench_torch.py --csv results/bench/reference-torch.csv
  python bench_torch.py --one W8              # single workload, this process
  BENCH_QUICK=1 python bench_torch.py         # smoke test: 3 timed steps, 1 pass
"""
import sys

sys.dont_write_bytecode = True  # keep benchlib's __pycache__ out of the repo

import benchlib  # noqa: E402  (same folder)

N_THREADS = 2
WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W6rr", "W7", "W8"]
DESCR = {
    "W1": "MLP 784-50-10 CE b3200 Adam",
    "W2": "MLP 784-50-10 CE b400 Adam",
    "W3": "MLP 9-100-1 MSE b800 Adam",
    "W4": "MLP 8-50-1 MSE b692 Adam",
    "W5": "W1 + AdamQLR (torch.func jvp/vjp GN-vp, LM damping)",
    "W6": "W1 + AdaHessian (torch.func jvp of grad)",
    "W6rr": "W1 + AdaHessian (double backward)",
    "W7": "CNN 3x32x32 NCHW b128 Adam",
    "W8": "LogReg 784-10 b1000 SGD + 50-step Lanczos (autograd.grad)",
}
PACKAGES = ("torch", "numpy")


def build(wid):
    """Returns call(): one full training step, state carried in the closure,
    returning a dict of scalar diagnostics (0-d tensors)."""
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.func import functional_call, grad_and_value, jvp, vjp

    torch.set_num_threads(N_THREADS)
    torch.manual_seed(0)
    rng = np.random.RandomState(0)
    f32 = torch.float32

    def cls_data(batch, shape, ncls=10):
        x = rng.standard_normal((batch,) + shape).astype(np.float32)
        y = rng.randint(0, ncls, size=(batch,)).astype(np.int64)
        return torch.from_numpy(x), torch.from_numpy(y)

    def reg_data(batch, nin):
        x = rng.standard_normal((batch, nin)).astype(np.float32)
        y = rng.standard_normal((batch, 1)).astype(np.float32)
        return torch.from_numpy(x), torch.from_numpy(y)

    def mlp(sizes):
        layers = []
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(nn.Linear(a, b))
            if i < len(sizes) - 2:
                layers.append(nn.ReLU())
        return nn.Sequential(*layers)

    ce_loss = F.cross_entropy  # mean over the batch

    def mse_loss(pred, y):
        return 0.5 * F.mse_loss(pred, y)

    def adam_workload(model, lossf, x, y):
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def call():
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(x), y)
            loss.backward()
            opt.step()
            return {"loss": loss.detach()}

        return call

    def tdot(a, b):
        return sum(torch.dot(a[k].reshape(-1), b[k].reshape(-1)) for k in a)

    def rademacher(params, gen):
        return {k: torch.randint(0, 2, t.shape, generator=gen).to(f32).mul_(2).sub_(1)
                for k, t in params.items()}

    if wid in ("W1", "W2"):
        x, y = cls_data(3200 if wid == "W1" else 400, (784,))
        return adam_workload(mlp([784, 50, 10]), ce_loss, x, y)

    if wid == "W3":
        x, y = reg_data(800, 9)
        return adam_workload(mlp([9, 100, 1]), mse_loss, x, y)

    if wid == "W4":
        x, y = reg_data(692, 8)
        return adam_workload(mlp([8, 50, 1]), mse_loss, x, y)

    if wid == "W5":
        # AdamQLR: Adam direction, GN-curvature-based learning rate, LM damping.
        x, y = cls_data(3200, (784,))
        model = mlp([784, 50, 10])
        B, NCLS = x.shape[0], 10
        B1, B2, EPS, LR_CLIP = 0.9, 0.999, 1e-8, 0.1
        onehot = F.one_hot(y, NCLS).to(f32)
        st = {
            "p": {k: v.detach().clone() for k, v in model.named_parameters()},
            "m": {k: torch.zeros_like(v) for k, v in model.named_parameters()},
            "v": {k: torch.zeros_like(v) for k, v in model.named_parameters()},
            "t": 0,
            "lam": torch.tensor(1.0, dtype=f32),  # lambda0 = 1.0
        }

        def fwd(q):
            return functional_call(model, q, (x,))

        def call():
            p, m, v, lam = st["p"], st["m"], st["v"], st["lam"]
            # one linearisation of the outputs; its vjp is used twice (g and G d)
            logits, f_vjp = vjp(fwd, p)
            f0 = ce_loss(logits, y)
            prob = torch.softmax(logits, dim=1)
            (g,) = f_vjp((prob - onehot) / B)
            # optax.scale_by_adam (b1 0.9, b2 0.999, eps 1e-8), d = -update
            st["t"] += 1
            c1, c2 = 1 - B1 ** st["t"], 1 - B2 ** st["t"]
            d = {}
            for k in p:
                m[k].mul_(B1).add_(g[k], alpha=1 - B1)
                v[k].mul_(B2).addcmul_(g[k], g[k], value=1 - B2)
                d[k] = -(m[k] / c1) / ((v[k] / c2).sqrt_().add_(EPS))
            _, Jd = jvp(fwd, (p,), (d,))
            HJd = (prob * Jd - prob * (prob * Jd).sum(dim=1, keepdim=True)) / B
            (Gd,) = f_vjp(HJd)
            gd = tdot(g, d)
            q = tdot(d, Gd) + lam * tdot(d, d)
            s = torch.clamp(-gd / q, -LR_CLIP, LR_CLIP)
            p1 = {k: p[k] + s * d[k] for k in p}
            with torch.no_grad():
                f1 = ce_loss(fwd(p1), y)  # extra forward pass
            rho = (f1 - f0) / (s * gd + 0.5 * s * s * q)
            lam = torch.where(rho > 0.75, lam * 0.5, torch.where(rho < 0.25, lam * 2.0, lam))
            lam = torch.clamp(lam, 1e-8, 1e8)
            st["p"], st["lam"] = p1, lam
            return {"loss": f0, "loss_after": f1, "lr": s, "rho": rho, "lambda": lam}

        return call

    if wid in ("W6", "W6rr"):
        # AdaHessian: Rademacher z, (g, Hz), D = |Hz|, Adam-style update with D.
        x, y = cls_data(3200, (784,))
        model = mlp([784, 50, 10])
        LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-8
        gen = torch.Generator().manual_seed(1)
        p = dict(model.named_parameters())  # same order for both variants
        m = {k: torch.zeros_like(t) for k, t in p.items()}
        v = {k: torch.zeros_like(t) for k, t in p.items()}
        st = {"t": 0}

        if wid == "W6":
            p = {k: t.detach().clone() for k, t in p.items()}
            gv = grad_and_value(lambda q: ce_loss(functional_call(model, q, (x,)), y))

            def g_hz(z):
                (g, loss), (hz, _) = jvp(gv, (p,), (z,))  # forward-over-reverse
                return loss, g, hz
        else:
            names = list(p)
            plist = [p[k] for k in names]

            def g_hz(z):
                loss = ce_loss(model(x), y)
                g = torch.autograd.grad(loss, plist, create_graph=True)
                hz = torch.autograd.grad(g, plist, grad_outputs=[z[k] for k in names])
                return (loss.detach(), {k: t.detach() for k, t in zip(names, g)},
                        dict(zip(names, hz)))

        def call():
            z = rademacher(p, gen)
            loss, g, hz = g_hz(z)
            st["t"] += 1
            c1, c2 = 1 - B1 ** st["t"], 1 - B2 ** st["t"]
            with torch.no_grad():
                for k in p:
                    m[k].mul_(B1).add_(g[k], alpha=1 - B1)
                    v[k].mul_(B2).addcmul_(hz[k], hz[k], value=1 - B2)  # D*D, D = |Hz|
                    p[k].sub_(LR * (m[k] / c1) / ((v[k] / c2).sqrt_().add_(EPS)))
            return {"loss": loss}

        return call

    if wid == "W7":
        x, y = cls_data(128, (3, 32, 32))  # NCHW
        model = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 8 * 8, 10),
        )
        return adam_workload(model, ce_loss, x, y)

    if wid == "W8":
        # Logistic regression, full gradient + SGD, 50 Lanczos its (full reorth, CGS x2).
        x, y = cls_data(1000, (784,))
        lin = nn.Linear(784, 10)
        M, LR = 50, 0.1
        params = list(lin.parameters())
        shapes = [t.shape for t in params]
        sizes = [t.numel() for t in params]
        n = sum(sizes)
        gen = torch.Generator().manual_seed(2)

        def call():
            loss = ce_loss(lin(x), y)
            g = torch.autograd.grad(loss, params, create_graph=True)
            v0 = torch.randn(n, generator=gen, dtype=f32)
            V = torch.zeros(M + 1, n, dtype=f32)
            V[0] = v0 / torch.linalg.vector_norm(v0)
            alpha = torch.zeros(M, dtype=f32)
            beta = torch.zeros(M, dtype=f32)
            for i in range(M):
                vi = V[i]
                vs = [c.view(s) for c, s in zip(vi.split(sizes), shapes)]
                hv = torch.autograd.grad(g, params, grad_outputs=vs, retain_graph=i < M - 1)
                w = torch.cat([h.reshape(-1) for h in hv])
                a = torch.dot(w, vi)
                # classical Gram-Schmidt twice against all previous vectors
                # (rows > i of V are still zero, so no mask is needed)
                w = w - V.T @ (V @ w)
                w = w - V.T @ (V @ w)
                b = torch.linalg.vector_norm(w)
                V[i + 1] = w / torch.clamp(b, min=1e-30)
                alpha[i] = a
                beta[i] = b
            T = torch.diag(alpha) + torch.diag(beta[:-1], 1) + torch.diag(beta[:-1], -1)
            ritz = torch.linalg.eigvalsh(T)
            with torch.no_grad():
                for t, gg in zip(params, g):
                    t.sub_(gg.detach(), alpha=LR)
            return {"loss": loss.detach(), "ritz_max": ritz[-1], "ritz_min": ritz[0]}

        return call

    raise SystemExit(f"unknown workload {wid}")


def run_one(wid):
    call = build(wid)
    benchlib.time_workload(wid, call, tag=" [torch]")


if __name__ == "__main__":
    sys.exit(benchlib.main(
        __file__, "PyTorch reference benchmark (eager, CPU, float32)", PACKAGES, WORKLOADS,
        DESCR, run_one, extra_header=(f"torch.set_num_threads({N_THREADS})",)))
