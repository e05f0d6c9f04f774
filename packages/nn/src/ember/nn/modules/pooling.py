"""Max/Avg/Adaptive/LP pooling modules."""

from ember.nn import functional as F
from ember.nn.modules.module import Module


class _MaxPoolNd(Module):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, input):
        return type(self)._fn(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode, self.return_indices
        )

    def extra_repr(self):
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool1d(_MaxPoolNd):
    """1-D max pooling: the maximum of each window; ``return_indices=True`` also gives where it was.

    Example:

    >>> import ember.nn as nn
    >>> nn.MaxPool1d(2)(ember.tensor([[[1.0, 3.0, 2.0, 0.0, 5.0, 4.0]]]))
    tensor([[[3., 2., 5.]]])
    """

    _fn = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    """2-D max pooling: the maximum of each window; ``return_indices=True`` also gives where it was.

    Example:

    >>> import ember.nn as nn
    >>> nn.MaxPool2d(2)(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """

    _fn = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    """3-D max pooling: the maximum of each window; ``return_indices=True`` also gives where it was.

    Example:

    >>> import ember.nn as nn
    >>> nn.MaxPool3d(2)(ember.arange(8.0).reshape(1, 1, 2, 2, 2))
    tensor([[[[[7.]]]]])
    """

    _fn = staticmethod(F.max_pool3d)


class _AvgPoolNd(Module):
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):  # fmt: skip
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode, self.count_include_pad = padding, ceil_mode, count_include_pad
        self.divisor_override = divisor_override

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(_AvgPoolNd):
    """1-D average pooling: the mean of each window.

    Example:

    >>> import ember.nn as nn
    >>> nn.AvgPool1d(2)(ember.arange(6.0).reshape(1, 1, 6))
    tensor([[[0.5000, 2.5000, 4.5000]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode, self.count_include_pad)


class AvgPool2d(_AvgPoolNd):
    """2-D average pooling: the mean of each window.

    Example:

    >>> import ember.nn as nn
    >>> nn.AvgPool2d(2)(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """

    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)  # fmt: skip


class AvgPool3d(_AvgPoolNd):
    """3-D average pooling: the mean of each window.

    Example:

    >>> import ember.nn as nn
    >>> nn.AvgPool3d(2)(ember.ones(1, 2, 4, 4, 4)).shape
    ember.Size([1, 2, 2, 2, 2])
    """

    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)  # fmt: skip


class _AdaptiveNd(Module):
    _fn = None

    def __init__(self, output_size, return_indices=False):
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveNd):
    """1-D average pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn as nn
    >>> nn.AdaptiveAvgPool1d(2)(ember.arange(6.0).reshape(1, 1, 6))
    tensor([[[1., 4.]]])
    """

    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptiveNd):
    """2-D average pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn as nn
    >>> nn.AdaptiveAvgPool2d(1)(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[7.5000]]]])
    """

    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveAvgPool3d(_AdaptiveNd):
    """3-D average pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn as nn
    >>> nn.AdaptiveAvgPool3d((1, 2, 2))(ember.ones(1, 3, 4, 4, 4)).shape
    ember.Size([1, 3, 1, 2, 2])
    """

    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool1d(_AdaptiveNd):
    """1-D max pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn as nn
    >>> nn.AdaptiveMaxPool1d(2)(ember.arange(6.0).reshape(1, 1, 6))
    tensor([[[2., 5.]]])
    """

    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveNd):
    """2-D max pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn as nn
    >>> nn.AdaptiveMaxPool2d(1)(ember.arange(16.0).reshape(1, 1, 4, 4))
    tensor([[[[15.]]]])
    """

    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptiveNd):
    """3-D max pooling with windows chosen to give ``output_size`` outputs.

    Example:

    >>> import ember.nn as nn
    >>> nn.AdaptiveMaxPool3d(2)(ember.ones(1, 3, 4, 6, 6)).shape
    ember.Size([1, 3, 2, 2, 2])
    """

    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)


class _LPPoolNd(Module):
    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def extra_repr(self):
        return (
            f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
            f"ceil_mode={self.ceil_mode}"
        )


class LPPool1d(_LPPoolNd):
    """1-D power-average pooling: ``(sum of x ** norm_type over each window) ** (1 / norm_type)``.

    Example:

    >>> import ember.nn as nn
    >>> nn.LPPool1d(2, 2)(ember.tensor([[[3.0, 4.0, 6.0, 8.0]]]))
    tensor([[[ 5., 10.]]])
    """

    def forward(self, input):
        return F.lp_pool1d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool2d(_LPPoolNd):
    """2-D power-average pooling: ``(sum of x ** norm_type over each window) ** (1 / norm_type)``.

    Example:

    >>> import ember.nn as nn
    >>> nn.LPPool2d(2, 2)(ember.ones(1, 1, 4, 4))
    tensor([[[[2., 2.],
              [2., 2.]]]])
    """

    def forward(self, input):
        return F.lp_pool2d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class LPPool3d(_LPPoolNd):
    """3-D power-average pooling: ``(sum of x ** norm_type over each window) ** (1 / norm_type)``.

    Example:

    >>> import ember.nn as nn
    >>> nn.LPPool3d(1, 2)(ember.ones(1, 2, 4, 4, 4)).shape
    ember.Size([1, 2, 2, 2, 2])
    """

    def forward(self, input):
        return F.lp_pool3d(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)


class _MaxUnpoolNd(Module):
    _fn = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding

    def forward(self, input, indices, output_size=None):
        return type(self)._fn(input, indices, self.kernel_size, self.stride, self.padding, output_size)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    """The inverse of 1-D max pooling: puts each value back at the index pooling returned, zeros elsewhere.

    Example:

    >>> import ember.nn as nn
    >>> out, idx = nn.MaxPool1d(2, return_indices=True)(ember.tensor([[[1.0, 3.0, 4.0, 2.0]]]))
    >>> nn.MaxUnpool1d(2)(out, idx)
    tensor([[[0., 3., 4., 0.]]])
    """

    _fn = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    """The inverse of 2-D max pooling: puts each value back at the index pooling returned, zeros elsewhere.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([[[[1.0, 2.0], [4.0, 3.0]]]])
    >>> out, idx = nn.MaxPool2d(2, return_indices=True)(x)
    >>> nn.MaxUnpool2d(2)(out, idx)
    tensor([[[[0., 0.],
              [4., 0.]]]])
    """

    _fn = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    """The inverse of 3-D max pooling: puts each value back at the index pooling returned, zeros elsewhere.

    Example:

    >>> import ember.nn as nn
    >>> out, idx = nn.MaxPool3d(2, return_indices=True)(ember.arange(8.0).reshape(1, 1, 2, 2, 2))
    >>> nn.MaxUnpool3d(2)(out, idx).shape
    ember.Size([1, 1, 2, 2, 2])
    """

    _fn = staticmethod(F.max_unpool3d)
