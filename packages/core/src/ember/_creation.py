"""Tensor creation with PyTorch's signatures; the work happens in ember._C."""

import builtins
import operator

from ember import _C

_float, _int, _bool, _complex = builtins.float, builtins.int, builtins.bool, builtins.complex


def get_default_dtype():
    """The dtype that Python floats become (ember.float32 unless changed).

    Example:

    >>> ember.get_default_dtype()
    ember.float32
    >>> ember.tensor([1.5]).dtype
    ember.float32
    """
    return _C._get_default_dtype()


def set_default_dtype(d):
    """Sets the dtype that Python floats become: a floating-point dtype.

    Example:

    >>> ember.set_default_dtype(ember.float64)
    >>> ember.tensor([1.5]).dtype
    ember.float64
    >>> ember.set_default_dtype(ember.float32)
    """
    _C._set_default_dtype(d)


def _size(op, size):
    """Accepts f(2, 3) and f((2, 3)) like PyTorch."""
    if len(size) == 1 and not isinstance(size[0], _int) and hasattr(size[0], "__len__"):
        size = size[0]
    try:
        return [s.__index__() for s in size]
    except (AttributeError, TypeError):
        names = ", ".join(type(s).__name__ for s in size)
        raise TypeError(f"{op}(): size must be a sequence of ints, got ({names})") from None


def _finish(out, requires_grad):
    if requires_grad:
        out.requires_grad = True
    return out


def _scalar_dtype(value):
    if isinstance(value, _bool):
        return _C.bool
    if isinstance(value, _int):
        return _C.int64
    if isinstance(value, _complex):
        return _C.complex128 if get_default_dtype() == _C.float64 else _C.complex64
    if isinstance(value, _C.Tensor):
        return value.dtype
    return get_default_dtype()


