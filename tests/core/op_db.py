"""A small database of ember's elementwise ops, for the generic tests in
test_elementwise.py.

Each OpInfo names an op, its NumPy reference, the dtypes it supports and how
to feed it. The tests never need per-op code beyond what an entry says:

- kind: "binary" (result dtype is the promoted dtype), "compare" (binary with a
  bool result), "unary" (keeps the input's dtype, unless `int_to_float` or
  `result_dtypes` say otherwise) or "predicate" (unary with a bool result).
- ref: a NumPy function on arrays already converted to the dtype the op
  computes in (float32 for float16/bfloat16, which ember also computes in
  float32 and rounds once). Binary refs take (a, b) or (a, b, alpha).
  References use NumPy only; erf, erfc and lgamma come from Python's math
  module, vectorised, in float64; digamma and erfinv from float64 references
  written here (series and bisection), checked against PyTorch's values in
  test_elementwise_params.py.
- dtypes: the input dtypes PyTorch 2.13 supports for the op (checked once with
  torch on CPU); every other dtype must raise (test_unsupported_dtypes_raise).
- int_to_float: integral (and bool) inputs compute in the default dtype
  (true division, exp, log, ...).
- result_dtypes: {input dtype: result dtype} for a unary op that changes it
  (square of bool is int64, as PyTorch).
- domain: the values inputs are drawn from: "any", "positive" (log, sqrt),
  "nonzero_rhs" (division by the second operand), "small" (integers within
  +-20, so that exp and friends of integer inputs stay finite and meaningful),
  "unit" (within (-1, 1): asin, atanh), "ge_one" (at least 1: acosh), "shift"
  (second operand a shift count in [0, bits)), "halves" (floats on multiples of
  0.5: rounding ties), "with_zeros" (many exact zeros: logical ops) or
  "special" (floats include inf, -inf, NaN and -0.0: isnan and friends).
- tol: {dtype: (rtol, atol)} for inexact dtypes; exact comparison otherwise.
- number_input: where the function form takes a Python number as `input`, as
  PyTorch's signatures do: "any" (add(2, 3) too), "with_tensor" (remainder(2, t),
  but remainder(2, 3) is a TypeError) or "no" (eq(2, t) is a TypeError; 2 == t
  works through t.__eq__). Only for supports_scalars ops.
- supports_out: the function takes out= (isclose does not).
- same_dtype: tensors of different dtypes are an error, not promoted (isclose).
- toplevel: the module function is ember.<name> (as torch.<name> exists);
  otherwise only ember._C.<name> (PyTorch has these in torch.nn.functional).
- method_name / kwargs: the function and method an entry calls, with extra
  keyword arguments (div with rounding_mode="trunc" is entry "div_trunc").
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import ember

BOOL = (ember.bool,)
INTS = (ember.uint8, ember.int8, ember.int16, ember.int32, ember.int64)
FLOATS = (ember.float16, ember.bfloat16, ember.float32, ember.float64)
COMPLEX = (ember.complex64, ember.complex128)
ALL = BOOL + INTS + FLOATS + COMPLEX
REAL = BOOL + INTS + FLOATS  # everything ordered
# The NumPy dtype each ember dtype's values are held in by the tests.
NP_DTYPE = {
    ember.bool: np.bool_,
    ember.uint8: np.uint8,
    ember.int8: np.int8,
    ember.int16: np.int16,
    ember.int32: np.int32,
    ember.int64: np.int64,
    ember.float16: np.float16,
    ember.bfloat16: np.float32,  # values held exactly in float32
    ember.float32: np.float32,
    ember.float64: np.float64,
    ember.complex64: np.complex64,
    ember.complex128: np.complex128,
}


def as_numpy(t):
    """t's values as a NumPy array in NP_DTYPE[t.dtype] (NumPy has no bfloat16)."""
    return (t.to(ember.float32) if t.dtype == ember.bfloat16 else t).numpy()


KINDS = ("binary", "compare", "unary", "predicate")
NUMBER_INPUTS = ("any", "with_tensor", "no")
DOMAINS = ("any", "positive", "nonzero_rhs", "small", "unit", "ge_one", "shift", "halves", "with_zeros", "special")

