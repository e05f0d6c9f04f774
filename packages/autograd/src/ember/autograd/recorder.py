"""The recorder the core calls (DESIGN.md section 3): runs the op and records a node for it.

ember._C calls record(op, *args, **kwargs) only when grad mode is on and some
argument requires grad. The op's name says its form: "add", "add_" or
"__iadd__" (in place, into the first argument), "__radd__" (operands swapped).
"""

import traceback

from ember import _C
from ember._autograd_slots import AutogradMeta, _requires_grad_flag, set_history
from ember.autograd import anomaly, views
from ember.autograd.formula import TABLE
from ember.autograd.graph import (
    FREED_MESSAGE,
    Node,
    SavedTensor,
    TensorMeta,
    accumulator,
    gradient_edge,
    node_class_name,
)

Tensor = _C.Tensor
_set_grad_enabled = _C._set_grad_enabled

REFLECTED = {"__radd__", "__rsub__", "__rmul__", "__rtruediv__", "__rmod__", "__rpow__", "__rmatmul__"}
DUNDERS = {
    "add": "add",
    "sub": "sub",
    "mul": "mul",
    "truediv": "div",
    "mod": "remainder",
    "pow": "pow",
    "matmul": "matmul",
    "neg": "neg",
    "abs": "abs",
}


class OpNode(Node):
    """One recorded op: its formula, what it saved, and its outputs' shapes."""

    __slots__ = ("formula", "args", "kwargs", "layout", "input_meta", "outputs", "result", "freed", "trace")

    def name(self):
        return self.formula.node_name

    def apply(self, grads):
        f = self.formula
        if self.freed:
            raise RuntimeError(FREED_MESSAGE)
        args = [
            a.get(self) if type(a) is SavedTensor else (_unpack(a, self) if type(a) is list else a) for a in self.args
        ]
        grad = grads[0] if len(self.outputs) == 1 else self._grads(grads)
        if self.kwargs or f.save_result or f.wants_needs:
            kwargs = {k: _unpack(v, self) for k, v in self.kwargs.items()} if self.kwargs else {}
            if f.save_result:
                results = [r.get(self, i) if r is not None else None for i, r in enumerate(self.result)]
                kwargs["result"] = results[0] if len(results) == 1 else tuple(results)
            if f.wants_needs:
                kwargs["needs"] = self._needs()
            out = f.fn(grad, *args, **kwargs)
        else:
            out = f.fn(grad, *args)
        layout = self.layout
        if type(out) is not tuple:
            return [out] if layout[0] == -1 else self._flatten((out,))
        return self._flatten(out)

    def _grads(self, grads):
        return tuple(
            g if g is not None or out is None else _zeros(out) for g, out in zip(grads, self.outputs, strict=True)
        )

    def _flatten(self, out):
        flat = []
        for spec, g in zip(self.layout, out, strict=False):
            if spec is None:
                continue
            if spec == -1:
                flat.append(g)
            else:
                flat.extend(g if g is not None else [None] * spec)
        return flat

    def _needs(self):
        needs, i = [], 0
        for spec in self.layout:
            if spec is None:
                needs.append(False)
            else:
                n = 1 if spec == -1 else spec
                needs.append(any(e is not None for e in self.next_functions[i : i + n]))
                i += n
        return tuple(needs)

    def _release(self):
        if self.formula.save or self.formula.save_result:
            self.freed = True
            self.args = self.kwargs = self.result = None

    def saved_summary(self):
        if self.freed or not self.args:
            return ""
        shapes = [tuple(a.data.shape) for a in self.args if isinstance(a, SavedTensor) and a.data is not None]
        return "".join(f"\\nsaved {s}" for s in shapes)


class NotImplementedNode(Node):
    """A differentiable op without a formula yet: backward through it raises."""

    __slots__ = ("op", "outputs")

    def name(self):
        return node_class_name(self.op)

    def apply(self, grads):
        raise NotImplementedError(f"the derivative for '{self.op}' is not implemented")


def _unpack(value, node):
    if isinstance(value, SavedTensor):
        return value.get(node)
    if isinstance(value, list) and value and isinstance(value[0], SavedTensor | TensorMeta):
        return [_unpack(v, node) for v in value]
    return value


def _zeros(out_meta):
    import ember

    shape, dtype, device = out_meta
    return ember.zeros(shape, dtype=dtype, device=device)


def _save_tensor(value, inplace_self):
    if value.is_inference():
        raise RuntimeError(
            "Inference tensors cannot be saved for backward. To work around you can make a clone to get "
            "a normal tensor and use it in autograd."
        )
    return SavedTensor(value.clone() if value is inplace_self else value)


