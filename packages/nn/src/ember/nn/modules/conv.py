"""Conv1d/2d/3d and ConvTranspose1d/2d/3d."""

import math

import ember
from ember.nn import functional as F
from ember.nn import init
from ember.nn.modules._factory import factory_kwargs as _factory_kwargs
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter

_PAD_MODES = {"zeros", "reflect", "replicate", "circular"}


def _ntuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


class _ConvNd(Module):
    _n = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None, output_padding=0):  # fmt: skip
        super().__init__()
        n = self._n
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'valid', 'same'}}")
            if padding == "same" and any(s != 1 for s in _ntuple(stride, n)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PAD_MODES:
            raise ValueError(f"padding_mode must be one of {sorted(_PAD_MODES)}, but got padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride = _ntuple(kernel_size, n), _ntuple(stride, n)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, n)
        self.dilation, self.groups, self.padding_mode = _ntuple(dilation, n), groups, padding_mode
        self.transposed, self.output_padding = self._transposed, _ntuple(output_padding, n)
        factory = _factory_kwargs(device, dtype)
        shape = (
            (in_channels, out_channels // groups, *self.kernel_size)
            if self._transposed
            else (out_channels, in_channels // groups, *self.kernel_size)
        )
        self.weight = Parameter(ember.empty(shape, **factory))
        if bias:
            self.bias = Parameter(ember.empty(out_channels, **factory))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self):
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0,) * len(self.kernel_size):
            s += f", padding={self.padding!r}" if isinstance(self.padding, str) else f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s

    def _check(self, input):
        n = self._n
        if input.ndim not in (n + 1, n + 2) or input.shape[-n - 1] != self.in_channels:
            raise RuntimeError(
                f"{type(self).__name__}: expected input of shape (N, {self.in_channels}, ...) with {n + 2} dims or "
                f"({self.in_channels}, ...) with {n + 1}, got input of shape {list(input.shape)}"
            )

    def forward(self, input):
        self._check(input)
        conv = (F.conv1d, F.conv2d, F.conv3d)[self._n - 1]
        padding = self.padding
        if self.padding_mode != "zeros":
            k, d = self.kernel_size, self.dilation
            if padding == "same":
                total = [d[i] * (k[i] - 1) for i in range(self._n)]
                pads = [p for i in reversed(range(self._n)) for p in (total[i] // 2, total[i] - total[i] // 2)]
            else:
                pads = [p for i in reversed(range(self._n)) for p in (padding[i], padding[i])]
            x = input if input.ndim == self._n + 2 else input.unsqueeze(0)
            x = F.pad(x, pads, mode=self.padding_mode)
            out = conv(x, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
            return out if input.ndim == self._n + 2 else out.squeeze(0)
        return conv(input, self.weight, self.bias, self.stride, padding, self.dilation, self.groups)


class Conv1d(_ConvNd):
    """A 1-D convolution layer with learned weights of shape ``(out_channels, in_channels / groups, *kernel_size)``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.Conv1d(4, 2, kernel_size=3)(ember.zeros(1, 4, 10)).shape
    ember.Size([1, 2, 8])
    """

    _n = 1


class Conv2d(_ConvNd):
    """A 2-D convolution layer with learned weights of shape ``(out_channels, in_channels / groups, *kernel_size)``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> conv = nn.Conv2d(1, 8, kernel_size=3, padding=1)
    >>> conv.weight.shape
    ember.Size([8, 1, 3, 3])
    >>> conv(ember.zeros(2, 1, 28, 28)).shape
    ember.Size([2, 8, 28, 28])
    """

    _n = 2


class Conv3d(_ConvNd):
    """A 3-D convolution layer with learned weights of shape ``(out_channels, in_channels / groups, *kernel_size)``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> conv = nn.Conv3d(2, 4, kernel_size=3, padding=1)
    >>> conv(ember.ones(1, 2, 5, 5, 5)).shape
    ember.Size([1, 4, 5, 5, 5])
    """

    _n = 3


class _ConvTransposeNd(_ConvNd):
    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):  # fmt: skip
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, output_padding)  # fmt: skip

    def forward(self, input, output_size=None):
        self._check(input)
        fn = (F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)[self._n - 1]
        output_padding = self.output_padding
        if output_size is not None:
            output_size = list(output_size)[-self._n :]
            output_padding = []
            for d in range(self._n):
                base = ((input.shape[-self._n + d] - 1) * self.stride[d] - 2 * self.padding[d]
                        + self.dilation[d] * (self.kernel_size[d] - 1) + 1)  # fmt: skip
                output_padding.append(output_size[d] - base)
        return fn(input, self.weight, self.bias, self.stride, self.padding, output_padding, self.groups, self.dilation)


class ConvTranspose1d(_ConvTransposeNd):
    """A 1-D transposed convolution layer (the gradient of a convolution), which upsamples with ``stride > 1``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> up = nn.ConvTranspose1d(3, 2, kernel_size=2, stride=2)
    >>> up(ember.ones(1, 3, 5)).shape
    ember.Size([1, 2, 10])
    """

    _n = 1


class ConvTranspose2d(_ConvTransposeNd):
    """A 2-D transposed convolution layer (the gradient of a convolution), which upsamples with ``stride > 1``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.ConvTranspose2d(8, 1, kernel_size=2, stride=2)(ember.zeros(1, 8, 7, 7)).shape
    ember.Size([1, 1, 14, 14])
    """

    _n = 2


class ConvTranspose3d(_ConvTransposeNd):
    """A 3-D transposed convolution layer (the gradient of a convolution), which upsamples with ``stride > 1``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> up = nn.ConvTranspose3d(3, 2, kernel_size=2, stride=2)
    >>> up(ember.ones(1, 3, 2, 2, 2)).shape
    ember.Size([1, 2, 4, 4, 4])
    """

    _n = 3
