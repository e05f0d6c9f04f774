"""Tensor core II random cases: bulk normal and uniform draws, the in-place
fills, and small calls for per-call overhead."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)
    for n in (1_000, 10_000_000):
        yield case(
            torch,
            f"randn {n:.0e}",
            lambda n=n: ember.randn(n),
            lambda n=n: rng.standard_normal(n, dtype=np.float32),
            lambda n=n: torch.randn(n),
        )
        yield case(
            torch,
            f"rand {n:.0e}",
            lambda n=n: ember.rand(n),
            lambda n=n: rng.random(n, dtype=np.float32),
            lambda n=n: torch.rand(n),
        )
    e, t = ember.empty(1_000_000), torch.empty(1_000_000) if torch else None
    yield case(torch, "randn_ normal_ 1e+06", lambda: e.normal_(), None, lambda: t.normal_())
    yield case(torch, "rand exponential_ 1e+06", lambda: e.exponential_(), None, lambda: t.exponential_())
    yield case(
        torch,
        "randint 1e+06",
        lambda: ember.randint(0, 1000, (1_000_000,)),
        lambda: rng.integers(0, 1000, 1_000_000),
        lambda: torch.randint(0, 1000, (1_000_000,)),
    )
    yield case(torch, "randperm 1e+05", lambda: ember.randperm(100_000), None, lambda: torch.randperm(100_000))
    w = rng.random(1000).astype(np.float32)
    ew, tw = ember.from_numpy(w), torch.from_numpy(w) if torch else None
    yield case(
        torch,
        "rand multinomial 1e3 x 100",
        lambda: ember.multinomial(ew, 100, True),
        None,
        lambda: torch.multinomial(tw, 100, True),
    )
