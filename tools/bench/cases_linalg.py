"""Linear algebra (issue 5): GEMM sizes, bmm, einsum next to the bmm/mm it
should match, and LAPACK solve/cholesky/svd on 512x512 float64."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)

    def both(x):
        return ember.from_numpy(x), (torch.from_numpy(x) if torch else None)

    for n in (256, 512, 1024, 2048):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        (ea, ta), (eb, tb) = both(a), both(b)
        yield case(torch, f"gemm f32 {n}", lambda: ember.mm(ea, eb), lambda: a @ b, lambda: torch.mm(ta, tb))

    a = rng.standard_normal((64, 128, 128), dtype=np.float32)
    b = rng.standard_normal((64, 128, 128), dtype=np.float32)
    (ea, ta), (eb, tb) = both(a), both(b)
    yield case(torch, "bmm 64x128^3", lambda: ember.bmm(ea, eb), lambda: a @ b, lambda: torch.bmm(ta, tb))
    yield case(
        torch,
        "einsum bij,bjk->bik",
        lambda: ember.einsum("bij,bjk->bik", ea, eb),
        lambda: np.einsum("bij,bjk->bik", a, b, optimize=True),
        lambda: torch.einsum("bij,bjk->bik", ta, tb),
    )
    m = rng.standard_normal((512, 512), dtype=np.float32)
    k = rng.standard_normal((512, 512), dtype=np.float32)
    (em, tm), (ek, tk) = both(m), both(k)
    yield case(torch, "mm f32 512 (einsum ref)", lambda: ember.mm(em, ek), lambda: m @ k, lambda: torch.mm(tm, tk))
    yield case(
        torch,
        "einsum ij,jk->ik 512",
        lambda: ember.einsum("ij,jk->ik", em, ek),
        lambda: np.einsum("ij,jk->ik", m, k, optimize=True),
        lambda: torch.einsum("ij,jk->ik", tm, tk),
    )

    n = 512
    x = rng.standard_normal((n, n))
    spd = x @ x.T + n * np.eye(n)
    rhs = rng.standard_normal((n, 1))
    (ex, tx), (es, ts), (er, tr) = both(x), both(spd), both(rhs)
    L, T = ember.linalg, torch.linalg if torch else None
    yield case(
        torch, "solve f64 512", lambda: L.solve(ex, er), lambda: np.linalg.solve(x, rhs), lambda: T.solve(tx, tr)
    )
    yield case(
        torch, "cholesky f64 512", lambda: L.cholesky(es), lambda: np.linalg.cholesky(spd), lambda: T.cholesky(ts)
    )
    yield case(torch, "svd f64 512", lambda: L.svd(ex), lambda: np.linalg.svd(x), lambda: T.svd(tx))
