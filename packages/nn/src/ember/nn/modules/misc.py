"""Padding, pixel shuffle, upsampling, fold/unfold, distances."""

from ember.nn import functional as F
from ember.nn.modules.module import Module


def _pad_tuple(padding, n):
    return tuple(padding) if isinstance(padding, (tuple, list)) else (padding,) * (2 * n)


class _PadNd(Module):
    _mode = "constant"
    _n = 1

    def __init__(self, padding, value=None):
        super().__init__()
        self.padding = _pad_tuple(padding, self._n)
        if self._mode == "constant":
            self.value = 0.0 if value is None else value

    def forward(self, input):
        if self._mode == "constant":
            return F.pad(input, self.padding, "constant", self.value)
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        if self._mode == "constant" and not type(self).__name__.startswith("Zero"):
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


# What padding [1, 2, 3] by (2, 1) gives in each mode: the examples of the generated classes.
_PADDED = {
    "constant": "9., 9., 1., 2., 3., 9.",
    "zeros": "0., 0., 1., 2., 3., 0.",
    "reflect": "3., 2., 1., 2., 3., 2.",
    "replicate": "1., 1., 1., 2., 3., 3.",
    "circular": "2., 3., 1., 2., 3., 1.",
}


def _pad_doc(summary, name, n, mode, fixed_value):
    """The docstring of a generated padding class: its summary and an example."""
    value = "" if fixed_value is not None or mode != "constant" else ", 9.0"
    padded = _PADDED["zeros" if fixed_value is not None else mode]
    shape, pad, ones, size = ", ".join(["1"] * (n + 1)), ", ".join(["2, 1"] + ["0, 0"] * (n - 1)), "3, " * n, "5, " * n
    return f"""{summary}

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([1.0, 2.0, 3.0]).reshape({shape}, 3)
    >>> nn.{name}(({pad}){value})(x).flatten()
    tensor([{padded}])
    >>> nn.{name}(1{value})(ember.ones(1, {ones[:-2]})).shape
    ember.Size([1, {size[:-2]}])
    """


def _pad_class(name, mode, n, fixed_value=None):
    def __init__(self, padding, value=None):
        _PadNd.__init__(self, padding, fixed_value if fixed_value is not None else value)

    how = "with zeros" if fixed_value is not None else f"in {mode!r} mode"
    summary = (
        f"Pads the last {n} dimension(s) {how}; ``padding`` is one size or (before, after) per dimension, last first."
    )
    doc = _pad_doc(summary, name, n, mode, fixed_value)
    attrs = {"_mode": mode, "_n": n, "__init__": __init__, "__module__": __name__, "__doc__": doc}
    return type(name, (_PadNd,), attrs)


ConstantPad1d = _pad_class("ConstantPad1d", "constant", 1)
ConstantPad2d = _pad_class("ConstantPad2d", "constant", 2)
ConstantPad3d = _pad_class("ConstantPad3d", "constant", 3)
ZeroPad1d = _pad_class("ZeroPad1d", "constant", 1, 0.0)
ZeroPad2d = _pad_class("ZeroPad2d", "constant", 2, 0.0)
ZeroPad3d = _pad_class("ZeroPad3d", "constant", 3, 0.0)
ReflectionPad1d = _pad_class("ReflectionPad1d", "reflect", 1)
ReflectionPad2d = _pad_class("ReflectionPad2d", "reflect", 2)
ReflectionPad3d = _pad_class("ReflectionPad3d", "reflect", 3)
ReplicationPad1d = _pad_class("ReplicationPad1d", "replicate", 1)
ReplicationPad2d = _pad_class("ReplicationPad2d", "replicate", 2)
ReplicationPad3d = _pad_class("ReplicationPad3d", "replicate", 3)
CircularPad1d = _pad_class("CircularPad1d", "circular", 1)
CircularPad2d = _pad_class("CircularPad2d", "circular", 2)
CircularPad3d = _pad_class("CircularPad3d", "circular", 3)


class PixelShuffle(Module):
    """Rearranges ``(N, C * r * r, H, W)`` into ``(N, C, H * r, W * r)`` with ``r = upscale_factor``.

    Example:

    >>> import ember.nn as nn
    >>> nn.PixelShuffle(2)(ember.ones(1, 8, 3, 3)).shape
    ember.Size([1, 2, 6, 6])
    """

    def __init__(self, upscale_factor):
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input):
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self):
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """The inverse of ``PixelShuffle``: ``(N, C, H * r, W * r)`` into ``(N, C * r * r, H, W)``.

    Example:

    >>> import ember.nn as nn
    >>> nn.PixelUnshuffle(2)(ember.ones(1, 2, 6, 6)).shape
    ember.Size([1, 8, 3, 3])
    """

    def __init__(self, downscale_factor):
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input):
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self):
        return f"downscale_factor={self.downscale_factor}"


class Upsample(Module):
    """Resizes to ``size`` or by ``scale_factor`` with ``mode`` interpolation (see ``functional.interpolate``).

    Example:

    >>> import ember.nn as nn
    >>> nn.Upsample(scale_factor=2, mode="nearest")(ember.tensor([[[1.0, 2.0]]]))
    tensor([[[1., 1., 2., 2.]]])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None):
        super().__init__()
        self.size, self.mode, self.align_corners = size, mode, align_corners
        self.scale_factor = float(scale_factor) if isinstance(scale_factor, (int, float)) else scale_factor
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return F.interpolate(
            input, self.size, self.scale_factor, self.mode, self.align_corners, self.recompute_scale_factor
        )

    def extra_repr(self):
        info = f"scale_factor={self.scale_factor!r}" if self.scale_factor is not None else f"size={self.size!r}"
        return info + f", mode={self.mode!r}"


class Fold(Module):
    """Sums sliding blocks back into a tensor of ``output_size`` (the inverse arrangement of ``Unfold``).

    Example:

    >>> import ember.nn as nn
    >>> fold = nn.Fold(output_size=(3, 3), kernel_size=2)
    >>> fold(ember.ones(1, 4, 4))
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size, self.kernel_size, self.dilation = output_size, kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input):
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation={self.dilation}, "
            f"padding={self.padding}, stride={self.stride}"
        )


class Unfold(Module):
    """Extracts sliding blocks of ``kernel_size`` from ``(N, C, H, W)`` input, one column per block (im2col).

    Example:

    >>> import ember.nn as nn
    >>> nn.Unfold(kernel_size=2)(ember.arange(9.0).reshape(1, 1, 3, 3))
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation, self.padding, self.stride = kernel_size, dilation, padding, stride

    def forward(self, input):
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, stride={self.stride}"


class CosineSimilarity(Module):
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim``.

    Example:

    >>> import ember.nn as nn
    >>> nn.CosineSimilarity(dim=1)(ember.tensor([[1.0, 0.0], [1.0, 1.0]]), ember.tensor([[1.0, 0.0], [1.0, 0.0]]))
    tensor([1.0000, 0.7071])
    """

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """The ``p``-norm of ``x1 - x2 + eps`` along the last dimension.

    Example:

    >>> import ember.nn as nn
    >>> nn.PairwiseDistance()(ember.tensor([[0.0, 0.0]]), ember.tensor([[3.0, 4.0]]))
    tensor([5.0000])
    """

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