def tensor(data, *, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of `data`: a number, nested lists or tuples
    of numbers, a NumPy array or another tensor.

    Example:

    >>> ember.tensor([[1, 2], [3, 4]])
    tensor([[1, 2],
            [3, 4]])
    >>> ember.tensor([1.0, 2.0], dtype=ember.float16)
    tensor([1., 2.], dtype=ember.float16)
    >>> ember.tensor(3.5)
    tensor(3.5000)
    """
    if isinstance(data, _C.Tensor):
        out = data._to_dtype(dtype or data.dtype, copy=True)
    elif type(data).__module__ == "numpy":  # arrays and NumPy scalars
        import numpy as np

        arr = np.array(data, copy=True, order="C")
        if not arr.dtype.isnative:
            arr = arr.astype(arr.dtype.newbyteorder("="))
        out = _C.from_numpy(arr)
        if dtype is not None and dtype != out.dtype:
            out = out._to_dtype(dtype)
    else:
        out = _C._tensor_from_data(data, dtype, device)
    return _finish(out, requires_grad)


def empty(*size, dtype=None, device=None, requires_grad=False):
    """An uninitialised tensor of the given size.

    Example:

    >>> ember.empty(2, 3).shape
    ember.Size([2, 3])
    """
    return _finish(_C._empty(_size("empty", size), dtype or get_default_dtype(), device), requires_grad)


def zeros(*size, dtype=None, device=None, requires_grad=False):
    """A tensor of zeros.

    Example:

    >>> ember.zeros(2, 3)
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    >>> ember.zeros((2,), dtype=ember.int64)
    tensor([0, 0])
    """
    return full(_size("zeros", size), 0, dtype=dtype or get_default_dtype(), device=device, requires_grad=requires_grad)


def ones(*size, dtype=None, device=None, requires_grad=False):
    """A tensor of ones.

    Example:

    >>> ember.ones(2, 2)
    tensor([[1., 1.],
            [1., 1.]])
    """
    return full(_size("ones", size), 1, dtype=dtype or get_default_dtype(), device=device, requires_grad=requires_grad)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False):
    """A tensor filled with `fill_value`; its dtype follows the value's type.

    Example:

    >>> ember.full((2, 2), 7)
    tensor([[7, 7],
            [7, 7]])
    >>> ember.full((2,), 0.5)
    tensor([0.5000, 0.5000])
    """
    dtype = dtype or _scalar_dtype(fill_value)
    return _finish(_C._full(_size("full", (size,)), fill_value, dtype, device), requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Values from start (default 0) up to, not including, end, by step.

    Example:

    >>> ember.arange(5)
    tensor([0, 1, 2, 3, 4])
    >>> ember.arange(1, 2.5, 0.5)
    tensor([1.0000, 1.5000, 2.0000])
    """
    if end is None:
        start, end = 0, start
    if dtype is None:
        is_float = any(
            isinstance(v, _float) or (isinstance(v, _C.Tensor) and v.dtype.is_floating_point)
            for v in (start, end, step)
        )
        dtype = get_default_dtype() if is_float else _C.int64
    return _finish(_C._arange(start, end, step, dtype, device), requires_grad)


def _check_tensor(op, input):
    if not isinstance(input, _C.Tensor):
        raise TypeError(f"{op}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def _to_device(out, device):
    return out if device is None else out.to(device=device)


def as_tensor(data, dtype=None, device=None):
    """`data` as a tensor, without a copy where possible: a tensor of the
    wanted dtype is returned as is, a NumPy array of a matching dtype shares
    its memory; anything else is converted (copied).

    Example:

    >>> import numpy as np
    >>> a = np.array([1, 2, 3])
    >>> t = ember.as_tensor(a)
    >>> a[0] = 10
    >>> t
    tensor([10,  2,  3])
    """
    if isinstance(data, _C.Tensor):
        return data.to(dtype=dtype, device=device)
    if type(data).__module__ == "numpy" and type(data).__name__ == "ndarray":
        return _C.from_numpy(data).to(dtype=dtype, device=device)
    return tensor(data, dtype=dtype, device=device)


def empty_like(input, *, dtype=None, device=None, requires_grad=False):
    """An uninitialised tensor of input's shape, dtype (unless given) and
    memory layout (its order of strides, as PyTorch's preserve_format).

    Example:

    >>> ember.empty_like(ember.ones(2, 3)).shape
    ember.Size([2, 3])
    """
    _check_tensor("empty_like", input)
    out = _to_device(_C._empty_like(input, dtype or input.dtype), device)
    return _finish(out, requires_grad)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False):
    """A tensor like empty_like(input) filled with fill_value.

    Example:

    >>> ember.full_like(ember.ones(2, 2), 5)
    tensor([[5., 5.],
            [5., 5.]])
    """
    _check_tensor("full_like", input)
    out = _C._empty_like(input, dtype or input.dtype)
    return _finish(_to_device(_C._fill(out, fill_value, "full_like"), device), requires_grad)


def zeros_like(input, *, dtype=None, device=None, requires_grad=False):
    """A tensor of zeros like empty_like(input).

    Example:

    >>> ember.zeros_like(ember.tensor([[1, 2, 3]]))
    tensor([[0, 0, 0]])
    """
    _check_tensor("zeros_like", input)
    out = _C._empty_like(input, dtype or input.dtype)
    return _finish(_to_device(_C._fill(out, 0, "zeros_like"), device), requires_grad)


def ones_like(input, *, dtype=None, device=None, requires_grad=False):
    """A tensor of ones like empty_like(input).

    Example:

    >>> ember.ones_like(ember.tensor([1.5, 2.5]))
    tensor([1., 1.])
    """
    _check_tensor("ones_like", input)
    out = _C._empty_like(input, dtype or input.dtype)
    return _finish(_to_device(_C._fill(out, 1, "ones_like"), device), requires_grad)


def _index(op, name, value):
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{op}(): argument '{name}' must be int, not {type(value).__name__}") from None


def _spaced_args(op, start, end, steps, dtype):
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, _C.Tensor) and value.ndim != 0:
            raise RuntimeError(
                f"{op}: only supports 0-dimensional start and end tensors, but got {name} with {value.ndim} "
                "dimension(s)"
            )
    if dtype is None:
        is_complex = any(
            isinstance(v, _complex) or (isinstance(v, _C.Tensor) and v.dtype.is_complex) for v in (start, end)
        )
        dtype = _scalar_dtype(1j) if is_complex else get_default_dtype()
    return _index(op, "steps", steps), dtype


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False):
    """`steps` evenly spaced values from start to end, both included.

    Example:

    >>> ember.linspace(0, 1, steps=5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    steps, dtype = _spaced_args("linspace", start, end, steps, dtype)
    return _finish(_C._linspace(start, end, steps, dtype, device), requires_grad)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    """base ** linspace(start, end, steps).

    Example:

    >>> ember.logspace(0, 3, steps=4)
    tensor([   1.,   10.,  100., 1000.])
    """
    steps, dtype = _spaced_args("logspace", start, end, steps, dtype)
    if isinstance(base, _complex) or not hasattr(base, "__float__"):
        raise TypeError(f"logspace(): argument 'base' must be float, not {type(base).__name__}")
    return _finish(_C._logspace(start, end, steps, _float(base), dtype, device), requires_grad)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False):
    """An n x m (n x n without m) tensor with ones on the diagonal.

    Example:

    >>> ember.eye(3)
    tensor([[1., 0., 0.],
            [0., 1., 0.],
            [0., 0., 1.]])
    >>> ember.eye(2, 3)
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    n = _index("eye", "n", n)
    m = n if m is None else _index("eye", "m", m)
    return _finish(_C._eye(n, m, dtype or get_default_dtype(), device), requires_grad)