def _save(value, keep, inplace_self):
    if isinstance(value, Tensor):
        return _save_tensor(value, inplace_self) if keep else TensorMeta(value)
    if isinstance(value, list | tuple) and value and isinstance(value[0], Tensor):
        return [_save(v, keep, inplace_self) for v in value]
    return value


_FORMS = {}


def _form(name):
    """(registry op, reflected, in place) for the name an op was called by."""
    form = _FORMS.get(name)
    if form is None:
        if name == "__setitem__":  # routed to views.setitem
            op, reflected, inplace = name, False, False
        elif name.startswith("__"):
            bare = name.strip("_")
            inplace = bare.startswith("i") and bare[1:] in DUNDERS
            reflected = name in REFLECTED
            op = DUNDERS[bare[1:] if (inplace or reflected) else bare]
        else:
            inplace = name.endswith("_")  # add_, and ops named in place (copy_, index_put_)
            op = name[:-1] if inplace and name not in TABLE else name
            reflected = False
        form = _FORMS[name] = (op, reflected, inplace)
    return form


def record(op, *args, **kwargs):
    name = op.__name__
    form = _FORMS.get(name) or _form(name)
    base, reflected, inplace = form
    if kwargs and kwargs.get("out") is not None:
        raise RuntimeError(
            f"{base}(): functions with out=... arguments don't support automatic differentiation, "
            "but one of the arguments requires grad."
        )
    fn = op.__wrapped__
    formula = TABLE.get(base)
    call_args = (args[1], args[0], *args[2:]) if reflected else args

    self_tensor = call_args[0] if inplace else None
    view_meta = None
    if inplace:
        m = self_tensor._autograd_meta()
        if type(m) is ViewMeta:
            views.check_inplace(self_tensor, m)
            view_meta = m
        elif self_tensor.requires_grad and (m is None or m.grad_fn is None):
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")

    if formula is None:
        if base == "__setitem__":
            return views.setitem(fn, *args, **kwargs)
        inputs = [a for a in call_args if isinstance(a, Tensor)]
        edges = tuple(gradient_edge(t) for t in inputs)
        _set_grad_enabled(False)
        try:
            out = fn(*args, **kwargs)
        finally:
            _set_grad_enabled(True)
        node = NotImplementedNode(edges)
        node.op = base
        _attach(self_tensor if inplace and out is None else out, node, call_args, inplace)
        if view_meta is not None:
            views.copy_slices(self_tensor, view_meta, node, True)
        elif base in _VIEW_OPS:
            views.track(out, base, call_args)
        return out

    n_args = len(call_args)
    edges, layout, input_meta = [], [], []
    mask, bit = 0, 1  # bit k: formula input k needs a gradient
    sequence = formula.sequence
    for pname, index in formula.input_positions:
        v = call_args[index] if index < n_args else kwargs.get(pname)
        if sequence and isinstance(v, Tensor):  # f(*tensors): every tensor argument
            v = [a for a in call_args if isinstance(a, Tensor)]
        if isinstance(v, Tensor):
            if v.requires_grad:  # gradient_edge, inlined: this loop runs for every recorded op
                m = v._autograd_meta()
                prev = m.grad_fn if m is not None else None
                edges.append((prev, m.output_nr) if prev is not None else (accumulator(v), 0))
                mask |= bit
            else:
                edges.append(None)
            input_meta.append((v.shape, v.dtype))
            layout.append(-1)
        elif isinstance(v, list | tuple) and v and isinstance(v[0], Tensor):
            for t in v:
                e = gradient_edge(t)
                edges.append(e)
                if e is not None:
                    mask |= bit
            input_meta.extend((t.shape, t.dtype) for t in v)
            layout.append(len(v))
        else:
            layout.append(None)
        bit <<= 1
    if not mask:
        return fn(*args, **kwargs)

    save = formula.save_positions if not formula.save_for else _saves_for(formula, mask)
    n_save = len(save)
    saved_args = []
    for i, v in enumerate(call_args):
        if isinstance(v, Tensor):
            if i < n_save and save[i]:
                v = _save_tensor(v, self_tensor)
            else:
                v = TensorMeta(v)
        elif isinstance(v, list | tuple) and v and isinstance(v[0], Tensor):
            v = _save(v, i < n_save and save[i], self_tensor)
        saved_args.append(v)
    saved_kwargs = {k: _save(v, k in formula.save, self_tensor) for k, v in kwargs.items()} if kwargs else None

    _set_grad_enabled(False)  # a Python-level op's inner ops are not recorded separately
    try:
        out = fn(*args, **kwargs)
    finally:
        _set_grad_enabled(True)

    node = OpNode(tuple(edges), input_meta)
    node.formula = formula
    node.args = saved_args
    node.kwargs = saved_kwargs
    node.layout = layout
    node.freed = False
    node.trace = traceback.format_stack()[:-1] if anomaly._state["enabled"] else None
    recorded = _attach(self_tensor if inplace and out is None else out, node, call_args, inplace)
    if formula.save_result:
        _save_result(node, out, recorded)
    if view_meta is not None:
        views.copy_slices(self_tensor, view_meta, node, layout[0] == -1 and formula.input_positions[0][1] == 0)
    elif base in _VIEW_OPS:
        views.track(out, base, call_args)
    return out


