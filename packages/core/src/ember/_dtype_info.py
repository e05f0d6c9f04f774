"""ember.finfo / ember.iinfo (the numeric limits of a dtype) and dtype tests on
tensors, with PyTorch's fields and values. Plain constants: no NumPy import."""

from ember import _C
from ember._creation import _check_tensor

# bits, eps, max, smallest normal, resolution (10 ** -decimal digits)
_FLOAT_LIMITS = {
    _C.float16: (16, 2.0**-10, 65504.0, 2.0**-14, 1e-3),
    _C.bfloat16: (16, 2.0**-7, (2 - 2.0**-7) * 2.0**127, 2.0**-126, 1e-2),
    _C.float32: (32, 2.0**-23, (2 - 2.0**-23) * 2.0**127, 2.0**-126, 1e-6),
    _C.float64: (64, 2.0**-52, (2 - 2.0**-52) * 2.0**1023, 2.0**-1022, 1e-15),
}
_COMPLEX_PARTS = {_C.complex64: _C.float32, _C.complex128: _C.float64}
_INT_BITS = {_C.uint8: 8, _C.int8: 8, _C.int16: 16, _C.int32: 32, _C.int64: 64}


def _name(dtype):
    return repr(dtype).removeprefix("ember.")


def _check_dtype(fn, value):
    if not isinstance(value, _C.dtype):
        raise TypeError(f"{fn}(): argument 'type' (position 1) must be ember.dtype, not {type(value).__name__}")


class finfo:
    """Limits of a floating-point dtype (of the real part for complex ones):
    bits, eps, max, min, tiny (= smallest_normal), resolution and dtype (a name).

    Example:

    >>> ember.finfo(ember.float16).max
    65504.0
    >>> ember.finfo(ember.float32).eps
    1.1920928955078125e-07
    """

    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")

    def __init__(self, type=None):
        if type is None:
            type = _C._get_default_dtype()
        _check_dtype("finfo", type)
        real = _COMPLEX_PARTS.get(type, type)
        if real not in _FLOAT_LIMITS:
            raise TypeError(
                f"ember.finfo() requires a floating point or complex dtype, got {type!r}; use ember.iinfo for "
                "integer dtypes"
            )
        self.bits, self.eps, self.max, self.tiny, self.resolution = _FLOAT_LIMITS[real]
        self.min = -self.max
        self.smallest_normal = self.tiny
        self.dtype = _name(real)

    def __eq__(self, other):
        return isinstance(other, finfo) and self.dtype == other.dtype

    __hash__ = None  # like PyTorch's

    def __repr__(self):
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
            f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})"
        )


class iinfo:
    """Limits of an integer dtype: bits, max, min and dtype (a name).

    Example:

    >>> ember.iinfo(ember.int8).min, ember.iinfo(ember.int8).max
    (-128, 127)
    """

    __slots__ = ("bits", "max", "min", "dtype")

    def __init__(self, type):
        _check_dtype("iinfo", type)
        if type is _C.bool:
            raise TypeError("ember.bool is not supported by ember.iinfo")
        if type not in _INT_BITS:
            raise TypeError(
                f"ember.iinfo() requires an integer dtype, got {type!r}; use ember.finfo for floating point and "
                "complex dtypes"
            )
        self.bits = _INT_BITS[type]
        signed = type is not _C.uint8
        self.min = -(2 ** (self.bits - 1)) if signed else 0
        self.max = 2 ** (self.bits - 1) - 1 if signed else 2**self.bits - 1
        self.dtype = _name(type)

    def __eq__(self, other):
        return isinstance(other, iinfo) and self.dtype == other.dtype

    __hash__ = None

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def is_tensor(obj):
    """True if obj is an ember.Tensor.

    Example:

    >>> ember.is_tensor(ember.zeros(1)), ember.is_tensor([0.0])
    (True, False)
    """
    return isinstance(obj, _C.Tensor)


def is_floating_point(input):
    """True if input's dtype is a floating-point one (float16, bfloat16, float32, float64).

    Example:

    >>> ember.is_floating_point(ember.tensor([1.0]))
    True
    >>> ember.is_floating_point(ember.tensor([1]))
    False
    """
    _check_tensor("is_floating_point", input)
    return input.dtype.is_floating_point


def is_complex(input):
    """True if input's dtype is complex64 or complex128.

    Example:

    >>> ember.is_complex(ember.tensor([1.0]))
    False
    """
    _check_tensor("is_complex", input)
    return input.dtype.is_complex
