"""register_parametrization: a tensor of a module computed from its originals on each access.

As in PyTorch, the module's class is swapped for a `Parametrized<Class>` subclass
whose property computes the tensor, and the originals live under
`parametrizations.<name>.original` (or original0, original1, ... when
right_inverse returns several), so state_dict keys match PyTorch's.
"""

import ember
from ember.nn.modules.container import ModuleDict, ModuleList
from ember.nn.parameter import Parameter


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor and its original value (``module.parametrizations.<name>``).

    Example:

    >>> import ember.nn as nn
    >>> from ember.nn.utils.parametrizations import weight_norm
    >>> layer = weight_norm(nn.Linear(2, 2))
    >>> plist = layer.parametrizations.weight
    >>> type(plist).__name__, plist.original0.shape, plist.original1.shape
    ('ParametrizationList', ember.Size([2, 1]), ember.Size([2, 2]))
    """

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        first = modules[0]
        with ember.no_grad():
            value = first.right_inverse(original) if hasattr(first, "right_inverse") else original
        if isinstance(value, ember.Tensor):
            self.is_tensor = True
            self.ntensors = 1
            self.original = Parameter(value.detach().clone(), original.requires_grad)
        else:
            self.is_tensor = False
            self.ntensors = len(value)
            for i, v in enumerate(value):
                setattr(self, f"original{i}", Parameter(v.detach().clone(), original.requires_grad))

    def forward(self):
        mods = list(self)
        if self.is_tensor:
            x = mods[0](self.original)
        else:
            x = mods[0](*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for m in mods[1:]:
            x = m(x)
        return x


def _inject_class(module):
    cls = module.__class__
    if getattr(cls, "_is_parametrized", False):
        return
    module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {"_is_parametrized": True})


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Makes ``module.<tensor_name>`` the output of ``parametrization`` applied to a stored original.

    Example:

    >>> import ember.nn as nn
    >>> from ember.nn.utils import parametrize
    >>> class Symmetric(nn.Module):
    ...     def forward(self, x):
    ...         return x.triu() + x.triu(1).mT
    >>> layer = nn.Linear(3, 3)
    >>> _ = parametrize.register_parametrization(layer, "weight", Symmetric())
    >>> ember.equal(layer.weight, layer.weight.mT)
    True
    """
    if is_parametrized(module, tensor_name):
        module.parametrizations[tensor_name].append(parametrization)
        return module
    if tensor_name not in module._parameters and tensor_name not in module._buffers:
        raise ValueError(
            f"Module '{module}' does not have a parameter, a buffer, or a parametrized element with name "
            f"'{tensor_name}'"
        )
    original = module._parameters.pop(tensor_name, None)
    if original is None:
        original = module._buffers.pop(tensor_name)
    if "parametrizations" not in module._modules:
        module.parametrizations = ModuleDict()
    module.parametrizations[tensor_name] = ParametrizationList([parametrization], original, unsafe)
    _inject_class(module)
    setattr(
        module.__class__,
        tensor_name,
        property(lambda self, name=tensor_name: self.parametrizations[name]()),
    )
    return module


def is_parametrized(module, tensor_name=None):
    """Whether ``module`` (or its ``tensor_name``) has a parametrization.

    Example:

    >>> import ember.nn as nn
    >>> from ember.nn.utils import parametrize
    >>> from ember.nn.utils.parametrizations import weight_norm
    >>> layer = nn.Linear(2, 2)
    >>> parametrize.is_parametrized(layer)
    False
    >>> _ = weight_norm(layer)
    >>> parametrize.is_parametrized(layer), parametrize.is_parametrized(layer, "bias")
    (True, False)
    """
    plist = module._modules.get("parametrizations")
    if plist is None:
        return False
    return tensor_name is None or tensor_name in plist


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Removes the parametrizations of ``tensor_name``, keeping their current value (or the original).

    Example:

    >>> import ember.nn as nn
    >>> from ember.nn.utils import parametrize
    >>> from ember.nn.utils.parametrizations import weight_norm
    >>> layer = weight_norm(nn.Linear(2, 2))
    >>> _ = parametrize.remove_parametrizations(layer, "weight")
    >>> parametrize.is_parametrized(layer), type(layer.weight).__name__
    (False, 'Tensor')
    """
    plist = module.parametrizations[tensor_name]
    with ember.no_grad():
        value = plist() if leave_parametrized else plist.original
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    if len(module.parametrizations) == 0:
        del module._modules["parametrizations"]
        module.__class__ = module.__class__.__mro__[1]
    module.register_parameter(tensor_name, Parameter(value.detach().clone()))
    return module
