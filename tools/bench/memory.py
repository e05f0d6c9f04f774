"""Peak memory of forward+backward through a deep MLP: ember next to PyTorch.

    python tools/bench/memory.py [--layers 100] [--width 256] [--batch 512] [--repeat 3]

Each library runs in its own fresh process (peak RSS is per process). After
the imports and the parameters are made, the process resets its peak RSS
(Linux: /proc/self/clear_refs), then runs one forward and backward; the number
reported is the peak during that step above the RSS just before it, i.e. the
memory the activations, the saved tensors and the gradients took. (A second
step is not measured: an allocator that kept the first step's memory would
show almost no growth.) The ratio is
ember / torch: below 1.0 means ember needs less.
"""

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, os, sys
os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"
lib_name, layers, width, batch = sys.argv[1], *map(int, sys.argv[2:5])
import numpy as np
if lib_name == "ember":
    import ember as lib
    import ember.autograd  # noqa: F401
    lib.set_num_threads(1)
else:
    import torch as lib
    lib.set_num_threads(1)
rng = np.random.default_rng(0)
params = []
for _ in range(layers):
    w = (rng.standard_normal((width, width)) / np.sqrt(width)).astype(np.float32)
    params.append((lib.from_numpy(w).requires_grad_(), lib.zeros(width).requires_grad_()))
x = lib.from_numpy(rng.standard_normal((batch, width), dtype=np.float32))

def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])

def step():
    h = x
    for w, b in params:
        h = (h @ w + b).relu()
    h.square().mean().backward()

(x @ params[0][0]).relu()  # one op first: lazily loaded kernels are not counted
before = rss_kib("VmRSS:")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset VmHWM (peak RSS) to the current RSS
step()
peak = rss_kib("VmHWM:")
print(json.dumps({"before_kib": before, "peak_kib": peak, "step_kib": peak - before}))
"""


def measure(lib, layers, width, batch):
    out = subprocess.run(
        [sys.executable, "-c", CHILD, lib, str(layers), str(width), str(batch)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layers", type=int, default=100)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    steps = {"ember": [], "torch": []}
    for _ in range(args.repeat):
        for lib in steps:
            steps[lib].append(measure(lib, args.layers, args.width, args.batch)["step_kib"])
    med = {lib: statistics.median(v) for lib, v in steps.items()}
    print(f"{args.layers}-layer MLP width {args.width} batch {args.batch}: peak RSS of one fwd+bwd step above baseline")
    for lib, kib in med.items():
        print(f"  {lib:<6}{kib / 1024:>9.1f} MiB   (runs: {', '.join(f'{k / 1024:.1f}' for k in steps[lib])})")
    print(f"  ember/torch {med['ember'] / med['torch']:.3f}x")


if __name__ == "__main__":
    main()
