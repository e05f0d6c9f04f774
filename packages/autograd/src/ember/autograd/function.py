"""Custom differentiable functions: subclass Function with static forward and backward."""

import functools

import ember
from ember import _C
from ember._autograd_slots import meta
from ember._grad_mode import no_grad
from ember.autograd.graph import FREED_MESSAGE, Node, SavedTensor, gradient_edge

Tensor = _C.Tensor


class FunctionCtx:
    """The ctx that forward fills and backward reads.

    Example:

    >>> from ember.autograd import Function
    >>> class Square(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 2 * x * grad
    >>> x = ember.tensor([3.0], requires_grad=True)
    >>> Square.apply(x).backward()
    >>> x.grad
    tensor([6.])
    """

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save tensors or None, but got {type(t).__name__}")
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    def mark_dirty(self, *tensors):
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors):
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)

    @property
    def saved_tensors(self):
        node = self._node
        if node is None:  # still inside forward
            return tuple(getattr(self, "to_save", ()))
        if node.freed:
            raise RuntimeError(FREED_MESSAGE)
        return tuple(None if s is None else s.get(node, i) for i, s in enumerate(node.saved))


class BackwardCFunction(Node):
    """The node of one Function.apply call."""

    __slots__ = ("ctx", "cls", "saved", "freed", "outputs", "n_inputs")

    def name(self):
        return f"{self.cls.__name__}Backward"

    def apply(self, grads):
        ctx = self.ctx
        if self.freed and self.saved:
            raise RuntimeError(FREED_MESSAGE)
        if getattr(ctx, "materialize_grads", True):
            grads = [
                g if g is not None or out is None else ember.zeros(out[0], dtype=out[1], device=out[2])
                for g, out in zip(grads, self.outputs, strict=True)
            ]
        result = self.cls.backward(ctx, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        if len(result) != self.n_inputs:
            if len(result) > self.n_inputs and all(r is None for r in result[self.n_inputs :]):
                result = result[: self.n_inputs]
            else:
                raise RuntimeError(
                    f"function {self.name()} returned an incorrect number of gradients "
                    f"(expected {self.n_inputs}, got {len(result)})"
                )
        for i, (g, m) in enumerate(zip(result, self.input_meta, strict=True)):
            if g is not None and m is not None and not isinstance(g, Tensor):
                raise TypeError(f"function {self.name()} returned a gradient of type {type(g).__name__} at index {i}")
        return list(result)

    def _release(self):
        if self.saved:
            for s in self.saved:
                if s is not None:
                    s.free()
            self.freed = True


class Function:
    """Base class of custom differentiable ops.

    Define a static ``forward(ctx, *args)`` (or ``forward(*args)`` with
    ``setup_context(ctx, inputs, output)``) and ``backward(ctx, *grad_outputs)``,
    then call ``Cls.apply(*args)``.

    Example:

    >>> class Cube(ember.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x**3
    ...
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 3 * x**2 * grad
    >>> x = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> Cube.apply(x).sum().backward()
    >>> x.grad
    tensor([ 3., 12.])
    """

    _uses_setup_context = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # forward(ctx, ...) or, with setup_context, forward(...) without ctx.
        cls._uses_setup_context = any("setup_context" in vars(k) for k in cls.__mro__)

    def __init__(self, *args, **kwargs):
        raise RuntimeError("Function objects are not instantiated: call the class method apply(*args) instead")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom autograd.Function "
            "to use it with backward mode AD."
        )

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = FunctionCtx()
        ctx._node = None
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        record = _C.is_grad_enabled() and any(ctx.needs_input_grad)
        with no_grad():
            if cls._uses_setup_context:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        if not record:
            return output
        edges = tuple(gradient_edge(a) if isinstance(a, Tensor) else None for a in args)
        node = BackwardCFunction(edges, [(a.shape, a.dtype) if isinstance(a, Tensor) else None for a in args])
        node.ctx, node.cls, node.freed, node.n_inputs = ctx, cls, False, len(args)
        ctx._node = node
        dirty = getattr(ctx, "dirty_tensors", ())
        non_diff = getattr(ctx, "non_differentiable", ())
        for t in dirty:
            if t.requires_grad and t.is_leaf:
                raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
        outs = output if isinstance(output, tuple) else (output,)
        fixed = []
        for o in outs:
            if isinstance(o, Tensor) and any(o is a for a in args) and not any(o is d for d in dirty):
                o = _C._alias(o)  # an input returned as is becomes a view, as in PyTorch
            fixed.append(o)
        node.outputs = []
        for i, o in enumerate(fixed):
            diff = (
                isinstance(o, Tensor)
                and (o.dtype.is_floating_point or o.dtype.is_complex)
                and not any(o is n for n in non_diff)
            )
            node.outputs.append((o.shape, o.dtype, o.device) if diff else None)
            if diff:
                o.requires_grad = True
                m = meta(o, create=True)
                m.grad_fn, m.output_nr = node, i
        to_save = getattr(ctx, "to_save", ())
        node.saved = [None if t is None else SavedTensor(t, is_output=any(t is o for o in fixed)) for t in to_save]
        return tuple(fixed) if isinstance(output, tuple) else fixed[0]


def once_differentiable(fn):
    """Marks a backward that cannot itself be differentiated: it runs without recording.

    Example:

    >>> from ember.autograd import Function, once_differentiable
    >>> class Cube(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x**3
    ...     @staticmethod
    ...     @once_differentiable
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 3 * x**2 * grad
    >>> x = ember.tensor([2.0], requires_grad=True)
    >>> Cube.apply(x).backward()
    >>> x.grad
    tensor([12.])
    """

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            return fn(ctx, *args)

    return wrapper
