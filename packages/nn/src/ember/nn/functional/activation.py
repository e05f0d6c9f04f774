"""Activation functions of nn.functional: the core's fused kernels where it has one, compositions otherwise."""

import ember
from ember import _C
from ember.nn.functional.linear import _cpad


def _inplace(input, name, *args):
    return getattr(input, name + "_")(*args)


def relu(input, inplace=False):
    """``max(0, x)`` element by element.

    Example:

    >>> import ember.nn.functional as F
    >>> F.relu(ember.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """
    return input.relu_() if inplace else input.relu()


def relu_(input):
    """In-place ``relu``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-1.0, 2.0])
    >>> _ = F.relu_(x)
    >>> x
    tensor([0., 2.])
    """
    return input.relu_()


def relu6(input, inplace=False):
    """``min(max(0, x), 6)`` element by element.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.relu6(x)
    tensor([0., 0., 0., 1., 4.])
    """
    return input.relu6_() if inplace else input.relu6()


def elu(input, alpha=1.0, inplace=False):
    """ELU: ``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.elu(x)
    tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
    """
    return input.elu_(alpha) if inplace else _C.elu(input, alpha)


def elu_(input, alpha=1.0):
    """In-place ``elu``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-1.0, 2.0])
    >>> _ = F.elu_(x)
    >>> x
    tensor([-0.6321,  2.0000])
    """
    return input.elu_(alpha)


def selu(input, inplace=False):
    """SELU, the scaled ELU of self-normalising networks.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.selu(x)
    tensor([-1.5202, -0.6918,  0.0000,  1.0507,  4.2028])
    """
    return input.selu_() if inplace else input.selu()


def selu_(input):
    """In-place version of :meth:`selu`."""
    return selu(input, inplace=True)


def celu(input, alpha=1.0, inplace=False):
    """CELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.celu(x)
    tensor([-0.8647, -0.3935,  0.0000,  1.0000,  4.0000])
    """
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError")
    return input.celu_(alpha) if inplace else _C.celu(input, alpha)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    Example:

    >>> import ember.nn.functional as F
    >>> F.leaky_relu(ember.tensor([-1.0, 2.0]), 0.2)
    tensor([-0.2000,  2.0000])
    """
    return input.leaky_relu_(negative_slope) if inplace else _C.leaky_relu(input, negative_slope)


def leaky_relu_(input, negative_slope=0.01):
    """In-place ``leaky_relu``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-1.0, 2.0])
    >>> _ = F.leaky_relu_(x, 0.1)
    >>> x
    tensor([-0.1000,  2.0000])
    """
    return input.leaky_relu_(negative_slope)


def prelu(input, weight):
    """Leaky ReLU with the slope(s) in ``weight`` (one, or one per channel).

    Example:

    >>> import ember.nn.functional as F
    >>> F.prelu(ember.tensor([-2.0, 3.0]), ember.tensor([0.25]))
    tensor([-0.5000,  3.0000])
    """
    if weight.numel() != 1:
        if input.ndim == 0:
            raise RuntimeError("prelu: Not allow zero-dim input tensor.")
        channels = input.shape[1] if input.ndim >= 2 else 1
        if weight.numel() != channels:
            raise RuntimeError(
                "Mismatch of parameter numbers and input channel size. Found parameter numbers = "
                f"{weight.numel()} and channel size = {channels}."
            )
        if input.ndim >= 2:
            weight = weight.reshape([channels] + [1] * (input.ndim - 2))
    return ember.where(input > 0, input, input * weight)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky ReLU with a random slope from ``[lower, upper]`` in training, their mean otherwise.

    Example:

    >>> import ember.nn.functional as F
    >>> F.rrelu(ember.tensor([-1.0, 2.0]), lower=0.1, upper=0.3)
    tensor([-0.2000,  2.0000])
    """
    if not training:
        return leaky_relu(input, (lower + upper) / 2, inplace)
    slope = ember.empty_like(input).uniform_(lower, upper)
    out = ember.where(input >= 0, input, input * slope)
    return input.copy_(out) if inplace else out


def celu_(input, alpha=1.0):
    """In-place version of :meth:`celu`."""
    return celu(input, alpha, inplace=True)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    """In-place version of :meth:`rrelu`."""
    return rrelu(input, lower, upper, training, inplace=True)


def glu(input, dim=-1):
    """Gated linear unit: splits ``dim`` in halves ``a``, ``b`` and returns ``a * sigmoid(b)``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.glu(ember.tensor([[1.0, 2.0, 0.0, 100.0]]))
    tensor([[0.5000, 2.0000]])
    """
    if input.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if input.shape[dim] % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim % input.ndim} is size {input.shape[dim]}"
        )
    a, b = input.chunk(2, dim)
    return a * b.sigmoid()


