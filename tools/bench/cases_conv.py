"""Convolution and pooling cases (issue 5): conv2d forward, and forward plus
both backward ops (data and weight; torch's through autograd), max_pool2d."""

from timing import case


def cases(np, ember, torch):
    """(name, {library: callable}) for each benchmark."""
    rng = np.random.default_rng(0)
    nn = ember._C._nn
    for cin, cout, size in ((3, 64, 32), (64, 64, 16)):
        x = rng.standard_normal((32, cin, size, size), dtype=np.float32)
        w = rng.standard_normal((cout, cin, 3, 3), dtype=np.float32)
        gy = rng.standard_normal((32, cout, size, size), dtype=np.float32)
        ex, ew, egy = ember.from_numpy(x), ember.from_numpy(w), ember.from_numpy(gy)
        tx, tw, tgy = (torch.from_numpy(a) for a in (x, w, gy)) if torch else (None, None, None)
        name = f"conv2d {cin}->{cout} {size}x{size}"

        def ember_train(ex=ex, ew=ew, egy=egy):
            ember.conv2d(ex, ew, padding=1)
            return nn.convolution_backward(egy, ex, ew, [1, 1], [1, 1], [1, 1], False, [0, 0], 1, [True, True, False])

        def torch_train(tx=tx, tw=tw, tgy=tgy):
            a, b = tx.detach().requires_grad_(), tw.detach().requires_grad_()
            torch.nn.functional.conv2d(a, b, padding=1).backward(tgy)

        yield case(
            torch,
            name,
            lambda ex=ex, ew=ew: ember.conv2d(ex, ew, padding=1),
            None,
            lambda tx=tx, tw=tw: torch.nn.functional.conv2d(tx, tw, padding=1),
        )
        yield case(torch, name + " fwd+bwd", ember_train, None, torch_train)

    x = rng.standard_normal((32, 64, 32, 32), dtype=np.float32)
    ex = ember.from_numpy(x)
    tx = torch.from_numpy(x) if torch else None
    yield case(
        torch,
        "max_pool2d 2x2 32x64x32x32",
        lambda: ember.max_pool2d(ex, 2),
        None,
        lambda: torch.nn.functional.max_pool2d(tx, 2),
    )
