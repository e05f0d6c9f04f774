"""The parts of ember.Tensor written in Python: protocols, indexing, `to`.

Everything numeric is in ember._C; these methods only route to it.
"""

import builtins

from ember import _C, _creation

Tensor = _C.Tensor


class Size(tuple):
    """A tensor's shape: a tuple of ints, printed as ember.Size([2, 3]).

    Example:

    >>> s = ember.zeros(2, 3, 4).shape
    >>> s
    ember.Size([2, 3, 4])
    >>> s[1:], s.numel(), tuple(s)
    (ember.Size([3, 4]), 24, (2, 3, 4))
    >>> ember.Size([2, 3]) == (2, 3)
    True
    """

    __slots__ = ()

    def __repr__(self):
        return f"ember.Size([{', '.join(map(str, self))}])"

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n


_C._register_size_type(Size)


def _method(fn):
    setattr(Tensor, fn.__name__, fn)
    return fn


@_method
def __repr__(self):
    from ember._tensor_str import tensor_repr

    return tensor_repr(self)


Tensor.__str__ = __repr__


@_method
def to(self, *args, dtype=None, device=None, copy=False, non_blocking=False):
    """A tensor with the given dtype (and device): self when nothing changes.

    to(dtype), to(device), to(device, dtype), to(other) as in PyTorch.

    Example:

    >>> x = ember.tensor([1.5, 2.5])
    >>> x.to(ember.int64)
    tensor([1, 2])
    >>> x.to('cpu') is x
    True
    >>> x.to(ember.ones(1, dtype=ember.float64)).dtype
    ember.float64
    """
    for arg in args:
        if isinstance(arg, _C.dtype):
            dtype = arg
        elif isinstance(arg, Tensor):
            dtype, device = arg.dtype, arg.device
        else:
            device = arg
    out = self._to_dtype(dtype or self.dtype, copy)
    if device is not None:
        target = (
            device if isinstance(device, _C.device) else _C.device(device if isinstance(device, str) else str(device))
        )
        out = _move(out, target, non_blocking, copy and out is self)
    return out


def _move(t, device, non_blocking=False, copy=False):
    """t on `device`; recorded for autograd (the gradient moves back) when t requires grad."""
    if device.type == "cuda" and device.index is None:
        device = _C.device(f"cuda:{_C._cuda_current_device()}")
    if device == t.device and not copy:
        return t
    if t.requires_grad and _C.is_grad_enabled():
        from ember.autograd.device_move import ToDevice

        return ToDevice.apply(t, device, non_blocking)
    return t._to_device(device, non_blocking, copy)


@_method
def cuda(self, device=None, non_blocking=False):
    """This tensor on a CUDA device (the current one unless given); self when already there.

    Example:

    >>> x = ember.ones(2)
    >>> y = x.cuda() if ember.cuda.is_available() else x
    >>> y.device.type in ('cpu', 'cuda'), y.sum().item()
    (True, 2.0)
    """
    if isinstance(device, int):
        device = f"cuda:{device}"
    return _move(self, _C.device(str(device) if device is not None else "cuda"), non_blocking)


@_method
def cpu(self):
    """This tensor in host memory; self when already there.

    Example:

    >>> x = ember.ones(2)
    >>> x.cpu() is x
    True
    """
    return _move(self, _C.device("cpu"))


@_method
def get_device(self):
    """The CUDA device index, or -1 for a CPU tensor.

    Example:

    >>> ember.ones(2).get_device()
    -1
    """
    return -1 if self.device.type == "cpu" else self.device.index


@_method
def record_stream(self, stream):
    """Marks this tensor's memory as in use by `stream`: when freed, it is reused
    only after the work queued on that stream so far is done.

    Example:

    >>> x = ember.ones(4)
    >>> if ember.cuda.is_available():
    ...     s = ember.cuda.Stream()
    ...     with ember.cuda.stream(s):
    ...         x = ember.ones(4, device="cuda")
    ...     ember.cuda.current_stream().wait_stream(s)
    ...     x.record_stream(s)
    >>> x.sum().item()
    4.0
    """
    self._record_stream(stream.cuda_stream)


@_method
def __array__(self, dtype=None, copy=None):
    arr = self.numpy()
    if dtype is not None and dtype != arr.dtype:
        return arr.astype(dtype)
    return arr.copy() if copy else arr


# NumPy defers `ndarray <op> tensor` to the tensor, as with PyTorch.
Tensor.__array_priority__ = 1000


@_method
def __bool__(self):
    if self.numel() != 1:
        raise RuntimeError(f"Boolean value of Tensor with {self.numel()} values is ambiguous")
    return builtins.bool(self.item())


def _single_value(self):
    if self.numel() != 1:
        raise ValueError(f"only one element tensors can be converted to Python scalars (got {self.numel()} elements)")
    return self.item()


