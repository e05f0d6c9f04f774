"""The autograd attributes of ember.Tensor: grad, grad_fn, is_leaf, detach, hooks, backward.

The core keeps one opaque slot per tensor (DESIGN.md section 3); this module
gives it PyTorch's attributes so that code reading `.grad` or calling
`.detach()` works with ember-core alone. Recording and backward live in
ember.autograd, which `backward()` imports on first use.
"""

import warnings

from ember import _C
from ember._tensor import Tensor

_requires_grad_flag = Tensor.requires_grad  # the core's flag, without the leaf rule


class AutogradMeta:
    """What autograd knows about one tensor."""

    __slots__ = ("grad", "grad_fn", "output_nr", "retains_grad", "hooks", "post_accumulate_hooks", "accumulator")

    def __init__(self):
        self.grad = None
        self.grad_fn = None
        self.output_nr = 0
        self.retains_grad = False
        self.hooks = None  # {handle id: fn}, run on the gradient before it is used
        self.post_accumulate_hooks = None
        self.accumulator = None  # weakref to the leaf's AccumulateGrad node


def meta(tensor, create=False):
    """tensor's AutogradMeta; a new one when create and there is none."""
    m = tensor._autograd_meta()
    if m is None and create:
        m = AutogradMeta()
        tensor._set_autograd_meta(m)
    return m


def set_history(tensor, grad_fn, output_nr=0):
    """Makes tensor output `output_nr` of grad_fn: it requires grad from now on."""
    _requires_grad_flag.__set__(tensor, True)
    m = meta(tensor, create=True)
    m.grad_fn = grad_fn
    m.output_nr = output_nr


class RemovableHandle:
    """Returned by register_*hook: remove() takes the hook out again."""

    _next_id = 0

    def __init__(self, hooks):
        self._hooks = hooks
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self):
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _method(fn):
    setattr(Tensor, fn.__name__, fn)
    return fn


def _property(fn):
    setattr(Tensor, fn.__name__, property(fn, doc=fn.__doc__))
    return fn


_recorder_wanted = [True]  # until ember.autograd has been tried once


def _load_autograd():
    """Imports ember.autograd (which installs the recorder) the first time a tensor requires grad,
    so that PyTorch-style code never has to import it by hand."""
    _recorder_wanted[0] = False
    try:
        import ember.autograd  # noqa: F401
    except ImportError:
        pass  # ember-core alone: backward() explains which distribution to install


def _set_requires_grad(self, value):
    m = self._autograd_meta()
    if m is not None and m.grad_fn is not None and not value:
        raise RuntimeError(
            "you can only change requires_grad flags of leaf variables. If you want to use a computed "
            "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
        )
    if value and self.is_inference() and not _C.is_inference_mode_enabled():
        raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")
    _requires_grad_flag.__set__(self, value)
    if value and _recorder_wanted[0]:
        _load_autograd()


Tensor.requires_grad = property(
    _requires_grad_flag.__get__, _set_requires_grad, doc="Whether autograd records ops on it."
)


@_method
def requires_grad_(self, requires_grad=True):
    """Sets requires_grad in place and returns self.

    Example:

    >>> x = ember.zeros(2)
    >>> x.requires_grad_().requires_grad
    True
    """
    _set_requires_grad(self, requires_grad)
    return self


def _get_grad(self):
    m = self._autograd_meta()
    if m is None:
        return None
    if m.grad_fn is not None and not m.retains_grad and m.grad is None:
        warnings.warn(
            "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
            "won't be populated during autograd.backward(). Use .retain_grad() on the non-leaf Tensor if you "
            "want the gradient of a non-leaf Tensor.",
            UserWarning,
            stacklevel=2,
        )
    return m.grad


def _set_grad(self, grad):
    if grad is not None:
        if not isinstance(grad, Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(grad).__name__}")
        if grad.dtype != self.dtype:
            raise RuntimeError(f"assigned grad has data of a different type ({grad.dtype} vs {self.dtype})")
        if grad.device != self.device:
            raise RuntimeError(f"assigned grad has data located on a different device ({grad.device} vs {self.device})")
        if grad.shape != self.shape:
            raise RuntimeError(
                f"assigned grad has data of a different size: got {tuple(grad.shape)}, expected {tuple(self.shape)}"
            )
    m = meta(self, create=grad is not None)
    if m is not None:
        m.grad = grad