def gelu(input, approximate="none"):
    """GELU, ``x * Phi(x)``; ``approximate='tanh'`` uses the tanh approximation.

    Example:

    >>> import ember.nn.functional as F
    >>> F.gelu(ember.tensor([-1.0, 1.0]))
    tensor([-0.1587,  0.8413])
    >>> F.gelu(ember.tensor([-1.0, 1.0]), approximate='tanh')
    tensor([-0.1588,  0.8412])
    """
    return _C.gelu(input, approximate)


def logsigmoid(input):
    """``log(sigmoid(x))``, without overflow.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.logsigmoid(x)
    tensor([-2.1269, -0.9741, -0.6931, -0.3133, -0.0181])
    """
    return -_C.softplus(-input, 1.0, 20.0)


def hardshrink(input, lambd=0.5):
    """Zeroes the elements within ``lambd`` of zero.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.hardshrink(x)
    tensor([-2.,  0.,  0.,  1.,  4.])
    """
    return ember.where((input > lambd) | (input < -lambd), input, ember.zeros_like(input))


def softshrink(input, lambd=0.5):
    """Shrinks each element towards zero by ``lambd`` (zero within ``lambd``).

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.softshrink(x)
    tensor([-1.5000, -0.0000,  0.0000,  0.5000,  3.5000])
    """
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    return ember.where(input > lambd, input - lambd, ember.where(input < -lambd, input + lambd, input * 0))


def tanhshrink(input):
    """``x - tanh(x)``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.tanhshrink(x)
    tensor([-1.0360, -0.0379,  0.0000,  0.2384,  3.0007])
    """
    return input - input.tanh()


def softsign(input):
    """``x / (1 + abs(x))``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.softsign(x)
    tensor([-0.6667, -0.3333,  0.0000,  0.5000,  0.8000])
    """
    return input / (input.abs() + 1)


def softplus(input, beta=1.0, threshold=20.0):
    """``log(1 + exp(beta * x)) / beta``, linear above ``threshold``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.softplus(x)
    tensor([0.1269, 0.4741, 0.6931, 1.3133, 4.0181])
    """
    return _C.softplus(input, beta, threshold)


def threshold(input, threshold, value, inplace=False):
    """Replaces the elements not greater than ``threshold`` by ``value``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.threshold(x, 0.5, -1.0)
    tensor([-1., -1., -1.,  1.,  4.])
    """
    out = ember.where(input > threshold, input, ember.full_like(input, value))
    return input.copy_(out) if inplace else out


def threshold_(input, threshold_value, value):
    """In-place ``threshold``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([0.5, 1.0, 2.0])
    >>> _ = F.threshold_(x, 1.0, -1.0)
    >>> x
    tensor([-1., -1.,  2.])
    """
    return threshold(input, threshold_value, value, True)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """Clamps each element to ``[min_val, max_val]``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.hardtanh(x)
    tensor([-1.0000, -0.5000,  0.0000,  1.0000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return input.hardtanh_(min_val, max_val) if inplace else _C.hardtanh(input, min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place ``hardtanh``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, 0.5, 3.0])
    >>> _ = F.hardtanh_(x)
    >>> x
    tensor([-1.0000,  0.5000,  1.0000])
    """
    return hardtanh(input, min_val, max_val, True)


def hardsigmoid(input, inplace=False):
    """``relu6(x + 3) / 6``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.hardsigmoid(x)
    tensor([0.1667, 0.4167, 0.5000, 0.6667, 1.0000])
    """
    return input.hardsigmoid_() if inplace else input.hardsigmoid()


def hardswish(input, inplace=False):
    """``x * relu6(x + 3) / 6``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.hardswish(x)
    tensor([-0.3333, -0.2083,  0.0000,  0.6667,  4.0000])
    """
    return input.hardswish_() if inplace else input.hardswish()


def silu(input, inplace=False):
    """SiLU (swish): ``x * sigmoid(x)``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.silu(ember.tensor([-1.0, 1.0]))
    tensor([-0.2689,  0.7311])
    """
    return input.silu_() if inplace else input.silu()


def mish(input, inplace=False):
    """Mish: ``x * tanh(softplus(x))``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.mish(x)
    tensor([-0.2525, -0.2207,  0.0000,  0.8651,  3.9974])
    """
    return input.mish_() if inplace else input.mish()