# rtol, atol by dtype (PyTorch's defaults for assert_close).
DEFAULT_TOL = {
    ember.float16: (1e-3, 1e-5),
    ember.bfloat16: (1.6e-2, 1e-5),
    ember.float32: (1.3e-6, 1e-5),
    ember.float64: (1e-7, 1e-7),
    ember.complex64: (1.3e-6, 1e-5),
    ember.complex128: (1e-7, 1e-7),
}
# Transcendental functions: libm, NumPy's SIMD and std::complex differ by a few ulps.
TRANSCENDENTAL_TOL = {**DEFAULT_TOL, ember.float32: (4e-6, 1e-5), ember.complex64: (1e-5, 1e-5)}
# float16 results computed in float32 can round to either neighbour when the
# float32 values differ by an ulp: allow 2 ulps of the 16-bit types.
LOW_PRECISION_TOL = {**TRANSCENDENTAL_TOL, ember.float16: (2e-3, 1e-5), ember.bfloat16: (1.6e-2, 1e-5)}
# pow(a, b) = exp(b * log(a)) for complex: the error of log(a) grows with |b|.
POW_TOL = {**TRANSCENDENTAL_TOL, ember.complex64: (5e-5, 1e-5), ember.complex128: (1e-12, 1e-12)}


@dataclass(frozen=True)
class OpInfo:
    name: str
    op: Callable  # ember.<name>(input[, other], *, out=None)
    ref: Callable  # NumPy reference, see the module docstring
    dtypes: tuple  # input dtypes the op supports
    kind: str  # "binary", "compare", "unary" or "predicate"
    tol: dict = field(default_factory=lambda: DEFAULT_TOL)
    domain: str = "any"  # see the module docstring
    supports_alpha: bool = False  # add/sub's alpha=
    supports_inplace: bool = True  # Tensor.<name>_ exists
    supports_out: bool = True  # the function takes out=
    same_dtype: bool = False  # both operands must have one dtype, no promotion (isclose)
    supports_scalars: bool = True  # a Python number may stand for a tensor operand
    number_input: str = "any"  # where the function's `input` may be a number, see the module docstring
    int_to_float: bool = False  # integral inputs compute in the default float dtype
    operator: Callable | None = None  # the Python operator spelling, if any
    result_dtypes: dict = field(default_factory=dict)  # unary: input dtype -> result dtype, where it changes
    toplevel: bool = True  # ember.<name> exists (else only ember._C.<name>)
    method_name: str | None = None  # the function/method called, if not `name`
    kwargs: dict = field(default_factory=dict)  # passed to every form

    def __repr__(self):
        return self.name

    @property
    def arity(self):
        return 1 if self.kind in ("unary", "predicate") else 2

    @property
    def function_name(self):
        return self.method_name or self.name

    @property
    def method(self):
        return lambda t, *args, **kw: getattr(t, self.function_name)(*args, **self.kwargs, **kw)

    @property
    def inplace(self):
        return lambda t, *args, **kw: getattr(t, self.function_name + "_")(*args, **self.kwargs, **kw)


# --------------------------------------------------------------------------- references


def _add(a, b, alpha=1):
    return a + b if alpha == 1 else a + alpha * b


def _sub(a, b, alpha=1):
    return a - b if alpha == 1 else a - alpha * b


def _is_integral(x):
    return x.dtype.kind in "biu"


def _sigmoid(x):
    one = np.ones((), dtype=x.dtype)
    return one / (one + np.exp(-x))


def _relu(x):
    return np.where(x < 0, np.zeros((), dtype=x.dtype), x)  # keeps NaN, as PyTorch


def _relu6(x):
    zero, six = np.zeros((), dtype=x.dtype), np.full((), 6, dtype=x.dtype)
    return np.where(x < zero, zero, np.where(x > six, six, x))  # keeps NaN, as PyTorch


def _sign(x):
    # PyTorch: (0 < x) - (x < 0), so sign(NaN) is 0 (NumPy says NaN) and sign(-0.0) is +0.0
    if x.dtype == np.bool_:
        return x.copy()
    return (x > 0).astype(x.dtype) - (x < 0).astype(x.dtype)


def _keep_integers(fn):
    """fn for floats; integers (floor, round, ...) come back unchanged."""
    return lambda x: x.copy() if _is_integral(x) else fn(x)


def _frac(x):
    return x - np.trunc(x)


def _reciprocal(x):
    return np.ones((), dtype=x.dtype) / x


def _rsqrt(x):
    return np.ones((), dtype=x.dtype) / np.sqrt(x)


