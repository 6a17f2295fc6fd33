#!/usr/bin/env bash
# Checks the Debian packages Lens builds against and installs the missing ones.
# As root it runs apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail
packages=(libopenblas-dev libcairo2-dev libzstd-dev libpng-dev zlib1g-dev fonts-dejavu-core pkg-config)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ! command -v swift >/dev/null 2>&1; then
  echo "deps: the Swift toolchain (6.0 or later) is not on PATH; install it from swift.org first." >&2
  exit 1
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing Debian packages: ${missing[*]}" >&2
  echo "deps: run:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd
