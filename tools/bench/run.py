"""ember next to NumPy and PyTorch, in one process, one thread each.

    python tools/bench/run.py [--filter NAME] [--threads 1]

Prints the median time of each case and ember's ratio to each rival
(time_ember / time_rival: below 1.0 means ember is faster).
"""

import argparse
import os
import sys
from pathlib import Path


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)
    for n in (64, 256, 1024):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        ea, eb = ember.from_numpy(a), ember.from_numpy(b)
        libs = {"ember": lambda ea=ea, eb=eb: ember.matmul(ea, eb), "numpy": lambda a=a, b=b: a @ b}
        if torch is not None:
            ta, tb = torch.from_numpy(a), torch.from_numpy(b)
            libs["torch"] = lambda ta=ta, tb=tb: torch.matmul(ta, tb)
        yield f"matmul f32 {n}x{n}", libs
    libs = {"ember": lambda: ember.zeros(1000), "numpy": lambda: np.zeros(1000, np.float32)}
    if torch is not None:
        libs["torch"] = lambda: torch.zeros(1000)
    yield "zeros(1000)", libs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filter", default="")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)

    import numpy as np

    import ember

    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        torch = None
        print("torch is not installed: comparing with NumPy only (nox -s bench installs it)")
    ember.set_num_threads(args.threads)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from timing import median_seconds

    print(f"{'case':<24}{'library':<8}{'median':>12}{'ember/this':>12}")
    for name, libs in cases(np, ember, torch):
        if args.filter not in name:
            continue
        times = {lib: median_seconds(fn) for lib, fn in libs.items()}
        for lib, t in times.items():
            ratio = "" if lib == "ember" else f"{times['ember'] / t:.3f}x"
            print(f"{name:<24}{lib:<8}{t * 1e6:>10.1f}us{ratio:>12}")


if __name__ == "__main__":
    main()
