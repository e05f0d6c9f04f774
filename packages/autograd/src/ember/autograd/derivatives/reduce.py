"""Derivatives of reductions, scans and softmax."""

import ember
from ember import _C
from ember.autograd.derivatives._util import conj
from ember.autograd.formula import derivative
from ember.autograd.graph import TensorMeta

Tensor = _C.Tensor


def reduced_dims(dim, ndim):
    """The dims a reduction over `dim` removed, non-negative and sorted."""
    if dim is None or (isinstance(dim, list | tuple) and len(dim) == 0):
        return list(range(ndim))
    dims = [dim] if isinstance(dim, int) else list(dim)
    return sorted(d % ndim if ndim else 0 for d in dims)


def unreduce(grad, shape, dim, keepdim):
    """grad of a reduction over `dim` brought back to `shape` (dims put back, then expanded)."""
    ndim = len(shape)
    if not keepdim and ndim:
        for d in reduced_dims(dim, ndim):
            grad = grad.unsqueeze(d)
    return grad.expand(shape)


def count(shape, dim):
    n = 1
    for d in reduced_dims(dim, len(shape)):
        n *= shape[d] if shape else 1
    return n


@derivative("sum", save=())
def sum_backward(grad, input, dim=None, keepdim=False, *, dtype=None):
    return unreduce(grad, input.shape, dim, keepdim)


@derivative("nansum")
def nansum_backward(grad, input, dim=None, keepdim=False, *, dtype=None):
    return unreduce(grad, input.shape, dim, keepdim) * ~input.isnan()


@derivative("mean", save=())
def mean_backward(grad, input, dim=None, keepdim=False, *, dtype=None):
    return unreduce(grad, input.shape, dim, keepdim) / count(input.shape, dim)


@derivative("nanmean")
def nanmean_backward(grad, input, dim=None, keepdim=False, *, dtype=None):
    valid = ~input.isnan()
    n = valid.sum(dim if dim is not None else list(range(input.dim())), keepdim=True)
    return unreduce(grad, input.shape, dim, keepdim) * valid / n


def _exclusive_cumprod(x, dim):
    """Product of the elements before each one along dim (1 for the first)."""
    ones = ember.ones_like(x.narrow(dim, 0, 1))
    return ember.cat([ones, x.narrow(dim, 0, x.shape[dim] - 1)], dim).cumprod(dim)


def _prod_of_others(x, dim):
    """Product of all other elements along dim, exact with zeros (no division)."""
    before = _exclusive_cumprod(x, dim)
    after = _exclusive_cumprod(x.flip(dim), dim).flip(dim)
    return before * after


@derivative("prod")
def prod_backward(grad, input, dim=None, keepdim=False, *, dtype=None):
    if input.numel() == 0:
        return ember.zeros_like(input)
    if dim is None:
        others = _prod_of_others(input.reshape(-1), 0).reshape(input.shape)
        return grad * conj(others)
    if input.dim() == 0:
        return grad
    dims = reduced_dims(dim, input.dim())
    g = unreduce(grad, input.shape, dims, keepdim)
    if len(dims) == 1:
        return g * conj(_prod_of_others(input, dims[0]))
    # several dims: move them last, flatten them into one, and back
    rest = [d for d in range(input.dim()) if d not in dims]
    moved = input.permute(rest + dims)
    flat = moved.reshape([input.shape[d] for d in rest] + [-1])
    others = _prod_of_others(flat, len(rest)).reshape(moved.shape)
    inverse = [0] * input.dim()
    for i, d in enumerate(rest + dims):
        inverse[d] = i
    return g * conj(others.permute(inverse))


def _even_split(grad, input, result, dim, keepdim):
    """grad shared evenly by the elements equal to the extreme value (amax, amin)."""
    res = unreduce(result, input.shape, dim, keepdim)
    mask = (input == res).to(grad.dtype)
    dims = reduced_dims(dim, input.dim())
    n = mask.sum(dims, keepdim=True) if dims else mask
    return unreduce(grad, input.shape, dim, keepdim) * mask / n


@derivative("amax", "amin")
def amax_backward(grad, input, dim=(), keepdim=False, *, result):
    return _even_split(grad, input, result, dim, keepdim)


def _extreme(grad, input, dim, keepdim, result, greater):
    """max/min: over dim (values, indices), over everything, or elementwise with another tensor."""
    if isinstance(dim, Tensor):
        from ember.autograd.derivatives.elementwise import _tie_weights

        w = _tie_weights(input, dim, greater)
        return grad * w, grad * (1 - w)
    if dim is None:
        return _even_split(grad, input, result, None, False), None
    values_grad, indices = grad[0], result[1]
    if input.dim() == 0:
        return values_grad, None
    if not keepdim:
        values_grad = values_grad.unsqueeze(dim)
        indices = indices.unsqueeze(dim)
    return ember.zeros(input.shape, dtype=values_grad.dtype, device=values_grad.device).scatter(
        dim, indices, values_grad
    ), None


@derivative("max", inputs=("input", "dim"))
def max_backward(grad, input, dim=None, keepdim=False, *, result):
    return _extreme(grad, input, dim, keepdim, result, True)


@derivative("min", inputs=("input", "dim"))
def min_backward(grad, input, dim=None, keepdim=False, *, result):
    return _extreme(grad, input, dim, keepdim, result, False)


@derivative("aminmax")
def aminmax_backward(grad, input, *, dim=None, keepdim=False, result):
    g_min, g_max = grad
    d = () if dim is None else dim
    return _even_split(g_min, input, result[0], d, keepdim) + _even_split(g_max, input, result[1], d, keepdim)


