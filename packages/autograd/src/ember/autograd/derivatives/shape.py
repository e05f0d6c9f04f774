"""Derivatives of views, copies and shape ops.

The common ones have direct formulas. Every other op that only moves elements
(flip, roll, repeat, pad, tril, diag, splits, ...) shares one rule: run the op
on the element numbers 1..n of its inputs; each output position then names the
input element it came from (0: a made-up constant), and the gradient is the
output gradient summed back into those positions with index_add.
"""

import ember
from ember import _C
from ember.autograd.derivatives._util import conj
from ember.autograd.formula import derivative
from ember.autograd.graph import TensorMeta

Tensor = _C.Tensor


def _numbers(metas):
    """For each input, its element numbers 1.. (counting on across inputs), shaped like it."""
    out, start = [], 1
    for m in metas:
        n = m.numel()
        out.append(ember.arange(start, start + n, dtype=ember.int64).reshape(m.shape))
        start += n
    return out, start - 1


def movement_backward(op, grads, args, kwargs, tensor_positions):
    """Gradients of an element-moving op for the inputs at tensor_positions of args.

    tensor_positions: [(index into args, index into a list argument or None)]."""
    metas = []
    for i, j in tensor_positions:
        metas.append(args[i] if j is None else args[i][j])
    numbers, total = _numbers(metas)
    call = list(args)
    for (i, j), num in zip(tensor_positions, numbers, strict=True):
        if j is None:
            call[i] = num
        else:
            call[i] = list(call[i]) if not isinstance(call[i], list) else call[i]
            call[i][j] = num
    with ember.no_grad():
        index = op(*call, **kwargs)
    index = list(index) if isinstance(index, tuple | list) else [index]
    if not isinstance(grads, tuple | list):
        grads = [grads]
    first = next(g for g in grads if g is not None)
    acc = ember.zeros(total + 1, dtype=first.dtype, device=first.device)
    for idx, g in zip(index, grads, strict=True):
        if g is not None:
            acc = acc.index_add(0, idx.reshape(-1), g.reshape(-1))
    flat = acc.narrow(0, 1, total)
    result, start = [], 0
    for m in metas:
        n = m.numel()
        result.append(flat.narrow(0, start, n).reshape(m.shape))
        start += n
    return result


def _resolve(op):
    """The op's callable: a function of ember._C or ember, else the Tensor method."""
    for name in (op, "_" + op):  # Tensor._slice is slice's binding
        for namespace in (_C, ember, Tensor):
            fn = getattr(namespace, name, None)
            if fn is not None:
                return fn
    raise AttributeError(op)


def _single(op):
    """A formula for an op whose only differentiable input is the first argument."""

    def formula(grad, input, *args, **kwargs):
        return movement_backward(_resolve(op), grad, (input, *args), kwargs, [(0, None)])[0]

    return formula


def _sequence(op):
    """A formula for an op on a sequence of tensors (cat-like), given as a list or as varargs."""

    def formula(grad, tensors, *args, **kwargs):
        fn = _resolve(op)
        if isinstance(tensors, list | tuple):
            positions = [(0, j) for j in range(len(tensors))]
            return (movement_backward(fn, grad, (list(tensors), *args), kwargs, positions),)
        seq = [tensors, *(a for a in args if isinstance(a, Tensor | TensorMeta))]
        rest = [a for a in args if not isinstance(a, Tensor | TensorMeta)]
        positions = [(j, None) for j in range(len(seq))]
        return (movement_backward(fn, grad, (*seq, *rest), kwargs, positions),)

    return formula


for _op in ("fliplr", "flipud", "roll", "rot90", "repeat", "tile", "repeat_interleave", "tril", "triu",
            "diag", "diag_embed", "diagflat", "diagonal", "unfold", "tensor_split", "hsplit", "vsplit", "dsplit",
            "as_strided"):  # fmt: skip
    derivative(_op, inputs=("input",), save=())(_single(_op))

