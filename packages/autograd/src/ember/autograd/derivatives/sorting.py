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


def _quantile_backward(grad, input, q, dim, keepdim, interpolation, ignore_nan, needs):
    """Each quantile is read from one or two sorted values (weights by interpolation): the gradient
    goes back to the elements that sorted there. A NaN makes quantile NaN, read from the NaN itself
    (sorted last); nanquantile counts only the other values."""
    x = input.reshape(-1) if dim is None or input.dim() == 0 else input.movedim(dim, -1)
    values, order = ember.sort(x, -1)  # NaN last
    n = x.shape[-1]
    q_tensor = isinstance(q, ember.Tensor)
    qs = (q if q_tensor else ember.tensor(float(q), dtype=values.dtype)).to(values.dtype).reshape(-1)
    nans = values.isnan().sum(-1, keepdim=True)
    if ignore_nan:
        count = n - nans
        rank = ember.where(count == 0, float(n - 1), qs * (count - 1).to(values.dtype))
    else:
        rank = ember.where(nans > 0, float(n - 1), qs * (n - 1))
    rank = rank.expand(*values.shape[:-1], qs.shape[0])
    lo, hi = rank.floor(), rank.ceil()
    if interpolation == "linear":
        w_hi = rank - lo
    elif interpolation == "lower":
        w_hi = ember.zeros_like(rank)
    elif interpolation == "higher":
        w_hi = ember.ones_like(rank)
    elif interpolation == "nearest":
        w_hi = (rank.round() == hi).to(rank.dtype)
    else:  # midpoint
        w_hi = ember.full_like(rank, 0.5)
    lo, hi = lo.to(ember.int64), hi.to(ember.int64)
    # grad: (q dims..., reduced shape) -> (reduced shape without dim, len(q))
    g = grad.movedim(0, -1) if q_tensor and q.dim() == 1 else grad.unsqueeze(-1)
    g = g.reshape(*values.shape[:-1], qs.shape[0])
    g_sorted = ember.zeros(values.shape, dtype=g.dtype, device=g.device)
    g_sorted = g_sorted.scatter_add(-1, lo, g * (1 - w_hi)).scatter_add(-1, hi, g * w_hi)
    g_x = ember.zeros(values.shape, dtype=g.dtype, device=g.device).scatter(-1, order, g_sorted)
    g_x = g_x.reshape(input.shape) if dim is None or input.dim() == 0 else g_x.movedim(-1, dim)
    g_q = None
    if needs[1] and interpolation == "linear":  # d quantile / d q = (upper - lower value) * (count - 1)
        spread = ember.where(lo == hi, 0.0, values.gather(-1, hi) - values.gather(-1, lo))
        scale = (count if ignore_nan else ember.full_like(nans, n)) - 1
        g_q = (g * spread * scale.to(g.dtype)).reshape(-1, qs.shape[0]).sum(0).reshape(q.shape)
    return g_x, g_q


@derivative("quantile", inputs=("input", "q"))
def quantile_backward(grad, input, q, dim=None, keepdim=False, *, interpolation="linear", needs):
    return _quantile_backward(grad, input, q, dim, keepdim, interpolation, False, needs)


@derivative("nanquantile", inputs=("input", "q"))
def nanquantile_backward(grad, input, q, dim=None, keepdim=False, *, interpolation="linear", needs):
    return _quantile_backward(grad, input, q, dim, keepdim, interpolation, True, needs)
