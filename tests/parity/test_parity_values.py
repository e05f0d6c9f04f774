"""Elementwise op values against PyTorch: every op_db entry (all of them exist
in torch), over every dtype (both accept the same dtypes, or raise the same
error class), on op_db's sample inputs, on special values (inf, NaN, -0.0)
and with a Python number as the second operand.

op_db's NumPy references pin the values in tests/core; here torch is the
reference, so semantics NumPy doesn't share (sign(NaN), integer pow, shifts,
rounding of 16-bit floats) are checked too. What is compared:
- the result dtype, shape, and values within op_db's tolerance for the dtype;
  NaN and infinities exactly, for real results (where torch's is NaN and its
  float64 result on the same inputs is not, the float64 one: torch's
  vectorised kernels differ there by instruction set);
- complex results only where torch's is finite: torch computes complex
  special values with textbook formulas (1 / z, exp(-z), ...) where ember
  follows C99's rules through std::complex, so inf and NaN parts differ;
- signs of zero of real results where an input of that element is a zero
  (an exact zero: tanh(-0.0) is -0.0), but where torch has no consistent
  answer (ZERO_SIGN_UNSPECIFIED). Complex results' signs of zero aren't
  compared: ember's follow C99 (cacos(-0.0 + 0j) is pi/2 - 0j), torch's
  formulas don't.
"""

import numpy as np
import pytest
from op_db import OPS
from oracle import DTYPES, EMBER_DTYPE, dtype_id, pair, to_numpy, torch, torch_op
from test_elementwise import make_values, tie

import ember

INEXACT = tuple(d for d in DTYPES if d.is_floating_point or d.is_complex)

# Differences from torch 2.13 found by these tests; each case is a strict
# xfail, so it fails once fixed: then delete its line.
KNOWN: dict = {}  # none at present: (op name, dtype) -> reason

# Ops (or (op, dtype)) whose sign of an exact zero torch doesn't pin down.
# torch rounds logit's x / (1 - x) to the 16-bit dtype before the log, one
# rounding more than ember's float computation: results may differ by a step.
TOL_OVERRIDES = {("logit", ember.float16): (4e-3, 1e-5), ("logit", ember.bfloat16): (3.2e-2, 1e-5)}
ZERO_SIGN_UNSPECIFIED = {
    **{
        name: "torch's max/min of +0.0 and -0.0 depends on the tensor's length and the element's position"
        for name in ("maximum", "minimum", "fmax", "fmin")
    },
    (
        "gelu",
        ember.float32,
    ): "torch's float32 gelu(-0.0) is +0.0; its float64, float16 and bfloat16 give -0.0, as ember does",
}


def error_class(fn, *args):
    """The builtin exception class fn(*args) raises, or None."""
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 - the class is the result
        return next(c for c in type(e).__mro__ if c.__module__ == "builtins").__name__
    return None


def samples(op, dtype):
    """[(label, [numpy values or Python numbers])]: op_db's domain, special values, a number operand."""
    rng = np.random.default_rng(7)
    values = [make_values(dtype, (6, 7), op.domain, rng, rhs=i == 1) for i in range(op.arity)]
    if op.arity == 2:
        tie(values[0], values[1])
    out = [("domain", values)]
    if dtype in INEXACT:
        special = [make_values(dtype, (6, 7), "special", rng, rhs=i == 1) for i in range(op.arity)]
        out.append(("special", special))
    if op.arity == 2 and op.supports_scalars:
        number = values[1].flat[3].item()  # a value of the domain, as a Python number
        out.append((f"number {number!r}", [values[0], number]))
    return out


def run(lib, op, values, dtype):
    """op on `values` in ember or torch: arrays become tensors of `dtype`, numbers stay numbers."""
    args = [pair(v, dtype)[lib is torch] if isinstance(v, np.ndarray) else v for v in values]
    return (op.op if lib is ember else torch_op(op))(*args)


