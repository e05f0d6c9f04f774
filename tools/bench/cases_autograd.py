"""Autograd cases: graph overhead on tiny tensors, an MLP's forward and backward."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    try:
        import ember.autograd  # noqa: F401  (installs the recorder)
    except ImportError:
        return

    def chain(lib, x):
        def run():
            y = x
            for _ in range(5):
                y = (y * 1.5).sin()
            y.sum().backward()

        return run

    ex = ember.ones(1, requires_grad=True)
    tx = torch.ones(1, requires_grad=True) if torch else None
    yield case(torch, "10-op chain fwd+bwd, 1 element", chain(ember, ex), None, chain(torch, tx) if torch else None)

    rng = np.random.default_rng(0)
    sizes = [(64, 256), (256, 256), (256, 10)]
    x = rng.standard_normal((64, 64), dtype=np.float32)
    weights = [(rng.standard_normal(s, dtype=np.float32) * 0.1, np.zeros(s[1], np.float32)) for s in sizes]

    def mlp(lib, make):
        params = [(make(w).requires_grad_(), make(b).requires_grad_()) for w, b in weights]
        inp = make(x)

        def run():
            h = inp
            for i, (w, b) in enumerate(params):
                h = h @ w + b
                if i < len(params) - 1:
                    h = h.relu()
            h.square().mean().backward()
            for w, b in params:
                w.grad = None
                b.grad = None

        return run

    yield case(
        torch,
        "MLP 64-256-256-10 batch 64 fwd+bwd",
        mlp(ember, lambda a: ember.from_numpy(a.copy())),
        None,
        mlp(torch, lambda a: torch.from_numpy(a.copy())) if torch else None,
    )
