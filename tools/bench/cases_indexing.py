"""Tensor core II indexing cases: x[idx] gathers, setitem, gather/scatter_add, masks."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal(10_000_000, dtype=np.float32)
    idx = rng.integers(0, a.size, 1_000_000)
    ea, ei = ember.from_numpy(a), ember.from_numpy(idx)
    ta, ti = (torch.from_numpy(a), torch.from_numpy(idx)) if torch else (None, None)
    yield case(torch, "index 1e6 of 1e7 f32", lambda: ea[ei], lambda: a[idx], lambda: ta[ti])
    yield case(
        torch,
        "index_put 1e6 of 1e7",
        lambda: ea.index_put_((ei,), ember.tensor(1.0)),
        None,
        lambda: ta.index_put_((ti,), torch.tensor(1.0)),
    )

    m = rng.standard_normal((1000, 1000), dtype=np.float32)
    rows = rng.integers(0, 1000, 500)
    em, er = ember.from_numpy(m), ember.from_numpy(rows)
    tm, tr = (torch.from_numpy(m), torch.from_numpy(rows)) if torch else (None, None)
    yield case(torch, "index rows 500 of 1e3x1e3", lambda: em[er], lambda: m[rows], lambda: tm[tr])

    g = rng.integers(0, 1000, (1000, 1000))
    eg = ember.from_numpy(g)
    tg = torch.from_numpy(g) if torch else None
    yield case(
        torch,
        "index gather 1e3x1e3 dim1",
        lambda: em.gather(1, eg),
        lambda: np.take_along_axis(m, g, 1),
        lambda: tm.gather(1, tg),
    )
    out_e = ember.zeros(1000, 1000)
    out_t = torch.zeros(1000, 1000) if torch else None
    yield case(
        torch,
        "index scatter_add 1e3x1e3",
        lambda: out_e.scatter_add_(1, eg, em),
        None,
        lambda: out_t.scatter_add_(1, tg, tm),
    )
    mask = m > 0
    emask = ember.from_numpy(mask)
    tmask = torch.from_numpy(mask) if torch else None
    yield case(torch, "index mask 1e3x1e3", lambda: em[emask], lambda: m[mask], lambda: tm[tmask])
