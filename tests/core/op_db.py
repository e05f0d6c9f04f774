"""A small database of ember's elementwise ops, for the generic tests in
test_elementwise.py.

Each OpInfo names an op, its NumPy reference, the dtypes it supports and how
to feed it. The tests never need per-op code beyond what an entry says:

- kind: "binary" (result dtype is the promoted dtype), "compare" (bool result)
  or "unary" (keeps the input's dtype, unless `int_to_float`).
- ref: a NumPy function on arrays already converted to the dtype the op
  computes in (float32 for float16/bfloat16, which ember also computes in
  float32 and rounds once). Binary refs take (a, b) or (a, b, alpha).
- int_to_float: integral (and bool) inputs compute in the default dtype
  (true division, exp, log, ...).
- domain: the values inputs are drawn from: "any", "positive" (log, sqrt),
  "nonzero_rhs" (division by the second operand) or "small" (integers within
  +-20, so that exp and friends of integer inputs stay finite and meaningful).
- tol: {dtype: (rtol, atol)} for inexact dtypes; exact comparison otherwise.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class OpInfo:
    name: str
    op: Callable  # ember.<name>(input[, other], *, out=None)
    ref: Callable  # NumPy reference, see the module docstring
    dtypes: tuple  # input dtypes the op supports
    kind: str  # "binary", "compare" or "unary"
    tol: dict = field(default_factory=lambda: DEFAULT_TOL)
    domain: str = "any"  # "any", "positive", "nonzero_rhs" or "small"
    supports_alpha: bool = False  # add/sub's alpha=
    supports_inplace: bool = True  # Tensor.<name>_ exists
    supports_scalars: bool = True  # a Python number may stand for a tensor operand
    int_to_float: bool = False  # integral inputs compute in the default float dtype
    operator: Callable | None = None  # the Python operator spelling, if any

    def __repr__(self):
        return self.name

    @property
    def method(self):
        return lambda t, *args, **kw: getattr(t, self.name)(*args, **kw)

    @property
    def inplace(self):
        return lambda t, *args, **kw: getattr(t, self.name + "_")(*args, **kw)


def _add(a, b, alpha=1):
    return a + b if alpha == 1 else a + alpha * b


def _sub(a, b, alpha=1):
    return a - b if alpha == 1 else a - alpha * b


def _sigmoid(x):
    one = np.ones((), dtype=x.dtype)
    return one / (one + np.exp(-x))


def _relu(x):
    return np.where(x < 0, np.zeros((), dtype=x.dtype), x)  # keeps NaN, as PyTorch


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
    OpInfo("maximum", ember.maximum, np.maximum, REAL, "binary", supports_scalars=False),
    OpInfo("minimum", ember.minimum, np.minimum, REAL, "binary", supports_scalars=False),
    # comparisons
    OpInfo("eq", ember.eq, np.equal, ALL, "compare", operator=operator.eq),
    OpInfo("ne", ember.ne, np.not_equal, ALL, "compare", operator=operator.ne),
    OpInfo("lt", ember.lt, np.less, REAL, "compare", operator=operator.lt),
    OpInfo("le", ember.le, np.less_equal, REAL, "compare", operator=operator.le),
    OpInfo("gt", ember.gt, np.greater, REAL, "compare", operator=operator.gt),
    OpInfo("ge", ember.ge, np.greater_equal, REAL, "compare", operator=operator.ge),
    # unary
    OpInfo("neg", ember.neg, np.negative, INTS + FLOATS + COMPLEX, "unary", operator=operator.neg),
    OpInfo("abs", ember.abs, np.abs, INTS + FLOATS, "unary", operator=abs),
    OpInfo("exp", ember.exp, np.exp, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="small", int_to_float=True),
    OpInfo("log", ember.log, np.log, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="positive", int_to_float=True),
    OpInfo("sqrt", ember.sqrt, np.sqrt, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="positive", int_to_float=True),
    OpInfo("sin", ember.sin, np.sin, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="small", int_to_float=True),
    OpInfo("cos", ember.cos, np.cos, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="small", int_to_float=True),
    OpInfo("tanh", ember.tanh, np.tanh, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="small", int_to_float=True),
    OpInfo("sigmoid", ember.sigmoid, _sigmoid, ALL, "unary", tol=TRANSCENDENTAL_TOL, domain="small", int_to_float=True),
    OpInfo("relu", ember.relu, _relu, INTS + FLOATS, "unary"),
]

OPS_BY_NAME = {op.name: op for op in OPS}
BINARY_OPS = [op for op in OPS if op.kind in ("binary", "compare")]
UNARY_OPS = [op for op in OPS if op.kind == "unary"]