for _op in ("concatenate", "hstack", "vstack", "dstack", "column_stack", "block_diag", "cartesian_prod", "meshgrid",
            "broadcast_tensors", "atleast_1d", "atleast_2d", "atleast_3d"):  # fmt: skip
    derivative(_op, inputs=("tensors",), save=())(_sequence(_op))


# Direct formulas for the slices and joins every model uses (LSTM gates,
# attention heads, cat/stack of features): the element-number rule above costs
# an arange over the whole input, the op again and an index_add.


def _dim(d, ndim):
    return d + ndim if d < 0 else d


def _zeros(shape, like):
    return ember.zeros(tuple(shape), dtype=like.dtype, device=like.device)


def _pad_dim(grad, dim, before, after):
    """grad with zeros added before and after it along dim (the inverse of a narrow)."""
    widths = [0, 0] * (grad.dim() - 1 - dim) + [before, after]
    return _C.pad(grad, widths, "constant", 0)


@derivative("flip", save=())
def flip_backward(grad, input, dims):
    return grad.flip([dims] if isinstance(dims, int) else dims)


@derivative("pad", save=())
def pad_backward(grad, input, pad, mode="constant", value=None):
    # The element-number rule, with the fill as the made-up constant 0 (a fill of
    # k would otherwise pass for element k).
    fill = 0 if mode == "constant" else value
    return movement_backward(_resolve("pad"), grad, (input, pad, mode, fill), {}, [(0, None)])[0]


@derivative("narrow", save=())
def narrow_backward(grad, input, dim, start, length):
    dim = _dim(dim, len(input.shape))
    size = input.shape[dim]
    start = start + size if start < 0 else start
    return _pad_dim(grad, dim, start, size - start - length)


@derivative("select", save=())
def select_backward(grad, input, dim, index):
    dim = _dim(dim, len(input.shape))
    size = input.shape[dim]
    index = index + size if index < 0 else index
    return _pad_dim(grad.unsqueeze(dim), dim, index, size - index - 1)


@derivative("slice", save=())
def slice_backward(grad, input, dim, start, stop, step):
    dim = _dim(dim, len(input.shape))
    size = input.shape[dim]
    if step != 1:
        return movement_backward(_resolve("slice"), grad, (input, dim, start, stop, step), {}, [(0, None)])[0]
    start, stop, _ = slice(start, stop, 1).indices(size)
    stop = max(stop, start)
    return _pad_dim(grad, dim, start, size - stop)


def _pieces(grads, shapes, like):
    return [g if g is not None else _zeros(shape, like) for g, shape in zip(grads, shapes, strict=True)]


def _split_backward(grads, input, dim, sizes):
    dim = _dim(dim, len(input.shape))
    shapes = [(*input.shape[:dim], n, *input.shape[dim + 1 :]) for n in sizes]
    like = next(g for g in grads if g is not None)
    return ember.cat(_pieces(grads, shapes, like), dim)


@derivative("split", "split_with_sizes", save=())
def split_backward(grads, input, split_size_or_sections, dim=0):
    size = input.shape[_dim(dim, len(input.shape))]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        sizes = [min(step, size - i) for i in range(0, size, step)] if size else [0]
    else:
        sizes = list(split_size_or_sections)
    return _split_backward(grads, input, dim, sizes)


