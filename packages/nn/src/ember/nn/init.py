"""nn.init: in-place initialisers with PyTorch's distributions, gains and fan rules."""

import math
import warnings

import ember


def calculate_gain(nonlinearity, param=None):
    """The recommended gain of an initialisation for ``nonlinearity`` (e.g. ``sqrt(2)`` for ``'relu'``).

    Example:

    >>> import ember.nn as nn
    >>> nn.init.calculate_gain('relu')
    1.4142135623730951
    >>> nn.init.calculate_gain('tanh')
    1.6666666666666667
    """
    linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]
    if nonlinearity in linear or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = math.prod(tensor.shape[2:]) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fills ``tensor`` with values drawn uniformly from ``[a, b)``, in place.

    Example:

    >>> import ember.nn as nn
    >>> w = nn.init.uniform_(ember.empty(100), -0.1, 0.1)
    >>> bool((w.abs() <= 0.1).all())
    True
    """
    with ember.no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fills ``tensor`` with values drawn from ``N(mean, std ** 2)``, in place.

    Example:

    >>> import ember.nn as nn
    >>> nn.init.normal_(ember.empty(2, 3)).shape
    ember.Size([2, 3])
    """
    with ember.no_grad():
        return tensor.normal_(mean, std, generator=generator)


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    # Inverse-CDF sampling of the normal truncated to [a, b].
    """Fills ``tensor`` with normal values redrawn until they fall in ``[a, b]``, in place.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> w = nn.init.trunc_normal_(ember.empty(1000), std=1.0, a=-0.5, b=0.5)
    >>> bool(w.min() >= -0.5), bool(w.max() <= 0.5)
    (True, True)
    """

    def cdf(x):
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    with ember.no_grad():
        lo, hi = cdf((a - mean) / std), cdf((b - mean) / std)
        tensor.uniform_(2 * lo - 1, 2 * hi - 1, generator=generator)
        tensor.erfinv_()
        tensor.mul_(std * math.sqrt(2.0)).add_(mean)
        return tensor.clamp_(a, b)


def constant_(tensor, val):
    """Fills ``tensor`` with ``val``, in place.

    Example:

    >>> import ember.nn as nn
    >>> nn.init.constant_(ember.empty(3), 0.5)
    tensor([0.5000, 0.5000, 0.5000])
    """
    with ember.no_grad():
        return tensor.fill_(val)


def ones_(tensor):
    """Fills ``tensor`` with ones, in place.

    Example:

    >>> import ember.nn as nn
    >>> nn.init.ones_(ember.empty(2))
    tensor([1., 1.])
    """
    return constant_(tensor, 1.0)


def zeros_(tensor):
    """Fills ``tensor`` with zeros, in place.

    Example:

    >>> import ember.nn as nn
    >>> nn.init.zeros_(ember.empty(2, 2))
    tensor([[0., 0.],
            [0., 0.]])
    """
    with ember.no_grad():
        return tensor.zero_()


def eye_(tensor):
    """Fills a 2-D ``tensor`` with the identity matrix, in place.

    Example:

    >>> import ember.nn as nn
    >>> nn.init.eye_(ember.empty(2, 3))
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with ember.no_grad():
        return tensor.copy_(ember.eye(*tensor.shape, dtype=tensor.dtype))


def dirac_(tensor, groups=1):
    """Fills a 3-, 4- or 5-D ``tensor`` so that a convolution with it keeps its input's channels.

    Example:

    >>> import ember.nn as nn
    >>> w = nn.init.dirac_(ember.empty(2, 2, 3))
    >>> w[0], w[1]
    (tensor([[0., 1., 0.],
            [0., 0., 0.]]), tensor([[0., 0., 0.],
            [0., 1., 0.]]))
    """
    if tensor.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per_group = tensor.shape[0] // groups
    if tensor.shape[0] % groups:
        raise ValueError("dim 0 must be divisible by groups")
    min_dim = min(out_per_group, tensor.shape[1])
    with ember.no_grad():
        tensor.zero_()
        centre = tuple(s // 2 for s in tensor.shape[2:])
        for g in range(groups):
            for d in range(min_dim):
                tensor[(g * out_per_group + d, d, *centre)] = 1
    return tensor


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot uniform initialisation: ``U(-a, a)`` with ``a = gain * sqrt(6 / (fan_in + fan_out))``.

    Example:

    >>> import ember.nn as nn, math
    >>> w = nn.init.xavier_uniform_(ember.empty(20, 30))
    >>> bool((w.abs() <= math.sqrt(6 / 50)).all())
    True
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = math.sqrt(3.0) * gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot normal initialisation: ``N(0, std ** 2)`` with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> w = nn.init.xavier_normal_(ember.empty(300, 100))
    >>> round(w.std().item(), 2)
    0.07
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _kaiming_std(tensor, a, mode, nonlinearity):
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return None
    return calculate_gain(nonlinearity, a) / math.sqrt(_calculate_correct_fan(tensor, mode))


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He uniform initialisation: ``U(-b, b)`` with ``b = gain * sqrt(3 / fan)``.

    Example:

    >>> import ember.nn as nn, math
    >>> w = nn.init.kaiming_uniform_(ember.empty(64, 32), nonlinearity='relu')
    >>> bool((w.abs() <= math.sqrt(6 / 32)).all())
    True
    """
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He normal initialisation: ``N(0, std ** 2)`` with ``std = gain / sqrt(fan)``.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> w = nn.init.kaiming_normal_(ember.empty(200, 50), mode="fan_in", nonlinearity="relu")
    >>> round(w.std().item(), 1)
    0.2
    """
    std = _kaiming_std(tensor, a, mode, nonlinearity)
    if std is None:
        return tensor
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor, gain=1, generator=None):
    """Fills ``tensor`` with a (semi-)orthogonal matrix scaled by ``gain``.

    Example:

    >>> import ember.nn as nn
    >>> q = nn.init.orthogonal_(ember.empty(3, 3))
    >>> ember.allclose(q @ q.T, ember.eye(3), atol=1e-5)
    True
    """
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    import numpy as np

    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = ember.empty(rows, cols, dtype=ember.float64).normal_(0, 1, generator=generator).numpy()
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    with ember.no_grad():
        tensor.copy_(ember.from_numpy(np.ascontiguousarray(q)).reshape(tensor.shape).to(tensor.dtype))
        return tensor.mul_(gain)


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fills a 2-D ``tensor`` with ``N(0, std ** 2)`` values, a ``sparsity`` fraction of each column set to zero.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> w = nn.init.sparse_(ember.empty(4, 3), sparsity=0.5)
    >>> (w == 0).sum(0)
    tensor([2, 2, 2])
    """
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = int(math.ceil(sparsity * rows))
    with ember.no_grad():
        tensor.normal_(0, std, generator=generator)
        for c in range(cols):
            idx = ember.randperm(rows, generator=generator)[:num_zeros]
            col = tensor.select(1, c)
            col.index_fill_(0, idx, 0.0)
    return tensor


# PyTorch's deprecated aliases without the trailing underscore.
uniform = uniform_
normal = normal_
constant = constant_
xavier_uniform = xavier_uniform_
xavier_normal = xavier_normal_
kaiming_uniform = kaiming_uniform_
kaiming_normal = kaiming_normal_
orthogonal = orthogonal_
sparse = sparse_
