"""Wraps every differentiable op of ember._C so that ember.autograd can record it.

Runs once, at `import ember`, before any other module takes a reference to an
op. A wrapped op (ember._C.RecordedOp) costs one C-level call on the no-grad
path; it reaches Python only when ember.autograd has installed its recorder,
grad mode is on and an argument requires grad (DESIGN.md section 3).
"""

from ember import _C

# Operator methods and the op they compute. The recorder reads the form from
# the name: __r*__ swaps the operands, __i*__ writes into self.
OPERATORS = {
    "add": ("__add__", "__radd__", "__iadd__"),
    "sub": ("__sub__", "__rsub__", "__isub__"),
    "mul": ("__mul__", "__rmul__", "__imul__"),
    "div": ("__truediv__", "__rtruediv__", "__itruediv__"),
    "remainder": ("__mod__", "__rmod__", "__imod__"),
    "pow": ("__pow__", "__rpow__", "__ipow__"),
    "matmul": ("__matmul__", "__rmatmul__", "__imatmul__"),
    "neg": ("__neg__",),
    "abs": ("__abs__",),
}


def differentiable_ops():
    """Names of the registry's differentiable ops."""
    return {op["name"] for op in _C._op_registry() if op["differentiable"]}


def _wrap_namespace(namespace, names, *, method):
    for attr, value in list(vars(namespace).items()):
        base = attr[:-1] if attr.endswith("_") and not attr.endswith("__") else attr
        if base not in names or isinstance(value, _C.RecordedOp):
            continue
        if method and isinstance(value, property):  # x.T, x.real: views read as attributes
            wrapped = property(_C._record_op(value.fget, attr), value.fset, value.fdel, value.__doc__)
            setattr(namespace, attr, wrapped)
        elif callable(value):
            setattr(namespace, attr, _C._record_op(value, attr))


def wrap_differentiable_ops():
    names = differentiable_ops()
    for module in (_C, *(v for v in vars(_C).values() if type(v) is type(_C))):
        _wrap_namespace(module, names, method=False)
    _wrap_namespace(_C.Tensor, names, method=True)
    for op, dunders in OPERATORS.items():
        for dunder in dunders:
            value = _C.Tensor.__dict__.get(dunder)
            if op in names and value is not None and not isinstance(value, _C.RecordedOp):
                setattr(_C.Tensor, dunder, _C._record_op(value, dunder))
