"""Tensor core I cases: per-op overhead, elementwise math, allocation, matmul."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)

    for n in (64, 256, 1024):
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        ea, eb = ember.from_numpy(a), ember.from_numpy(b)
        ta, tb = (torch.from_numpy(a), torch.from_numpy(b)) if torch else (None, None)
        yield case(
            torch, f"matmul f32 {n}x{n}", lambda: ember.matmul(ea, eb), lambda: a @ b, lambda: torch.matmul(ta, tb)
        )

    # Per-op overhead: one element.
    a1, b1 = np.ones(1, np.float32), np.ones(1, np.float32)
    e1, f1 = ember.from_numpy(a1), ember.from_numpy(b1)
    t1, u1 = (torch.from_numpy(a1), torch.from_numpy(b1)) if torch else (None, None)
    yield case(torch, "add 1 element", lambda: e1 + f1, lambda: a1 + b1, lambda: t1 + u1)

    for n in (64_000, 16_000_000):
        a = rng.standard_normal(n, dtype=np.float32)
        b = rng.standard_normal(n, dtype=np.float32)
        ea, eb = ember.from_numpy(a), ember.from_numpy(b)
        ta, tb = (torch.from_numpy(a), torch.from_numpy(b)) if torch else (None, None)
        F = torch.nn.functional if torch else None
        yield case(torch, f"add {n:.1e}", lambda: ea + eb, lambda: a + b, lambda: ta + tb)
        yield case(torch, f"exp {n:.1e}", lambda: ember.exp(ea), lambda: np.exp(a), lambda: torch.exp(ta))
        yield case(torch, f"tanh {n:.1e}", lambda: ember.tanh(ea), lambda: np.tanh(a), lambda: torch.tanh(ta))
        yield case(torch, f"sigmoid {n:.1e}", lambda: ember.sigmoid(ea), None, lambda: torch.sigmoid(ta))
        yield case(torch, f"gelu {n:.1e}", lambda: ember._C.gelu(ea), None, lambda: F.gelu(ta))
    out_e = ember.empty(16_000_000)
    out_n = np.empty(16_000_000, np.float32)
    out_t = torch.empty(16_000_000) if torch else None
    yield case(
        torch,
        "add out= 1.6e+07",
        lambda: ember.add(ea, eb, out=out_e),
        lambda: np.add(a, b, out=out_n),
        lambda: torch.add(ta, tb, out=out_t),
    )
    libs = {"ember": lambda: ember.zeros(1000), "numpy": lambda: np.zeros(1000, np.float32)}
    if torch is not None:
        libs["torch"] = lambda: torch.zeros(1000)
    yield "zeros(1000)", libs