def _in_float64(fn):
    """fn computed in float64 (or complex128), the result cast back to x's dtype."""

    def ref(x):
        wide = np.complex128 if np.iscomplexobj(x) else np.float64
        return np.asarray(fn(x.astype(wide))).astype(x.dtype)

    return ref


def _lgamma1(v):
    try:
        return math.lgamma(v)
    except ValueError:  # the poles 0, -1, -2, ...
        return math.inf


_erf64 = np.vectorize(math.erf, otypes=[np.float64])
_erfc64 = np.vectorize(math.erfc, otypes=[np.float64])
_lgamma64 = np.vectorize(_lgamma1, otypes=[np.float64])

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def _gelu(x):
    return 0.5 * x * (1.0 + _erf64(x / math.sqrt(2.0)))


def _gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def _mish(x):
    return x * np.tanh(np.log1p(np.exp(x)))


def _selu(x):
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))


def _silu(x):
    return x * _sigmoid(x)


def _hardsigmoid(x):
    return _relu6(x + np.full((), 3, dtype=x.dtype)) / np.full((), 6, dtype=x.dtype)


def _hardswish(x):
    return x * _relu6(x + np.full((), 3, dtype=x.dtype)) / np.full((), 6, dtype=x.dtype)


def _real_only(fn, integral):
    """A predicate for floats and complex; `integral(x)` answers for integers and bool."""
    return lambda x: integral(x) if _is_integral(x) else fn(x)


def _never(x):
    return np.zeros(x.shape, dtype=bool)


def _always(x):
    return np.ones(x.shape, dtype=bool)


def _div_trunc(a, b):
    if _is_integral(a):
        q = np.floor_divide(a, b)
        inexact_negative = (np.remainder(a, b) != 0) & ((a < 0) != (b < 0))
        return (q + inexact_negative).astype(a.dtype)
    return np.trunc(a / b)


def _pow(a, b):
    if not _is_integral(a):
        return np.power(a, b)
    # PyTorch for integers: x ** -n is 1 for x == 1, +-1 for x == -1 and 0 otherwise
    # (NumPy refuses negative integer powers). Positive powers wrap.
    negative = b < 0
    r = np.power(a, np.where(negative, np.zeros((), b.dtype), b))
    one, zero = np.ones((), a.dtype), np.zeros((), a.dtype)
    if a.dtype.kind == "u":
        special = np.where(a == one, one, zero)
    else:
        odd = np.remainder(b, 2) != 0
        special = np.where(a == one, one, np.where(a == -one, np.where(odd, -one, one), zero))
    return np.where(negative, special, r).astype(a.dtype)


def _shift_left(a, b):
    # PyTorch: counts outside [0, bits) give 0; otherwise the bits shifted out are lost.
    bits = a.dtype.itemsize * 8
    out_of_range = (b < 0) | (b >= bits)
    count = np.where(out_of_range, 0, b).astype(np.uint64)
    shifted = (a.astype(np.uint64) << count) & np.uint64(2**bits - 1)
    return np.where(out_of_range, np.zeros((), a.dtype), shifted.astype(a.dtype)).astype(a.dtype)


def _shift_right(a, b):
    # PyTorch: counts outside [0, bits) shift every bit out (-1 for negative numbers, else 0).
    bits = a.dtype.itemsize * 8
    out_of_range = (b < 0) | (b >= bits)
    shifted = np.right_shift(a, np.where(out_of_range, bits - 1, b).astype(a.dtype))
    if a.dtype.kind == "u":
        shifted = np.where(out_of_range, np.zeros((), a.dtype), shifted)
    return shifted.astype(a.dtype)


def _sgn(x):
    if not np.iscomplexobj(x):
        return _sign(x)
    magnitude = np.abs(x)
    return np.where(magnitude == 0, np.zeros((), x.dtype), x / np.where(magnitude == 0, 1, magnitude)).astype(x.dtype)


_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)  # B_2 .. B_16


def _digamma1(v):
    """psi(v) in float64: reflection below 0, the recurrence up to 40, then Stirling's series to B_16."""
    if math.isnan(v) or v == math.inf:
        return v
    if v <= 0 and v == math.floor(v):  # poles; psi(+-0) is -+inf, as PyTorch
        return (math.inf if math.copysign(1, v) < 0 else -math.inf) if v == 0 else math.nan
    if v < 0:
        return _digamma1(1 - v) - math.pi / math.tan(math.pi * (v - math.floor(v)))
    acc = 0.0
    while v < 40:
        acc -= 1 / v
        v += 1
    series = sum(b / (2 * k) / v ** (2 * k) for k, b in enumerate(_BERNOULLI, start=1))
    return acc + math.log(v) - 0.5 / v - series


