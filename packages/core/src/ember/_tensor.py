"""The parts of ember.Tensor written in Python: protocols, indexing, `to`.

Everything numeric is in ember._C; these methods only route to it.
"""

import builtins

from ember import _C, _creation

Tensor = _C.Tensor


class Size(tuple):
    """A tensor's shape: a tuple of ints, printed as ember.Size([2, 3])."""

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

    to(dtype), to(device), to(device, dtype), to(other) as in PyTorch."""
    for arg in args:
        if isinstance(arg, _C.dtype):
            dtype = arg
        elif isinstance(arg, Tensor):
            dtype, device = arg.dtype, arg.device
        else:
            device = arg
    if device is not None and _C.device(str(device)) != self.device:
        raise NotImplementedError(f"to: moving a tensor from {self.device} to {device} is not available in this build")
    return self._to_dtype(dtype or self.dtype, copy)


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


@_method
def __getitem__(self, index):
    """Basic indexing: ints, slices, None, Ellipsis and bools, returning views."""
    items = index if isinstance(index, tuple) else (index,)
    # None, ... and True/False add or keep dims; everything else consumes one.
    consuming = sum(1 for i in items if i is not None and i is not Ellipsis and not isinstance(i, builtins.bool))
    if sum(1 for i in items if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consuming > self.ndim:
        raise IndexError(f"too many indices for tensor of dimension {self.ndim} (got {consuming})")
    out, dim = self, 0
    for item in items:
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
            if item.ndim != 0 or item.dtype.is_floating_point or item.dtype.is_complex or item.dtype == _C.bool:
                raise NotImplementedError(
                    "Tensor indexing with tensors (advanced indexing) is not supported yet; "
                    "ints, slices, None and ... are"
                )
            out = out.select(dim, item.item())
        elif hasattr(item, "__index__"):  # ints, NumPy integers
            out = out.select(dim, item.__index__())
        else:
            raise NotImplementedError(
                f"Tensor indexing with {type(item).__name__} is not supported yet; ints, slices, None and ... are"
            )
    return out


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
    """True if this tensor's dtype is a floating-point one."""
    return self.dtype.is_floating_point


@_method
def is_complex(self):
    """True if this tensor's dtype is complex."""
    return self.dtype.is_complex


def _type(self, dtype=None, non_blocking=False):
    """With no argument, the type's name ('ember.FloatTensor'); with a dtype
    or such a name, this tensor converted to it (self when it already is)."""
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
    """An uninitialised tensor of the given size with this tensor's dtype and device (unless given)."""
    return _creation.empty(
        _new_size("new_empty", size),
        dtype=dtype or self.dtype,
        device=device or self.device,
        requires_grad=requires_grad,
    )


@_method
def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
    """A tensor of zeros with this tensor's dtype and device (unless given)."""
    return _creation.zeros(
        _new_size("new_zeros", size),
        dtype=dtype or self.dtype,
        device=device or self.device,
        requires_grad=requires_grad,
    )


@_method
def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
    """A tensor of ones with this tensor's dtype and device (unless given)."""
    return _creation.ones(
        _new_size("new_ones", size),
        dtype=dtype or self.dtype,
        device=device or self.device,
        requires_grad=requires_grad,
    )


@_method
def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    """A tensor of the given size filled with fill_value, with this tensor's dtype and device (unless given)."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"new_full(): argument 'size' (position 1) must be tuple of ints, not {type(size).__name__}")
    return _creation.full(
        size, fill_value, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad
    )


@_method
def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    """A copy of data (as ember.tensor takes it) with this tensor's dtype and device (unless given)."""
    return _creation.tensor(data, dtype=dtype or self.dtype, device=device or self.device, requires_grad=requires_grad)
