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

    def case(name, ember_fn, numpy_fn=None, torch_fn=None):
        libs = {"ember": ember_fn}
        if numpy_fn is not None:
            libs["numpy"] = numpy_fn
        if torch is not None and torch_fn is not None:
            libs["torch"] = torch_fn
        return name, libs

    for n in (64, 256, 1024):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        ea, eb = ember.from_numpy(a), ember.from_numpy(b)
        ta, tb = (torch.from_numpy(a), torch.from_numpy(b)) if torch else (None, None)
        yield case(f"matmul f32 {n}x{n}", lambda: ember.matmul(ea, eb), lambda: a @ b, lambda: torch.matmul(ta, tb))

    # Per-op overhead: one element.
    a1, b1 = np.ones(1, np.float32), np.ones(1, np.float32)
    e1, f1 = ember.from_numpy(a1), ember.from_numpy(b1)
    t1, u1 = (torch.from_numpy(a1), torch.from_numpy(b1)) if torch else (None, None)
    yield case("add 1 element", lambda: e1 + f1, lambda: a1 + b1, lambda: t1 + u1)

    for n in (64_000, 16_000_000):
        a = rng.standard_normal(n, dtype=np.float32)
        b = rng.standard_normal(n, dtype=np.float32)
        ea, eb = ember.from_numpy(a), ember.from_numpy(b)
        ta, tb = (torch.from_numpy(a), torch.from_numpy(b)) if torch else (None, None)
        F = torch.nn.functional if torch else None
        yield case(f"add {n:.1e}", lambda: ea + eb, lambda: a + b, lambda: ta + tb)
        yield case(f"exp {n:.1e}", lambda: ember.exp(ea), lambda: np.exp(a), lambda: torch.exp(ta))
        yield case(f"tanh {n:.1e}", lambda: ember.tanh(ea), lambda: np.tanh(a), lambda: torch.tanh(ta))
        yield case(f"sigmoid {n:.1e}", lambda: ember.sigmoid(ea), None, lambda: torch.sigmoid(ta))
        yield case(f"gelu {n:.1e}", lambda: ember._C.gelu(ea), None, lambda: F.gelu(ta))
    out_e = ember.empty(16_000_000)
    out_n = np.empty(16_000_000, np.float32)
    out_t = torch.empty(16_000_000) if torch else None
    yield case(
        "add out= 1.6e+07",
        lambda: ember.add(ea, eb, out=out_e),
        lambda: np.add(a, b, out=out_n),
        lambda: torch.add(ta, tb, out=out_t),
    )
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
        times = {lib: median_seconds(fn, repeat=5, min_time=0.02) for lib, fn in libs.items()}
        for lib, t in times.items():
            ratio = "" if lib == "ember" else f"{times['ember'] / t:.3f}x"
            print(f"{name:<24}{lib:<8}{t * 1e6:>10.1f}us{ratio:>12}")


if __name__ == "__main__":
    main()