def _erfinv1(y):
    """erfinv(y) in float64 by bisection on math.erf (math.erfc in the tails, where 1 - |y| is exact)."""
    if math.isnan(y) or abs(y) > 1:
        return math.nan
    if abs(y) == 1:
        return math.copysign(math.inf, y)
    a = abs(y)
    lo, hi = 0.0, 30.0
    for _ in range(200):
        mid = (lo + hi) / 2
        below = math.erf(mid) < a if a <= 0.5 else math.erfc(mid) > 1 - a
        lo, hi = (mid, hi) if below else (lo, mid)
        if hi - lo <= 1e-17 * hi:
            break
    return math.copysign((lo + hi) / 2, y)


_digamma64 = np.vectorize(_digamma1, otypes=[np.float64])
_erfinv64 = np.vectorize(_erfinv1, otypes=[np.float64])


def _leaky_relu(slope):
    return lambda x: np.where(x > 0, x, x * slope)


def _elu(alpha, scale=1.0, input_scale=1.0):
    return lambda x: np.where(x > 0, x * scale, np.expm1(x * input_scale) * (alpha * scale))


def _softplus(beta, threshold):
    return lambda x: np.where(x * beta > threshold, x, np.log1p(np.exp(x * beta)) / beta)


def _clamp(lo, hi):
    # NumPy's clip keeps NaN as PyTorch's clamp does; lo > hi gives hi.
    return lambda x: np.minimum(np.maximum(x, np.asarray(lo, x.dtype)), np.asarray(hi, x.dtype))


def _logit(eps):
    def ref(x):
        z = np.where(x < eps, eps, np.where(x > 1 - eps, 1 - eps, x))
        return np.log(z / (1 - z))

    return ref


def _round(decimals):
    return lambda x: np.round(x, decimals)


def _nan_to_num(**kw):
    return lambda x: x.copy() if _is_integral(x) else np.nan_to_num(x, **kw)


def _isclose(a, b):
    if a.dtype == np.bool_:
        a, b = a.astype(np.int64), b.astype(np.int64)
    if _is_integral(a):
        a, b = a.astype(np.float64), b.astype(np.float64)  # ember compares integers in float64
    return np.isclose(a, b)


# --------------------------------------------------------------------------- the database

T = TRANSCENDENTAL_TOL


def _unary(name, ref, dtypes, domain="any", tol=DEFAULT_TOL, int_to_float=False, toplevel=True, **kw):
    module = ember if toplevel else ember._C
    return OpInfo(
        name,
        getattr(module, name),
        ref,
        dtypes,
        "unary",
        tol=tol,
        domain=domain,
        int_to_float=int_to_float,
        toplevel=toplevel,
        **kw,
    )


def _float_valued(name, ref, dtypes=ALL, domain="any", tol=T, **kw):
    return _unary(name, ref, dtypes, domain=domain, tol=tol, int_to_float=True, **kw)


def _activation(name, ref, dtypes=FLOATS, tol=T, toplevel=False):
    # torch.nn.functional's: floats only, no top-level torch.<name> (but selu)
    return _unary(name, ref, dtypes, tol=tol, toplevel=toplevel)


def _with_args(name, ref, dtypes, toplevel=True, method_name=None, **kw):
    """A unary op called with keyword arguments (`kwargs`), e.g. leaky_relu(x, negative_slope=0.2)."""
    module = ember if toplevel else ember._C
    kwargs = kw.pop("kwargs")
    fn = functools.partial(getattr(module, method_name or name), **kwargs)
    return OpInfo(name, fn, ref, dtypes, "unary", toplevel=toplevel, method_name=method_name, kwargs=kwargs, **kw)


def _predicate(name, ref, dtypes, domain="special", inplace=False):
    return OpInfo(name, getattr(ember, name), ref, dtypes, "predicate", domain=domain, supports_inplace=inplace)


def _div_mode(mode):
    return functools.partial(ember.div, rounding_mode=mode)


