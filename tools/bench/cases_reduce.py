"""Reduction cases: full and per-dim sums, max with indices, softmax."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)

    a = rng.standard_normal(16_000_000, dtype=np.float32)
    ea = ember.from_numpy(a)
    ta = torch.from_numpy(a) if torch else None
    yield case(torch, "sum 1.6e+07", lambda: ea.sum(), lambda: a.sum(), lambda: ta.sum())

    m = rng.standard_normal((4096, 4096), dtype=np.float32)
    em = ember.from_numpy(m)
    tm = torch.from_numpy(m) if torch else None
    F = torch.nn.functional if torch else None
    yield case(torch, "sum dim=1 4096x4096", lambda: em.sum(1), lambda: m.sum(1), lambda: tm.sum(1))
    yield case(torch, "sum dim=0 4096x4096", lambda: em.sum(0), lambda: m.sum(0), lambda: tm.sum(0))
    yield case(torch, "max dim=1 4096x4096", lambda: em.max(1), None, lambda: tm.max(1))
    yield case(torch, "softmax dim=-1 4096x4096", lambda: em.softmax(-1), None, lambda: F.softmax(tm, -1))
