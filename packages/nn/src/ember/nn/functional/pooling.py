"""Max/avg/adaptive/LP pooling over the core's native primitives (their backward ops in derivatives/nn.py)."""

from ember import _C

_nn = _C._nn
_grad_enabled = _C.is_grad_enabled


def _stride(stride):
    return () if stride is None else stride  # () is the primitives' "same as kernel_size"


def _max_pool(n, with_indices, plain):
    def max_pool(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
        if return_indices:
            return with_indices(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)
        if input.requires_grad and _grad_enabled():  # the indices are saved for backward instead of recomputed
            return with_indices(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)[0]
        return plain(input, kernel_size, _stride(stride), padding, dilation, ceil_mode)

    max_pool.__name__ = max_pool.__qualname__ = f"max_pool{n}d"
    shape, size = "1, " * (n + 1) + "4", "2" if n == 1 else "(" + "1, " * (n - 1) + "2)"
    max_pool.__doc__ = f"""{n}-D max pooling; ``return_indices=True`` also returns where each maximum was.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([1.0, 3.0, 2.0, 0.0]).reshape({shape})
    >>> F.max_pool{n}d(x, {size}).flatten()
    tensor([3., 2.])
    """
    return max_pool


max_pool1d = _max_pool(1, _C.max_pool1d_with_indices, _C.max_pool1d)
max_pool2d = _max_pool(2, _nn.max_pool2d_with_indices, _C.max_pool2d)
max_pool3d = _max_pool(3, _nn.max_pool3d_with_indices, _C.max_pool3d)


def _with_indices(pool, n):
    def with_indices(input, *args, **kwargs):
        kwargs["return_indices"] = True
        return pool(input, *args, **kwargs)

    name = pool.__name__ + "_with_indices"
    shape, size = "1, " * (n + 1) + "4", "2" if n == 1 else "(" + "1, " * (n - 1) + "2)"
    with_indices.__name__ = with_indices.__qualname__ = name
    with_indices.__doc__ = f"""``{pool.__name__}`` with ``return_indices=True``: (values, indices).

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([1.0, 3.0, 2.0, 0.0]).reshape({shape})
    >>> values, indices = F.{name}(x, {size})
    >>> values.flatten(), indices.flatten()
    (tensor([3., 2.]), tensor([1, 2]))
    """
    return with_indices


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """1-D average pooling of ``(N, C, L)`` input.

    Example:

    >>> import ember.nn.functional as F
    >>> F.avg_pool1d(ember.arange(6.0).reshape(1, 1, 6), 2)
    tensor([[[0.5000, 2.5000, 4.5000]]])
    """
    return _C.avg_pool1d(input, kernel_size, _stride(stride), padding, ceil_mode, count_include_pad)


def avg_pool2d(
    input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    """2-D average pooling of ``(N, C, H, W)`` input.

    Example:

    >>> import ember.nn.functional as F
    >>> F.avg_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """
    return _nn.avg_pool2d(input, kernel_size, _stride(stride), padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool3d(
    input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    """3-D average pooling of ``(N, C, D, H, W)`` input.

    Example:

    >>> import ember.nn.functional as F
    >>> F.avg_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), 2)
    tensor([[[[[3.5000]]]]])
    """
    return _nn.avg_pool3d(input, kernel_size, _stride(stride), padding, ceil_mode, count_include_pad, divisor_override)


def _sizes(input, output_size, n):
    """output_size with None entries taking the input's size, as PyTorch allows."""
    size = tuple(output_size) if isinstance(output_size, tuple | list) else (output_size,) * n
    if None not in size:
        return size
    return tuple(input.shape[input.ndim - n + d] if s is None else s for d, s in enumerate(size))


def adaptive_avg_pool1d(input, output_size):
    """1-D average pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn.functional as F
    >>> F.adaptive_avg_pool1d(ember.arange(6.0).reshape(1, 1, 6), 3)
    tensor([[[0.5000, 2.5000, 4.5000]]])
    """
    return _C.adaptive_avg_pool1d(input, _sizes(input, output_size, 1))


def adaptive_avg_pool2d(input, output_size):
    """2-D average pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn.functional as F
    >>> F.adaptive_avg_pool2d(ember.arange(16.0).reshape(1, 1, 4, 4), 1)
    tensor([[[[7.5000]]]])
    """
    return _nn.adaptive_avg_pool2d(input, _sizes(input, output_size, 2))


def adaptive_avg_pool3d(input, output_size):
    """3-D average pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn.functional as F
    >>> F.adaptive_avg_pool3d(ember.ones(1, 2, 4, 4, 4), 1).shape
    ember.Size([1, 2, 1, 1, 1])
    """
    return _nn.adaptive_avg_pool3d(input, _sizes(input, output_size, 3))


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """1-D max pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn.functional as F
    >>> F.adaptive_max_pool1d(ember.arange(6.0).reshape(1, 1, 6), 3)
    tensor([[[1., 3., 5.]]])
    """
    out = _C.adaptive_max_pool1d(input, _sizes(input, output_size, 1))
    return out if return_indices else out[0]


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """2-D max pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn.functional as F
    >>> y = ember.arange(16.0).reshape(1, 1, 4, 4)
    >>> F.adaptive_max_pool2d(y, 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    out = _nn.adaptive_max_pool2d(input, _sizes(input, output_size, 2))
    return out if return_indices else out[0]


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """3-D max pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn.functional as F
    >>> F.adaptive_max_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), 1)
    tensor([[[[[7.]]]]])
    """
    out = _nn.adaptive_max_pool3d(input, _sizes(input, output_size, 3))
    return out if return_indices else out[0]


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """1-D power-average pooling: ``(sum of x ** norm_type over each window) ** (1 / norm_type)``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.lp_pool1d(ember.tensor([[[3.0, 4.0, 6.0, 8.0]]]), 2, 2)
    tensor([[[ 5., 10.]]])
    """
    return _nn.lp_pool1d(input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """2-D power-average pooling.

    Example:

    >>> import ember.nn.functional as F
    >>> F.lp_pool2d(ember.ones(1, 1, 2, 2), 2, 2)
    tensor([[[[2.]]]])
    """
    return _nn.lp_pool2d(input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """3-D power-average pooling.

    Example:

    >>> import ember.nn.functional as F
    >>> F.lp_pool3d(ember.ones(1, 1, 2, 2, 2), 1, 2)
    tensor([[[[[8.]]]]])
    """
    return _nn.lp_pool3d(input, norm_type, kernel_size, stride, ceil_mode)


def _unpool_size(input, indices, kernel_size, stride, padding, output_size, n, name):
    k = tuple(kernel_size) if isinstance(kernel_size, tuple | list) else (kernel_size,) * n
    s = k if stride is None else (tuple(stride) if isinstance(stride, tuple | list) else (stride,) * n)
    p = tuple(padding) if isinstance(padding, tuple | list) else (padding,) * n
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError(
            f"{name}: Expected shape of indices to be same as that of the input tensor ({list(input.shape)}) "
            f"but got indices tensor with shape: {list(indices.shape)}"
        )
    default = tuple((input.shape[input.ndim - n + d] - 1) * s[d] - 2 * p[d] + k[d] for d in range(n))
    if output_size is None:
        return default
    size = tuple(output_size)[-n:]
    for d in range(n):
        lo, hi = default[d] - s[d], default[d] + s[d]
        if not lo < size[d] < hi:
            raise ValueError(
                f"{name}: invalid output_size {list(size)} (dim {d} must be between {lo + 1} and {hi - 1})"
            )
    return size


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, n, name):
    """Each input value scattered to its flat index in the output's spatial plane; zeros elsewhere."""
    size = _unpool_size(input, indices, kernel_size, stride, padding, output_size, n, name)
    lead = tuple(input.shape[: input.ndim - n])
    flat = input.reshape(*lead, -1)
    plane = 1
    for s in size:
        plane *= s
    out = flat.new_zeros((*lead, plane)).scatter(flat.ndim - 1, indices.reshape(*lead, -1), flat)
    return out.reshape(*lead, *size)


max_pool1d_with_indices = _with_indices(max_pool1d, 1)
max_pool2d_with_indices = _with_indices(max_pool2d, 2)
max_pool3d_with_indices = _with_indices(max_pool3d, 3)
adaptive_max_pool1d_with_indices = _with_indices(adaptive_max_pool1d, 1)
adaptive_max_pool2d_with_indices = _with_indices(adaptive_max_pool2d, 2)
adaptive_max_pool3d_with_indices = _with_indices(adaptive_max_pool3d, 3)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The inverse of 1-D max pooling: values back at their indices, zeros elsewhere.

    Example:

    >>> import ember.nn.functional as F
    >>> out, idx = F.max_pool1d(ember.tensor([[[1.0, 3.0, 4.0, 2.0]]]), 2, return_indices=True)
    >>> F.max_unpool1d(out, idx, 2)
    tensor([[[0., 3., 4., 0.]]])
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 1, "max_unpool1d")


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The inverse of 2-D max pooling: values back at their indices, zeros elsewhere.

    Example:

    >>> import ember.nn.functional as F
    >>> out, idx = F.max_pool2d(ember.tensor([[[[1.0, 2.0], [4.0, 3.0]]]]), 2, return_indices=True)
    >>> F.max_unpool2d(out, idx, 2)
    tensor([[[[0., 0.],
              [4., 0.]]]])
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2, "max_unpool2d")


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """The inverse of 3-D max pooling: values back at their indices, zeros elsewhere.

    Example:

    >>> import ember.nn.functional as F
    >>> out, idx = F.max_pool3d(ember.arange(8.0).reshape(1, 1, 2, 2, 2), 2, return_indices=True)
    >>> F.max_unpool3d(out, idx, 2).flatten()
    tensor([0., 0., 0., 0., 0., 0., 0., 7.])
    """
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3, "max_unpool3d")


__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d",
    "adaptive_max_pool2d_with_indices",
    "adaptive_max_pool3d",
    "adaptive_max_pool3d_with_indices",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
    "max_pool1d",
    "max_pool1d_with_indices",
    "max_pool2d",
    "max_pool2d_with_indices",
    "max_pool3d",
    "max_pool3d_with_indices",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
]
