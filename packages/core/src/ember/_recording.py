"""Wraps every differentiable op of ember._C so that ember.autograd can record it.

Runs once, at `import ember`, before any other module takes a reference to an
op. A wrapped op (ember._C.RecordedOp) costs one C-level call on the no-grad
path; it reaches Python only when ember.autograd has installed its recorder,
grad mode is on and an argument requires grad (DESIGN.md section 3).
"""

from types import FunctionType

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


# Differentiable ops the native registry lists as not differentiable or not at
# all (aliases, Tensor-only methods); ember.autograd has formulas for them.
# Without these their results would silently drop requires_grad.
UNREGISTERED = frozenset(
    {
        "swapaxes", "swapdims", "moveaxis", "unbind", "view_as", "expand_as", "reshape_as", "broadcast_tensors",
        "concat", "concatenate", "ger", "true_divide", "index_put", "put", "fill", "zero",
    }
)  # fmt: skip


def differentiable_ops():
    """Names of the differentiable ops: the registry's, and UNREGISTERED."""
    return {op["name"] for op in _C._op_registry() if op["differentiable"]} | UNREGISTERED


# Private bindings whose public front end is Python, and aliases with no formula
# of their own: named by the op they compute (same arguments).
PRIVATE = {"_to_dtype": "to", "clip": "clamp", "clip_": "clamp_", "row_stack": "vstack"}


def _recorded_name(attr, names):
    """The name the recorder sees for attribute attr (add, add_, index_put_), or None if not an op."""
    if attr.startswith("__"):
        return None
    name = PRIVATE.get(attr) or (attr[1:] if attr.startswith("_") else attr)
    if name in names or (name.endswith("_") and name[:-1] in names):
        return name
    return None


def _wrap_namespace(namespace, names, *, method):
    for attr, value in list(vars(namespace).items()):
        name = _recorded_name(attr, names)
        if name is None or isinstance(value, _C.RecordedOp):
            continue
        if method and isinstance(value, property):  # x.T, x.real: views read as attributes
            wrapped = property(_C._record_op(value.fget, name), value.fset, value.fdel, value.__doc__)
            setattr(namespace, attr, wrapped)
        elif callable(value):
            setattr(namespace, attr, _C._record_op(value, name))


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


# Python-level ops that run one LAPACK decomposition each: recorded whole (their
# formulas, or a node that says the derivative is missing). The other
# differentiable functions of ember.linalg compose recorded ops and need nothing.
DECOMPOSITIONS = frozenset(
    {
        "det", "logdet", "slogdet", "inv", "inv_ex", "solve", "solve_ex", "solve_triangular", "cholesky",
        "cholesky_ex", "eigh", "eigvalsh", "svd", "svdvals", "qr", "eig", "eigvals", "lstsq", "lu_factor",
        "lu_factor_ex", "lu_solve", "householder_product",
    }
)  # fmt: skip


def wrap_python_ops(*namespaces):
    """Wraps the decompositions wherever they are reachable (ember.linalg, ember, Tensor methods)."""
    names = differentiable_ops() & DECOMPOSITIONS
    wrapped = {}
    for namespace in namespaces:
        for attr, value in list(vars(namespace).items()):
            if isinstance(value, FunctionType) and value.__name__ in names:
                if value not in wrapped:
                    wrapped[value] = _C._record_op(value, value.__name__)
                setattr(namespace, attr, wrapped[value])
