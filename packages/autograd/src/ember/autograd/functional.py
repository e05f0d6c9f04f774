"""ember.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp (as torch.autograd.functional).

Built on grad(): reverse mode, one backward per output element for jacobian;
jvp uses the double-vjp trick (the vjp is linear in its vector).
"""

import ember
from ember import _C

Tensor = _C.Tensor


def _tuple(x):
    return (x,) if isinstance(x, Tensor) else tuple(x)


def _prepare(inputs, create_graph):
    """Inputs that require grad: fresh leaves, or (create_graph) the tensors themselves when they do."""
    return tuple(t if create_graph and t.requires_grad else t.detach().requires_grad_(True) for t in _tuple(inputs))


def _grads(outputs, inputs, grad_outputs, create_graph, strict, what):
    grads = ember.autograd.grad(
        outputs, inputs, grad_outputs, create_graph=create_graph, retain_graph=True, allow_unused=True
    )
    result = []
    for i, (g, t) in enumerate(zip(grads, inputs, strict=True)):
        if g is None:
            if strict:
                raise RuntimeError(
                    f"The output of the user-provided function is independent of input {i}. This is "
                    f"not allowed in strict mode ({what})."
                )
            g = ember.zeros_like(t)
        result.append(g)
    return tuple(result)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J).

    Example:

    >>> ember.autograd.functional.vjp(lambda x: x ** 2, ember.tensor([1.0, 2.0]), ember.ones(2))
    (tensor([1., 4.]), tensor([2., 4.]))
    """
    single = isinstance(inputs, Tensor)
    ins = _prepare(inputs, create_graph)
    with ember.enable_grad():
        out = func(*ins)
        outs = _tuple(out)
        vs = _tuple(v) if v is not None else None
        if vs is None and any(o.numel() != 1 for o in outs):
            raise RuntimeError(
                "The vector v can only be None if the user-provided function returns a single "
                "Tensor with a single element."
            )
        diff_outs = [o for o in outs if o.requires_grad]
        grads = (
            _grads(diff_outs, ins, vs, create_graph, strict, "vjp")
            if diff_outs
            else tuple(ember.zeros_like(t) for t in ins)
        )
    out = out if create_graph else (out.detach() if isinstance(out, Tensor) else tuple(o.detach() for o in out))
    return out, grads[0] if single else grads


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v), by differentiating a vjp with respect to its vector.

    Example:

    >>> ember.autograd.functional.jvp(lambda x: x ** 2, ember.tensor([1.0, 2.0]), ember.ones(2))
    (tensor([1., 4.]), tensor([2., 4.]))
    """
    ins = _prepare(inputs, True)
    vs = _tuple(v) if v is not None else tuple(ember.ones_like(t) for t in ins)
    with ember.enable_grad():
        out = func(*ins)
        outs = _tuple(out)
        us = tuple(ember.zeros_like(o).requires_grad_(True) for o in outs)
        g = ember.autograd.grad(outs, ins, us, create_graph=True, allow_unused=True)
        pairs = [(gi, vi) for gi, vi in zip(g, vs, strict=True) if gi is not None]
        jv = ember.autograd.grad(
            [p[0] for p in pairs], us, [p[1] for p in pairs], create_graph=create_graph, allow_unused=True
        )
    jv = tuple(ember.zeros_like(o) if j is None else j for j, o in zip(jv, outs, strict=True))
    out = out.detach() if isinstance(out, Tensor) else tuple(o.detach() for o in out)
    return out, jv[0] if isinstance(out, Tensor) else jv


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """d func / d inputs: shape output.shape + input.shape, nested as PyTorch nests tuples.

    Example:

    >>> ember.autograd.functional.jacobian(lambda x: x ** 2, ember.tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    single_in = isinstance(inputs, Tensor)
    ins = _prepare(inputs, create_graph)
    with ember.enable_grad():
        out = func(*ins)
    single_out = isinstance(out, Tensor)
    outs = _tuple(out)
    rows = []
    for o in outs:
        per_input = [[] for _ in ins]
        flat = o.reshape(-1)
        for j in range(flat.numel()):
            if o.requires_grad:
                g = _grads([flat[j]], ins, None, create_graph, strict, "jacobian")
            else:
                g = tuple(ember.zeros_like(t) for t in ins)
            for k, gk in enumerate(g):
                per_input[k].append(gk)
        rows.append(
            tuple(
                (ember.stack(p) if p else ember.zeros(0, *t.shape, dtype=t.dtype)).reshape(*o.shape, *t.shape)
                for p, t in zip(per_input, ins, strict=True)
            )
        )
    if single_out and single_in:
        return rows[0][0]
    if single_out:
        return rows[0]
    if single_in:
        return tuple(r[0] for r in rows)
    return tuple(rows)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """Second derivatives of a scalar func: the jacobian of its gradient.

    Example:

    >>> ember.autograd.functional.hessian(lambda x: (x ** 3).sum(), ember.tensor([1.0, 2.0]))
    tensor([[ 6.,  0.],
            [ 0., 12.]])
    """
    single = isinstance(inputs, Tensor)

    def gradient(*xs):
        with ember.enable_grad():
            out = func(*xs)
            if out.numel() != 1:
                raise RuntimeError("The function given to hessian should return a single element Tensor")
            g = _grads([out], xs, None, True, strict, "hessian")
        return g[0] if single else g

    return jacobian(gradient, inputs, create_graph=create_graph, strict=strict)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H).

    Example:

    >>> ember.autograd.functional.vhp(lambda x: (x ** 3).sum(), ember.tensor([1.0, 2.0]), ember.ones(2))
    (tensor(9.), tensor([ 6., 12.]))
    """
    single = isinstance(inputs, Tensor)
    ins = _prepare(inputs, True)
    vs = _tuple(v)
    with ember.enable_grad():
        out = func(*ins)
        g = _grads([out], ins, None, True, strict, "vhp")
        h = _grads(list(g), ins, list(vs), create_graph, strict, "vhp")
    return out.detach(), h[0] if single else h


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v): equal to vhp for the symmetric Hessian.

    Example:

    >>> ember.autograd.functional.hvp(lambda x: (x ** 3).sum(), ember.tensor([1.0, 2.0]), ember.ones(2))
    (tensor(9.), tensor([ 6., 12.]))
    """
    return vhp(func, inputs, v, create_graph, strict)
