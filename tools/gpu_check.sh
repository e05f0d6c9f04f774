#!/usr/bin/env bash
# The CUDA check, for a machine with an NVIDIA GPU (the lent H100/H200; no
# network there): install ember with its CUDA backend, run every CUDA test
# (device results against the CPU's) and the GPU benchmarks against PyTorch on
# the same device. About 5 minutes.
#
#   tools/gpu_check.sh [WHEELDIR]
#
# Installs the wheels in WHEELDIR (tools/gpu_wheels.sh makes them: the pure
# packages, scipy-openblas32 and a CUDA build of ember-core, carried to a
# machine without network) into a scratch folder; builds ember-core from this
# checkout with CUDA when WHEELDIR has none for this Python (nvcc, cmake,
# ninja, pybind11, scikit-build-core and nvidia-cublas must be importable;
# nvidia-cudnn-cu13's headers too, for cuDNN convolutions).
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
rm -rf "$SITE" /tmp/ember-core && mkdir -p "$SITE"
start=$(date +%s)
export PYTHONPATH=$SITE
if [ $# -ge 1 ]; then  # wheels are zip files: unpacked side by side, as pip would (pip --target won't merge ember/)
  for whl in "$1"/*.whl; do "$PY" -m zipfile -e "$whl" "$SITE" || exit 1; done
fi
# A carried ember-core wheel serves only the Python it was built for.
if ! ls "$SITE"/ember/_C"$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')" >/dev/null 2>&1; then
  [ -d "$SITE/ember" ] && echo "no ember-core wheel for this Python among the carried ones: building it here"
  EMBER_CUDA=1 EMBER_CUDA_ARCHITECTURES=${EMBER_CUDA_ARCHITECTURES:-90} CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
    "$PY" -m pip install -q --no-index --no-deps --no-build-isolation --target /tmp/ember-core packages/core || exit 1
  cp -r /tmp/ember-core/. "$SITE"/
fi
for pkg in autograd nn optim data; do  # pure Python: from source when no wheel came
  [ -d "$SITE/ember/$pkg" ] || cp -r "packages/$pkg/src/ember/$pkg" "$SITE/ember/$pkg"
done
echo "installed in $(( $(date +%s) - start )) s"
"$PY" -c "import ember; print('ember', ember.__version__, 'cuda available:', ember.cuda.is_available(), ember.cuda.unavailable_reason(), '| cudnn:', ember.backends.cudnn.version(), ember.backends.cudnn.unavailable_reason())"

echo "== C++ exceptions in a CUDA process (which condition crashes; see the script)"
timeout 240 "$PY" tools/cuda_throw_probe.py

echo "== CUDA tests"
# One pytest per file: a crash in one still lets the others report.
status=0
for f in tests/cuda/test_*.py; do
  "$PY" -X faulthandler -m pytest "$f" -q -p no:cacheprovider -rs --tb=short
  rc=$?
  [ $rc -eq 0 ] || status=1
  if [ $rc -gt 128 ]; then  # a crash: again without faulthandler, then a native backtrace
    echo "== $f crashed (rc $rc): again with -p no:faulthandler"
    "$PY" -m pytest "$f" -q -p no:cacheprovider -p no:faulthandler --tb=line 2>&1 | tail -5
    echo "== native backtrace"
    timeout 300 cuda-gdb -batch -ex run -ex bt --args "$PY" -m pytest "$f" -x -q -p no:cacheprovider 2>&1 |
      grep -v "^\[New Thread\|^\[Thread" | tail -40
  fi
done

echo "== GPU benchmarks (ember vs torch)"
"$PY" tools/bench/gpu.py ${GPU_BENCH_ARGS:-}
exit $status