Tensor.grad = property(_get_grad, _set_grad, lambda self: _set_grad(self, None), doc="The gradient backward left here.")


@_property
def grad_fn(self):
    """The node that made this tensor (None for leaves).

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> (w * 2).grad_fn is not None, w.grad_fn is None
    (True, True)
    """
    m = self._autograd_meta()
    return None if m is None else m.grad_fn


@_property
def is_leaf(self):
    """True unless an op recorded by autograd made this tensor.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> w.is_leaf, (w * 2).is_leaf
    (True, False)
    """
    m = self._autograd_meta()
    return m is None or m.grad_fn is None


@_property
def retains_grad(self):
    """Whether backward keeps this non-leaf's gradient in .grad.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> y = w * 2
    >>> y.retains_grad
    False
    >>> y.retain_grad()
    >>> y.retains_grad
    True
    """
    m = self._autograd_meta()
    return m is not None and m.retains_grad


@_property
def output_nr(self):
    """Which output of grad_fn this tensor is.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> w.output_nr
    0
    """
    m = self._autograd_meta()
    return 0 if m is None else m.output_nr


@_property
def data(self):
    """The same memory as a tensor outside autograd (prefer detach()).

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> w.data.requires_grad
    False
    """
    return _C._alias(self)


Tensor._version = property(Tensor._version, doc="Bumped by every in-place write to the memory.")


@_method
def detach(self):
    """A view of the same memory that is not part of any graph.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> d = w.detach()
    >>> d.requires_grad, d.data_ptr() == w.data_ptr()
    (False, True)
    """
    return _C._alias(self)


@_method
def detach_(self):
    """Takes self out of its graph, in place.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> y = w * 2
    >>> _ = y.detach_()
    >>> y.requires_grad, y.grad_fn is None
    (False, True)
    """
    m = self._autograd_meta()
    if m is not None:
        m.grad_fn = None
        m.output_nr = 0
    _requires_grad_flag.__set__(self, False)
    return self


@_method
def retain_grad(self):
    """Keep this non-leaf's gradient in .grad after backward.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> y = w * 2
    >>> y.retain_grad()
    >>> y.sum().backward()
    >>> y.grad
    tensor([1., 1.])
    """
    if not self.requires_grad:
        raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    if not self.is_leaf:
        m = meta(self)
        if not m.retains_grad:
            m.retains_grad = True
            m.grad_fn._retain_grad(self)


@_method
def register_hook(self, hook):
    """hook(grad) runs when this tensor's gradient is computed; it may return a replacement.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> h = w.register_hook(lambda g: g * 10)
    >>> w.sum().backward()
    >>> w.grad
    tensor([10., 10.])
    >>> h.remove()
    """
    if not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    m = meta(self, create=True)
    if m.grad_fn is not None:  # runs on the gradient flowing into this output of grad_fn
        return m.grad_fn._register_tensor_hook(m.output_nr, hook)
    if m.hooks is None:
        m.hooks = {}
    handle = RemovableHandle(m.hooks)
    m.hooks[handle.id] = hook
    return handle


@_method
def register_post_accumulate_grad_hook(self, hook):
    """hook(tensor) runs after backward accumulated into this leaf's .grad.

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> seen = []
    >>> h = w.register_post_accumulate_grad_hook(lambda p: seen.append(p.grad.tolist()))
    >>> w.sum().backward()
    >>> seen
    [[1.0, 1.0]]
    """
    if not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if not self.is_leaf:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    m = meta(self, create=True)
    if m.post_accumulate_hooks is None:
        m.post_accumulate_hooks = {}
    handle = RemovableHandle(m.post_accumulate_hooks)
    m.post_accumulate_hooks[handle.id] = hook
    return handle


def _autograd():
    try:
        import ember.autograd
    except ImportError as e:
        raise ImportError("backward needs ember.autograd: `pip install ember-autograd`") from e
    return ember.autograd


@_method
def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Computes the gradient of self with respect to the leaves of its graph (ember.autograd.backward).

    Example:

    >>> w = ember.tensor([1.0, 2.0], requires_grad=True)
    >>> (w * w).sum().backward()
    >>> w.grad
    tensor([2., 4.])
    """
    _autograd().backward(self, gradient, retain_graph, create_graph, inputs=inputs)
