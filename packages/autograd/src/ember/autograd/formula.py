"""The derivative table: one backward formula per differentiable op, by registry name.

A formula is a function written in ember ops (so create_graph=True gives
higher-order gradients):

    @derivative("mul", inputs=("input", "other"))
    def mul(grad, input, other):
        return grad * other.conj(), grad * input.conj()

Its parameters after `grad` are the op's, in PyTorch's order and names; the
recorder binds the call's arguments to them. `inputs` names the parameters
that get a gradient, in the order the formula returns them; a list-valued
input (cat's tensors) gets a list back. `save` names the tensor parameters the
formula reads (the others arrive as TensorMeta: shape, dtype, device only);
a keyword-only `result` parameter receives the op's output. `save_for` maps a
saved parameter to the one input whose gradient alone reads it: it is saved
only when that input needs a gradient (so `x * 2` does not keep x, as in
PyTorch), and the formula sees a TensorMeta otherwise. Gradients are
reduced to each input's shape (undoing broadcasting) and cast to its dtype by
the engine, so formulas need not.
"""

from ember import _C


class _Table(dict):
    """{op name: Formula}. A change reaches the native recorder, which caches each op's formula."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        _C._native_plans_stale()

    def __delitem__(self, key):
        super().__delitem__(key)
        _C._native_plans_stale()

    def pop(self, *args):
        value = super().pop(*args)
        _C._native_plans_stale()
        return value

    def update(self, *args, **kwargs):
        super().update(*args, **kwargs)
        _C._native_plans_stale()

    def clear(self):
        super().clear()
        _C._native_plans_stale()


TABLE = _Table()

ALL = object()


class Formula:
    __slots__ = (
        "op",
        "fn",
        "params",
        "inputs",
        "save",
        "save_result",
        "node_name",
        "wants_needs",
        "input_positions",
        "save_positions",
        "sequence",
        "save_for",
        "save_cache",
    )

    def __init__(self, op, fn, inputs, save, save_for=None):
        code = fn.__code__
        positional = code.co_varnames[1 : code.co_argcount]
        kwonly = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
        self.op = op
        self.fn = fn
        self.params = positional
        self.inputs = tuple(inputs)
        self.save = frozenset(self.inputs if save is ALL else save)
        self.save_result = "result" in kwonly
        # where the recorder finds each input among the positional arguments (else by keyword)
        self.input_positions = tuple(
            (name, positional.index(name) if name in positional else 1 << 30) for name in self.inputs
        )
        self.save_positions = tuple(name in self.save for name in positional)
        self.sequence = self.inputs == ("tensors",)  # cat([...]) or f(*tensors)
        self.wants_needs = "needs" in kwonly
        # ((positional index of the parameter, index in inputs of the input that reads it), ...)
        self.save_for = tuple((positional.index(p), self.inputs.index(i)) for p, i in (save_for or {}).items())
        self.save_cache = {}  # {mask of the inputs that need a gradient: save_positions for it}
        from ember.autograd.graph import node_class_name

        self.node_name = node_class_name(op)


def derivative(*ops, inputs=("input",), save=ALL, save_for=None):
    """Registers fn as the backward formula of each op in `ops`."""

    def register(fn):
        for op in ops:
            if op in TABLE:
                raise ValueError(f"derivative for {op} registered twice")
            TABLE[op] = Formula(op, fn, inputs, save, save_for)
        return fn

    return register
