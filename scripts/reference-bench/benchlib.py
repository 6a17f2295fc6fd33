"""Shared timing method, driver and CSV writer for bench_jax.py and bench_torch.py.

Imported only by those two scripts (same folder); not a package.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from importlib import metadata

QUICK = os.environ.get("BENCH_QUICK", "0") not in ("", "0")
N_WARMUP = 5
MIN_STEPS = 3 if QUICK else 30
MIN_TIME_S = 0.0 if QUICK else 1.0
DEFAULT_PASSES = 1 if QUICK else 2
ENV_VARS = ("OPENBLAS_CORETYPE", "OMP_NUM_THREADS", "XLA_FLAGS")
CSV_HEADER = "workload,ms_per_step"


# --------------------------------------------------------------------------
# CPU accounting
# --------------------------------------------------------------------------
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_stat_busy_s():
    """Busy CPU seconds of the whole machine since boot (all cores)."""
    with open("/proc/stat") as f:
        parts = f.readline().split()
    assert parts[0] == "cpu"
    v = [int(x) for x in parts[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice;
    # guest/guest_nice are already counted in user/nice, so they are left out.
    return (sum(v[:8]) - v[3] - v[4]) / _CLK_TCK


def own_cpu_s():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


# --------------------------------------------------------------------------
# One workload in this process
# --------------------------------------------------------------------------
def _scalars(aux):
    return {k: float(v) for k, v in aux.items()}


def time_workload(wid, call, tag=""):
    """Times `call`, which runs one complete training step synchronously (the
    result is ready when it returns) and returns a dict of scalar diagnostics.

    One first call (tracing / compilation / allocation), N_WARMUP warm-up
    steps, then >= MIN_STEPS timed steps and >= MIN_TIME_S of timing.
    Prints one "RESULT {json}" line for the driver, then a readable summary.
    """
    t0 = time.perf_counter()
    aux = call()
    first_call_s = time.perf_counter() - t0
    aux_first = _scalars(aux)

    for _ in range(N_WARMUP):
        call()

    times = []
    busy0, own0, w0 = proc_stat_busy_s(), own_cpu_s(), time.perf_counter()
    while len(times) < MIN_STEPS or (time.perf_counter() - w0) < MIN_TIME_S:
        t = time.perf_counter()
        aux = call()
        times.append(time.perf_counter() - t)
    w1, own1, busy1 = time.perf_counter(), own_cpu_s(), proc_stat_busy_s()
    window = w1 - w0

    res = {
        "workload": wid,
        "median_ms": 1e3 * statistics.median(times),
        "min_step_ms": 1e3 * min(times),
        "n_timed": len(times),
        "window_s": window,
        # CPU cores used by all OTHER processes during the timed window
        "other_load_cores": ((busy1 - busy0) - (own1 - own0)) / window,
        "own_load_cores": (own1 - own0) / window,
        "first_call_s": first_call_s,
        "aux_first": aux_first,
        "aux_last": _scalars(aux),
    }
    print("RESULT " + json.dumps(res), flush=True)
    print(f"{wid}{tag}: median {res['median_ms']:.3f} ms/step over {res['n_timed']} timed steps "
          f"({window:.2f} s), other load {res['other_load_cores']:.2f} cores, "
          f"own {res['own_load_cores']:.2f} cores, first call {first_call_s:.2f} s", flush=True)
    print(f"    first-call aux {aux_first}\n    last-step  aux {res['aux_last']}", flush=True)
    return res


# --------------------------------------------------------------------------
# Driver: fresh process per workload per pass
# --------------------------------------------------------------------------
def version(pkg):
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "n/a"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, val = line.partition(":")
                if key.strip() in ("model name", "Model", "Hardware", "cpu model"):
                    return val.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _one_line(s):
    return " ".join(str(s).split())


def header_lines(title, packages, passes, extra=()):
    env = "  ".join(f"{k}={os.environ[k]!r}" if k in os.environ else f"{k}=<unset>"
                    for k in ENV_VARS)
    lines = [
        title,
        f"date {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"host {platform.node()}  cpu {cpu_model()!r}  os.cpu_count {os.cpu_count()}  "
        f"affinity {len(os.sched_getaffinity(0))}",
        f"platform {platform.platform()}",
        f"python {platform.python_version()}  " + "  ".join(f"{p} {version(p)}" for p in packages),
        f"env {env}",
        *extra,
        f"method: fresh process per workload per pass; 1 first call, {N_WARMUP} warm-up steps, "
        f">= {MIN_STEPS} timed steps and >= {MIN_TIME_S:g} s; per-pass median; "
        f"passes={passes}  quick={int(QUICK)}",
    ]
    return [_one_line(s) for s in lines]


def _run_passes(script, passes, only):
    results = {w: [] for w in only}
    for pi in range(passes):
        for w in only:
            proc = subprocess.run([sys.executable, script, "--one", w],
                                  capture_output=True, text=True)
            r = None
            for line in proc.stdout.splitlines():
                if line.startswith("RESULT "):
                    r = json.loads(line[len("RESULT "):])
                else:
                    print(f"  [pass {pi + 1}] {line}", flush=True)
            if proc.returncode != 0 or r is None:
                print(f"  [pass {pi + 1}] {w} FAILED rc={proc.returncode}\n{proc.stderr[-3000:]}",
                      flush=True)
                r = None
            results[w].append(r)
    return results


def _summary(results, w):
    rs = results[w]
    ms = [r["median_ms"] for r in rs if r]
    loads = [r["other_load_cores"] for r in rs if r]
    return (min(ms) if ms else None), (max(loads) if loads else None)


def write_csv(path, header, only, results):
    lines = [f"# {h}" for h in header]
    if QUICK:
        lines.append("# WARNING: BENCH_QUICK=1 smoke run; these are NOT reference timings")
    lines.append("# value: ms_per_step = min over passes of the per-pass median step time")
    lines.append("# other_load = CPU cores used by other processes during the timed window "
                 "(max over passes; ~0 means a quiet machine)")
    for w in only:
        rs = results[w]
        best, load = _summary(results, w)
        if best is None:
            lines.append(f"# {w}: FAILED in every pass; no row written")
            continue
        per = "/".join(f"{r['median_ms']:.3f}" if r else "failed" for r in rs)
        nt = "/".join(str(r["n_timed"]) if r else "-" for r in rs)
        lines.append(f"# {w}: other_load_max {load:.2f} cores; pass medians {per} ms; "
                     f"n_timed {nt}")
    lines.append(CSV_HEADER)
    for w in only:
        best, _ = _summary(results, w)
        if best is not None:
            lines.append(f"{w},{best:.3f}")
    path = os.path.abspath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def driver(script, title, packages, extra_header, workloads, descr, passes, only,
           json_out, csv_out):
    header = header_lines(title, packages, passes, extra_header)
    for h in header:
        print(f"# {h}", flush=True)

    results = _run_passes(script, passes, only)

    hdr = ["workload"] + [f"pass{i + 1}_ms" for i in range(passes)] + ["min_ms", "other_load"]
    print()
    print(" ".join(f"{h:>10}" for h in hdr) + "   n_timed  other_load_per_pass  description")
    for w in only:
        rs = results[w]
        ms = [r["median_ms"] if r else float("nan") for r in rs]
        best, load = _summary(results, w)
        best = float("nan") if best is None else best
        load = float("nan") if load is None else load
        row = [f"{w:>10}"] + [f"{m:>10.3f}" for m in ms] + [f"{best:>10.3f}", f"{load:>10.2f}"]
        nt = "/".join(str(r["n_timed"]) if r else "-" for r in rs)
        pl = "/".join(f"{r['other_load_cores']:.2f}" if r else "-" for r in rs)
        print(" ".join(row) + f"   {nt:>7}  {pl:>19}  {descr[w]}")
    print("# other_load = max over passes of CPU cores used by other processes in the timed window")

    if json_out:
        with open(json_out, "w") as f:
            json.dump({"header": header, "versions": {p: version(p) for p in packages},
                       "cpu_count": os.cpu_count(), "quick": QUICK, "results": results},
                      f, indent=1)
        print(f"# raw results written to {json_out}")
    if csv_out:
        write_csv(csv_out, header, only, results)
        print(f"# CSV written to {csv_out}")

    failed = [w for w in only if _summary(results, w)[0] is None]
    partial = [w for w in only if any(r is None for r in results[w])]
    if partial:
        print(f"# FAILED passes in: {', '.join(partial)}", file=sys.stderr)
    return 1 if (failed or partial) else 0


def main(script, title, packages, workloads, descr, run_one, extra_header=()):
    ap = argparse.ArgumentParser(description=title)
    ap.add_argument("--one", metavar="ID", help="run a single workload in this process")
    ap.add_argument("--passes", type=int, default=None,
                    help=f"fresh-process passes per workload (default 2; 1 with BENCH_QUICK=1)")
    ap.add_argument("--only", default=",".join(workloads),
                    help=f"comma-separated subset of {','.join(workloads)}")
    ap.add_argument("--json", default=None, metavar="PATH", help="write raw results as JSON")
    ap.add_argument("--csv", default=None, metavar="PATH",
                    help="write min-over-passes medians as CSV (workload,ms_per_step)")
    a = ap.parse_args()
    if a.one:
        wid = a.one.strip()
        wid = next((w for w in workloads if w.upper() == wid.upper()), None)
        if wid is None:
            ap.error(f"unknown workload {a.one!r}; choose from {','.join(workloads)}")
        run_one(wid)
        return 0
    passes = a.passes if a.passes is not None else DEFAULT_PASSES
    if passes < 1:
        ap.error("--passes must be >= 1")
    by_upper = {w.upper(): w for w in workloads}
    req = [w.strip().upper() for w in a.only.split(",") if w.strip()]
    bad = [w for w in req if w not in by_upper]
    if bad or not req:
        ap.error(f"unknown workloads {bad}; choose from {','.join(workloads)}")
    only = [by_upper[w] for w in req]
    return driver(os.path.abspath(script), title, packages, extra_header, workloads, descr,
                  passes, only, a.json, a.csv)
