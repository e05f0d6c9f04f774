"""Derivatives of sorting and selection: the gradient goes back to where each value came from."""

import ember
from ember.autograd.formula import derivative


def _scatter_back(grad, input, dim, indices, keepdim=True):
    if input.dim() == 0:
        return grad
    if not keepdim:
        grad = grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return ember.zeros(input.shape, dtype=grad.dtype, device=grad.device).scatter(dim, indices, grad)


@derivative("sort")
def sort_backward(grad, input, dim=-1, descending=False, *, stable=None, result):
    return _scatter_back(grad[0], input, dim, result[1])


@derivative("msort")
def msort_backward(grad, input):
    if input.dim() == 0:
        return grad
    return _scatter_back(grad, input, 0, ember.argsort(input, dim=0, stable=True))


@derivative("topk")
def topk_backward(grad, input, k, dim=-1, largest=True, sorted=True, *, result):
    return _scatter_back(grad[0], input, dim, result[1])


@derivative("kthvalue")
def kthvalue_backward(grad, input, k, dim=-1, keepdim=False, *, result):
    return _scatter_back(grad[0], input, dim, result[1], keepdim)


@derivative("mode")
def mode_backward(grad, input, dim=-1, keepdim=False, *, result):
    return _scatter_back(grad[0], input, dim, result[1], keepdim)


@derivative("median", "nanmedian")
def median_backward(grad, input, dim=None, keepdim=False, *, result):
    if dim is None:  # one value: its gradient goes to one element holding it, as PyTorch picks
        flat = input.reshape(-1)
        index = ember.median(flat, 0).indices if not bool(flat.isnan().any()) else None
        if index is None:
            index = ember.nanmedian(flat, 0).indices
        g = ember.zeros(flat.shape, dtype=grad.dtype, device=grad.device).index_put_(
            (index.reshape(1),), grad.reshape(1)
        )
        return g.reshape(input.shape)
    return _scatter_back(grad[0], input, dim, result[1], keepdim)


@derivative("trace", save=())
def trace_backward(grad, input):
    n, m = input.shape
    return ember.eye(n, m, dtype=grad.dtype, device=grad.device) * grad


@derivative("cdist", inputs=("x1", "x2"))
def cdist_backward(grad, x1, x2, p=2.0, compute_mode=None, *, result):
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)  # (..., P, R, M)
    d = result.unsqueeze(-1)
    g = grad.unsqueeze(-1)
    if p == 0:
        return x1 * 0, x2 * 0
    if p == 1:
        w = diff.sign()
    elif p == 2:
        w = ember.where(d == 0, 0.0, diff / d)
    elif p == float("inf"):
        a = diff.abs()
        hit = (a == d).to(diff.dtype)
        w = diff.sign() * hit / hit.sum(-1, keepdim=True).clamp_min(1)
    else:
        w = ember.where(d == 0, 0.0, diff.sign() * diff.abs().pow(p - 1) / d.pow(p - 1))
    gw = g * w
    return gw.sum(-2), -gw.sum(-3)