def _var_backward(grad, input, dim, correction, keepdim):
    dims = reduced_dims(dim, input.dim())
    n = count(input.shape, dim)
    centered = input - input.mean(dims, keepdim=True)
    return unreduce(grad, input.shape, dim, keepdim) * 2 * centered / max_(n - correction, 0)


def max_(a, b):
    return a if a > b else b


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


@derivative("var")
def var_backward(grad, input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):  # var(input, unbiased)
        dim, unbiased = None, dim
    return _var_backward(grad, input, dim, _correction(unbiased, correction), keepdim)


@derivative("std")
def std_backward(grad, input, dim=None, unbiased=None, keepdim=False, *, correction=None, result):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    g = grad / (2 * result)
    g = ember.where(result == 0, 0.0, g)
    return _var_backward(g, input, dim, _correction(unbiased, correction), keepdim)


@derivative("var_mean")
def var_mean_backward(grad, input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    g_var, g_mean = grad
    return _var_backward(g_var, input, dim, _correction(unbiased, correction), keepdim) + mean_backward(
        g_mean, input, dim, keepdim
    )


@derivative("std_mean")
def std_mean_backward(grad, input, dim=None, unbiased=None, keepdim=False, *, correction=None, result):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    g_std, g_mean = grad
    s = result[0]
    g = ember.where(s == 0, 0.0, g_std / (2 * s))
    return _var_backward(g, input, dim, _correction(unbiased, correction), keepdim) + mean_backward(
        g_mean, input, dim, keepdim
    )


@derivative("logsumexp")
def logsumexp_backward(grad, input, dim, keepdim=False, *, result):
    return unreduce(grad, input.shape, dim, keepdim) * (input - unreduce(result, input.shape, dim, keepdim)).exp()


def _norm_backward(grad, input, p, dim, keepdim, result):
    g = unreduce(grad, input.shape, dim, keepdim)
    r = unreduce(result, input.shape, dim, keepdim)
    if p == 0:
        return input * 0
    if p == 1:
        return g * input.sgn()
    if p == 2:
        return ember.where(r == 0, 0.0, g * input / r)
    if p in (float("inf"), float("-inf")):
        a = input.abs()
        mask = (a == r).to(g.dtype)
        dims = reduced_dims(dim, input.dim())
        return g * input.sgn() * mask / mask.sum(dims, keepdim=True)
    a = input.abs()
    return ember.where(r == 0, 0.0, g * input.sgn() * a.pow(p - 1) / r.pow(p - 1))


@derivative("vector_norm")
def vector_norm_backward(grad, input, ord=2, dim=None, keepdim=False, *, dtype=None, result):
    return _norm_backward(grad, input, float(ord), dim, keepdim, result)


@derivative("norm")
def norm_backward(grad, input, p="fro", dim=None, keepdim=False, dtype=None, *, result):
    if p is None or p == "fro":
        p = 2
    if p == "nuc":
        raise NotImplementedError("the derivative for 'norm' with p='nuc' is not implemented")
    return _norm_backward(grad, input, float(p), dim, keepdim, result)


@derivative("softmax", save=())
def softmax_backward(grad, input, dim, dtype=None, *, result):
    return result * (grad - (grad * result).sum(dim, keepdim=True))


@derivative("log_softmax", save=())
def log_softmax_backward(grad, input, dim, dtype=None, *, result):
    return grad - result.exp() * grad.sum(dim, keepdim=True)


def _reverse_cumsum(x, dim):
    return x.flip(dim).cumsum(dim).flip(dim)


@derivative("cumsum", save=())
def cumsum_backward(grad, input, dim, *, dtype=None):
    if input.dim() == 0:
        return grad
    return _reverse_cumsum(grad, dim)


@derivative("cumprod")
def cumprod_backward(grad, input, dim, *, dtype=None, result):
    if input.dim() == 0:
        return grad
    # d out_j / d x_i = out_j / x_i for j >= i; exact where x has no zeros.
    safe = ember.where(input == 0, 1.0, input)
    g = _reverse_cumsum(grad * conj(result), dim) / conj(safe)
    if bool((input == 0).any()):
        raise NotImplementedError("the derivative of 'cumprod' at inputs with zeros is not implemented")
    return g


@derivative("cummax", "cummin")
def cummax_backward(grad, input, dim, *, result):
    if input.dim() == 0:
        return grad[0]
    return ember.zeros(input.shape, dtype=grad[0].dtype, device=grad[0].device).scatter_add(dim, result[1], grad[0])


@derivative("logcumsumexp")
def logcumsumexp_backward(grad, input, dim, *, result):
    if input.dim() == 0:
        return grad
    # sum over j >= i of grad_j * exp(x_i - out_j), shifted by the max for range
    shift = result.amax(dim, keepdim=True) if result.numel() else result
    return (input - shift).exp() * _reverse_cumsum(grad * (shift - result).exp(), dim)


@derivative("diff", inputs=("input", "prepend", "append"), save=())
def diff_backward(grad, input, n=1, dim=-1, prepend=None, append=None):
    for _ in range(n):
        zero = ember.zeros_like(grad.narrow(dim, 0, 1))
        grad = ember.cat([zero, grad], dim) - ember.cat([grad, zero], dim)
    pre = prepend.shape[dim] if isinstance(prepend, Tensor | TensorMeta) else 0
    size = input.shape[dim]
    g_pre = grad.narrow(dim, 0, pre) if pre else None
    g_in = grad.narrow(dim, pre, size)
    g_app = grad.narrow(dim, pre + size, grad.shape[dim] - pre - size) if append is not None else None
    return g_in, g_pre, g_app
