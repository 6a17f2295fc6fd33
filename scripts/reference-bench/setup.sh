#!/usr/bin/env bash
# Creates the Python environment for the reference benchmarks (development tool only;
# Lens itself never runs Python).
#
#   REFERENCE_VENV   venv path (default: scripts/reference-bench/.venv; keep it git-ignored)
#   TORCH_WHEEL_DIR  optional folder holding torch-2.13.0+cpu-*.whl (used via --find-links)
#   PYTHON           interpreter to build the venv from (default: python3; 3.11 or later)
#
# torch==2.13.0+cpu is a local-version wheel: pip finds it only in a --find-links folder
# (TORCH_WHEEL_DIR) or an index that serves it (e.g. PIP_EXTRA_INDEX_URL set to the
# PyTorch CPU index); otherwise this script stops with a message.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=${REFERENCE_VENV:-$here/.venv}
python=${PYTHON:-python3}

JAX_PKGS=(jax==0.10.2 jaxlib==0.10.2 optax==0.2.8 numpy)
TORCH_PKG=torch==2.13.0+cpu

if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup: $python not found; set PYTHON to a Python 3.11+ interpreter" >&2
  exit 1
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating venv at $venv"
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip)

echo "setup: installing ${JAX_PKGS[*]}"
if ! "${pip[@]}" install "${JAX_PKGS[@]}"; then
  echo "setup: pip could not install ${JAX_PKGS[*]} (see above)" >&2
  exit 1
fi

torch_args=()
if [ -n "${TORCH_WHEEL_DIR:-}" ]; then
  if [ ! -d "$TORCH_WHEEL_DIR" ]; then
    echo "setup: TORCH_WHEEL_DIR=$TORCH_WHEEL_DIR is not a folder" >&2
    exit 1
  fi
  torch_args=(--find-links "$TORCH_WHEEL_DIR")
fi
echo "setup: installing $TORCH_PKG ${torch_args[*]}"
if ! "${pip[@]}" install "${torch_args[@]}" "$TORCH_PKG"; then
  cat >&2 <<MSG
setup: pip found no $TORCH_PKG wheel for this Python/platform.
setup: PyPI's default index does not normally carry '+cpu' builds. Either
setup:   - download torch-2.13.0+cpu-<python tag>-...whl from https://download.pytorch.org/whl/cpu
setup:     into a folder and rerun with TORCH_WHEEL_DIR=<that folder>, or
setup:   - rerun with PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu
MSG
  exit 1
fi

"$venv/bin/python" - <<'PY'
from importlib import metadata
import platform
print("setup: python", platform.python_version(), " ".join(
    f"{p} {metadata.version(p)}" for p in ("jax", "jaxlib", "optax", "numpy", "torch")))
PY
echo "setup: done; run scripts/reference-bench/run.sh"