OPS = [
    # binary arithmetic
    OpInfo("add", ember.add, _add, ALL, "binary", supports_alpha=True, operator=operator.add),
    OpInfo("sub", ember.sub, _sub, INTS + FLOATS + COMPLEX, "binary", supports_alpha=True, operator=operator.sub),
    OpInfo("mul", ember.mul, np.multiply, ALL, "binary", operator=operator.mul),
    OpInfo(
        "div",
        ember.div,
        np.true_divide,
        ALL,
        "binary",
        domain="nonzero_rhs",
        int_to_float=True,
        operator=operator.truediv,
    ),
    OpInfo("true_divide", ember.true_divide, np.true_divide, ALL, "binary", domain="nonzero_rhs", int_to_float=True),
    OpInfo(
        "div_trunc",
        _div_mode("trunc"),
        _div_trunc,
        INTS + FLOATS,
        "binary",
        domain="nonzero_rhs",
        method_name="div",
        kwargs={"rounding_mode": "trunc"},
    ),
    OpInfo(
        "div_floor",
        _div_mode("floor"),
        np.floor_divide,
        INTS + FLOATS,
        "binary",
        domain="nonzero_rhs",
        method_name="div",
        kwargs={"rounding_mode": "floor"},
    ),
    OpInfo(
        "floor_divide",
        ember.floor_divide,
        np.floor_divide,
        INTS + FLOATS,
        "binary",
        domain="nonzero_rhs",
        operator=operator.floordiv,
    ),
    OpInfo(
        "remainder",
        ember.remainder,
        np.remainder,
        INTS + FLOATS,
        "binary",
        domain="nonzero_rhs",
        operator=operator.mod,
        number_input="with_tensor",
    ),
    OpInfo("fmod", ember.fmod, np.fmod, INTS + FLOATS, "binary", domain="nonzero_rhs", number_input="no"),
    OpInfo(
        "pow",
        ember.pow,
        _pow,
        INTS + FLOATS + COMPLEX,
        "binary",
        tol=POW_TOL,
        domain="small",
        operator=operator.pow,
        number_input="with_tensor",
    ),
    OpInfo("maximum", ember.maximum, np.maximum, REAL, "binary", supports_scalars=False),
    OpInfo("minimum", ember.minimum, np.minimum, REAL, "binary", supports_scalars=False),
    OpInfo("fmax", ember.fmax, np.fmax, REAL, "binary", supports_scalars=False),
    OpInfo("fmin", ember.fmin, np.fmin, REAL, "binary", supports_scalars=False),
    OpInfo("atan2", ember.atan2, np.arctan2, REAL, "binary", tol=T, int_to_float=True, supports_scalars=False),
    OpInfo("hypot", ember.hypot, np.hypot, FLOATS, "binary", tol=T, supports_scalars=False),
    OpInfo("copysign", ember.copysign, np.copysign, REAL, "binary", int_to_float=True, number_input="no"),
    # bitwise
    OpInfo(
        "bitwise_and",
        ember.bitwise_and,
        np.bitwise_and,
        BOOL + INTS,
        "binary",
        operator=operator.and_,
        number_input="with_tensor",
    ),
    OpInfo(
        "bitwise_or",
        ember.bitwise_or,
        np.bitwise_or,
        BOOL + INTS,
        "binary",
        operator=operator.or_,
        number_input="with_tensor",
    ),
    OpInfo(
        "bitwise_xor",
        ember.bitwise_xor,
        np.bitwise_xor,
        BOOL + INTS,
        "binary",
        operator=operator.xor,
        number_input="with_tensor",
    ),
    OpInfo(
        "bitwise_left_shift",
        ember.bitwise_left_shift,
        _shift_left,
        INTS,
        "binary",
        domain="shift",
        operator=operator.lshift,
        number_input="with_tensor",
    ),
    OpInfo(
        "bitwise_right_shift",
        ember.bitwise_right_shift,
        _shift_right,
        INTS,
        "binary",
        domain="shift",
        operator=operator.rshift,
        number_input="with_tensor",
    ),
    # comparisons
    OpInfo("eq", ember.eq, np.equal, ALL, "compare", operator=operator.eq, number_input="no"),
    OpInfo("ne", ember.ne, np.not_equal, ALL, "compare", operator=operator.ne, number_input="no"),
    OpInfo("lt", ember.lt, np.less, REAL, "compare", operator=operator.lt, number_input="no"),
    OpInfo("le", ember.le, np.less_equal, REAL, "compare", operator=operator.le, number_input="no"),
    OpInfo("gt", ember.gt, np.greater, REAL, "compare", operator=operator.gt, number_input="no"),
    OpInfo("ge", ember.ge, np.greater_equal, REAL, "compare", operator=operator.ge, number_input="no"),
    # logical: bool results, any dtype; PyTorch takes tensors only
    OpInfo(
        "logical_and", ember.logical_and, np.logical_and, ALL, "compare", domain="with_zeros", supports_scalars=False
    ),
    OpInfo("logical_or", ember.logical_or, np.logical_or, ALL, "compare", domain="with_zeros", supports_scalars=False),
    OpInfo(
        "logical_xor", ember.logical_xor, np.logical_xor, ALL, "compare", domain="with_zeros", supports_scalars=False
    ),
    # unary, keeping the dtype
    OpInfo("neg", ember.neg, np.negative, INTS + FLOATS + COMPLEX, "unary", operator=operator.neg),
    OpInfo(
        "abs",
        ember.abs,
        np.abs,
        INTS + FLOATS + COMPLEX,
        "unary",
        operator=abs,
        result_dtypes={ember.complex64: ember.float32, ember.complex128: ember.float64},
    ),
    _unary("sign", _sign, REAL, domain="with_zeros"),
    _unary("square", np.square, ALL, result_dtypes={ember.bool: ember.int64}),
    _unary("floor", _keep_integers(np.floor), INTS + FLOATS, domain="halves"),
    _unary("ceil", _keep_integers(np.ceil), INTS + FLOATS, domain="halves"),
    _unary("trunc", _keep_integers(np.trunc), INTS + FLOATS, domain="halves"),
    _unary("round", _keep_integers(np.round), INTS + FLOATS, domain="halves"),  # halves to even
    _unary("frac", _frac, FLOATS, domain="halves"),
    OpInfo("relu", ember.relu, _relu, INTS + FLOATS, "unary"),
    _unary("relu6", _relu6, INTS + FLOATS, toplevel=False),
    _unary("bitwise_not", np.invert, BOOL + INTS, operator=operator.invert),
    # unary, float-valued: integers and bool compute in the default dtype
    _float_valued("exp", np.exp, domain="small"),
    _float_valued("exp2", np.exp2, domain="small"),
    _float_valued("expm1", np.expm1, domain="small"),
    _float_valued("log", np.log, domain="positive"),
    _float_valued("log2", np.log2, domain="positive"),
    _float_valued("log10", np.log10, domain="positive"),
    _float_valued("log1p", np.log1p, domain="positive"),
    _float_valued("sqrt", np.sqrt, domain="positive"),
    _float_valued("rsqrt", _rsqrt, domain="positive"),
    _float_valued("reciprocal", _reciprocal),
    _float_valued("sin", np.sin, domain="small"),
    _float_valued("cos", np.cos, domain="small"),
    _float_valued("tan", np.tan, domain="small"),
    _float_valued("asin", np.arcsin, domain="unit"),
    _float_valued("acos", np.arccos, domain="unit"),
    _float_valued("atan", np.arctan),
    _float_valued("sinh", np.sinh, domain="small"),
    _float_valued("cosh", np.cosh, domain="small"),
    _float_valued("tanh", np.tanh, domain="small"),
    _float_valued("asinh", np.arcsinh),
    _float_valued("acosh", np.arccosh, domain="ge_one"),
    _float_valued("atanh", np.arctanh, domain="unit"),
    _float_valued("erf", _in_float64(_erf64), dtypes=REAL),
    _float_valued("erfc", _in_float64(_erfc64), dtypes=REAL),
    _float_valued("lgamma", _in_float64(_lgamma64), dtypes=REAL, domain="positive"),
    _float_valued("sigmoid", _sigmoid, domain="small"),
    # activations: floats only in PyTorch (silu also complex)
    _activation("silu", _silu, dtypes=FLOATS + COMPLEX),
    _activation("gelu", _in_float64(_gelu)),
    _activation("gelu_tanh", _in_float64(_gelu_tanh)),
    _activation("mish", _in_float64(_mish)),
    _activation("selu", _in_float64(_selu), toplevel=True),
    _activation("hardsigmoid", _hardsigmoid, tol=LOW_PRECISION_TOL),
    _activation("hardswish", _hardswish, tol=LOW_PRECISION_TOL),
    # parametric activations: ember._C only (torch.nn.functional's), but celu
    _with_args(
        "leaky_relu", _leaky_relu(0.2), FLOATS, toplevel=False, tol=LOW_PRECISION_TOL, kwargs={"negative_slope": 0.2}
    ),
    _with_args(
        "elu",
        _in_float64(_elu(0.5, 2.0, 1.5)),
        FLOATS,
        toplevel=False,
        tol=LOW_PRECISION_TOL,
        kwargs={"alpha": 0.5, "scale": 2.0, "input_scale": 1.5},
    ),
    _with_args("celu", _in_float64(_elu(2.0, 1.0, 0.5)), FLOATS, tol=LOW_PRECISION_TOL, kwargs={"alpha": 2.0}),
    _with_args(
        "softplus",
        _in_float64(_softplus(2.0, 5.0)),
        FLOATS,
        toplevel=False,
        tol=LOW_PRECISION_TOL,
        kwargs={"beta": 2.0, "threshold": 5.0},
    ),
    _with_args(
        "hardtanh",
        _clamp(-2, 5),
        INTS[1:] + FLOATS,  # uint8 with a negative bound raises, as PyTorch
        toplevel=False,
        domain="halves",
        kwargs={"min_val": -2, "max_val": 5},
    ),
    # parametric math
    _with_args("logit", _logit(0.05), REAL, domain="unit", tol=T, int_to_float=True, kwargs={"eps": 0.05}),
    _with_args("round_decimals", _round(2), FLOATS, method_name="round", kwargs={"decimals": 2}),
    _with_args(
        "nan_to_num",
        _nan_to_num(nan=1.5, posinf=100.0, neginf=-200.0),
        ALL,
        domain="special",
        kwargs={"nan": 1.5, "posinf": 100.0, "neginf": -200.0},
    ),
    # clamp with number bounds: a float bound makes integer inputs float32 (promotion)
    _with_args("clamp", _clamp(-0.5, 0.5), REAL, int_to_float=True, kwargs={"min": -0.5, "max": 0.5}),
    _with_args("clip", _clamp(-0.5, 0.5), REAL, int_to_float=True, kwargs={"min": -0.5, "max": 0.5}),
    _with_args(
        "clamp_int",
        _clamp(2, 50),
        REAL,
        method_name="clamp",
        result_dtypes={ember.bool: ember.int64},
        kwargs={"min": 2, "max": 50},
    ),
    _with_args(
        "clamp_min",
        lambda x: np.maximum(x, np.asarray(2, x.dtype)),
        REAL,
        result_dtypes={ember.bool: ember.int64},
        kwargs={"min": 2},
    ),
    _with_args(
        "clamp_max",
        lambda x: np.minimum(x, np.asarray(2, x.dtype)),
        REAL,
        result_dtypes={ember.bool: ember.int64},
        kwargs={"max": 2},
    ),
    # new unary math
    _unary("sgn", _sgn, ALL, domain="with_zeros"),
    _float_valued("digamma", _in_float64(_digamma64), dtypes=REAL),
    _float_valued("erfinv", _in_float64(_erfinv64), dtypes=REAL, domain="unit"),
    # isclose: bool results, both operands tensors of one dtype, no out=
    OpInfo(
        "isclose",
        ember.isclose,
        _isclose,
        ALL,
        "compare",
        supports_inplace=False,
        supports_scalars=False,
        supports_out=False,
        same_dtype=True,
    ),
    # predicates: bool results
    _predicate("isnan", _real_only(np.isnan, _never), ALL),
    _predicate("isinf", _real_only(np.isinf, _never), ALL),
    _predicate("isfinite", _real_only(np.isfinite, _always), ALL),
    _predicate("isposinf", _real_only(np.isposinf, _never), REAL),
    _predicate("isneginf", _real_only(np.isneginf, _never), REAL),
    _predicate("signbit", _real_only(np.signbit, lambda x: x < 0), REAL),
    _predicate("logical_not", np.logical_not, ALL, domain="with_zeros", inplace=True),
]

OPS_BY_NAME = {op.name: op for op in OPS}
BINARY_OPS = [op for op in OPS if op.arity == 2]
UNARY_OPS = [op for op in OPS if op.arity == 1]
