"""ember's GEMM next to NumPy's, in one process, one thread each.

    python tools/demo_matmul.py [--size 1024] [--threads 1]

Both call OpenBLAS (ember the scipy-openblas32 build, NumPy its bundled
one); this shows ember adds nothing on top of the BLAS.
"""

import argparse
import os
import sys
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    # Both OpenBLAS copies read this when they load.
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)

    import numpy as np

    import ember

    sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
    from timing import median_seconds

    ember.set_num_threads(args.threads)
    n = args.size
    rng = np.random.default_rng(0)
    a_np = rng.standard_normal((n, n), dtype=np.float32)
    b_np = rng.standard_normal((n, n), dtype=np.float32)
    a, b = ember.from_numpy(a_np), ember.from_numpy(b_np)

    err = np.abs(ember.matmul(a, b).numpy() - a_np @ b_np).max()
    flops = 2.0 * n**3
    t_ember = median_seconds(lambda: ember.matmul(a, b))
    t_numpy = median_seconds(lambda: a_np @ b_np)
    print(f"float32 GEMM {n}x{n} @ {n}x{n}, {args.threads} thread(s); max |ember - numpy| = {err:.2e}")
    print(f"  ember  {flops / t_ember / 1e9:8.1f} GFLOP/s  ({t_ember * 1e3:.2f} ms)")
    print(f"  numpy  {flops / t_numpy / 1e9:8.1f} GFLOP/s  ({t_numpy * 1e3:.2f} ms)")
    print(f"  ember / numpy throughput: {t_numpy / t_ember:.3f}x")


if __name__ == "__main__":
    main()
