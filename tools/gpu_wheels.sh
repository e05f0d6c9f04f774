#!/usr/bin/env bash
# The wheels tools/gpu_check.sh installs on the lent GPU machine, which has no
# network: the pure packages, scipy-openblas32 and ember-core itself, built
# here with CUDA for sm_90 (H100/H200) for the device's Python, so the
# device's minutes go to testing rather than compiling (about 6 minutes
# here with a warm uv cache; the wheels come to about 20 MB, under the
# 64 MiB a run may carry).
#
#   tools/gpu_wheels.sh [OUTDIR]        (default .whl; then, on the device:
#   OUT=$OUT bash tools/gpu_check.sh .whl   with .whl carried)
#
# GPU_PYTHON names the interpreter matching the device's (3.12 so far).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-.whl}
PY=${GPU_PYTHON:-}
if [ -z "$PY" ]; then  # a python3.12 that runs (a pyenv shim may not), else pyenv's own
  for candidate in python3.12 /root/.pyenv/versions/3.12*/bin/python3.12; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null; then
      PY=$candidate
      break
    fi
  done
fi
[ -n "$PY" ] || { echo "gpu_wheels: no Python 3.12 found; name one with GPU_PYTHON" >&2; exit 2; }
rm -rf "$OUT" && mkdir -p "$OUT"
for pkg in autograd nn optim data; do
  uv build --quiet --wheel --out-dir "$OUT" "packages/$pkg"
done
"$PY" -m pip download --quiet --no-deps --only-binary=:all: -d "$OUT" scipy-openblas32
EMBER_CUDA=1 EMBER_CUDA_ARCHITECTURES=90 uv build --quiet --wheel --python "$PY" --out-dir "$OUT" packages/core
ls -la "$OUT"
du -sh "$OUT"
