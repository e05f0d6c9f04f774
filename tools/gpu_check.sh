#!/usr/bin/env bash
# The CUDA check, for a machine with an NVIDIA GPU (the lent H100/H200; no
# network there): install ember with its CUDA backend, run every CUDA test
# (device results against the CPU's) and the GPU benchmarks against PyTorch on
# the same device. About 5 minutes.
#
#   tools/gpu_check.sh            build ember from this checkout (nvcc, cmake, pybind11,
#                                 scikit-build-core and nvidia-cublas must be importable)
#   tools/gpu_check.sh WHEELDIR   install prebuilt wheels from WHEELDIR instead (`nox -s gpu_wheels`
#                                 builds them here for the device's Python)
#
# Writes its log to $OUT/gpu_check.log when OUT is set.
set -uo pipefail
cd "$(dirname "$0")/.."
LOG=${OUT:-/tmp}/gpu_check.log
PY=${PYTHON:-python3}
SITE=/tmp/ember-site
exec > >(tee "$LOG") 2>&1

echo "== device"
nvidia-smi -L || true
"$PY" -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name())"

echo "== install"
rm -rf "$SITE" && mkdir -p "$SITE"
start=$(date +%s)
if [ $# -ge 1 ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --target "$SITE" "$1"/*.whl || exit 1
else
  for pkg in core autograd nn optim data; do
    EMBER_CUDA=1 EMBER_CUDA_ARCHITECTURES=${EMBER_CUDA_ARCHITECTURES:-90} CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
      "$PY" -m pip install -q --no-index --no-deps --no-build-isolation --target "$SITE" "packages/$pkg" || exit 1
  done
fi
echo "installed in $(( $(date +%s) - start )) s"
export PYTHONPATH=$SITE
"$PY" -c "import ember; print('ember', ember.__version__, 'cuda available:', ember.cuda.is_available(), ember.cuda.unavailable_reason())"

echo "== CUDA tests"
"$PY" -m pytest tests/cuda -q -p no:cacheprovider -rs
status=$?

echo "== GPU benchmarks (ember vs torch)"
"$PY" tools/bench/gpu.py ${GPU_BENCH_ARGS:-}
exit $status
