"""Timing helpers shared by the benchmarks and the demo."""

import time


def median_seconds(fn, repeat=7, min_time=0.05):
    """Median over `repeat` samples of one call's time; each sample runs fn
    enough times to last at least min_time, so tiny calls are measurable."""
    fn()  # warm up: first-call allocation, lazy imports, thread start-up
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
        calls *= 2
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) / calls)
    samples.sort()
    return samples[len(samples) // 2]


def case(torch, name, ember_fn, numpy_fn=None, torch_fn=None):
    """(name, {library: callable}) for one benchmark; rivals left out when absent."""
    libs = {"ember": ember_fn}
    if numpy_fn is not None:
        libs["numpy"] = numpy_fn
    if torch is not None and torch_fn is not None:
        libs["torch"] = torch_fn
    return name, libs
