"""ember next to NumPy and PyTorch, in one process, one thread each.

    python tools/bench/run.py [--filter NAME] [--threads 1]

Prints the median time of each case (the libraries sampled in turn, so load
falls on all alike) and ember's ratio to each rival
(time_ember / time_rival: below 1.0 means ember is faster). The cases live
in tools/bench/cases_*.py, one file per area, each with a
cases(np, ember, torch) generator of (name, {library: callable}).
"""

import argparse
import importlib
import os
import sys
from pathlib import Path


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
    from timing import interleaved_medians

    modules = sorted(p.stem for p in Path(__file__).resolve().parent.glob("cases_*.py"))

    print(f"{'case':<24}{'library':<8}{'median':>12}{'ember/this':>12}")
    for module in modules:
        for name, libs in importlib.import_module(module).cases(np, ember, torch):
            if args.filter not in name:
                continue
            times = interleaved_medians(libs)
            for lib, t in times.items():
                ratio = "" if lib == "ember" else f"{times['ember'] / t:.3f}x"
                print(f"{name:<24}{lib:<8}{t * 1e6:>10.1f}us{ratio:>12}")


if __name__ == "__main__":
    main()
