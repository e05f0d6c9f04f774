"""Convolution, transposed convolution and fold/unfold over the core's native primitives.

The ops themselves check ranks, channels and geometry and name themselves in their errors;
their backward formulas (ember.autograd's derivatives/nn.py) call the core's backward ops.
"""

import ember
from ember import _C

_nn = _C._nn

conv1d = ember.conv1d
conv2d = ember.conv2d
conv3d = ember.conv3d


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed 1-D convolution (the gradient of ``conv1d`` with respect to its input).

    Example:

    >>> import ember.nn.functional as F
    >>> F.conv_transpose1d(ember.tensor([[[1.0, 2.0]]]), ember.ones(1, 1, 2))
    tensor([[[1., 3., 2.]]])
    """
    return _C.conv_transpose1d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed 2-D convolution (the gradient of ``conv2d`` with respect to its input).

    Example:

    >>> import ember.nn.functional as F
    >>> F.conv_transpose2d(ember.ones(1, 1, 2, 2), ember.ones(1, 1, 2, 2), stride=2).shape
    ember.Size([1, 1, 4, 4])
    """
    return _C.conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The transposed 3-D convolution (the gradient of ``conv3d`` with respect to its input).

    Example:

    >>> import ember.nn.functional as F
    >>> F.conv_transpose3d(ember.ones(1, 1, 2, 2, 2), ember.ones(1, 3, 2, 2, 2), stride=2).shape
    ember.Size([1, 3, 4, 4, 4])
    """
    return _C.conv_transpose3d(input, weight, bias, stride, padding, output_padding, groups, dilation)


def _pair(v):
    return tuple(v) if isinstance(v, tuple | list) else (v, v)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding blocks from ``(N, C, H, W)`` input, one column per block (im2col).

    Example:

    >>> import ember.nn.functional as F
    >>> F.unfold(ember.arange(9.0).reshape(1, 1, 3, 3), kernel_size=2).shape
    ember.Size([1, 4, 4])
    """
    if input.ndim not in (3, 4):
        raise RuntimeError(
            f"unfold: Expected 3D (unbatched) or 4D (batched) input, but got input of size: {list(input.shape)}"
        )
    return _nn.im2col(input, _pair(kernel_size), _pair(dilation), _pair(padding), _pair(stride))


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums sliding blocks (columns) back into a tensor of ``output_size`` (col2im).

    Example:

    >>> import ember.nn.functional as F
    >>> cols = F.unfold(ember.arange(16.0).reshape(1, 1, 4, 4), kernel_size=2, stride=2)
    >>> F.fold(cols, output_size=(4, 4), kernel_size=2, stride=2)[0, 0]
    tensor([[ 0.,  1.,  2.,  3.],
            [ 4.,  5.,  6.,  7.],
            [ 8.,  9., 10., 11.],
            [12., 13., 14., 15.]])
    """
    if input.ndim not in (2, 3):
        raise RuntimeError(
            f"fold: Expected 2D (unbatched) or 3D (batched) input, but got input of size: {list(input.shape)}"
        )
    return _nn.col2im(input, _pair(output_size), _pair(kernel_size), _pair(dilation), _pair(padding), _pair(stride))


__all__ = [
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "fold",
    "unfold",
]
