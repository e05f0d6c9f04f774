"""BatchNorm, InstanceNorm, LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm."""

import numbers

import ember
from ember.nn import functional as F
from ember.nn import init
from ember.nn.modules._factory import factory_kwargs as _factory_kwargs
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter


def _check_trailing(layer, input):
    shape = layer.normalized_shape
    if tuple(input.shape[input.ndim - len(shape) :]) != shape or input.ndim < len(shape):
        raise RuntimeError(
            f"{type(layer).__name__}: given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size{list(input.shape)}"
        )


class _NormBase(Module):
    _expected_dims = ()

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None, *, bias=True):  # fmt: skip
        super().__init__()
        factory = _factory_kwargs(device, dtype)
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        if affine:
            self.weight = Parameter(ember.empty(num_features, **factory))
        else:
            self.register_parameter("weight", None)
        if affine and bias:
            self.bias = Parameter(ember.empty(num_features, **factory))
        else:
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", ember.zeros(num_features, **factory))
            self.register_buffer("running_var", ember.ones(num_features, **factory))
            self.register_buffer("num_batches_tracked", ember.tensor(0, dtype=ember.int64, device=device))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self):
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def _check_input_dim(self, input):
        if input.ndim not in self._expected_dims:
            dims = " or ".join(f"{d}D" for d in self._expected_dims)
            raise ValueError(
                f"{type(self).__name__}: expected {dims} input (got {input.ndim}D input), input of shape "
                f"{list(input.shape)}"
            )

    def extra_repr(self):
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )

    def _load_from_state_dict(self, state_dict, prefix, *args):
        key = prefix + "num_batches_tracked"
        if self.track_running_stats and key not in state_dict:  # old checkpoints lack it
            state_dict[key] = self.num_batches_tracked if self.num_batches_tracked is not None else ember.tensor(0)
        super()._load_from_state_dict(state_dict, prefix, *args)