def _save_result(node, out, recorded):
    outs = out if isinstance(out, tuple | list) else (out,)
    node.result = [
        SavedTensor(o, is_output=r) if isinstance(o, Tensor) else None for o, r in zip(outs, recorded, strict=True)
    ]


def native_plan(name):
    """What the native recorder (ember._C) needs to record the op called by `name`, or None.

    None sends its calls here, to record(): ops without a formula, in-place
    forms, views, and f(*tensors). The native recorder also sends back calls
    with tensors inside lists or passed by keyword, out=, anomaly mode and
    saved-tensor hooks; for the rest it builds the node record() would.
    """
    base, reflected, inplace = _form(name)
    formula = TABLE.get(base)
    if formula is None or inplace or base in _VIEW_OPS or formula.sequence:
        return None
    inputs = tuple(index for _, index in formula.input_positions)
    names = tuple(name for name, _ in formula.input_positions)
    return (formula, reflected, inputs, formula.save_positions, formula.save_for, formula.save_result, names)


def native_finish(out, node, call_args):
    """The native recorder's last step for an op whose output is not one tensor."""
    recorded = _attach(out, node, call_args, False)
    if node.formula.save_result:
        _save_result(node, out, recorded)
    else:
        node.result = None


def _saves_for(formula, mask):
    """formula.save_positions less the parameters that only an input without a gradient would read."""
    save = formula.save_cache.get(mask)
    if save is None:
        save = list(formula.save_positions)
        for position, reader in formula.save_for:
            if not (mask >> reader) & 1:
                save[position] = False
        save = formula.save_cache[mask] = tuple(save)
    return save


_PLAIN = (int, float, bool, type(None), str)
_VIEW_OPS = views.VIEW_OPS | set(views.MULTI_VIEW_OPS)
ViewMeta = views.ViewMeta
_set_flag = _requires_grad_flag.__set__
_RECORDED, _NOT_RECORDED = (True,), (False,)
_ONE_OUTPUT = (True,)
_DIFFERENTIABLE = {}


def _differentiable_dtype(dtype):
    ok = _DIFFERENTIABLE.get(dtype)
    if ok is None:
        ok = _DIFFERENTIABLE[dtype] = dtype.is_floating_point or dtype.is_complex
    return ok


def _attach(out, node, args, inplace):
    """Makes node the grad_fn of each differentiable output; returns which ones it recorded."""
    if type(out) is Tensor:  # the common case, one output
        dtype = out.dtype
        ok = _DIFFERENTIABLE.get(dtype)
        if ok is None:
            ok = _differentiable_dtype(dtype)
        if ok and not inplace:
            for a in args:
                if out is a:  # the op returned an input itself (contiguous() of a contiguous tensor)
                    ok = False
                    break
        if ok:  # set_history(out, node), inlined: this runs once per recorded op
            _set_flag(out, True)
            m = out._autograd_meta()
            if m is None:
                m = AutogradMeta()
                out._set_autograd_meta(m)
            m.grad_fn = node
            m.output_nr = 0
            node.outputs = _ONE_OUTPUT  # one output: its grad always arrives, never made up as zeros
            return _RECORDED
        node.outputs = [None]
        return _NOT_RECORDED
    outs = out if isinstance(out, tuple | list) else (out,)
    recorded = []
    outputs = []
    for i, o in enumerate(outs):
        ok = isinstance(o, Tensor) and _differentiable_dtype(o.dtype)
        if ok and not inplace:
            for a in args:
                if o is a:  # the op returned an input itself (contiguous() of a contiguous tensor)
                    ok = False
                    break
        if ok:
            set_history(o, node, i)
            outputs.append((o.shape, o.dtype, o.device))
        else:
            outputs.append(None)
        recorded.append(ok)
    node.outputs = outputs
    return recorded


def install_native():
    """Hands the common op calls to the C++ recorder (ember._C), which builds the same nodes as record()."""
    from ember._autograd_slots import AutogradMeta
    from ember.autograd import graph

    _C._set_native_recorder(
        native_plan,
        accumulator=accumulator,
        finish=native_finish,
        anomaly=anomaly._state,
        saved_hooks=graph._saved_hooks,
        one_output=_ONE_OUTPUT,
        node_type=OpNode,
        meta_type=AutogradMeta,
        saved_type=SavedTensor,
        tensor_meta_type=TensorMeta,
    )