def has_zero_input(values, shape):
    """Per element: whether some input is zero."""
    zero = np.zeros(shape, dtype=bool)
    for v in values:
        v = np.broadcast_to(np.asarray(v), shape)
        zero |= v == 0
    return zero


def torch_nan_where_float64_has_a_value(op, values, want):
    """want, with torch's float64 result (on the same, exactly widened inputs)
    where want is NaN and that result is not: torch's vectorised float kernels
    differ by instruction set there (its AVX-512 gelu(+inf) is NaN in float32
    and bfloat16, its AVX2 one and its float64 one inf), so NaN isn't torch's answer."""
    nan = np.isnan(want)
    if not nan.any() or not all(isinstance(v, np.ndarray) and v.dtype.kind == "f" for v in values):
        return want
    wide = to_numpy(run(torch, op, values, ember.float64))
    if wide.shape != want.shape:
        return want
    fix = nan & ~np.isnan(wide)
    return np.where(fix, wide.astype(want.dtype), want) if fix.any() else want


def assert_same(op, values, dtype, label):
    e, t = run(ember, op, values, dtype), run(torch, op, values, dtype)
    e_dtype, t_dtype = e.dtype, EMBER_DTYPE[t.dtype]
    assert e_dtype == t_dtype, f"{label}: result dtype {e_dtype}, torch {t_dtype}"
    assert tuple(e.shape) == tuple(t.shape), label
    got, want = to_numpy(e), to_numpy(t)
    if not (e_dtype.is_floating_point or e_dtype.is_complex):
        np.testing.assert_array_equal(got, want, err_msg=label, strict=True)
        return
    if not e_dtype.is_complex:
        want = torch_nan_where_float64_has_a_value(op, values, want)
    rtol, atol = TOL_OVERRIDES.get((op.name, e_dtype), op.tol[e_dtype])
    compared = np.isfinite(want) if e_dtype.is_complex else np.ones(want.shape, dtype=bool)
    np.testing.assert_allclose(got[compared], want[compared], rtol=rtol, atol=atol, equal_nan=True, err_msg=label)
    if e_dtype.is_complex or op.name in ZERO_SIGN_UNSPECIFIED or (op.name, e_dtype) in ZERO_SIGN_UNSPECIFIED:
        return
    exact_zero = has_zero_input(values, want.shape) & (want == 0) & (got == 0)
    differ = np.argwhere(exact_zero & (np.signbit(got) != np.signbit(want)))
    assert not differ.size, f"{label}: signs of zero differ at {differ[:5].tolist()}"


def case(op, dtype):
    reason = KNOWN.get((op.name, dtype))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(op, dtype, id=f"{op.name}-{dtype_id(dtype)}", marks=marks)


@pytest.mark.parametrize("op, dtype", [case(op, d) for op in OPS for d in DTYPES])
def test_values_match_torch(op, dtype):
    probe = [make_values(dtype, (2,), op.domain, np.random.default_rng(3), rhs=i == 1) for i in range(op.arity)]
    e_error = error_class(run, ember, op, probe, dtype)
    t_error = error_class(run, torch, op, probe, dtype)
    assert e_error == t_error, f"{op.name}({dtype_id(dtype)}): ember raises {e_error}, torch {t_error}"
    if t_error:
        return
    for label, values in samples(op, dtype):
        assert_same(op, values, dtype, f"{op.name}({dtype_id(dtype)}, {label})")


@pytest.mark.parametrize("op", OPS, ids=[op.name for op in OPS])
def test_op_db_dtypes_are_torchs(op):
    rng = np.random.default_rng(3)
    supported = tuple(
        d
        for d in DTYPES
        if error_class(run, torch, op, [make_values(d, (2,), op.domain, rng, rhs=i == 1) for i in range(op.arity)], d)
        is None
    )
    assert supported == tuple(d for d in DTYPES if d in op.dtypes)


def test_every_op_db_entry_has_a_torch_op():
    for op in OPS:
        assert callable(torch_op(op)), op.name
