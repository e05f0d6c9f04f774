"""ember next to PyTorch on one CUDA device, in one process.

    python tools/bench/gpu.py [--filter NAME] [--quick]

Each case runs the same work in both libraries; a sample is the wall time of
enough calls to fill min_time, bracketed by device synchronisations, and the
median of the samples counts. Prints both times and torch_time / ember_time:
ember's throughput as a fraction of PyTorch's (1.0 = as fast; above is faster).
The issue's targets are in the last column. Cases ember can't run yet print
the reason instead of a time.
"""

import argparse
import sys
import time
from pathlib import Path


def median_seconds(fn, sync, repeat=5, min_time=0.05):
    fn()
    sync()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        if time.perf_counter() - start >= min_time:
            break
        calls *= 2
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        samples.append((time.perf_counter() - start) / calls)
    samples.sort()
    return samples[len(samples) // 2]


def cases(ember, torch, quick):
    """(name, target, ember_fn, torch_fn, bytes_moved or None); each case's
    tensors stay alive until the generator moves on (the caller times a case
    before asking for the next)."""
    n = 1 << (24 if quick else 28)
    te = torch.randn(n, device="cuda")
    tf = torch.randn(n, device="cuda")
    ee = ember.randn(n).cuda()
    ef = ember.randn(n).cuda()
    g = torch.nn.functional.gelu
    yield f"add 2^{n.bit_length() - 1} f32", 0.9, lambda: ee + ef, lambda: te + tf, 12 * n
    yield f"mul 2^{n.bit_length() - 1} f32", 0.9, lambda: ee * ef, lambda: te * tf, 12 * n
    yield f"exp 2^{n.bit_length() - 1} f32", 0.9, lambda: ember.exp(ee), lambda: torch.exp(te), 8 * n
    yield f"gelu 2^{n.bit_length() - 1} f32", 0.9, lambda: ember._C.gelu(ee), lambda: g(te), 8 * n

    m = 4096 if quick else 8192
    ts = torch.randn(m, m, device="cuda")
    es = ember.randn(m, m).cuda()
    yield f"sum {m}x{m}", 0.9, lambda: es.sum(), lambda: ts.sum(), 4 * m * m
    yield f"sum dim=0 {m}x{m}", 0.9, lambda: es.sum(0), lambda: ts.sum(0), 4 * m * m
    yield f"sum dim=1 {m}x{m}", 0.9, lambda: es.sum(1), lambda: ts.sum(1), 4 * m * m
    yield f"softmax {m}x{m}", 0.9, lambda: ember.softmax(es, -1), lambda: torch.softmax(ts, -1), 8 * m * m

    k = 4096 if quick else 8192
    for dtype in ("bfloat16", "float32"):
        ta = torch.randn(k, k, device="cuda", dtype=getattr(torch, dtype))
        tb = torch.randn(k, k, device="cuda", dtype=getattr(torch, dtype))
        ea = ember.randn(k, k).to(getattr(ember, dtype)).cuda()
        eb = ember.randn(k, k).to(getattr(ember, dtype)).cuda()
        yield f"matmul {k}^3 {dtype}", 0.95, lambda ea=ea, eb=eb: ea @ eb, lambda ta=ta, tb=tb: ta @ tb, None
        if dtype == "float32":

            def tf32(lib, flag):
                lib.backends.cuda.matmul.allow_tf32 = flag

            def with_tf32(lib, fn):
                def run():
                    tf32(lib, True)
                    try:
                        return fn()
                    finally:
                        tf32(lib, False)

                return run

            yield (
                f"matmul {k}^3 tf32",
                0.95,
                with_tf32(ember, lambda ea=ea, eb=eb: ea @ eb),
                with_tf32(torch, lambda ta=ta, tb=tb: ta @ tb),
                None,
            )

    # conv2d fwd+bwd, batch 64, 64->64 channels, 56x56, 3x3
    tx = torch.randn(64, 64, 56, 56, device="cuda", requires_grad=True)
    tw = torch.randn(64, 64, 3, 3, device="cuda", requires_grad=True)

    def torch_conv():
        torch.nn.functional.conv2d(tx, tw, padding=1).sum().backward()

    ex = ember.randn(64, 64, 56, 56).cuda().requires_grad_()
    ew = ember.randn(64, 64, 3, 3).cuda().requires_grad_()

    def ember_conv():
        ember.conv2d(ex, ew, None, 1, 1).sum().backward()

    yield "conv2d fwd+bwd 64x64x56^2", 0.7, ember_conv, torch_conv, None

    # launch overhead: a 10-op chain on small tensors (ember's time <= torch's)
    sa, sb = ember.randn(64).cuda(), ember.randn(64).cuda()
    ta, tb = torch.randn(64, device="cuda"), torch.randn(64, device="cuda")

    def chain(lib, a, b):
        def run():
            x = a + b
            x = x * b
            x = lib.relu(x)
            x = x - a
            x = lib.exp(x * 0.01)
            x = x / (b.abs() + 1)
            x = lib.tanh(x)
            return x.sum()

        return run

    yield "10-op chain 64 f32", 1.0, chain(ember, sa, sb), chain(torch, ta, tb), None

    # host <-> device copies of 1 GB (256 MB quick) pinned memory
    nbytes = (256 if quick else 1024) << 20
    ph = ember.empty(nbytes // 4).pin_memory()
    pd = ember.empty(nbytes // 4, device="cuda")
    th = torch.empty(nbytes // 4).pin_memory()
    td = torch.empty(nbytes // 4, device="cuda")
    yield f"H2D {nbytes >> 20} MB pinned", 0.9, lambda: pd.copy_(ph), lambda: td.copy_(th), nbytes
    yield f"D2H {nbytes >> 20} MB pinned", 0.9, lambda: ph.copy_(pd), lambda: th.copy_(td), nbytes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filter", default="")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    import torch

    import ember

    if not (ember.cuda.is_available() and torch.cuda.is_available()):
        print(f"no CUDA device: ember says {ember.cuda.unavailable_reason()!r}")
        return 1
    print(f"device: {ember.cuda.get_device_name()} (torch {torch.__version__})")
    print(f"{'case':<28}{'ember':>12}{'torch':>12}{'torch/ember':>13}{'target':>8}{'ember GB/s':>12}")

    def sync():
        ember.cuda.synchronize()
        torch.cuda.synchronize()

    for name, target, ember_fn, torch_fn, nbytes in cases(ember, torch, args.quick):
        if args.filter not in name:
            continue
        t_torch = median_seconds(torch_fn, sync)
        try:
            t_ember = median_seconds(ember_fn, sync)
        except Exception as e:  # an op ember can't run on CUDA yet
            print(f"{name:<28}{'-':>12}{t_torch * 1e3:>10.3f}ms  ember: {type(e).__name__}: {str(e)[:70]}")
            continue
        ratio = t_torch / t_ember
        flag = "" if ratio >= target else "  below"
        bw = f"{nbytes / t_ember / 1e9:>10.0f}" if nbytes else ""
        print(f"{name:<28}{t_ember * 1e3:>10.3f}ms{t_torch * 1e3:>10.3f}ms{ratio:>12.2f}x{target:>7.2f}{bw:>12}{flag}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
