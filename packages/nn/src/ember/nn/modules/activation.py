"""Activation modules: thin wrappers over nn.functional with PyTorch's repr."""

import warnings

import ember
from ember.nn import functional as F
from ember.nn.modules._factory import factory_kwargs as _factory_kwargs
from ember.nn.modules.module import Module
from ember.nn.parameter import Parameter


class ReLU(Module):
    """Applies ``max(0, x)`` element by element; ``inplace=True`` overwrites the input.

    Example:

    >>> import ember.nn as nn
    >>> nn.ReLU()(ember.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class ReLU6(Module):
    """Applies ``min(max(0, x), 6)`` element by element.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.ReLU6()(x)
    tensor([0., 0., 0., 1., 4.])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu6(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class ELU(Module):
    """Applies ELU: ``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.ELU()(x)
    tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}{', inplace=True' if self.inplace else ''}"


class CELU(Module):
    """Applies CELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.CELU()(x)
    tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
    """

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}{', inplace=True' if self.inplace else ''}"


class SELU(Module):
    """Applies SELU, the scaled ELU with the fixed constants of self-normalising networks.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.SELU()(x)
    tensor([-1.5202, -0.6918,  0.0000,  1.0507,  4.2028])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.selu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """Applies ``x`` where positive and ``negative_slope * x`` elsewhere.

    Example:

    >>> import ember.nn as nn
    >>> nn.LeakyReLU(0.1)(ember.tensor([-1.0, 2.0]))
    tensor([-0.1000,  2.0000])
    """

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}{', inplace=True' if self.inplace else ''}"


class GELU(Module):
    """Applies GELU, ``x * Phi(x)``; ``approximate='tanh'`` uses the tanh approximation of ``Phi``.

    Example:

    >>> import ember.nn as nn
    >>> nn.GELU()(ember.tensor([-1.0, 0.0, 1.0]))
    tensor([-0.1587,  0.0000,  0.8413])
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """Applies SiLU (swish), ``x * sigmoid(x)``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.SiLU()(x)
    tensor([-0.2384, -0.1888,  0.0000,  0.7311,  3.9281])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.silu(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Mish(Module):
    """Applies Mish, ``x * tanh(softplus(x))``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Mish()(x)
    tensor([-0.2525, -0.2207,  0.0000,  0.8651,  3.9974])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.mish(input, self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class Hardswish(Module):
    """Applies hard swish, ``x * relu6(x + 3) / 6``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Hardswish()(x)
    tensor([-0.3333, -0.2083,  0.0000,  0.6667,  4.0000])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.hardswish(input, self.inplace)


class Hardsigmoid(Module):
    """Applies the hard sigmoid, ``relu6(x + 3) / 6``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Hardsigmoid()(x)
    tensor([0.1667, 0.4167, 0.5000, 0.6667, 1.0000])
    """

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.hardsigmoid(input, self.inplace)


class Hardtanh(Module):
    """Clamps each element to ``[min_val, max_val]``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Hardtanh()(x)
    tensor([-1.0000, -0.5000,  0.0000,  1.0000,  1.0000])
    """

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None):
        super().__init__()
        for old, new in (("min_value", "min_val"), ("max_value", "max_val")):  # torch's deprecated spellings
            if locals()[old] is not None:
                warnings.warn(f"keyword argument `{old}` is deprecated and renamed to `{new}`", FutureWarning, 2)
        min_val = min_val if min_value is None else min_value
        max_val = max_val if max_value is None else max_value
        if max_val <= min_val:
            raise AssertionError(f"max_val ({max_val}) must be greater than min_val ({min_val})")
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}{', inplace=True' if self.inplace else ''}"


class Sigmoid(Module):
    """Applies the logistic sigmoid ``1 / (1 + exp(-x))``.

    Example:

    >>> import ember.nn as nn
    >>> nn.Sigmoid()(ember.tensor([0.0]))
    tensor([0.5000])
    """

    def __init__(self):
        super().__init__()

    def forward(self, input):
        return input.sigmoid()


class Tanh(Module):
    """Applies the hyperbolic tangent.

    Example:

    >>> import ember.nn as nn
    >>> nn.Tanh()(ember.tensor([0.0, 1.0]))
    tensor([0.0000, 0.7616])
    """

    def __init__(self):
        super().__init__()

    def forward(self, input):
        return input.tanh()


