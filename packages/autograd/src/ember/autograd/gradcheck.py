"""gradcheck / gradgradcheck: analytical gradients against central finite differences."""

import numpy as np

import ember
from ember import _C

Tensor = _C.Tensor


def _tensors(inputs):
    return [t for t in inputs if isinstance(t, Tensor)]


def _flat_outputs(out):
    outs = out if isinstance(out, tuple | list) else (out,)
    return [o for o in outs if isinstance(o, Tensor) and (o.dtype.is_floating_point or o.dtype.is_complex)]


def _numerical_jacobian(fn, inputs, wrt, eps):
    """Columns d(outputs)/d(wrt[k]) by central differences, each the outputs flattened and joined."""
    cols = []
    with ember.no_grad():
        alias = wrt.detach()  # same memory and strides: writes reach wrt, however it is laid out
        for k in range(wrt.numel()):
            at = tuple(int(i) for i in np.unravel_index(k, tuple(wrt.shape))) if wrt.dim() else ()
            orig = alias[at].item()
            alias[at] = orig + eps
            plus = [o.detach().reshape(-1).clone() for o in _flat_outputs(fn(*inputs))]
            alias[at] = orig - eps
            minus = [o.detach().reshape(-1).clone() for o in _flat_outputs(fn(*inputs))]
            alias[at] = orig
            cols.append(ember.cat([(p - m) / (2 * eps) for p, m in zip(plus, minus, strict=True)]))
    return cols


class GradcheckError(RuntimeError):
    """gradcheck found analytical and numerical gradients that differ."""


def gradcheck(
    func,
    inputs,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_backward_ad=True,
    fast_mode=False,
    masked=None,
):
    """True when the gradients autograd computes for func at inputs match finite differences.

    Inputs that require grad should be float64, as in PyTorch (real inputs only).

    Example:

    >>> x = ember.tensor([0.5, 1.5], dtype=ember.float64, requires_grad=True)
    >>> ember.autograd.gradcheck(ember.sin, (x,))
    True
    """
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    wrt = [t for t in _tensors(inputs) if t.requires_grad]
    if not wrt:
        raise ValueError(
            "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True."
        )
    if any(t.dtype.is_complex for t in wrt):
        raise NotImplementedError("gradcheck: complex inputs are not supported by ember yet")
    outs = _flat_outputs(func(*inputs))
    rows = []  # one analytical row per output element: the gradient of that element
    for o in outs:
        for j in range(o.numel()):
            g = ember.zeros(o.numel(), dtype=o.dtype)
            g[j] = 1
            if o.requires_grad:
                grads = ember.autograd.grad(o, wrt, g.reshape(o.shape), retain_graph=True, allow_unused=True)
            else:
                grads = [None] * len(wrt)
            rows.append(
                [
                    ember.zeros(w.numel(), dtype=w.dtype) if a is None else a.reshape(-1)
                    for a, w in zip(grads, wrt, strict=True)
                ]
            )
    for wi, w in enumerate(wrt):
        numeric = _numerical_jacobian(func, inputs, w, eps)
        n_out = sum(o.numel() for o in outs)
        num = ember.stack(numeric, dim=1) if numeric else ember.zeros(n_out, 0, dtype=ember.float64)
        ana = ember.stack([r[wi] for r in rows]) if rows else ember.zeros(0, w.numel(), dtype=ember.float64)
        num, ana = num.to(ember.float64), ana.to(ember.float64)
        if tuple(num.shape) != tuple(ana.shape) or not bool(ember.allclose(ana, num, rtol=rtol, atol=atol)):
            if raise_exception:
                raise GradcheckError(
                    f"Jacobian mismatch for output 0 with respect to input {wi},\n"
                    f"numerical:{num.tolist()}\nanalytical:{ana.tolist()}\n"
                )
            return False
    return True


def gradgradcheck(
    func,
    inputs,
    grad_outputs=None,
    *,
    eps=1e-6,
    atol=1e-5,
    rtol=1e-3,
    gen_non_contig_grad_outputs=False,
    raise_exception=True,
    nondet_tol=0.0,
    check_undefined_grad=True,
    check_grad_dtypes=False,
    check_batched_grad=False,
    check_fwd_over_rev=False,
    check_rev_over_rev=True,
    fast_mode=False,
    masked=False,
):
    """gradcheck of the gradient itself: checks second derivatives through create_graph=True.

    Example:

    >>> x = ember.tensor([0.5, 1.5], dtype=ember.float64, requires_grad=True)
    >>> ember.autograd.gradgradcheck(ember.sin, (x,))
    True
    """
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    wrt_pos = [i for i, t in enumerate(inputs) if isinstance(t, Tensor) and t.requires_grad]
    outs = _flat_outputs(func(*inputs))
    if grad_outputs is None:
        gen = ember.Generator().manual_seed(0)
        grad_outputs = [
            ember.randn(o.shape, dtype=o.dtype, generator=gen).requires_grad_() for o in outs if o.requires_grad
        ]
    grad_outputs = list(grad_outputs)
    n = len(inputs)

    def first_derivative(*args):
        ins, gos = args[:n], args[n:]
        with ember.enable_grad():  # also when gradcheck perturbs inputs under no_grad
            outs = [o for o in _flat_outputs(func(*ins)) if o.requires_grad]
            wrt = [ins[i] for i in wrt_pos]
            grads = ember.autograd.grad(outs, wrt, gos, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(
        first_derivative, (*inputs, *grad_outputs), eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception
    )
