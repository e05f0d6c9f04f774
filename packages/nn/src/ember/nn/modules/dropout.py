"""Dropout family: identity in eval mode."""

from ember.nn import functional as F
from ember.nn.modules.module import Module


class _DropoutNd(Module):
    _fn = staticmethod(F.dropout)

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return self._fn(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """In training, zeroes each element with probability ``p`` and scales the others by ``1 / (1 - p)``; in eval, the
    identity.

    Example:

    >>> import ember.nn as nn
    >>> drop = nn.Dropout(p=0.5)
    >>> _ = drop.eval()
    >>> drop(ember.ones(4))
    tensor([1., 1., 1., 1.])
    >>> _ = drop.train()
    >>> sorted(set(drop(ember.ones(1000)).tolist()))
    [0.0, 2.0]
    """

    pass


class Dropout1d(_DropoutNd):
    """In training, zeroes whole channels of ``(N, C, L)`` input with probability ``p`` (scaling the others).

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.Dropout1d(0.5)(ember.ones(1, 4, 2))
    tensor([[[0., 0.],
             [0., 0.],
             [2., 2.],
             [2., 2.]]])
    """

    _fn = staticmethod(F.dropout1d)


class Dropout2d(_DropoutNd):
    """In training, zeroes whole channels of ``(N, C, H, W)`` input with probability ``p`` (scaling the others).

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.Dropout2d(0.5)(ember.ones(1, 4, 1, 2)).flatten()
    tensor([0., 0., 0., 0., 2., 2., 2., 2.])
    """

    _fn = staticmethod(F.dropout2d)


class Dropout3d(_DropoutNd):
    """In training, zeroes whole channels of ``(N, C, D, H, W)`` input with probability ``p`` (scaling the others).

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.Dropout3d(0.5)(ember.ones(1, 4, 1, 1, 2)).flatten()
    tensor([0., 0., 0., 0., 2., 2., 2., 2.])
    """

    _fn = staticmethod(F.dropout3d)


class AlphaDropout(_DropoutNd):
    """Dropout for SELU networks: keeps the input's mean and variance by setting dropped elements to SELU's negative
    saturation.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> drop = nn.AlphaDropout(0.5)
    >>> drop(ember.ones(2, 4)).shape
    ember.Size([2, 4])
    >>> drop.eval()(ember.ones(4))
    tensor([1., 1., 1., 1.])
    """

    _fn = staticmethod(F.alpha_dropout)


class FeatureAlphaDropout(_DropoutNd):
    """Alpha dropout of whole channels, for SELU networks.

    Example:

    >>> import ember.nn as nn
    >>> _ = ember.manual_seed(0)
    >>> nn.FeatureAlphaDropout(0.5)(ember.ones(1, 4, 3)).shape
    ember.Size([1, 4, 3])
    >>> nn.FeatureAlphaDropout(0.5).eval()(ember.ones(2))
    tensor([1., 1.])
    """

    _fn = staticmethod(F.feature_alpha_dropout)
