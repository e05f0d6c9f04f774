"""Sorting cases: a long 1-D sort (the radix sort's case), sorts of many rows, topk."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)

    a = rng.standard_normal(1_000_000, dtype=np.float32)
    ea = ember.from_numpy(a)
    ta = torch.from_numpy(a) if torch else None
    yield case(torch, "sort 1e6", lambda: ea.sort(), lambda: np.sort(a, kind="stable"), lambda: ta.sort())

    m = rng.standard_normal((1000, 1000), dtype=np.float32)
    em = ember.from_numpy(m)
    tm = torch.from_numpy(m) if torch else None
    yield case(torch, "sort dim=1 1000x1000", lambda: em.sort(1), lambda: np.sort(m, 1), lambda: tm.sort(1))
    yield case(torch, "topk 10 of 1e6", lambda: ea.topk(10), None, lambda: ta.topk(10))
