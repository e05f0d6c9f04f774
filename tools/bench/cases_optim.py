"""Optimizer cases: one step() of Adam and SGD with momentum over many small
or a few large parameters, grads already in place.

"ember" is ember's default (flat buffers for many small parameters, else per
parameter) against torch's foreach=True (its multi-tensor path; on CPU torch
defaults to the for-loop); "loop" is foreach=False in both; "shared" has
ember's parameters as views of one buffer (flat, updated in place) against
torch's foreach=True."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    try:
        import ember.optim
    except ImportError:
        return
    rng = np.random.default_rng(0)
    for count, size in ((200, 10_000), (4, 1_000_000), (2000, 100)):
        values = [rng.standard_normal(size, dtype=np.float32) for _ in range(count)]
        grads = [rng.standard_normal(size, dtype=np.float32) for _ in range(count)]

        def ember_params(shared):
            if shared:
                buffer = ember.tensor(np.concatenate(values))
                params = list(buffer.split_with_sizes([size] * count))
            else:
                params = [ember.tensor(v) for v in values]
            for p, g in zip(params, grads, strict=True):
                p.requires_grad_(True)
                p.grad = ember.tensor(g)
            return params

        def torch_params():
            params = [torch.tensor(v, requires_grad=True) for v in values]
            for p, g in zip(params, grads, strict=True):
                p.grad = torch.tensor(g)
            return params

        for label, make in (
            ("Adam", lambda lib, ps, **kw: lib.optim.Adam(ps, lr=1e-4, **kw)),
            ("SGD-mom", lambda lib, ps, **kw: lib.optim.SGD(ps, lr=1e-4, momentum=0.9, **kw)),
        ):
            name = f"{label} {count}x{size:.0e}"
            torch_step = make(torch, torch_params(), foreach=True).step if torch else None
            torch_loop = make(torch, torch_params(), foreach=False).step if torch else None
            yield case(torch, name, make(ember, ember_params(False)).step, None, torch_step)
            yield case(torch, name + " loop", make(ember, ember_params(False), foreach=False).step, None, torch_loop)
            yield case(torch, name + " shared", make(ember, ember_params(True)).step, None, torch_step)
