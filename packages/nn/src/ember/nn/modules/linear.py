"""Identity, Linear, Bilinear, LazyLinear, Flatten, Unflatten."""

import math

import ember
from ember.nn import functional as F
from ember.nn import init
from ember.nn.modules._factory import factory_kwargs as _factory
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter, UninitializedParameter


class Identity(Module):
    """Returns its input unchanged (it accepts and ignores any arguments).

    Example:

    >>> import ember.nn as nn
    >>> nn.Identity()(ember.tensor([1.0, 2.0]))
    tensor([1., 2.])
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """Applies ``x @ weight.T + bias``, weights drawn as PyTorch does (Kaiming uniform).

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> layer = nn.Linear(3, 2)
    >>> layer.weight.shape, layer.bias.shape
    (ember.Size([2, 3]), ember.Size([2]))
    >>> layer(ember.ones(4, 3)).shape
    ember.Size([4, 2])
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(ember.empty(out_features, in_features, **_factory(device, dtype)))
        if bias:
            self.bias = Parameter(ember.empty(out_features, **_factory(device, dtype)))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        # kaiming_uniform with a=sqrt(5) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1]
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        if input.ndim == 0 or input.shape[-1] != self.in_features:
            raise RuntimeError(
                f"Linear: expected input with last dimension {self.in_features}, got input of shape {list(input.shape)}"
            )
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


class LazyLinear(Linear):
    """Linear whose in_features is taken from the first input.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> layer = nn.LazyLinear(2)
    >>> layer(ember.ones(4, 3)).shape
    ember.Size([4, 2])
    >>> layer.weight.shape
    ember.Size([2, 3])
    """

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        Module.__init__(self)
        self.in_features = 0
        self.out_features = out_features
        self._factory_kwargs = _factory(device, dtype)
        self.weight = UninitializedParameter()
        self.bias = UninitializedParameter() if bias else None
        if not bias:
            self.register_parameter("bias", None)

    def reset_parameters(self):
        if not isinstance(self.weight, UninitializedParameter):
            super().reset_parameters()

    def forward(self, input):
        if isinstance(self.weight, UninitializedParameter):
            self.in_features = input.shape[-1]
            self.weight = Parameter(ember.empty(self.out_features, self.in_features, **self._factory_kwargs))
            if self.bias is not None:
                self.bias = Parameter(ember.empty(self.out_features, **self._factory_kwargs))
            self.reset_parameters()
            self.__class__ = Linear  # as PyTorch: a materialised LazyLinear is a Linear
        return Linear.forward(self, input)


class Bilinear(Module):
    """Applies ``x1 @ weight @ x2 + bias`` for each output feature.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> layer = nn.Bilinear(3, 4, 2)
    >>> layer(ember.ones(5, 3), ember.ones(5, 4)).shape
    ember.Size([5, 2])
    """

    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in1_features, self.in2_features, self.out_features = in1_features, in2_features, out_features
        self.weight = Parameter(ember.empty(out_features, in1_features, in2_features, **_factory(device, dtype)))
        if bias:
            self.bias = Parameter(ember.empty(out_features, **_factory(device, dtype)))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )


class Flatten(Module):
    """Flattens dimensions ``start_dim`` to ``end_dim`` into one (all but the batch by default).

    Example:

    >>> import ember.nn as nn
    >>> nn.Flatten()(ember.zeros(8, 2, 3, 4)).shape
    ember.Size([8, 24])
    """

    def __init__(self, start_dim=1, end_dim=-1):
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input):
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self):
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Splits dimension ``dim`` into ``unflattened_size``.

    Example:

    >>> import ember.nn as nn
    >>> nn.Unflatten(1, (2, 3))(ember.zeros(4, 6)).shape
    ember.Size([4, 2, 3])
    """

    def __init__(self, dim, unflattened_size):
        super().__init__()
        self.dim, self.unflattened_size = dim, unflattened_size

    def forward(self, input):
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self):
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