def sigmoid(input):
    """The logistic sigmoid ``1 / (1 + exp(-x))``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.sigmoid(ember.tensor([0.0]))
    tensor([0.5000])
    """
    return input.sigmoid()


def tanh(input):
    """The hyperbolic tangent.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.tanh(x)
    tensor([-0.9640, -0.4621,  0.0000,  0.7616,  0.9993])
    """
    return input.tanh()


def _softmax_dim(ndim):
    return 0 if ndim in (0, 1, 3) else 1


def _resolve_dim(dim, input, stacklevel=3):
    if dim is None:
        import warnings

        warnings.warn(
            "Implicit dimension choice for softmax has been deprecated. "
            "Change the call to include dim=X as an argument.",
            UserWarning,
            stacklevel=stacklevel,
        )
        dim = _softmax_dim(input.ndim)
    return dim


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """Softmax along ``dim`` (computed in ``dtype`` when given).

    Example:

    >>> import ember.nn.functional as F
    >>> F.softmax(ember.tensor([[1.0, 1.0], [0.0, 0.0]]), dim=1)
    tensor([[0.5000, 0.5000],
            [0.5000, 0.5000]])
    """
    dim = _resolve_dim(dim, input)
    if dtype is not None:
        input = input.to(dtype)
    return input.softmax(dim)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """Softmin (softmax of ``-x``) along ``dim``.

    Example:

    >>> import ember.nn.functional as F
    >>> x = ember.tensor([-2.0, -0.5, 0.0, 1.0, 4.0])
    >>> F.softmin(x, dim=0)
    tensor([0.7089, 0.1582, 0.0959, 0.0353, 0.0018])
    """
    dim = _resolve_dim(dim, input)
    if dtype is not None:
        input = input.to(dtype)
    return (-input).softmax(dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """The logarithm of softmax along ``dim``, without overflow.

    Example:

    >>> import ember.nn.functional as F
    >>> F.log_softmax(ember.tensor([0.0, 0.0]), dim=0)
    tensor([-0.6931, -0.6931])
    """
    dim = _resolve_dim(dim, input)
    if dtype is not None:
        input = input.to(dtype)
    return input.log_softmax(dim)


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    """Samples from the Gumbel-softmax distribution at temperature ``tau``; ``hard=True`` gives one-hot samples with
    soft gradients.

    Example:

    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> y = F.gumbel_softmax(ember.zeros(2, 3), tau=0.5)
    >>> y.sum(-1)
    tensor([1.0000, 1.0000])
    >>> F.gumbel_softmax(ember.zeros(2, 3), hard=True).sum(-1)
    tensor([1., 1.])
    """
    gumbels = -ember.empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.argmax(dim, keepdim=True)
    y_hard = ember.zeros_like(logits).scatter(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """Divides by the ``p``-norm along ``dim`` (at least ``eps``).

    Example:

    >>> import ember.nn.functional as F
    >>> F.normalize(ember.tensor([[3.0, 4.0]]), dim=1)
    tensor([[0.6000, 0.8000]])
    """
    return input / input.norm(p, dim, keepdim=True).clamp_min(eps)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """Divides each element by a power of the sum of squares over ``size`` neighbouring channels.

    Example:

    >>> import ember.nn.functional as F
    >>> F.local_response_norm(ember.ones(1, 3, 2), size=2)
    tensor([[[1.0000, 1.0000],
             [0.9999, 0.9999],
             [0.9999, 0.9999]]])
    """
    if input.ndim < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {input.ndim} dimensions)")
    if input.numel() == 0:
        return input
    sq = (input * input).unsqueeze(1)
    n, c = input.shape[0], input.shape[1]
    flat = sq.reshape(n, 1, c, -1)
    padded = _cpad(flat, (0, 0, size // 2, (size - 1) // 2))
    div = padded.unfold(2, size, 1).mean(-1)  # (n, 1, c, rest): the channel-window average
    div = div.reshape(input.shape)
    div = (div * alpha + k) ** beta
    return input / div


__all__ = [
    "celu",
    "celu_",
    "elu",
    "elu_",
    "gelu",
    "glu",
    "gumbel_softmax",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hardtanh_",
    "leaky_relu",
    "leaky_relu_",
    "local_response_norm",
    "log_softmax",
    "logsigmoid",
    "mish",
    "normalize",
    "prelu",
    "relu",
    "relu6",
    "relu_",
    "rrelu",
    "rrelu_",
    "selu",
    "selu_",
    "sigmoid",
    "silu",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "threshold_",
]
