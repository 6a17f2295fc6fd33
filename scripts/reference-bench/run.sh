#!/usr/bin/env bash
# Runs both reference benchmarks and writes their CSVs (development tool only).
#
#   scripts/reference-bench/run.sh [JAX_CSV [TORCH_CSV]]
#     defaults: <repo>/results/bench/reference-jax.csv, <repo>/results/bench/reference-torch.csv
#
#   REFERENCE_VENV   venv made by setup.sh (default: scripts/reference-bench/.venv)
#   PASSES           fresh-process passes per workload (default 2; 1 with BENCH_QUICK=1)
#   BENCH_QUICK=1    smoke test (3 timed steps), not reference timings
#   QUIET_MAX_CORES  before each script, wait until other processes use at most this many
#                    cores, averaged over 5 s (default 0.2)
#   QUIET_TIMEOUT_S  give up waiting after this long and run anyway, with a warning
#                    (default 900; 0 = do not wait)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${REFERENCE_VENV:-$here/.venv}
py="$venv/bin/python"
jax_csv=${1:-$root/results/bench/reference-jax.csv}
torch_csv=${2:-$root/results/bench/reference-torch.csv}
quiet_max=${QUIET_MAX_CORES:-0.2}
quiet_timeout=${QUIET_TIMEOUT_S:-900}

if [ ! -x "$py" ]; then
  echo "run: no venv at $venv; run scripts/reference-bench/setup.sh first" >&2
  exit 1
fi

passes=()
if [ -n "${PASSES:-}" ]; then passes=(--passes "$PASSES"); fi

# CPU cores busy (all processes; this script only sleeps) over a 5 s window, from /proc/stat.
busy_cores() {
  local a b
  a=$(head -n1 /proc/stat)
  sleep 5
  b=$(head -n1 /proc/stat)
  awk -v a="$a" -v b="$b" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a, x); split(b, y); busy = 0
    for (i = 2; i <= 9; i++) if (i != 5 && i != 6) busy += y[i] - x[i]
    printf "%.2f", busy / hz / 5 }'
}

wait_quiet() {
  [ "$quiet_timeout" -gt 0 ] || return 0
  local start=$SECONDS busy
  while :; do
    busy=$(busy_cores)
    if awk -v b="$busy" -v m="$quiet_max" 'BEGIN { exit !(b <= m) }'; then
      echo "run: machine quiet ($busy cores busy)"
      return 0
    fi
    if [ $((SECONDS - start)) -ge "$quiet_timeout" ]; then
      echo "run: WARNING: still $busy cores busy after ${quiet_timeout}s; running anyway" \
           "(check the other_load comments in the CSV)" >&2
      return 0
    fi
    echo "run: waiting for a quiet machine ($busy cores busy > $quiet_max)"
    sleep 10
  done
}

rc=0
wait_quiet
"$py" "$here/bench_jax.py" "${passes[@]}" --csv "$jax_csv" || rc=1
wait_quiet
"$py" "$here/bench_torch.py" "${passes[@]}" --csv "$torch_csv" || rc=1
if [ "$rc" -ne 0 ]; then
  echo "run: at least one workload failed (see above); its CSV row is missing" >&2
fi
exit "$rc"