class _BatchNorm(_NormBase):
    def forward(self, input):
        self._check_input_dim(input)
        if input.shape[1] != self.num_features:
            raise RuntimeError(
                f"{type(self).__name__}: expected input with {self.num_features} channels (dim 1), got input of "
                f"shape {list(input.shape)}"
            )
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # cumulative moving average
                momentum = 1.0 / float(self.num_batches_tracked.item())
        use_batch = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if track else None,
            self.running_var if track else None,
            self.weight,
            self.bias,
            use_batch,
            momentum,
            self.eps,
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of ``(N, C)`` or ``(N, C, L)`` input: per channel, by the batch's statistics in training and
    the running ones in eval.

    Example:

    >>> import ember.nn as nn
    >>> nn.BatchNorm1d(2)(ember.tensor([[1.0, 10.0], [3.0, 30.0]]))
    tensor([[-1.0000, -1.0000],
            [ 1.0000,  1.0000]], grad_fn=<NativeBatchNormBackward0>)
    """

    _expected_dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of ``(N, C, H, W)`` input, per channel.

    Example:

    >>> import ember.nn as nn
    >>> bn = nn.BatchNorm2d(3)
    >>> y = bn(ember.arange(24.0).reshape(2, 3, 2, 2))
    >>> y.shape, bn.running_mean
    (ember.Size([2, 3, 2, 2]), tensor([0.7500, 1.1500, 1.5500]))
    """

    _expected_dims = (4,)


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of ``(N, C, D, H, W)`` input, per channel.

    Example:

    >>> import ember.nn as nn
    >>> bn = nn.BatchNorm3d(2)
    >>> bn(ember.arange(16.0).reshape(1, 2, 2, 2, 2)).mean((0, 2, 3, 4))
    tensor([0., 0.], grad_fn=<MeanBackward0>)
    """

    _expected_dims = (5,)


class _InstanceNorm(_NormBase):
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False,
                 device=None, dtype=None, *, bias=True):  # fmt: skip
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def forward(self, input):
        self._check_input_dim(input)
        batched = input.ndim == self._expected_dims[-1]
        x = input if batched else input.unsqueeze(0)
        out = F.instance_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            self.training or not self.track_running_stats,
            self.momentum if self.momentum is not None else 0.1,
            self.eps,
        )
        return out if batched else out.squeeze(0)


class InstanceNorm1d(_InstanceNorm):
    """Normalises each channel of each sample of ``(N, C, L)`` input on its own.

    Example:

    >>> import ember.nn as nn
    >>> nn.InstanceNorm1d(2)(ember.tensor([[[1.0, 3.0], [2.0, 6.0]]]))
    tensor([[[-1.0000,  1.0000],
             [-1.0000,  1.0000]]])
    """

    _expected_dims = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    """Normalises each channel of each sample of ``(N, C, H, W)`` input on its own.

    Example:

    >>> import ember.nn as nn
    >>> nn.InstanceNorm2d(1)(ember.tensor([[[[1.0, 3.0], [1.0, 3.0]]]]))
    tensor([[[[-1.0000,  1.0000],
              [-1.0000,  1.0000]]]])
    """

    _expected_dims = (3, 4)


class InstanceNorm3d(_InstanceNorm):
    """Normalises each channel of each sample of ``(N, C, D, H, W)`` input on its own.

    Example:

    >>> import ember.nn as nn
    >>> nn.InstanceNorm3d(1)(ember.arange(8.0).reshape(1, 1, 2, 2, 2)).flatten()
    tensor([-1.5275, -1.0911, -0.6547, -0.2182,  0.2182,  0.6547,  1.0911,  1.5275])
    """

    _expected_dims = (4, 5)


class LayerNorm(Module):
    """Normalises over the last ``len(normalized_shape)`` dimensions, with a learned scale and shift.

    Example:

    >>> import ember.nn as nn
    >>> nn.LayerNorm(3)(ember.tensor([[1.0, 2.0, 3.0]]))
    tensor([[-1.2247,  0.0000,  1.2247]], grad_fn=<NativeLayerNormBackward0>)
    """

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        factory = _factory_kwargs(device, dtype)
        if elementwise_affine:
            self.weight = Parameter(ember.ones(self.normalized_shape, **factory))
            self.bias = Parameter(ember.zeros(self.normalized_shape, **factory)) if bias else None
            if not bias:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def reset_parameters(self):
        if self.elementwise_affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input):
        _check_trailing(self, input)
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )


class RMSNorm(Module):
    """Divides by the root mean square over the last dimensions, with a learned scale.

    Example:

    >>> import ember.nn as nn
    >>> norm = nn.RMSNorm(2)
    >>> norm(ember.tensor([[3.0, 4.0]]))
    tensor([[0.8485, 1.1314]], grad_fn=<MulBackward0>)
    >>> norm.weight
    Parameter containing:
    tensor([1., 1.], requires_grad=True)
    """

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape, self.eps, self.elementwise_affine = tuple(normalized_shape), eps, elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(ember.ones(self.normalized_shape, **_factory_kwargs(device, dtype)))
        else:
            self.register_parameter("weight", None)

    def forward(self, x):
        _check_trailing(self, x)
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class GroupNorm(Module):
    """Normalises over groups of channels of each sample, with a learned per-channel scale and shift.

    Example:

    >>> import ember.nn as nn
    >>> nn.GroupNorm(1, 2)(ember.tensor([[[1.0], [3.0]]]))
    tensor([[[-1.0000],
             [ 1.0000]]], grad_fn=<NativeGroupNormBackward0>)
    """

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups:
            raise ValueError("num_channels must be divisible by num_groups")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        factory = _factory_kwargs(device, dtype)
        if affine:
            self.weight = Parameter(ember.ones(num_channels, **factory))
        else:
            self.register_parameter("weight", None)
        if affine and bias:
            self.bias = Parameter(ember.zeros(num_channels, **factory))
        else:
            self.register_parameter("bias", None)

    def forward(self, input):
        if input.ndim < 2 or input.shape[1] != self.num_channels:
            raise RuntimeError(
                f"GroupNorm: expected input of shape (N, {self.num_channels}, *), got input of shape "
                f"{list(input.shape)}"
            )
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
            f"bias={self.bias is not None}"
        )


class LocalResponseNorm(Module):
    """Divides each element by a power of the sum of squares over ``size`` neighbouring channels.

    Example:

    >>> import ember.nn as nn
    >>> nn.LocalResponseNorm(2)(ember.ones(1, 3, 2)).shape
    ember.Size([1, 3, 2])
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
