"""In-place ops on views: the base's history is rewritten (PyTorch's CopySlices).

A view recorded by autograd gets a ViewMeta naming its root base. An in-place
op on such a view records its node as usual, then the base's grad_fn becomes a
CopySlices node: the base's gradient, with the view's region run through that
node. The views' own grad_fn is rebuilt lazily, as an AsStridedBackward0 on the
base, whenever the shared version counter shows a write since it was set.

Views and bases share storage, so a view is located in its base by storage
positions; every backward here is written in ember ops (take, index_put,
index_add), so create_graph=True works through them.
"""

import ember
from ember import _C
from ember._autograd_slots import AutogradMeta, _requires_grad_flag, set_history
from ember.autograd.engine import fit
from ember.autograd.graph import Node, gradient_edge

# Ops whose output always shares its input's memory (same dtype).
VIEW_OPS = frozenset(
    {
        "T", "mT", "t", "as_strided", "diagonal", "expand", "expand_as", "broadcast_to", "narrow", "permute",
        "select", "slice", "squeeze", "unsqueeze", "swapaxes", "swapdims", "transpose", "movedim", "moveaxis",
        "unflatten", "unfold", "view", "view_as", "reshape", "reshape_as", "flatten", "tensor_split", "hsplit",
        "vsplit", "dsplit",
    }
)  # fmt: skip
# Views that are one of several outputs of one node: PyTorch forbids writing into them in place
# (its node names). tensor_split and the [hvd]split are slices there, one node per output.
MULTI_VIEW_OPS = {"split": "Split", "chunk": "Split", "split_with_sizes": "SplitWithSizes", "unbind": "Unbind"}
# May copy instead (reshape of a non-contiguous tensor): checked against the storage.
_MAYBE_COPY = frozenset({"reshape", "reshape_as", "flatten"})


def _get_grad_fn(self):
    if self.seen != self.base._version:  # something wrote the memory since grad_fn was set
        self._fn = _rebase(self)
        self.seen = self.base._version
    return self._fn


def _set_grad_fn(self, fn):
    self._fn = fn
    self.seen = self.base._version


class ViewMeta(AutogradMeta):
    """AutogradMeta of a view: its root base, its place in the base's memory, and how it was made."""

    __slots__ = ("_fn", "base", "seen", "geometry", "multi", "op")

    def __init__(self, base, view, op, multi):
        self.base = base
        self.geometry = (tuple(view.shape), tuple(view.stride()), view.storage_offset(), view.dtype, view.device)
        self.multi = multi
        self.op = op
        super().__init__()

    grad_fn = property(_get_grad_fn, _set_grad_fn)

    def stale(self):
        """Makes the next read of grad_fn rebuild it from the base."""
        self._fn = None
        self.seen = -1


def root(tensor):
    """The tensor whose memory `tensor` views (itself when it is no recorded view)."""
    m = tensor._autograd_meta()
    return m.base if type(m) is ViewMeta else tensor


def track(out, op, args):
    """Gives each output of view op `op` a ViewMeta (called by the recorder after it set grad_fn)."""
    src = args[0]
    multi = op in MULTI_VIEW_OPS
    outs = out if isinstance(out, tuple | list) else (out,)
    base = root(src)
    for o in outs:
        if not isinstance(o, _C.Tensor) or o is src or o.dtype != src.dtype:
            continue
        if op in _MAYBE_COPY and o.untyped_storage().data_ptr() != src.untyped_storage().data_ptr():
            continue
        old = o._autograd_meta()
        if old is None or old.grad_fn is None:
            continue
        m = ViewMeta(base, o, op, multi)
        m.grad_fn, m.output_nr = old.grad_fn, old.output_nr
        o._set_autograd_meta(m)


def check_inplace(view, m):
    """PyTorch's refusals for an in-place op on a recorded view."""
    if m.multi:
        raise RuntimeError(
            f"Output {m.output_nr} of {MULTI_VIEW_OPS[m.op]} is a view and is being modified inplace. This view is "
            "the output of a function that returns multiple views. Such functions do not allow the output views "
            "to be modified inplace. You should replace the inplace operation by an out-of-place one."
        )
    base = m.base
    if base.requires_grad and base.is_leaf:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")


def _positions(shape, stride, offset, device):
    """Storage position of each element of a (shape, stride, offset) layout, as an int64 tensor of that shape."""
    pos = ember.full((), offset, dtype=ember.int64, device=device)
    for size, step in zip(shape, stride, strict=True):
        pos = pos.unsqueeze(-1) + ember.arange(size, dtype=ember.int64, device=device) * step
    return pos


def _index_in_base(base_geometry, view_geometry):
    """For each element of the view, the row-major index of the base element over the same memory."""
    bshape, bstride, boffset, _, device = base_geometry
    vshape, vstride, voffset, _, _ = view_geometry
    with ember.no_grad():
        vpos = _positions(vshape, vstride, voffset, device)
        if tuple(bstride) == _contiguous_strides(bshape):
            return vpos - boffset
        bpos = _positions(bshape, bstride, boffset, device).reshape(-1)
        size = 1 + max(int(bpos.max().item()) if bpos.numel() else 0, int(vpos.max().item()) if vpos.numel() else 0)
        inverse = ember.full((size,), -1, dtype=ember.int64, device=device)
        inverse[bpos] = ember.arange(bpos.numel(), dtype=ember.int64, device=device)
        return ember.take(inverse, vpos)


