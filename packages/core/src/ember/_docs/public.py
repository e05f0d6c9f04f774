"""ember's public names, module by module: what the API reference documents and
tests/docs/test_docstrings.py checks. Not imported by `import ember`."""

import importlib
import inspect
import types

# Every documented namespace, in reference order. The sub-packages are
# separate distributions: a missing one is left out by `modules()`.
MODULES = [
    "ember",
    "ember.Tensor",
    "ember.linalg",
    "ember.random",
    "ember.cuda",
    "ember.serialization",
    "ember.safetensors",
    "ember.autograd",
    "ember.autograd.functional",
    "ember.nn",
    "ember.nn.functional",
    "ember.nn.init",
    "ember.nn.utils",
    "ember.nn.utils.rnn",
    "ember.nn.utils.parametrize",
    "ember.nn.utils.parametrizations",
    "ember.optim",
    "ember.optim.lr_scheduler",
    "ember.data",
]


def _namespace(name):
    if name == "ember.Tensor":
        import ember

        return ember.Tensor
    return importlib.import_module(name)


def modules():
    """(name, namespace) of each documented namespace that is installed."""
    out = []
    for name in MODULES:
        try:
            out.append((name, _namespace(name)))
        except ModuleNotFoundError:
            continue
    return out


def _is_ours(value):
    module = getattr(value, "__module__", None) or type(value).__module__ or ""
    return module == "ember" or module.startswith("ember.")


def public_names(name, namespace):
    """Sorted (name, value) of a namespace's public names: `__all__` where it has one, else
    every name without a leading underscore that ember defines (no modules, no imports
    from elsewhere). ember's lazy names (save, load, ...) count too."""
    if isinstance(namespace, type):
        names = [n for n in vars(namespace) if not n.startswith("_")]
        return sorted((n, inspect.getattr_static(namespace, n)) for n in names)
    names = list(getattr(namespace, "__all__", None) or (n for n in dir(namespace) if not n.startswith("_")))
    if name == "ember":
        names += list(namespace._LAZY)
    # Without __all__, a name counts where it is defined: not a re-export (parametrize's ModuleList).
    home = None if name == "ember" or hasattr(namespace, "__all__") else name
    out = {}
    for n in names:
        value = getattr(namespace, n)
        if isinstance(value, types.ModuleType) or not _is_ours(value):
            continue
        module = getattr(value, "__module__", None) or ""
        if home and not (module == home or module.startswith(home + ".")):
            continue
        out[n] = value
    return sorted(out.items())