class LogSigmoid(Module):
    """Applies ``log(sigmoid(x))``, computed without overflow.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.LogSigmoid()(x)
    tensor([-2.1269, -0.9741, -0.6931, -0.3133, -0.0181])
    """

    def __init__(self):
        super().__init__()

    def forward(self, input):
        return F.logsigmoid(input)


class Softplus(Module):
    """Applies ``log(1 + exp(beta * x)) / beta``, linear above ``threshold``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Softplus()(x)
    tensor([0.1269, 0.4741, 0.6931, 1.3133, 4.0181])
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Softshrink(Module):
    """Shrinks each element towards zero by ``lambd``; those within ``lambd`` of zero become zero.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Softshrink()(x)
    tensor([-1.5000, -0.0000,  0.0000,  0.5000,  3.5000])
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.softshrink(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Hardshrink(Module):
    """Zeroes the elements within ``lambd`` of zero and keeps the others.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Hardshrink()(x)
    tensor([-2.,  0.,  0.,  1.,  4.])
    """

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return F.hardshrink(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Tanhshrink(Module):
    """Applies ``x - tanh(x)``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Tanhshrink()(x)
    tensor([-1.0360, -0.0379,  0.0000,  0.2384,  3.0007])
    """

    def __init__(self):
        super().__init__()

    def forward(self, input):
        return F.tanhshrink(input)


class Softsign(Module):
    """Applies ``x / (1 + abs(x))``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Softsign()(x)
    tensor([-0.6667, -0.3333,  0.0000,  0.5000,  0.8000])
    """

    def __init__(self):
        super().__init__()

    def forward(self, input):
        return F.softsign(input)


class Threshold(Module):
    """Replaces the elements not greater than ``threshold`` by ``value``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Threshold(0.5, -1.0)(x)
    tensor([-1., -1., -1.,  1.,  4.])
    """

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}{', inplace=True' if self.inplace else ''}"


class GLU(Module):
    """The gated linear unit: splits ``dim`` in halves ``a`` and ``b`` and returns ``a * sigmoid(b)``.

    Example:

    >>> import ember.nn as nn
    >>> nn.GLU()(ember.tensor([[1.0, 2.0, 0.0, 100.0]]))
    tensor([[0.5000, 2.0000]])
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax(Module):
    """Applies softmax along ``dim``: each slice becomes positive and sums to one.

    Example:

    >>> import ember.nn as nn
    >>> nn.Softmax(dim=1)(ember.tensor([[0.0, 0.0]]))
    tensor([[0.5000, 0.5000]])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax2d(Module):
    """Softmax over the channels at each location of ``(N, C, H, W)`` or ``(C, H, W)`` input.

    Example:

    >>> import ember.nn as nn
    >>> nn.Softmax2d()(ember.zeros(1, 2, 1, 1)).flatten()
    tensor([0.5000, 0.5000])
    """

    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D instead")
        return F.softmax(input, -3, _stacklevel=5)


class Softmin(Module):
    """Applies softmin (softmax of ``-x``) along ``dim``.

    Example:

    >>> import ember.nn as nn
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> nn.Softmin(dim=0)(x)
    tensor([0.7089, 0.1582, 0.0959, 0.0353, 0.0018])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """Applies the logarithm of softmax along ``dim``.

    Example:

    >>> import ember.nn as nn
    >>> nn.LogSoftmax(dim=1)(ember.tensor([[0.0, 0.0]]))
    tensor([[-0.6931, -0.6931]])
    """

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.log_softmax(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f"dim={self.dim}"


class RReLU(Module):
    """Randomised leaky ReLU: the negative slope is drawn from ``[lower, upper]`` in training, their mean in eval.

    Example:

    >>> import ember.nn as nn
    >>> nn.RReLU(0.1, 0.3).eval()(ember.tensor([-1.0, 2.0]))
    tensor([-0.2000,  2.0000])
    """

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower = lower
        self.upper = upper
        self.inplace = inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}{', inplace=True' if self.inplace else ''}"


class PReLU(Module):
    """Leaky ReLU whose negative slope is a learned parameter (one, or one per channel).

    Example:

    >>> import ember.nn as nn
    >>> nn.PReLU()(ember.tensor([-2.0, 3.0])).detach()
    tensor([-0.5000,  3.0000])
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(ember.empty(num_parameters, **_factory_kwargs(device, dtype)))
        self.reset_parameters()

    def reset_parameters(self):
        from ember.nn import init

        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"