def _contiguous_strides(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def _geometry(t):
    return (tuple(t.shape), tuple(t.stride()), t.storage_offset(), t.dtype, t.device)


class AsStridedNode(Node):
    """grad_fn of a view whose base was written in place: scatters the view's gradient into the base's shape."""

    __slots__ = ("base_geometry", "view_geometry", "outputs", "_index")

    def name(self):
        return "AsStridedBackward0"

    def index(self):
        if self._index is None:
            self._index = _index_in_base(self.base_geometry, self.view_geometry)
        return self._index

    def apply(self, grads):
        g = grads[0]
        shape = self.base_geometry[0]
        n = 1
        for s in shape:
            n *= s
        flat = ember.zeros(n, dtype=g.dtype, device=g.device)
        return [flat.index_add(0, self.index().reshape(-1), g.reshape(-1)).reshape(shape)]


def _rebase(m):
    """A fresh grad_fn for a view: AsStridedBackward0 on its base's current history (None if it has none)."""
    base = m.base
    edge = gradient_edge(base)
    if edge is None:
        return None
    node = AsStridedNode((edge,), [(base.shape, base.dtype)])
    node.base_geometry = _geometry(base)
    node.view_geometry = m.geometry
    node.outputs = [(m.geometry[0], m.geometry[3], m.geometry[4])]
    node._index = None
    return node


class CopySlices(Node):
    """The base's grad_fn after an in-place op (fn) on one of its views."""

    __slots__ = ("fn", "self_edge", "base_geometry", "view_geometry", "outputs", "_index", "trace")

    def name(self):
        return "CopySlices"

    def apply(self, grads):
        g = grads[0]
        fn = self.fn
        if self._index is None:
            self._index = _index_in_base(self.base_geometry, self.view_geometry)
        index = self._index
        res = fn.apply([ember.take(g, index)])
        res = list(res) if res is not None else [None] * len(fn.next_functions)
        if self.self_edge is None:  # the op's result does not depend on the view's old values
            own, others = None, res
        else:
            own, others = res[0], res[1:]
            if own is not None:
                vshape, _, _, vdtype, _ = self.view_geometry
                own = fit(own, vshape, vdtype, fn, 0)
        if self.next_functions[0] is None:
            base_grad = None
        else:
            values = own.reshape(-1) if own is not None else ember.zeros((), dtype=g.dtype, device=g.device)
            base_grad = g.reshape(-1).index_put((index.reshape(-1),), values).reshape(g.shape)
        return [base_grad, *others]

    def _release(self):
        self.fn._release()


def copy_slices(view, m, fn, self_is_input):
    """After in-place op node fn wrote into recorded view `view` (ViewMeta m): rewrites the base's history."""
    base = m.base
    base_edge = gradient_edge(base)
    edges = fn.next_functions
    metas = fn.input_meta or [None] * len(edges)
    node = CopySlices(
        (base_edge, *(edges[1:] if self_is_input else edges)),
        [(base.shape, base.dtype), *(metas[1:] if self_is_input else metas)],
    )
    node.fn = fn
    node.self_edge = edges[0] if self_is_input else None
    node.base_geometry = _geometry(base)
    node.view_geometry = m.geometry
    node.outputs = [(base.shape, base.dtype, base.device)]
    node._index = None
    node.trace = getattr(fn, "trace", None)
    set_history(base, node)
    m.stale()
    return node


class _NoHistory(Node):
    """Stands in for the history of a tensor that has none while setitem records into it."""

    __slots__ = ()

    def apply(self, grads):
        return []


def setitem(original, self, index, value):
    """Tensor.__setitem__ when self or value requires grad: self's history gains the write (CopySlices or
    the index_put node), also when self itself did not require grad before."""
    if self.requires_grad:
        return original(self, index, value)
    # Write through an alias that has a stand-in history, so that its views are recorded, then hand
    # the resulting node to self with the stand-in edge cut.
    alias = _C._alias(self)
    _requires_grad_flag.__set__(alias, True)
    am = AutogradMeta()
    am.grad_fn = _NoHistory()
    alias._set_autograd_meta(am)
    original(alias, index, value)
    node = alias._autograd_meta().grad_fn
    if isinstance(node, _NoHistory):  # nothing was recorded (value did not reach the write)
        return None
    node.next_functions = (None, *node.next_functions[1:])
    set_history(self, node)
    return None


def wrap_setitem():
    """Routes Tensor.__setitem__ through the recorder (it writes through views the core does not report)."""
    current = _C.Tensor.__dict__["__setitem__"]
    if not isinstance(current, _C.RecordedOp):
        _C.Tensor.__setitem__ = _C._record_op(current, "__setitem__")
