"""Derivatives of indexing ops: gathers send gradients back with scatters, and the reverse."""

import ember
from ember import _C
from ember.autograd.derivatives._util import is_tensor
from ember.autograd.formula import derivative

Tensor = _C.Tensor


def _zeros(meta, like):
    return ember.zeros(meta.shape, dtype=like.dtype, device=like.device)


@derivative("index", inputs=("input",), save=("indices",))
def index_backward(grad, input, indices):
    out = _zeros(input, grad)
    _C._index_put_(out, indices, grad, True)
    return out


@derivative("index_select", save=("index",))
def index_select_backward(grad, input, dim, index):
    return _zeros(input, grad).index_add(dim, index, grad)


@derivative("gather", save=("index",))
def gather_backward(grad, input, dim, index, *, sparse_grad=False):
    return _zeros(input, grad).scatter_add(dim, index, grad)


@derivative("take", save=("index",))
def take_backward(grad, input, index):
    n = input.numel()
    flat = ember.remainder(index.reshape(-1), max(n, 1))
    return (
        ember.zeros(n, dtype=grad.dtype, device=grad.device).index_add(0, flat, grad.reshape(-1)).reshape(input.shape)
    )


@derivative("take_along_dim", save=("indices",))
def take_along_dim_backward(grad, input, indices, dim=None):
    if dim is None:
        return take_backward(grad, input, indices)
    d = dim % grad.dim()
    shape = list(grad.shape)
    shape[d] = input.shape[d]
    # the engine sums this back over the dims where input was broadcast
    return ember.zeros(shape, dtype=grad.dtype, device=grad.device).scatter_add(d, indices.expand(grad.shape), grad)


# fill_/zero_ overwrite every element: nothing flows back to the old values,
# and a tensor fill value receives the sum.
@derivative("fill", inputs=("input", "value"))
def fill_backward(grad, input, value):
    return ember.zeros_like(grad), grad.sum() if is_tensor(value) else None


@derivative("zero", inputs=("input",))
def zero_backward(grad, input):
    return ember.zeros_like(grad)


@derivative("masked_select", inputs=("input",), save=("mask",))
def masked_select_backward(grad, input, mask):
    shape = ember.broadcast_shapes(input.shape, mask.shape)
    return ember.zeros(shape, dtype=grad.dtype, device=grad.device).masked_scatter(mask.expand(shape), grad)


@derivative("masked_fill", inputs=("input", "value"), save=("mask",))
def masked_fill_backward(grad, input, mask, value):
    g_value = grad.masked_select(mask).sum() if is_tensor(value) else None
    return grad.masked_fill(mask, 0), g_value


@derivative("masked_scatter", inputs=("input", "source"), save=("mask",))
def masked_scatter_backward(grad, input, mask, source):
    picked = grad.masked_select(mask.expand(grad.shape) if tuple(mask.shape) != tuple(grad.shape) else mask)
    n = source.numel()
    g_source = ember.cat([picked, ember.zeros(n - picked.numel(), dtype=grad.dtype, device=grad.device)]).reshape(
        source.shape
    )
    return grad.masked_fill(mask, 0), g_source


@derivative("index_add", inputs=("input", "source"), save=("index",))
def index_add_backward(grad, input, dim, index, source, *, alpha=1):
    g = grad.index_select(dim, index)
    if source.dim() == 0:
        g = g.reshape(())
    return grad, g * alpha if alpha != 1 else g


@derivative("index_copy", inputs=("input", "source"), save=("index",))
def index_copy_backward(grad, input, dim, index, source):
    g = grad.index_select(dim, index)
    return grad.index_fill(dim, index, 0), g.reshape(source.shape)


@derivative("index_fill", inputs=("input", "value"), save=("index",))
def index_fill_backward(grad, input, dim, index, value):
    g_value = grad.index_select(dim, index).sum() if is_tensor(value) else None
    return grad.index_fill(dim, index, 0), g_value


@derivative("index_put_", "index_put", inputs=("input", "values"), save=("indices",))
def index_put_backward(grad, input, indices, values, accumulate=False):
    if isinstance(indices, Tensor):
        g_values = grad[indices]
    else:  # None in index_put's list takes a whole dim (in getitem it would add one)
        g_values = grad[tuple(slice(None) if i is None else i for i in indices)]
    if accumulate:
        return grad, g_values
    return grad.clone().index_put_(indices, ember.zeros((), dtype=grad.dtype, device=grad.device)), g_values


@derivative("put_", "put", inputs=("input", "source"), save=("index",))
def put_backward(grad, input, index, source, accumulate=False):
    g_source = grad.take(index).reshape(source.shape)
    if accumulate:
        return grad, g_source
    return grad.clone().put_(index, ember.zeros_like(g_source)), g_source


@derivative("scatter", inputs=("input", "src"), save=("index",))
def scatter_backward(grad, input, dim, index, src=None, *, value=None, reduce=None):
    if reduce is not None:
        raise NotImplementedError("the derivative for 'scatter' with reduce is not implemented")
    g_src = grad.gather(dim, index) if is_tensor(src) else None
    return grad.scatter(dim, index, 0), g_src


@derivative("scatter_add", inputs=("input", "src"), save=("index",))
def scatter_add_backward(grad, input, dim, index, src):
    return grad, grad.gather(dim, index)


@derivative("scatter_reduce", inputs=("input", "src"), save=("input", "index", "src"))
def scatter_reduce_backward(grad, input, dim, index, src, reduce, *, include_self=True, result):
    if reduce == "sum":
        g_in = grad if include_self else grad.scatter(dim, index, 0)
        return g_in, grad.gather(dim, index)
    if reduce == "mean":
        hits = ember.zeros(input.shape, dtype=grad.dtype, device=grad.device).scatter_add(
            dim, index, ember.ones(index.shape, dtype=grad.dtype, device=grad.device)
        )
        if include_self:
            g = grad / (hits + 1)
            return g, g.gather(dim, index)
        g = grad / hits.clamp_min(1)
        return grad.scatter(dim, index, 0), g.gather(dim, index)
    if reduce in ("amax", "amin"):
        picked = result.gather(dim, index)
        src_hit = (src == picked).to(grad.dtype)
        self_hit = (input == result).to(grad.dtype) if include_self else ember.zeros_like(grad)
        n = self_hit.scatter_add(dim, index, src_hit)
        g = grad / n.clamp_min(1)
        return g * self_hit, g.gather(dim, index) * src_hit
    raise NotImplementedError(f"the derivative for 'scatter_reduce' with reduce='{reduce}' is not implemented")
