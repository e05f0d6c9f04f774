"""nn.Parameter and nn.Buffer.

ember.Tensor is a native class that Python cannot subclass with state, so a
Parameter is an ordinary tensor whose autograd slot holds a marker subclass of
AutogradMeta; `isinstance(t, nn.Parameter)` checks for that marker.
"""

import ember
from ember._autograd_slots import AutogradMeta


class _ParameterMeta(AutogradMeta):
    __slots__ = ()
    is_parameter = True  # read by Tensor.__repr__ (ember._tensor_str) to print "Parameter containing:"


class _ParameterType(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, ember.Tensor) and isinstance(obj._autograd_meta(), _ParameterMeta)


def _mark(tensor):
    old = tensor._autograd_meta()
    new = _ParameterMeta()
    if old is not None:
        for slot in AutogradMeta.__slots__:
            setattr(new, slot, getattr(old, slot))
    tensor._set_autograd_meta(new)
    return tensor


class Parameter(metaclass=_ParameterType):
    """A tensor that Module registers as a parameter: Parameter(data, requires_grad=True).

    Shares data's storage, as in PyTorch; the result is a leaf.

    Example:

    >>> import ember.nn as nn
    >>> p = nn.Parameter(ember.zeros(2))
    >>> p.requires_grad, isinstance(p, nn.Parameter), p.is_leaf
    (True, True, True)
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = ember.empty(0)
        t = data.detach()
        _mark(t)
        t.requires_grad_(requires_grad)
        return t


class Buffer:
    """Marks a tensor to be registered as a buffer when assigned to a Module attribute.

    Example:

    >>> import ember.nn as nn
    >>> m = nn.Module()
    >>> m.running = nn.Buffer(ember.zeros(2))
    >>> list(m.state_dict())
    ['running']
    """

    def __init__(self, data=None, *, persistent=True):
        self.data = ember.empty(0) if data is None else data
        self.persistent = persistent


def is_lazy(param):
    return isinstance(param, UninitializedParameter)


class UninitializedParameter:
    """Placeholder for LazyLinear's weight until the first forward sees the input.

    Example:

    >>> import ember.nn as nn
    >>> layer = nn.LazyLinear(2)
    >>> isinstance(layer.weight, nn.UninitializedParameter)
    True
    >>> _ = layer(ember.ones(1, 3))
    >>> isinstance(layer.weight, nn.UninitializedParameter), layer.weight.shape
    (False, ember.Size([2, 3]))
    """

    def __init__(self, requires_grad=True):
        self.requires_grad = requires_grad
        self.shape = None

    def __repr__(self):
        return "<UninitializedParameter>"
