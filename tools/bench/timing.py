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


def _calls_for(fn, min_time):
    """How many calls of fn last at least min_time (after one warm-up call)."""
    fn()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        if time.perf_counter() - start >= min_time:
            return calls
        calls *= 2


def interleaved_medians(fns, repeat=7, min_time=0.02):
    """{name: median seconds per call} for several callables, sampled in turn
    (ember, rival, ember, rival, ...) so that a change in the machine's load
    falls on all of them alike and their ratios stay meaningful."""
    calls = {name: _calls_for(fn, min_time) for name, fn in fns.items()}
    samples = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            for _ in range(calls[name]):
                fn()
            samples[name].append((time.perf_counter() - start) / calls[name])
    return {name: sorted(s)[len(s) // 2] for name, s in samples.items()}


def case(torch, name, ember_fn, numpy_fn=None, torch_fn=None):
    """(name, {library: callable}) for one benchmark; rivals left out when absent."""
    libs = {"ember": ember_fn}
    if numpy_fn is not None:
        libs["numpy"] = numpy_fn
    if torch is not None and torch_fn is not None:
        libs["torch"] = torch_fn
    return name, libs