@_method
def __float__(self):
    return builtins.float(_single_value(self))


@_method
def __int__(self):
    return builtins.int(_single_value(self))


@_method
def __index__(self):
    if self.dtype.is_floating_point or self.dtype.is_complex or self.numel() != 1:
        raise TypeError("only integer tensors of a single element can be converted to an index")
    return self.item()


@_method
def __iter__(self):
    if self.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return (self.select(0, i) for i in range(self.shape[0]))


def _as_index_tensor(item):
    """A list, tuple or NumPy array used as an index, as a tensor (empty: int64)."""
    if isinstance(item, Tensor):
        return item
    if isinstance(item, (list, tuple)) and len(item) == 0:
        return _creation.tensor([], dtype=_C.int64)
    return _creation.tensor(item)


def _parse_index(self, index):
    """Applies the basic parts of an index (ints, slices, None, ..., bools) as views.

    Returns the view and, per dim of the view, the advanced index there (a
    tensor) or None; the list is empty when the index is all basic."""
    items = index if isinstance(index, tuple) else (index,)
    parsed = []
    for item in items:
        if isinstance(item, Tensor) and item.ndim == 0 and item.dtype == _C.bool:
            item = builtins.bool(item.item())  # a 0-d mask adds a dim, like True/False
        elif (
            isinstance(item, Tensor) and item.ndim == 0 and not (item.dtype.is_floating_point or item.dtype.is_complex)
        ):
            item = item.item()  # a 0-d integer tensor picks like an int
        elif isinstance(item, (list, tuple)) or (hasattr(item, "__array__") and getattr(item, "ndim", 0) > 0):
            item = _as_index_tensor(item)  # lists and NumPy arrays index like tensors
        elif not (
            item is None
            or item is Ellipsis
            or isinstance(item, (builtins.bool, slice, Tensor))
            or hasattr(item, "__index__")
        ):
            raise IndexError(
                "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices "
                f"(got {type(item).__name__})"
            )
        parsed.append(item)

    def consumes(item):
        if item is None or item is Ellipsis or isinstance(item, builtins.bool):
            return 0
        if isinstance(item, Tensor) and item.dtype in (_C.bool, _C.uint8):
            return item.ndim  # a mask covers as many dims as it has
        return 1

    consuming = sum(consumes(i) for i in parsed)
    if sum(1 for i in parsed if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consuming > self.ndim:
        raise IndexError(f"too many indices for tensor of dimension {self.ndim} (got {consuming})")
    out, dim, advanced = self, 0, []
    for item in parsed:
        if item is None:
            out = out.unsqueeze(dim)
            dim += 1
        elif isinstance(item, builtins.bool):  # a new dim of size 1 (True) or 0 (False)
            out = out.unsqueeze(dim)
            if not item:
                out = out._slice(dim, 0, 0, 1)
            dim += 1
        elif item is Ellipsis:
            dim += self.ndim - consuming
        elif isinstance(item, slice):
            start, stop, step = item.start, item.stop, item.step
            out = out._slice(
                dim,
                0 if start is None else start.__index__(),
                out.shape[dim] if stop is None else stop.__index__(),
                1 if step is None else step.__index__(),
            )
            dim += 1
        elif isinstance(item, Tensor):
            advanced += [None] * (dim - len(advanced)) + [item]
            dim += builtins.max(consumes(item), 1) if item.dtype not in (_C.bool, _C.uint8) else item.ndim
            advanced += [None] * (dim - len(advanced))
        else:  # ints, NumPy integers
            out = out.select(dim, item.__index__())
    if advanced:  # a mask's trailing dims: drop the padding so its entry stands for all of them
        advanced = [a for i, a in enumerate(advanced) if a is not None or not _covered(advanced, i)]
    return out, advanced


def _covered(advanced, i):
    """Whether position i of the padded list lies inside an earlier mask's dims."""
    for j in range(i - 1, -1, -1):
        a = advanced[j]
        if a is not None:
            return a.dtype in (_C.bool, _C.uint8) and j + a.ndim > i
    return False


@_method
def __getitem__(self, index):
    """NumPy/PyTorch indexing: basic parts give views, tensors, lists and masks a copy."""
    out, advanced = _parse_index(self, index)
    return _C._index(out, advanced) if advanced else out


@_method
def __setitem__(self, index, value):
    """Writes value (a tensor, number or NumPy array, broadcast and cast to self's dtype) where index points."""
    out, advanced = _parse_index(self, index)
    if not isinstance(value, Tensor):
        value = _creation.tensor(value) if hasattr(value, "__array__") else _creation.tensor(value, dtype=self.dtype)
    if value.dtype != self.dtype:
        value = value.to(self.dtype)
    while not advanced and value.ndim > out.ndim and value.shape[0] == 1:
        value = value[0]  # leading size-1 dims are dropped, as PyTorch
    if advanced:
        _C._index_put_(out, advanced, value, False)
    else:
        out.copy_(value.broadcast_to(out.shape) if value.shape != out.shape else value)


# ------------------------------------------------- dtype tests, type(), new_*

_TYPE_NAMES = {
    _C.bool: "BoolTensor",
    _C.uint8: "ByteTensor",
    _C.int8: "CharTensor",
    _C.int16: "ShortTensor",
    _C.int32: "IntTensor",
    _C.int64: "LongTensor",
    _C.float16: "HalfTensor",
    _C.bfloat16: "BFloat16Tensor",
    _C.float32: "FloatTensor",
    _C.float64: "DoubleTensor",
    _C.complex64: "ComplexFloatTensor",
    _C.complex128: "ComplexDoubleTensor",
}
_TYPE_DTYPES = {name: dtype for dtype, name in _TYPE_NAMES.items()}


@_method
def is_floating_point(self):
    """True if this tensor's dtype is a floating-point one.

    Example:

    >>> ember.ones(2).is_floating_point(), ember.ones(2, dtype=ember.int64).is_floating_point()
    (True, False)
    """
    return self.dtype.is_floating_point


@_method
def is_complex(self):
    """True if this tensor's dtype is complex.

    Example:

    >>> ember.ones(2).is_complex()
    False
    """
    return self.dtype.is_complex


def _type(self, dtype=None, non_blocking=False):
    """With no argument, the type's name ('ember.FloatTensor'); with a dtype
    or such a name, this tensor converted to it (self when it already is).

    Example:

    >>> x = ember.tensor([1.5])
    >>> x.type()
    'ember.FloatTensor'
    >>> x.type(ember.int32)
    tensor([1], dtype=ember.int32)
    """
    if dtype is None:
        device = "" if self.device.type == "cpu" else f"{self.device.type}."
        return f"ember.{device}{_TYPE_NAMES[self.dtype]}"
    if isinstance(dtype, _C.dtype):
        return self.to(dtype)
    if isinstance(dtype, str):
        module, _, name = dtype.rpartition(".")
        if name in _TYPE_DTYPES and module in ("ember", "ember.cuda"):
            return self.to("cuda" if module == "ember.cuda" else "cpu", _TYPE_DTYPES[name])
        raise ValueError(f"invalid type: {dtype!r}")
    raise ValueError(f"invalid type: {type(dtype).__name__!r}")


Tensor.type = _type  # not `def type`: that would hide the builtin in this module


def _new_size(op, size):
    if not size:
        raise TypeError(f'{op}() missing 1 required positional argument: "size"')
    return _creation._size(op, size)


@_method
def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
    """An uninitialised tensor of the given size with this tensor's dtype and device (unless given).

    Example:

    >>> ember.ones(2, dtype=ember.float64).new_empty(3).dtype
    ember.float64
    """
    return _creation.empty(
        _new_size("new_empty", size),
        dtype=dtype or self.dtype,
        device=device or self.device,
        requires_grad=requires_grad,
    )


@_method
def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
    """A tensor of zeros with this tensor's dtype and device (unless given).

    Example:

    >>> ember.ones(1, dtype=ember.int64).new_zeros(2, 2)
    tensor([[0, 0],
            [0, 0]])
    """
    return _creation.zeros(
        _new_size("new_zeros", size),
        dtype=dtype or self.dtype,
        device=device or self.device,
        requires_grad=requires_grad,
    )


@_method
def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
    """A tensor of ones with this tensor's dtype and device (unless given).

    Example:

    >>> ember.zeros(2, dtype=ember.float16).new_ones(3)
    tensor([1., 1., 1.], dtype=ember.float16)
    """
    return _creation.ones(
        _new_size("new_ones", size),
        dtype=dtype or self.dtype,
        device=device or self.device,
        requires_grad=requires_grad,
    )


@_method
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    """A tensor of the given size filled with fill_value, with this tensor's dtype and device (unless given).

    Example:

    >>> ember.ones(2, dtype=ember.int32).new_full((2,), 7)
    tensor([7, 7], dtype=ember.int32)
    """
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"new_full(): argument 'size' (position 1) must be tuple of ints, not {type(size).__name__}")
    return _creation.full(
        size, fill_value, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad
    )


@_method
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    """A copy of data (as ember.tensor takes it) with this tensor's dtype and device (unless given).

    Example:

    >>> ember.zeros(1, dtype=ember.float64).new_tensor([1, 2])
    tensor([1., 2.], dtype=ember.float64)
    """
    return _creation.tensor(data, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)