@derivative("chunk", save=())
def chunk_backward(grads, input, chunks, dim=0):
    size = input.shape[_dim(dim, len(input.shape))]
    each = -(-size // chunks) if size else 0
    sizes = [each] * (len(grads) - 1) + [size - each * (len(grads) - 1)]
    return _split_backward(grads, input, dim, sizes)


@derivative("unbind", save=())
def unbind_backward(grads, input, dim=0):
    dim = _dim(dim, len(input.shape))
    shape = (*input.shape[:dim], *input.shape[dim + 1 :])
    like = next(g for g in grads if g is not None)
    return ember.stack(_pieces(grads, [shape] * len(grads), like), dim)


@derivative("cat", "concat", inputs=("tensors",), save=())
def cat_backward(grad, tensors, dim=0):
    dim = _dim(dim, grad.dim())
    out, offset = [], 0
    for t in tensors:
        if len(t.shape) == 1 and t.shape[0] == 0 and grad.dim() != 1:  # cat skips these, as PyTorch
            out.append(_zeros((0,), grad))
            continue
        n = t.shape[dim]
        out.append(grad.narrow(dim, offset, n))
        offset += n
    return (out,)


@derivative("stack", inputs=("tensors",), save=())
def stack_backward(grad, tensors, dim=0):
    dim = _dim(dim, grad.dim())
    return ([grad.select(dim, i) for i in range(len(tensors))],)


@derivative("view", "reshape", "flatten", "unflatten", "squeeze", "unsqueeze", "view_as", "reshape_as", save=())
def reshape_backward(grad, input, *args, **kwargs):
    return grad.reshape(input.shape)


@derivative("expand", "broadcast_to", "expand_as", save=())
def expand_backward(grad, input, *args, **kwargs):
    return grad  # the engine sums it back to input's shape


@derivative("transpose", "swapaxes", "swapdims", save=())
def transpose_backward(grad, input, dim0, dim1):
    return grad.transpose(dim0, dim1)


@derivative("t", save=())
def t_backward(grad, input):
    return grad.t() if grad.dim() == 2 else grad


@derivative("T", "mT", "H", "mH", "adjoint", save=())
def matrix_transpose_backward(grad, input):
    if input.dim() < 2:
        return grad
    return conj(grad.transpose(-2, -1)) if input.dtype.is_complex else grad.transpose(-2, -1)


@derivative("permute", save=())
def permute_backward(grad, input, *dims):
    if len(dims) == 1 and isinstance(dims[0], list | tuple):
        dims = dims[0]
    n = len(dims)
    inverse = [0] * n
    for i, d in enumerate(dims):
        inverse[d % n] = i
    return grad.permute(inverse)


@derivative("movedim", "moveaxis", save=())
def movedim_backward(grad, input, source, destination):
    return ember.movedim(grad, destination, source)


@derivative("clone", "contiguous", save=())
def clone_backward(grad, input, *args, **kwargs):
    return grad


@derivative("to", "_to_dtype", "type_as", "double", "float", "half", "bfloat16", save=())
def to_backward(grad, input, *args, **kwargs):
    return grad  # the engine casts to input's dtype


@derivative("copy_", inputs=("input", "src"), save=())
def copy__backward(grad, input, src, non_blocking=False):
    return grad * 0, grad


def _complex(re, im):
    return ember.view_as_complex(ember.stack([re, im], -1))


@derivative("real", save=())
def real_backward(grad, input):
    return grad if not input.dtype.is_complex else _complex(grad, ember.zeros_like(grad))


@derivative("imag", save=())
def imag_backward(grad, input):
    return _complex(ember.zeros_like(grad), grad)


@derivative("view_as_real", save=())
def view_as_real_backward(grad, input):
    return ember.view_as_complex(grad.contiguous())


@derivative("view_as_complex", save=())
def view_as_complex_backward(grad, input):
    return ember.view_as_real(grad)


@derivative("kron", inputs=("input", "other"))
def kron_backward(grad, input, other):
    # kron(a, b)[i*B + k] = a[i] * b[k]: view grad with the a and b axes split apart
    nd = max(input.dim(), other.dim())
    a = input.reshape((1,) * (nd - input.dim()) + tuple(input.shape))
    b = other.reshape((1,) * (nd - other.dim()) + tuple(other.shape))
    split = []
    for i in range(nd):
        split += [a.shape[i], b.shape[i]]
    g = grad.reshape(split)
    a_dims = list(range(0, 2 * nd, 2))
    b_dims = list(range(1, 2 * nd, 2))
    ga = (g * conj(b).reshape([s for i in range(nd) for s in (1, b.shape[i])])).sum(b_dims)
    gb = (g * conj(a).reshape([s for i in range(nd) for s in (a.shape[i], 1)])).sum(a_dims)
    return ga.reshape(input.shape), gb.reshape(other.shape)
