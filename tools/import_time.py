"""Median wall time of `import ember` in fresh processes.

    python tools/import_time.py [--runs 5] [--module ember]

Reports the import alone (the interpreter's own start-up is subtracted by
timing `python -c pass` the same way).
"""

import argparse
import statistics
import subprocess
import sys
import time


def wall(code, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--module", default="ember")
    args = parser.parse_args()
    wall(f"import {args.module}", 1)  # warm the file cache
    base = wall("pass", args.runs)
    total = wall(f"import {args.module}", args.runs)
    print(
        f"import {args.module}: {(total - base) * 1e3:.1f} ms (median of {args.runs}; interpreter start-up "
        f"{base * 1e3:.1f} ms not included)"
    )


if __name__ == "__main__":
    main()
