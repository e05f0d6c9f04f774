"""The recorded graph: nodes, their edges, saved tensors, hooks, and a DOT picture.

A Node is one recorded op. Its next_functions are the edges to the nodes that
made its inputs (or the AccumulateGrad of a leaf), as in PyTorch; apply()
turns the gradients of its outputs into gradients of its inputs.
"""

import re
import weakref

from ember import _C
from ember._autograd_slots import RemovableHandle, meta

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward."
)


class Node:
    """Base of every graph node: name(), next_functions, hooks, metadata."""

    __slots__ = (
        "next_functions",
        "input_meta",
        "_pre_hooks",
        "_post_hooks",
        "_tensor_hooks",
        "_retained",
        "_metadata",
        "__weakref__",
    )

    def __init__(self, next_functions=(), input_meta=None):
        self.next_functions = next_functions  # ((node or None, output_nr) or None, ...)
        self.input_meta = input_meta  # [(shape, dtype)] per edge: what engine.fit shapes gradients to
        self._pre_hooks = None
        self._post_hooks = None
        self._tensor_hooks = None  # {output_nr: {id: hook}} from Tensor.register_hook
        self._retained = None  # {output_nr: weakref to a tensor that retains its grad}
        self._metadata = None

    @property
    def metadata(self):
        """A dict for the user's own notes about this node (made on first use)."""
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{self.name()} object at {id(self):#x}>"

    def register_prehook(self, hook):
        """hook(grad_outputs) runs before the node; it may return replacement grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = {}
        handle = RemovableHandle(self._pre_hooks)
        self._pre_hooks[handle.id] = hook
        return handle

    def register_hook(self, hook):
        """hook(grad_inputs, grad_outputs) runs after the node; it may return replacement grad_inputs."""
        if self._post_hooks is None:
            self._post_hooks = {}
        handle = RemovableHandle(self._post_hooks)
        self._post_hooks[handle.id] = hook
        return handle

    def _register_tensor_hook(self, output_nr, hook):
        if self._tensor_hooks is None:
            self._tensor_hooks = {}
        hooks = self._tensor_hooks.setdefault(output_nr, {})
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def _retain_grad(self, tensor):
        if self._retained is None:
            self._retained = {}
        self._retained[meta(tensor).output_nr] = weakref.ref(tensor)

    def _release(self):
        """Frees what the node saved (after a backward without retain_graph)."""


class AccumulateGrad(Node):
    """The node of a leaf tensor: adds the gradient that reaches it into .grad."""

    __slots__ = ("variable",)

    def __init__(self, variable):
        super().__init__(())
        self.variable = variable

    def accumulate(self, grad, create_graph):
        var = self.variable
        m = meta(var, create=True)
        if m.hooks:
            for hook in list(m.hooks.values()):
                result = hook(grad)
                if result is not None:
                    grad = result
        if m.grad is None:
            # A copy: the incoming gradient may share memory with others.
            m.grad = grad if create_graph else _C._alias(grad).clone()
        elif create_graph:
            m.grad = m.grad + grad
        else:
            m.grad.add_(grad)
        if m.post_accumulate_hooks:
            for hook in list(m.post_accumulate_hooks.values()):
                hook(var)


def accumulator(tensor):
    """The leaf's AccumulateGrad node, shared while any graph holds it."""
    m = meta(tensor, create=True)
    node = m.accumulator() if m.accumulator is not None else None
    if node is None:
        node = AccumulateGrad(tensor)
        m.accumulator = weakref.ref(node)
    return node


def gradient_edge(tensor):
    """(node, output_nr) that gradients for `tensor` flow into, or None."""
    if not tensor.requires_grad:
        return None
    m = tensor._autograd_meta()
    if m is not None and m.grad_fn is not None:
        return (m.grad_fn, m.output_nr)
    return (accumulator(tensor), 0)


class TensorMeta:
    """What a formula knows of an input it did not save: its shape, dtype, device."""

    __slots__ = ("shape", "dtype", "device", "_strides")

    def __init__(self, tensor):
        self.shape = tensor.shape
        self.dtype = tensor.dtype
        self.device = tensor.device
        self._strides = None

    def dim(self):
        return len(self.shape)

    @property
    def ndim(self):
        return len(self.shape)

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[dim]

    def numel(self):
        n = 1
        for s in self.shape:
            n *= s
        return n

    def is_complex(self):
        return self.dtype.is_complex

    def is_floating_point(self):
        return self.dtype.is_floating_point


# saved_tensors_hooks: a stack of (pack, unpack) pairs; the innermost applies.
_saved_hooks = []


class saved_tensors_hooks:
    """Context manager: pack(tensor) when autograd saves a tensor, unpack(packed) when backward needs it."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        _saved_hooks.append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc):
        _saved_hooks.pop()
        return False


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors are kept in CPU memory (all of ember's memory is CPU memory without CUDA)."""

    def __init__(self, pin_memory=False):
        super().__init__(lambda t: (t.device, t.to("cpu")), lambda packed: packed[1].to(packed[0]))


class SavedTensor:
    """A tensor saved for backward, with its version to detect later in-place writes.

    An output of the saving node is kept as a plain alias (its grad_fn would
    make a reference cycle through the core's slot) and reattached on unpack.
    """

    __slots__ = ("data", "version", "is_output", "packed", "unpack", "requires_grad")

    def __init__(self, tensor, is_output=False):
        self.version = tensor._version
        self.is_output = is_output
        self.requires_grad = is_output and tensor.requires_grad  # only read for outputs
        if _saved_hooks:
            pack, self.unpack = _saved_hooks[-1]
            self.packed = pack(tensor)
            self.data = None
        else:
            self.unpack = None
            self.data = _C._alias(tensor) if is_output else tensor

    def get(self, node, output_nr=0):
        if self.unpack is not None:
            tensor = self.unpack(self.packed)
        else:
            tensor = self.data
            if tensor is None:
                raise RuntimeError(FREED_MESSAGE)
            if tensor._version != self.version:
                raise RuntimeError(_modified_message(tensor, node, self.version, output_nr))
        if self.is_output and self.requires_grad and _C.is_grad_enabled():
            tensor = _C._alias(tensor)
            tensor.requires_grad = True
            m = meta(tensor, create=True)
            m.grad_fn, m.output_nr = node, output_nr
        return tensor

    def free(self):
        self.data = None
        self.packed = None


def _modified_message(tensor, node, expected, output_nr):
    kind = f"{tensor.dtype}".replace("ember.", "")
    shape = ", ".join(map(str, tensor.shape))
    return (
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"[ember.{kind} [{shape}]], which is output {output_nr} of {node.name()}, is at version "
        f"{tensor._version}; expected version {expected} instead. Hint: enable anomaly detection to find the "
        "operation that failed to compute its gradient, with ember.autograd.set_detect_anomaly(True)."
    )


def to_dot(*tensors, show_saved=True):
    """Graphviz DOT source of the graph behind `tensors`: one box per node, edges toward the leaves."""
    lines = ["digraph ember_graph {", '  node [shape=box, fontname="monospace", fontsize=10];']
    ids = {}

    def node_id(node):
        if node not in ids:
            ids[node] = f"n{len(ids)}"
            label = node.name()
            if isinstance(node, AccumulateGrad):
                label += f"\\n{tuple(node.variable.shape)}"
            elif show_saved and hasattr(node, "saved_summary"):
                label += node.saved_summary()
            lines.append(f'  {ids[node]} [label="{label}"];')
            for edge in node.next_functions:
                if edge is not None and edge[0] is not None:
                    child = node_id(edge[0])
                    lines.append(f"  {ids[node]} -> {child};")
        return ids[node]

    for i, t in enumerate(tensors):
        lines.append(f'  t{i} [label="tensor {tuple(t.shape)}", shape=ellipse, style=filled, fillcolor=lightblue];')
        if t.grad_fn is not None:
            lines.append(f"  t{i} -> {node_id(t.grad_fn)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(tensor, path, format="svg"):
    """Writes the graph picture with Graphviz's `dot` (must be installed); returns the path."""
    import shutil
    import subprocess

    if shutil.which("dot") is None:
        raise RuntimeError("render: Graphviz's `dot` program is not installed; use to_dot() for the DOT source")
    subprocess.run(["dot", f"-T{format}", "-o", str(path)], input=to_dot(tensor).encode(), check=True)
    return path


def node_class_name(op):
    """'index_select' -> 'IndexSelectBackward0', as PyTorch names its nodes."""
    return "".join(part.capitalize() for part in re.split(r"_+", op.strip("_")) if part) + "Backward0"
