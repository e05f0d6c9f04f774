"""Elementwise semantics that test_elementwise.py's generic tests can't pin down,
and the ternary ops (where, lerp, addcmul, addcdiv), which don't fit its shape.

Every literal expected value below was produced once by PyTorch 2.13 (CPU) on
the same inputs and pasted here; the tests never import torch. Floats compare
exactly unless a test says otherwise: NaN matches NaN, and zeros must have the
same sign (see assert_values).
"""

import math
import operator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_db import FLOATS, INTS
from test_elementwise import (
    COMPLEX,
    NP_COMPUTE,
    as_values,
    assert_matches,
    dtype_id,
    make_values,
    to_ember,
    to_numpy,
    with_layout,
)

import ember

nan, inf = float("nan"), float("inf")
E = ember._C  # the activations PyTorch keeps in torch.nn.functional


@pytest.fixture
def threads():
    """Sets the intra-op thread count for a test, restoring it after."""
    before = ember.get_num_threads()
    yield ember.set_num_threads
    ember.set_num_threads(before)


def T(values, dtype=None):
    return ember.tensor(values) if dtype is None else ember.tensor(values, dtype=dtype)


def assert_values(t, dtype, expected, rtol=0.0):
    """t is a tensor of `dtype` holding `expected` (nested lists, as PyTorch's tolist()).

    Floats: NaN matches NaN and a zero matches only a zero of the same sign;
    rtol (default 0: exact) allows for ulps where PyTorch and libm may differ.
    """
    assert isinstance(t, ember.Tensor), type(t)
    assert t.dtype == dtype, f"dtype {t.dtype}, expected {dtype}"
    got, want = np.array(t.tolist()), np.array(expected)
    assert got.shape == want.shape, f"shape {got.shape}, expected {want.shape}"
    if dtype == ember.bool or dtype in INTS:
        assert got.tolist() == want.tolist(), f"{got.tolist()} != {want.tolist()}"
        return
    parts = [(got.real, want.real), (got.imag, want.imag)] if dtype in COMPLEX else [(got, want)]
    for g, w in parts:
        g, w = g.astype(np.float64), w.astype(np.float64)
        np.testing.assert_allclose(g, w, rtol=rtol, atol=0, equal_nan=True, err_msg=f"{got.tolist()}")
        zeros = w == 0
        assert (np.signbit(g[zeros]) == np.signbit(w[zeros])).all(), f"signs of zero: {got.tolist()} != {expected}"


# --------------------------------------------------------------------------- rounding, sign, clamps


def test_round_halves_to_even():
    x = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, 3.5, -0.0, nan, inf]
    assert_values(ember.round(T(x)), ember.float32, [0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 0.0, 4.0, -0.0, nan, inf])
    halves = [0.5, 1.5, 2.5, -0.5, -2.5]
    for dtype in (ember.float16, ember.bfloat16):
        assert_values(ember.round(T(halves, dtype)), dtype, [0.0, 2.0, 2.0, -0.0, -2.0])
    big = 4503599627370497.0  # 2**52 + 1: already an integer
    assert_values(ember.round(T([*halves, big], ember.float64)), ember.float64, [0.0, 2.0, 2.0, -0.0, -2.0, big])
    assert_values(ember.round(T([-3, 5], ember.int8)), ember.int8, [-3, 5])
    # method and in-place forms
    assert_values(T([2.5, 3.5]).round(), ember.float32, [2.0, 4.0])
    x = T([2.5, -3.5])
    assert x.round_() is x
    assert_values(x, ember.float32, [2.0, -4.0])


def test_floor_ceil_trunc_frac_special_values():
    assert_values(ember.floor(T([-0.5, 0.5, -0.0, -1.0, nan, -inf])), ember.float32, [-1.0, 0.0, -0.0, -1.0, nan, -inf])
    assert_values(ember.ceil(T([-0.5, 0.5, -0.0, -1.0, nan, inf])), ember.float32, [-0.0, 1.0, -0.0, -1.0, nan, inf])
    assert_values(ember.trunc(T([-0.5, 0.5, -0.0, -1.7, 1.7, nan])), ember.float32, [-0.0, 0.0, -0.0, -1.0, 1.0, nan])
    # frac(x) = x - trunc(x): frac(-0.0) is +0.0, frac(+-inf) NaN
    assert_values(
        ember.frac(T([-0.5, 0.5, -0.0, -1.75, 1.75, nan, inf, -inf, 3.0, -3.0])),
        ember.float32,
        [-0.5, 0.5, 0.0, -0.75, 0.75, nan, nan, nan, 0.0, 0.0],
    )
    # integers come back unchanged (frac refuses them: test_unsupported_dtypes_raise)
    for fn in (ember.floor, ember.ceil, ember.trunc, ember.round):
        assert_values(fn(T([-7, 0, 9], ember.int16)), ember.int16, [-7, 0, 9])


def test_sign_of_nan_and_signed_zeros():
    # PyTorch computes (0 < x) - (x < 0): sign(NaN) is 0 and sign(-0.0) is +0.0
    assert_values(
        ember.sign(T([nan, -0.0, 0.0, -2.0, 3.0, inf, -inf])), ember.float32, [0.0, 0.0, 0.0, -1.0, 1.0, 1.0, -1.0]
    )
    assert_values(ember.sign(T([nan, -0.0, -7.5], ember.float16)), ember.float16, [0.0, 0.0, -1.0])
    assert_values(ember.sign(T([True, False])), ember.bool, [True, False])
    assert_values(ember.sign(T([-5, 0, 7], ember.int8)), ember.int8, [-1, 0, 1])
    assert_values(ember.sign(T([0, 7], ember.uint8)), ember.uint8, [0, 1])


def test_signbit():
    x = T([nan, -0.0, 0.0, -2.0, 3.0, inf, -inf, -nan])
    assert_values(ember.signbit(x), ember.bool, [False, True, False, True, False, False, True, True])
    assert_values(ember.signbit(T([-3, 0, 3], ember.int8)), ember.bool, [True, False, False])
    assert_values(ember.signbit(T([True])), ember.bool, [False])


def test_relu_and_relu6_of_nan_and_signed_zeros():
    # Both keep NaN and -0.0 (x < 0 ? 0 : x), as PyTorch
    assert_values(ember.relu(T([nan, -0.0, 0.0, -2.0, 3.0])), ember.float32, [nan, -0.0, 0.0, 0.0, 3.0])
    assert_values(
        E.relu6(T([nan, -0.0, 0.0, -2.0, 3.0, 6.0, 7.5, inf, -inf])),
        ember.float32,
        [nan, -0.0, 0.0, 0.0, 3.0, 6.0, 6.0, 6.0, 0.0],
    )
    assert_values(E.relu6(T([-3, 0, 3, 6, 9, 127], ember.int8)), ember.int8, [0, 0, 3, 6, 6, 6])
    assert_values(E.relu6(T([0, 3, 6, 200], ember.uint8)), ember.uint8, [0, 3, 6, 6])


def test_activations_special_values():
    assert_values(
        E.hardsigmoid(T([-4.0, -3.0, 0.0, 3.0, 4.0, nan, -0.0])), ember.float32, [0.0, 0.0, 0.5, 1.0, 1.0, nan, 0.5]
    )
    assert_values(
        E.hardswish(T([-4.0, -3.0, -1.5, 0.0, 3.0, 4.0, nan, -0.0])),
        ember.float32,
        [-0.0, -0.0, -0.375, 0.0, 3.0, 4.0, nan, -0.0],
    )
    assert_values(E.silu(T([-0.0, nan, inf, -inf, -100.0])), ember.float32, [-0.0, nan, inf, nan, -0.0])
    assert_values(
        E.mish(T([-0.0, nan, inf, -inf, 100.0, -100.0])),
        ember.float32,
        [-0.0, nan, inf, nan, 100.0, -3.783505853677006e-42],
        rtol=1e-5,
    )
    # (PyTorch's float32 gelu(-0.0) is +0.0 in its vector loop but -0.0 in float64: zeros left out)
    assert_values(
        E.gelu(T([nan, inf, -inf, 1.0, -1.0])),
        ember.float32,
        [nan, inf, nan, 0.8413447141647339, -0.15865525603294373],
        rtol=1e-6,
    )
    assert_values(E.gelu_tanh(T([-0.0, nan, inf, -inf])), ember.float32, [-0.0, nan, inf, nan])
    assert_values(
        ember.selu(T([-0.0, nan, inf, -inf, 0.0])), ember.float32, [-0.0, nan, inf, -1.7580993175506592, 0.0], rtol=1e-7
    )


def test_square():
    assert_values(ember.square(T([-3, 200], ember.uint8)), ember.uint8, [9, 64])  # wraps
    assert_values(ember.square(T([-3, 12, 100], ember.int8)), ember.int8, [9, -112, 16])
    assert_values(ember.square(T([-0.0, nan, -inf, 1e20])), ember.float32, [0.0, nan, inf, inf])
    assert_values(ember.square(T([300.0], ember.float16)), ember.float16, [inf])
    assert_values(ember.square(T([1 + 2j, 2 + 3j])), ember.complex64, [-3 + 4j, -5 + 12j])
    # bool squares to int64 (PyTorch's pow(x, 2)), so the in-place form can't write it back
    assert_values(ember.square(T([True, False])), ember.int64, [1, 0])
    b = T([True, False])
    with pytest.raises(RuntimeError):
        b.square_()
    assert b.tolist() == [True, False]


# --------------------------------------------------------------------------- transcendental special values


def test_exp_and_log_families_special_values():
    assert_values(ember.exp2(T([-inf, inf, 0.0, 10.0, -1.0])), ember.float32, [0.0, inf, 1.0, 1024.0, 0.5])
    assert_values(ember.exp2(T([3, -1], ember.int32)), ember.float32, [8.0, 0.5])
    assert_values(ember.expm1(T([-0.0, -inf, inf, 1e-10])), ember.float32, [-0.0, -1.0, inf, 1.000000013351432e-10])
    assert_values(ember.log2(T([0.0, -0.0, -1.0, inf, 8.0, 1.0])), ember.float32, [-inf, -inf, nan, inf, 3.0, 0.0])
    assert_values(ember.log2(T([0, 8, 1024])), ember.float32, [-inf, 3.0, 10.0])
    assert_values(ember.log10(T([0.0, -1.0, inf, 1000.0])), ember.float32, [-inf, nan, inf, 3.0])
    assert_values(
        ember.log1p(T([-1.0, -2.0, -0.0, 1e-10, inf])), ember.float32, [-inf, nan, -0.0, 1.000000013351432e-10, inf]
    )
    assert_values(ember.rsqrt(T([0.0, -0.0, inf, -1.0, 4.0])), ember.float32, [inf, -inf, 0.0, nan, 0.5])
    assert_values(ember.reciprocal(T([0.0, -0.0, inf, -inf, nan])), ember.float32, [inf, -inf, 0.0, -0.0, nan])
    assert_values(ember.reciprocal(T([0, 2, -4])), ember.float32, [inf, 0.5, -0.25])
    assert_values(ember.reciprocal(T([True, False])), ember.float32, [1.0, inf])


def test_trigonometric_and_hyperbolic_special_values():
    half_pi, pi = 1.5707963705062866, 3.1415927410125732
    assert_values(ember.tan(T([-0.0, inf, nan])), ember.float32, [-0.0, nan, nan])
    assert_values(ember.asin(T([1.5, -1.0, 1.0, -0.0])), ember.float32, [nan, -half_pi, half_pi, -0.0])
    assert_values(ember.asin(T([2, -1], ember.int8)), ember.float32, [nan, -half_pi])
    assert_values(ember.acos(T([1.5, -1.0, 1.0])), ember.float32, [nan, pi, 0.0])
    assert_values(ember.atan(T([inf, -inf, -0.0])), ember.float32, [half_pi, -half_pi, -0.0])
    assert_values(ember.sinh(T([-0.0, inf, -inf, 100.0])), ember.float32, [-0.0, inf, -inf, inf])
    assert_values(ember.cosh(T([-0.0, inf, -inf, 100.0])), ember.float32, [1.0, inf, inf, inf])
    assert_values(ember.asinh(T([-0.0, inf, -inf])), ember.float32, [-0.0, inf, -inf])
    assert_values(ember.acosh(T([0.5, 1.0, inf])), ember.float32, [nan, 0.0, inf])
    assert_values(ember.atanh(T([1.0, -1.0, 1.5, -0.0])), ember.float32, [inf, -inf, nan, -0.0])
    assert_values(ember.atanh(T([1, -1, 0])), ember.float32, [inf, -inf, 0.0])


def test_erf_and_lgamma_special_values():
    assert_values(ember.erf(T([-0.0, inf, -inf, nan])), ember.float32, [-0.0, 1.0, -1.0, nan])
    assert_values(ember.erfc(T([-inf, inf, 0.0, 30.0])), ember.float32, [2.0, 0.0, 1.0, 0.0])
    # poles (0, -0.0, negative integers) are +inf; lgamma(-2.5) is within an ulp of PyTorch's
    assert_values(
        ember.lgamma(T([0.0, -0.0, -1.0, -2.5, 1.0, 2.0, inf, -inf, 0.5, 171.0, 1e30])),
        ember.float32,
        [
            inf,
            inf,
            inf,
            -0.056243717670440674,
            0.0,
            0.0,
            inf,
            inf,
            0.5723649263381958,
            706.5730590820312,
            6.807755301009307e31,
        ],
        rtol=2e-7,
    )
    assert_values(ember.lgamma(T([0, -3, 1, 5])), ember.float32, [inf, inf, 0.0, 3.178053855895996], rtol=2e-7)


# --------------------------------------------------------------------------- division and remainder

INT_A = [7, -7, 7, -7, 0, 6, -6]
INT_B = [2, 2, -2, -2, 3, -3, 3]
FLOAT_A = [7.5, -7.5, 7.5, -7.5, 0.0, -0.0, 6.0, -6.0, 1.0]
FLOAT_B = [2.0, 2.0, -2.0, -2.0, 3.0, 3.0, -3.0, 3.0, 0.1]


def test_log1p_of_complex_keeps_the_side_of_the_branch_cut():
    # log1p(x - 0j) for x < -1 lies below the cut (imaginary part -pi), as torch and
    # C99's clog(1 + x - 0j); x + 0j above it (+pi)
    for dtype in (ember.complex64, ember.complex128):
        z = ember.tensor([complex(-3.0, -0.0), complex(-3.0, 0.0), complex(-1.5, -0.0)], dtype=dtype)
        r = ember.log1p(z).tolist()
        assert [v.imag for v in r] == pytest.approx([-math.pi, math.pi, -math.pi])
        assert [v.real for v in r] == pytest.approx([math.log(2.0), math.log(2.0), math.log(0.5)])


def test_integer_division_signs():
    # floor_divide and remainder round towards -inf (Python's // and %); fmod and
    # rounding_mode="trunc" towards 0 (C's / and %)
    a, b = T(INT_A), T(INT_B)
    assert_values(ember.floor_divide(a, b), ember.int64, [3, -4, -4, 3, 0, -2, -2])
    assert_values(ember.div(a, b, rounding_mode="floor"), ember.int64, [3, -4, -4, 3, 0, -2, -2])
    assert_values(a // b, ember.int64, [3, -4, -4, 3, 0, -2, -2])
    assert_values(ember.remainder(a, b), ember.int64, [1, 1, -1, -1, 0, 0, 0])
    assert_values(a % b, ember.int64, [1, 1, -1, -1, 0, 0, 0])
    assert_values(ember.fmod(a, b), ember.int64, [1, -1, 1, -1, 0, 0, 0])
    assert_values(ember.div(a, b, rounding_mode="trunc"), ember.int64, [3, -3, -3, 3, 0, -2, -2])
    assert_values(ember.div(a, b), ember.float32, [3.5, -3.5, -3.5, 3.5, 0.0, -2.0, -2.0])
    assert_values(ember.div(a, b, rounding_mode=None), ember.float32, [3.5, -3.5, -3.5, 3.5, 0.0, -2.0, -2.0])
    assert_values(a.div(b, rounding_mode="floor"), ember.int64, [3, -4, -4, 3, 0, -2, -2])


def test_integer_division_edge_cases():
    # unsigned: -5 is 251
    assert_values(ember.floor_divide(T([5, -5], ember.uint8), T([3, 3], ember.uint8)), ember.uint8, [1, 83])
    # -128 // -1 wraps
    i8 = ember.int8
    assert_values(ember.floor_divide(T([-128, -128, 127], i8), T([-1, 1, -1], i8)), i8, [-128, -128, -127])
    assert_values(ember.remainder(T([-128, -128], i8), T([-1, 3], i8)), i8, [0, 1])
    assert_values(ember.fmod(T([-128, -128], i8), T([-1, 3], i8)), i8, [0, -2])
    assert_values(ember.div(T([-128], i8), T([-1], i8), rounding_mode="trunc"), i8, [-128])
    assert_values(ember.remainder(T([5, -5], i8), 3), i8, [2, 1])
    assert_values(ember.remainder(T([5, -5], i8), -3), i8, [-1, -2])
    assert_values(ember.remainder(T([250], ember.uint8), 7), ember.uint8, [5])


def test_float_division_signs():
    a, b = T(FLOAT_A), T(FLOAT_B)
    floor = [3.0, -4.0, -4.0, 3.0, 0.0, -0.0, -2.0, -2.0, 9.0]  # 1 // 0.1 is 9: 0.1 is a bit more than 1/10
    assert_values(ember.floor_divide(a, b), ember.float32, floor)
    assert_values(ember.div(a, b, rounding_mode="floor"), ember.float32, floor)
    assert_values(
        ember.div(a, b, rounding_mode="trunc"), ember.float32, [3.0, -3.0, -3.0, 3.0, 0.0, -0.0, -2.0, -2.0, 10.0]
    )
    r = [1.5, 0.5, -0.5, -1.5, 0.0, -0.0, 0.0, -0.0, 0.09999998658895493]
    assert_values(ember.remainder(a, b), ember.float32, r)
    assert_values(ember.fmod(a, b), ember.float32, [1.5, -1.5, 1.5, -1.5, 0.0, -0.0, 0.0, -0.0, 0.09999998658895493])
    # zero results: remainder keeps the sign of fmod's zero (NumPy would take b's)
    zeros = T([-0.0, 0.0, 4.0, -4.0]), T([2.0, -2.0, 2.0, 2.0])
    assert_values(ember.remainder(*zeros), ember.float32, [-0.0, 0.0, 0.0, -0.0])
    assert_values(ember.fmod(*zeros), ember.float32, [-0.0, 0.0, 0.0, -0.0])
    assert_values(
        ember.floor_divide(T([-0.0, 0.0, 1.0, -1.0]), T([2.0, -2.0, 3.0, 3.0])), ember.float32, [-0.0, -0.0, 0.0, -1.0]
    )
    # tiny negatives and infinite divisors
    assert_values(ember.remainder(T([-1e-30]), T([1.0])), ember.float32, [1.0])
    assert_values(ember.remainder(T([1e-30]), T([-1.0])), ember.float32, [-1.0])
    assert_values(ember.floor_divide(T([-1e-30]), T([1.0])), ember.float32, [-1.0])
    inf_b = T([inf, inf, -inf, -inf])
    assert_values(ember.floor_divide(T([1.0, -1.0, 5.0, -5.0]), inf_b), ember.float32, [0.0, -1.0, -1.0, 0.0])
    assert_values(ember.remainder(T([1.0, -1.0, 5.0, -5.0]), inf_b), ember.float32, [1.0, inf, -inf, -5.0])
    assert_values(ember.fmod(T([1.0, -1.0, 5.0, -5.0]), inf_b), ember.float32, [1.0, -1.0, 5.0, -5.0])
    # floor division is computed exactly (from fmod), not as floor(a / b)
    assert_values(ember.floor_divide(T([0.3]), T([0.1])), ember.float32, [3.0])
    assert_values(ember.floor_divide(T([0.3], ember.float64), T([0.1], ember.float64)), ember.float64, [2.0])
    assert_values(
        ember.remainder(T([0.3], ember.float64), T([0.1], ember.float64)), ember.float64, [0.09999999999999998]
    )
    f64 = ember.float64
    big = T([2.0**53 + 1.0, -(2.0**53) - 3.0], f64)
    assert_values(
        ember.div(big, T([2.0, 2.0], f64), rounding_mode="floor"), f64, [4503599627370496.0, -4503599627370498.0]
    )
    # 16-bit floats
    assert_values(ember.remainder(T([5.0], ember.float16), T([-3.0], ember.float16)), ember.float16, [-1.0])
    assert_values(ember.remainder(T([-7.5], ember.float16), T([2.0], ember.float16)), ember.float16, [0.5])
    assert_values(ember.floor_divide(T([-7.0], ember.bfloat16), T([2.0], ember.bfloat16)), ember.bfloat16, [-4.0])
    assert_values(ember.remainder(T([-7.0], ember.bfloat16), T([2.0], ember.bfloat16)), ember.bfloat16, [1.0])


def test_division_with_python_numbers():
    assert_values(ember.remainder(5, T([3, -3])), ember.int64, [2, -1])
    assert_values(ember.remainder(T([5, -5]), 3), ember.int64, [2, 1])
    assert_values(ember.remainder(T([5, -5]), 2.5), ember.float32, [0.0, -0.0])
    assert_values(ember.remainder(T([5, -5]), -2.5), ember.float32, [0.0, -0.0])
    assert_values(ember.fmod(T([5, -5]), -2.5), ember.float32, [0.0, -0.0])
    assert_values(ember.floor_divide(T([5, -5]), 2.5), ember.float32, [2.0, -2.0])
    assert_values(ember.floor_divide(7, T([2, -2])), ember.int64, [3, -4])
    assert_values(ember.floor_divide(7.5, T([2, -2])), ember.float32, [3.0, -4.0])
    assert_values(T([7, -7]) // 2, ember.int64, [3, -4])
    assert_values(7 // T([2, -2]), ember.int64, [3, -4])
    assert_values(T([7, -7]) % 3, ember.int64, [1, 2])
    assert_values(-7 % T([3, -3]), ember.int64, [2, -1])
    assert_values(T([7.5, -7.5]) % 2, ember.float32, [1.5, 0.5])
    assert_values(T([7.5, -7.5]) // 2, ember.float32, [3.0, -4.0])
    assert_values(ember.div(T([7, -7]), 2.0, rounding_mode="floor"), ember.float32, [3.0, -4.0])
    assert_values(ember.div(T([7, -7]), 2, rounding_mode="floor"), ember.int64, [3, -4])
    assert_values(ember.div(T([7.0, -7.0]), 2, rounding_mode="trunc"), ember.float32, [3.0, -3.0])


INT_DIVISIONS = [
    pytest.param(ember.floor_divide, id="floor_divide"),
    pytest.param(ember.remainder, id="remainder"),
    pytest.param(ember.fmod, id="fmod"),
    pytest.param(lambda a, b: ember.div(a, b, rounding_mode="trunc"), id="div_trunc"),
    pytest.param(lambda a, b: ember.div(a, b, rounding_mode="floor"), id="div_floor"),
    pytest.param(operator.floordiv, id="//"),
    pytest.param(operator.mod, id="%"),
]


@pytest.mark.parametrize("fn", INT_DIVISIONS)
@pytest.mark.parametrize("dtype", INTS, ids=dtype_id)
def test_integer_division_by_zero_raises(fn, dtype):
    # PyTorch raises RuntimeError("ZeroDivisionError") for integer division by zero
    a = T([5, 3], dtype)
    for divisor in (T([0, 1], dtype), T(0, dtype), 0):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            fn(a, divisor)
    if fn is not ember.fmod:  # torch.fmod(5, t) is a TypeError
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            fn(5, T([0], dtype))
    # an empty tensor divides by nothing
    empty = T([], dtype)
    assert fn(empty, empty).tolist() == []
    assert a.tolist() == [5, 3]


def test_integer_division_by_zero_in_place_raises():
    a = T([5, 3])
    for fn in (lambda: a.floor_divide_(0), lambda: a.remainder_(T([1, 0])), lambda: a.fmod_(0)):
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            fn()
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        a.div_(0, rounding_mode="trunc")
    b = a
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        b //= 0
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        b %= 0


def test_float_division_by_zero():
    x = T([1.0, -1.0, 0.0, inf, -inf, nan])
    assert_values(ember.floor_divide(x, 0.0), ember.float32, [inf, -inf, nan, inf, -inf, nan])
    assert_values(ember.floor_divide(x, -0.0), ember.float32, [-inf, inf, nan, -inf, inf, nan])
    assert_values(ember.remainder(x, 0.0), ember.float32, [nan] * 6)
    assert_values(ember.fmod(x, 0.0), ember.float32, [nan] * 6)
    assert_values(ember.div(x, 0.0, rounding_mode="trunc"), ember.float32, [inf, -inf, nan, inf, -inf, nan])
    assert_values(ember.div(x, 0.0, rounding_mode="floor"), ember.float32, [inf, -inf, nan, inf, -inf, nan])
    assert_values(ember.div(T([1.0, -1.0, 0.0]), -0.0), ember.float32, [-inf, inf, nan])
    # integers with a float zero compute in float: no error
    assert_values(ember.floor_divide(T([5, 3]), 0.0), ember.float32, [inf, inf])
    assert_values(ember.remainder(T([5, 3]), 0.0), ember.float32, [nan, nan])
    assert_values(T([5]) // 0.0, ember.float32, [inf])
    assert_values(T([5.0]) // 0, ember.float32, [inf])
    assert_values(T([5.0]) % 0, ember.float32, [nan])
    assert_values(ember.fmod(T([5]), 0.0), ember.float32, [nan])
    assert_values(ember.div(T([5, 0, -5]), 0.0, rounding_mode="floor"), ember.float32, [inf, nan, -inf])
    f16 = ember.float16
    assert_values(ember.floor_divide(T([1.0], f16), T([0.0], f16)), f16, [inf])
    assert_values(ember.floor_divide(T([-1.0], ember.bfloat16), T([0.0], ember.bfloat16)), ember.bfloat16, [-inf])
    assert_values(ember.remainder(T([1.0, -1.0], f16), T([0.0, 0.0], f16)), f16, [nan, nan])
    f64 = ember.float64
    assert_values(ember.floor_divide(T([5.0, -5.0], f64), T([0.0, 0.0], f64)), f64, [inf, -inf])
    assert_values(ember.floor_divide(T([5.0, -5.0], f64), T([-0.0, -0.0], f64)), f64, [-inf, inf])


def test_div_rounding_mode_must_be_known():
    # PyTorch: RuntimeError "div expected rounding_mode to be one of None, 'trunc', or 'floor' but found 'bogus'"
    x = T([1, 2])
    with pytest.raises(RuntimeError, match="rounding_mode"):
        ember.div(x, 2, rounding_mode="bogus")
    with pytest.raises(RuntimeError, match="rounding_mode"):
        x.div(2, rounding_mode="Floor")
    with pytest.raises(RuntimeError, match="rounding_mode"):
        x.div_(2, rounding_mode="")
    assert x.tolist() == [1, 2]


def test_inplace_operators_of_new_binary_ops():
    x = T([7, -7, 12])
    y = x
    y //= 2
    assert y is x and x.tolist() == [3, -4, 6]
    y %= 4
    assert y is x and x.tolist() == [3, 0, 2]
    y **= 2
    assert y is x and x.tolist() == [9, 0, 4]
    y <<= 2
    assert y is x and x.tolist() == [36, 0, 16]
    y >>= 1
    assert y is x and x.tolist() == [18, 0, 8]
    y &= T([2, 1, 15])
    assert y is x and x.tolist() == [2, 0, 8]
    y |= 1
    assert y is x and x.tolist() == [3, 1, 9]
    y ^= 3
    assert y is x and x.tolist() == [0, 2, 10]
    assert x.dtype == ember.int64
    f = T([7.5, -7.5])
    g = f
    g //= 2
    g %= 3
    assert g is f and f.tolist() == [0.0, 2.0]
    with pytest.raises(RuntimeError):
        x //= 0.5  # float result into int64
    with pytest.raises(RuntimeError):
        x **= 0.5
    with pytest.raises(RuntimeError):
        f <<= 1  # no shifts of floats
    assert x.tolist() == [0, 2, 10] and f.tolist() == [0.0, 2.0]


# --------------------------------------------------------------------------- pow


def test_integer_pow_with_negative_exponent_tensors():
    # PyTorch: x ** -n is 1 for x == 1, +-1 for x == -1 (by parity), 0 otherwise (0 ** -1 too)
    assert_values(ember.pow(T([2, -2, 0, 1, -1, 3]), T([-1, -1, -1, -2, -3, -2])), ember.int64, [0, 0, 0, 1, -1, 0])
    assert_values(ember.pow(T([0, 2]), T([0, 0])), ember.int64, [1, 1])
    assert_values(ember.pow(T([0, 0], ember.int8), T([-1, -2], ember.int8)), ember.int8, [0, 0])
    i32 = ember.int32
    assert_values(ember.pow(T([-1, -1, -1, -1], i32), T([-1, -2, -3, -4], i32)), i32, [-1, 1, -1, 1])
    assert_values(ember.pow(T([5, -5], ember.int16), T([-1, -1], ember.int16)), ember.int16, [0, 0])
    assert_values(ember.pow(T([2], ember.int8), T(-1)), ember.int8, [0])  # 0-d tensor exponents are tensors
    assert_values(T([2, 3], i32) ** T(-2), i32, [0, 0])
    # a Python number base with negative tensor exponents
    assert_values(ember.pow(2, T([-1, 0, 3])), ember.int64, [0, 1, 8])
    assert_values(ember.pow(-2, T([-1, 0, 3])), ember.int64, [0, 1, -8])
    assert_values(ember.pow(1, T([-1, -5])), ember.int64, [1, 1])
    assert_values(ember.pow(2.0, T([-1, 0, 3])), ember.float32, [0.5, 1.0, 8.0])


def test_integer_pow_with_negative_python_exponent_raises():
    # PyTorch: "Integers to negative integer powers are not allowed."
    for dtype in INTS:
        x = T([2, 3], dtype)
        for fn in (ember.pow, operator.pow, ember.Tensor.pow, ember.Tensor.pow_):
            with pytest.raises(RuntimeError, match="negative"):
                fn(x, -2)
        assert x.tolist() == [2, 3]
    # a float exponent, or a float base, is fine
    assert_values(ember.pow(T([2, 3]), -1.0), ember.float32, [0.5, 0.3333333432674408])
    assert_values(T([2.0, 3.0]) ** -2, ember.float32, [0.25, 0.1111111119389534])
    assert_values(ember.pow(T([0.0, -0.0, 2.0, -2.0]), -1), ember.float32, [inf, -inf, 0.5, -0.5])
    assert_values(ember.pow(T([0.0, -0.0, 2.0, -2.0]), -2), ember.float32, [inf, inf, 0.25, 0.25])


def test_integer_pow_wraps():
    assert_values(ember.pow(T([3, 2], ember.int8), T([5, 8], ember.int8)), ember.int8, [-13, 0])
    assert_values(ember.pow(T([3, 2], ember.uint8), T([5, 8], ember.uint8)), ember.uint8, [243, 0])
    assert_values(ember.pow(T([3]), 40), ember.int64, [-6289078614652622815])
    assert_values(ember.pow(T([2]), 62), ember.int64, [4611686018427387904])
    assert_values(ember.pow(T([2]), 63), ember.int64, [-9223372036854775808])
    assert_values(ember.pow(T([2]), 64), ember.int64, [0])
    assert_values(ember.pow(T([3], ember.int8), 5), ember.int8, [-13])
    assert_values(T([2, 3]) ** 2, ember.int64, [4, 9])
    assert_values(2 ** T([2, 3]), ember.int64, [4, 8])
    assert_values(2.5 ** T([2, 3]), ember.float32, [6.25, 15.625])


def test_float_pow_special_values():
    assert_values(
        ember.pow(T([2.0, 0.0, -0.0, -8.0, nan, 1.0, inf]), T([-1.0, -1.0, -1.0, 1 / 3, 0.0, nan, -2.0])),
        ember.float32,
        [0.5, inf, -inf, nan, 1.0, 1.0, 0.0],
    )
    assert_values(ember.pow(T([nan, inf, 0.0]), 0), ember.float32, [1.0, 1.0, 1.0])
    assert_values(ember.pow(T([1.0, -1.0]), inf), ember.float32, [1.0, 1.0])
    assert_values(ember.pow(T([1.0, -1.0]), nan), ember.float32, [1.0, nan])
    assert_values(ember.pow(T([-8.0, -1.0, -2.0]), T([1 / 3, 0.5, 0.5])), ember.float32, [nan, nan, nan])
    assert_values(ember.pow(T([2.0, 3.0, 1.1]), 3), ember.float32, [8.0, 27.0, 1.3310000896453857])
    assert_values(ember.pow(T([2.0], ember.float16), 16), ember.float16, [inf])
    assert_values(ember.pow(T([2.0], ember.bfloat16), 100), ember.bfloat16, [1.2676506002282294e30])
    # promotion: integer bases with float exponents compute in float
    assert_values(ember.pow(T([3]), 2.0), ember.float32, [9.0])
    assert_values(ember.pow(T([3]), T(2.0)), ember.float32, [9.0])
    assert_values(ember.pow(T([3], ember.int8), T([2.0], ember.float16)), ember.float16, [9.0])
    assert_values(ember.pow(T([2.0], ember.float16), T(3.0, ember.float64)), ember.float16, [8.0])
    assert_values(ember.pow(2, T([0.5, 1.0])), ember.float32, [1.4142135381698608, 2.0])
    # (PyTorch special-cases Python exponents 0.5 and -0.5 as sqrt/rsqrt for float32/64
    # only, giving pow(-inf, 0.5) = NaN there but inf for float16: not pinned down here.)


def test_complex_pow():
    # PyTorch computes z ** 2 as z * z; exp(2 log z) is as good to float precision
    np.testing.assert_allclose(ember.pow(T([1 + 1j]), 2).numpy(), [2j], atol=2e-7)
    assert_values(ember.pow(T([2.0]), 1j), ember.complex64, [0.7692388892173767 + 0.6389612555503845j], rtol=1e-6)


def test_pow_of_bools_promotes():
    b = T([True, False])
    assert_values(ember.pow(b, 2), ember.int64, [1, 0])
    assert_values(ember.pow(b, T(2)), ember.int64, [1, 0])
    assert_values(ember.pow(b, 1.5), ember.float32, [1.0, 0.0])
    assert_values(2**b, ember.int64, [2, 1])
    assert_values(ember.pow(2, b), ember.int64, [2, 1])
    assert_values(ember.pow(b, T([1, 2], ember.uint8)), ember.uint8, [1, 0])
    assert_values(ember.pow(T([3, 2], ember.uint8), b), ember.uint8, [3, 1])
    assert_values(ember.pow(T([2.0, 3.0]), b), ember.float32, [2.0, 1.0])


def test_pow_of_bools():
    # PyTorch: a bool tensor to a Python bool power stays bool (x ** True is x,
    # x ** False is all True); every other bool ** bool is NotImplementedError.
    b = T([True, False])
    assert_values(ember.pow(b, True), ember.bool, [True, False])
    assert_values(ember.pow(b, False), ember.bool, [True, True])
    assert_values(b**True, ember.bool, [True, False])
    x = T([True, False])
    assert x.pow_(True) is x
    assert_values(x, ember.bool, [True, False])
    for fn in (
        lambda: ember.pow(b, b),
        lambda: b**b,
        lambda: True**b,
        lambda: ember.pow(True, b),
        lambda: ember.pow(b, T(True)),
        lambda: ember.pow(T(True), b),
        lambda: T([True, False]).pow_(b),
    ):
        with pytest.raises(RuntimeError):
            fn()


# --------------------------------------------------------------------------- fmax, fmin, atan2, hypot, copysign


def test_fmax_fmin_ignore_nan_where_maximum_minimum_propagate_it():
    a, b = T([nan, 1.0, nan, -0.5]), T([1.0, nan, nan, 2.0])
    assert_values(ember.fmax(a, b), ember.float32, [1.0, 1.0, nan, 2.0])
    assert_values(ember.fmin(a, b), ember.float32, [1.0, 1.0, nan, -0.5])
    assert_values(ember.maximum(a, b), ember.float32, [nan, nan, nan, 2.0])
    assert_values(ember.minimum(a, b), ember.float32, [nan, nan, nan, -0.5])
    assert_values(a.fmax(b), ember.float32, [1.0, 1.0, nan, 2.0])
    f16 = ember.float16
    assert_values(ember.fmax(T([nan, 2.0], f16), T([1.0, nan], f16)), f16, [1.0, 2.0])
    assert_values(ember.fmin(T([nan, 2.0], ember.bfloat16), T([1.0, nan], ember.bfloat16)), ember.bfloat16, [1.0, 2.0])
    assert_values(ember.fmax(T([1, 5]), T([2.5, 2.5])), ember.float32, [2.5, 5.0])
    x = T([nan, 3.0])
    assert x.fmin_(T([1.0, nan])) is x
    assert_values(x, ember.float32, [1.0, 3.0])


def test_fmax_fmin_of_bools():
    assert_values(ember.fmax(T([True, False]), T([False, False])), ember.bool, [True, False])
    assert_values(ember.fmin(T([True, False]), T([True, True])), ember.bool, [True, False])


def test_atan2_hypot_copysign_special_values():
    y = T([0.0, -0.0, 0.0, -0.0, 1.0, -1.0, inf, -inf, nan])
    x = T([0.0, 0.0, -0.0, -0.0, 0.0, 0.0, inf, inf, 1.0])
    pi, half_pi, quarter_pi = 3.1415927410125732, 1.5707963705062866, 0.7853981852531433
    expected = [0.0, -0.0, pi, -pi, half_pi, -half_pi, quarter_pi, -quarter_pi, nan]
    assert_values(ember.atan2(y, x), ember.float32, expected)
    assert_values(ember.atan2(T([1, -1]), T([0, 0])), ember.float32, [half_pi, -half_pi])
    assert_values(
        ember.atan2(T([1, -1], ember.int8), T([2.0, 2.0])), ember.float32, [0.46364760398864746, -0.46364760398864746]
    )
    assert_values(
        ember.hypot(T([3.0, inf, nan, -3.0, 1e30]), T([4.0, nan, inf, -4.0, 1e30])),
        ember.float32,
        [5.0, inf, inf, 5.0, 1.4142135130433894e30],
        rtol=1e-7,
    )
    assert_values(ember.hypot(T([3.0], ember.float16), T([4.0], ember.float16)), ember.float16, [5.0])
    assert_values(
        ember.copysign(T([1.0, 1.0, -1.0, 2.0, nan, inf, 0.0]), T([-0.0, 0.0, 2.0, -nan, -1.0, -1.0, -1.0])),
        ember.float32,
        [-1.0, 1.0, 1.0, -2.0, nan, -inf, -0.0],
    )
    assert np.signbit(ember.copysign(T([nan]), -1.0).numpy()[0])
    assert_values(ember.copysign(T([1, 2, 3]), T([-1, 0, 1])), ember.float32, [-1.0, 2.0, 3.0])
    assert_values(ember.copysign(T([1, 2, 3]), -1), ember.float32, [-1.0, -2.0, -3.0])
    assert_values(ember.copysign(T([1, 2, 3]), -0.0), ember.float32, [-1.0, -2.0, -3.0])
    assert_values(ember.copysign(T([True, False]), T([True, False])), ember.float32, [1.0, 0.0])


# --------------------------------------------------------------------------- bitwise ops and shifts


def test_shift_counts_out_of_range():
    # PyTorch: a count outside [0, bits) shifts every bit out: 0 for <<, and for >>
    # -1 (negative numbers) or 0
    i8, u8, i16, i32 = ember.int8, ember.uint8, ember.int16, ember.int32
    lshift, rshift = ember.bitwise_left_shift, ember.bitwise_right_shift
    assert_values(lshift(T([1, 1, 1, 1, -1, 3], i8), T([0, 7, 8, 9, 3, -1], i8)), i8, [1, -128, 0, 0, -8, 0])
    assert_values(rshift(T([-128, -128, 64, 64, -1, 5], i8), T([7, 8, 8, 9, 100, -1], i8)), i8, [-1, -1, 0, 0, -1, 0])
    assert_values(lshift(T([1, 1, 255], u8), T([7, 8, 1], u8)), u8, [128, 0, 254])
    assert_values(rshift(T([255, 255, 128], u8), T([7, 8, 200], u8)), u8, [1, 0, 0])
    assert_values(lshift(T([1, 1], i16), T([15, 16], i16)), i16, [-32768, 0])
    assert_values(rshift(T([-7, 7], i16), T([1, 1], i16)), i16, [-4, 3])
    assert_values(lshift(T([1, 1, 1, 3], i32), T([31, 32, 33, 30], i32)), i32, [-2147483648, 0, 0, -1073741824])
    assert_values(rshift(T([-5, -5, 5, -2147483648], i32), T([31, 32, 33, 31], i32)), i32, [-1, -1, 0, -1])
    assert_values(lshift(T([1, 1, 1]), T([63, 64, 100])), ember.int64, [-9223372036854775808, 0, 0])
    assert_values(rshift(T([-1, -(2**63), 2**62]), T([63, 64, 65])), ember.int64, [-1, -1, 0])


def test_shift_operators_and_promotion():
    assert_values(T([1, 2, 3]) << 2, ember.int64, [4, 8, 12])
    assert_values(T([1, 2, 3]) >> 1, ember.int64, [0, 1, 1])
    assert_values(1 << T([1, 2, 3]), ember.int64, [2, 4, 8])
    assert_values(1024 >> T([1, 2, 3]), ember.int64, [512, 256, 128])
    assert_values(T([1, 2, 3], ember.uint8) << 7, ember.uint8, [128, 0, 128])
    assert_values(T([1, 2], ember.int8) << T([1, 2], ember.int32), ember.int32, [2, 8])
    assert_values(T([1, 2], ember.uint8) << T([1, 2], ember.int8), ember.int16, [2, 8])
    assert_values(T([True, False]) << 1, ember.int64, [2, 0])
    for fn in (lambda: T([True, False]) << T([True, False]), lambda: T([1.0]) << 1, lambda: T([1]) << 1.0):
        with pytest.raises(RuntimeError):
            fn()


def test_bitwise_ops_on_bools_and_mixed_dtypes():
    assert_values(T([1, 2]) & T([3, 3]), ember.int64, [1, 2])
    assert_values(T([1, 2]) | 4, ember.int64, [5, 6])
    assert_values(T([1, 2]) ^ 3, ember.int64, [2, 1])
    assert_values(3 & T([1, 2]), ember.int64, [1, 2])
    assert_values(T([True, False]) & T([True, True]), ember.bool, [True, False])
    assert_values(T([True, False]) | False, ember.bool, [True, False])
    assert_values(T([True, False]) ^ True, ember.bool, [False, True])
    assert_values(T([True, False]) & 1, ember.int64, [1, 0])
    assert_values(T([True, False]) & T([3, 4], ember.uint8), ember.uint8, [1, 0])
    assert_values(T([1, 2], ember.int8) & T([3, -1], ember.uint8), ember.int16, [1, 2])
    assert_values(T([-1, 5], ember.int8) | T([3, 200], ember.uint8), ember.int16, [-1, 205])
    assert_values(ember.bitwise_xor(T([12, -12], ember.int16), T([10, 10], ember.int16)), ember.int16, [6, -2])
    for fn in (lambda: T([1.0]) & T([1.0]), lambda: T([1]) & 1.0, lambda: ember.bitwise_and(T([1j]), T([1j]))):
        with pytest.raises(RuntimeError):
            fn()


def test_bitwise_not():
    assert_values(ember.bitwise_not(T([0, 5, -1], ember.int8)), ember.int8, [-1, -6, 0])
    assert_values(ember.bitwise_not(T([0, 5, 255], ember.uint8)), ember.uint8, [255, 250, 0])
    assert_values(ember.bitwise_not(T([True, False])), ember.bool, [False, True])
    assert_values(~T([True, False]), ember.bool, [False, True])
    assert_values(~T([0, -7]), ember.int64, [-1, 6])
    x = T([0, 5], ember.int16)
    assert x.bitwise_not_() is x
    assert_values(x, ember.int16, [-1, -6])
    with pytest.raises(RuntimeError):
        ember.bitwise_not(T([1.0]))


def test_invert_operator_on_floats_is_a_type_error():
    # PyTorch: TypeError "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
    for t in (T([1.0]), T([1j]), T([1.0], ember.float16)):
        with pytest.raises(TypeError):
            operator.invert(t)


# --------------------------------------------------------------------------- logical ops and predicates


def test_logical_ops_on_floats_and_complex():
    # nonzero is true: NaN is true, -0.0 and 0j are false
    assert_values(
        ember.logical_and(T([0.0, -0.0, nan, 2.0, 0.5]), T([1.0, 1.0, 1.0, 0.0, -3.0])),
        ember.bool,
        [False, False, True, False, True],
    )
    assert_values(
        ember.logical_or(T([0.0, -0.0, nan, 0.0]), T([0.0, 0.0, 0.0, 1e-45])), ember.bool, [False, False, True, True]
    )
    assert_values(
        ember.logical_xor(T([0.0, nan, 2.0, 0.0]), T([0.0, 1.0, 0.0, -0.0])), ember.bool, [False, False, True, False]
    )
    assert_values(
        ember.logical_and(T([0j, 1j, 1 + 0j, complex(0, -0.0)]), T([1 + 0j, 1j, 0j, 1j])),
        ember.bool,
        [False, True, False, False],
    )
    assert_values(ember.logical_or(T([0j, complex(0.0, 1e-30)]), T([0j, 0j])), ember.bool, [False, True])
    assert_values(ember.logical_xor(T([0j, 1j]), T([1.0, 1.0])), ember.bool, [True, False])
    assert_values(ember.logical_and(T([0, 3, 0]), T([5, -2, 0])), ember.bool, [False, True, False])
    assert_values(ember.logical_and(T([1, 0], ember.uint8), T([0.5, 0.5], ember.float16)), ember.bool, [True, False])
    assert_values(
        ember.logical_and(T([0.5, 0.0], ember.bfloat16), T([0.5, 0.5], ember.bfloat16)), ember.bool, [True, False]
    )
    assert_values(ember.logical_not(T([0.0, -0.0, nan, 1.0])), ember.bool, [True, True, False, False])
    assert_values(ember.logical_not(T([0j, 1j, complex(nan, 0)])), ember.bool, [True, False, False])
    assert_values(ember.logical_not(T([0.0, 2.5, nan], ember.float16)), ember.bool, [True, False, False])
    assert_values(ember.logical_not(T([0, 3], ember.uint8)), ember.bool, [True, False])


def test_logical_ops_in_place_and_out_keep_the_dtype():
    # the bool result is written as 0/1 into self's dtype
    x = T([0.0, 3.0])
    assert x.logical_not_() is x
    assert_values(x, ember.float32, [1.0, 0.0])
    assert_values(T([0, 3]).logical_not_(), ember.int64, [1, 0])
    assert_values(T([0j, 3j]).logical_not_(), ember.complex64, [1 + 0j, 0j])
    assert_values(T([0.0, 3.0]).logical_and_(T([1.0, 1.0])), ember.float32, [0.0, 1.0])
    assert_values(T([0, 3]).logical_or_(T([0, 0])), ember.int64, [0, 1])
    assert_values(T([0, 3]).logical_xor_(T([1, 1])), ember.int64, [1, 0])
    out = ember.zeros(2)
    assert ember.logical_and(T([1.0, 0.0]), T([1.0, 1.0]), out=out) is out
    assert_values(out, ember.float32, [1.0, 0.0])
    out = ember.zeros(2, dtype=ember.int32)
    assert ember.logical_not(T([1.0, 0.0]), out=out) is out
    assert_values(out, ember.int32, [0, 1])


def test_predicates_of_special_values():
    x = T([nan, inf, -inf, 1.0, -0.0])
    assert_values(ember.isnan(x), ember.bool, [True, False, False, False, False])
    assert_values(ember.isinf(x), ember.bool, [False, True, True, False, False])
    assert_values(ember.isfinite(x), ember.bool, [False, False, False, True, True])
    assert_values(ember.isposinf(x), ember.bool, [False, True, False, False, False])
    assert_values(ember.isneginf(x), ember.bool, [False, False, True, False, False])
    # complex: either part
    assert_values(ember.isnan(T([complex(nan, 0), complex(0, nan), 1j])), ember.bool, [True, True, False])
    assert_values(
        ember.isinf(T([complex(inf, 0), complex(0, -inf), complex(nan, inf), 1j])),
        ember.bool,
        [True, True, True, False],
    )
    assert_values(ember.isfinite(T([complex(inf, 0), complex(0, nan), 1j])), ember.bool, [False, False, True])
    # integers are never NaN or infinite
    assert_values(ember.isnan(T([1, 2])), ember.bool, [False, False])
    assert_values(ember.isinf(T([True])), ember.bool, [False])
    assert_values(ember.isfinite(T([-5], ember.int8)), ember.bool, [True])
    assert_values(ember.isposinf(T([127], ember.int8)), ember.bool, [False])
    # 16-bit floats
    h = T([nan, inf, -inf, 65504.0], ember.float16)
    assert_values(ember.isinf(h), ember.bool, [False, True, True, False])
    assert_values(ember.isnan(T([nan, 1.0], ember.bfloat16)), ember.bool, [True, False])
    # methods
    assert_values(x.isnan(), ember.bool, [True, False, False, False, False])
    assert_values(x.signbit(), ember.bool, [False, False, True, False, True])


# --------------------------------------------------------------------------- abs of complex


def test_abs_of_complex_is_real():
    # PyTorch: abs of complex64 is float32 (|3 + 4j| = 5)
    assert_values(ember.abs(T([3 + 4j, -1j])), ember.float32, [5.0, 1.0])
    assert_values(ember.abs(T([3 + 4j], ember.complex128)), ember.float64, [5.0])


# --------------------------------------------------------------------------- where


def test_where_with_python_numbers():
    c = T([True, False, True])
    assert_values(ember.where(c, 1.0, 0), ember.float32, [1.0, 0.0, 1.0])
    assert_values(ember.where(c, 1, 0), ember.int64, [1, 0, 1])
    assert_values(ember.where(c, True, False), ember.bool, [True, False, True])
    assert_values(ember.where(c, 1.5, 2j), ember.complex64, [1.5 + 0j, 2j, 1.5 + 0j])
    assert_values(ember.where(T([True, False]), True, 2), ember.int64, [1, 2])
    # numbers take part in promotion weakly
    assert_values(ember.where(c, T([1, 2, 3]), 2.5), ember.float32, [1.0, 2.5, 3.0])
    assert_values(ember.where(c, T([1, 2, 3], ember.int32), 7), ember.int32, [1, 7, 3])
    assert_values(ember.where(c, 7, T([1, 2, 3], ember.int8)), ember.int8, [7, 2, 7])
    assert_values(ember.where(c, T([1.0, 2.0, 3.0], ember.float16), 2.5), ember.float16, [1.0, 2.5, 3.0])
    assert_values(ember.where(c, T([1.0, 2.0, 3.0]), 1j), ember.complex64, [1 + 0j, 1j, 3 + 0j])
    assert_values(ember.where(T([True, False]), T([-0.0, 1.0]), -0.0), ember.float32, [-0.0, -0.0])
    assert_values(ember.where(T([True, False]), T([1, 2], ember.uint8), -1), ember.uint8, [1, 255])
    # the method: self where cond, else other
    assert_values(T([1.0, 2.0, 3.0]).where(c, 0.0), ember.float32, [1.0, 0.0, 3.0])
    assert_values(T([1.0, 2.0, 3.0]).where(c, T([7, 8, 9])), ember.float32, [1.0, 8.0, 3.0])
    assert_values(T([1, 2, 3]).where(c, 0.5), ember.float32, [1.0, 0.5, 3.0])


def test_where_number_out_of_range_for_integer_dtype_fails():
    # PyTorch: "value cannot be converted to type int8_t without overflow"
    c = T([True, False])
    for x, number in ((T([1, 2], ember.int8), 300), (T([1, 2], ember.int8), -129), (T([1, 2], ember.uint8), 256)):
        with pytest.raises(RuntimeError):
            ember.where(c, x, number)


def test_where_promotes_tensors_and_broadcasts():
    c = T([True, False, True])
    assert_values(ember.where(c, T([1, 2, 3], ember.uint8), T([-1, -2, -3], ember.int8)), ember.int16, [1, -2, 3])
    assert_values(ember.where(c, T(5), T([1.0, 2.0, 3.0])), ember.float32, [5.0, 2.0, 5.0])  # 0-d: weaker
    assert_values(ember.where(c, T(5.0, ember.float64), T([1, 2, 3], ember.int32)), ember.float64, [5.0, 2.0, 5.0])
    assert_values(
        ember.where(T([True, False]), T([1, 2], ember.int32), T(2.5, ember.float64)), ember.float64, [1.0, 2.5]
    )
    f64, f32 = ember.float64, ember.float32
    assert_values(ember.where(c, T([1.0, 2.0, 3.0], f64), T([1.0, 2.0, 3.0], f32)), f64, [1.0, 2.0, 3.0])
    # the condition broadcasts with both branches
    assert_values(
        ember.where(T([[True], [False]]), T([1.0, 2.0, 3.0]), T(0.0)),
        ember.float32,
        [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]],
    )
    assert_values(
        ember.where(T([True, False]), T([[1.0], [2.0]]), T([[10.0, 20.0]])), ember.float32, [[1.0, 20.0], [2.0, 20.0]]
    )
    assert_values(ember.where(T(True), T([1.0, 2.0]), T([[3.0], [4.0]])), ember.float32, [[1.0, 2.0], [1.0, 2.0]])
    assert_values(ember.where(T([True, False]), T([nan, 1.0]), T([2.0, nan])), ember.float32, [nan, nan])
    with pytest.raises(RuntimeError, match=r"\b2\b.*\b3\b|\b3\b.*\b2\b"):
        ember.where(T([True, False]), T([1.0, 2.0, 3.0]), 0.0)


@pytest.mark.parametrize("dtype", [ember.int64, ember.uint8, ember.float32, ember.int32], ids=dtype_id)
def test_where_condition_must_be_bool(dtype):
    # PyTorch: "where expected condition to be a boolean tensor, but got a tensor with dtype Long"
    # (uint8 conditions are deprecated in PyTorch; ember refuses them too)
    cond = T([1, 0], dtype)
    for fn in (lambda: ember.where(cond, 1.0, 0.0), lambda: T([1.0, 2.0]).where(cond, 0.0)):
        with pytest.raises(RuntimeError, match="bool"):
            fn()


def _where_reference(cond, a, b, dtype):
    return np.where(cond, as_values(a, dtype), as_values(b, dtype))


WHERE_SHAPES = [
    ((2, 3), (2, 3), (2, 3)),
    ((3, 1), (1, 4), (4,)),
    ((), (2, 2), (2, 1)),
    ((2, 1, 3), (4, 1), ()),
    ((0, 3), (3,), (1, 3)),
]


@pytest.mark.parametrize("dtype", [ember.bool, *INTS, *FLOATS, *COMPLEX], ids=dtype_id)
def test_where_matches_numpy(dtype):
    rng = np.random.default_rng(20)
    for shapes in WHERE_SHAPES:
        cond = rng.random(shapes[0]) < 0.5
        a, b = make_values(dtype, shapes[1], rng=rng), make_values(dtype, shapes[2], rng=rng)
        r = ember.where(to_ember(cond, ember.bool), to_ember(a, dtype), to_ember(b, dtype))
        assert_matches(r, _where_reference(cond, a, b, dtype), dtype, exact=True)


@pytest.mark.parametrize("layout", ["transposed", "step", "offset", "expanded_rows", "expanded_cols"])
def test_where_noncontiguous_inputs_and_out(layout):
    rng = np.random.default_rng(21)
    cond = rng.random((5, 6)) < 0.5
    a, b = make_values(ember.float32, (5, 6), rng=rng), make_values(ember.int32, (5, 6), rng=rng)
    ta, tb = with_layout(a, ember.float32, layout), with_layout(b, ember.int32, layout)
    tc = with_layout(cond, ember.bool, layout)
    expected = np.where(cond, a, b.astype(np.float32))
    assert_matches(ember.where(tc, ta, tb), expected, ember.float32, exact=True)
    out = with_layout(np.zeros((5, 6), np.float32), ember.float32, layout if "expanded" not in layout else "step")
    assert ember.where(tc, ta, tb, out=out) is out
    assert_matches(out, expected, ember.float32, exact=True)


def test_where_out_checks():
    # (PyTorch wants out= of exactly the result dtype; ember casts into any castable one: not pinned down)
    c = T([True, False])
    with pytest.raises(RuntimeError):
        ember.where(c, T([1.0, 2.0]), T([3.0, 4.0]), out=ember.zeros(2, dtype=ember.int64))  # float into int
    with pytest.raises(RuntimeError):
        ember.where(c, T([1.0, 2.0]), T([3.0, 4.0]), out=ember.zeros(3))
    out = ember.zeros(2)
    assert ember.where(c, T([1.0, 2.0]), T([3.0, 4.0]), out=out) is out
    assert out.tolist() == [1.0, 4.0]


def test_where_large_input_matches_row_by_row(threads):
    threads(4)
    rng = np.random.default_rng(22)
    shape = (400, 600)
    cond = rng.random(shape) < 0.5
    a, b = rng.standard_normal(shape).astype(np.float32), rng.standard_normal(shape[1]).astype(np.float32)
    tc, ta, tb = to_ember(cond, ember.bool), to_ember(a, ember.float32).t().contiguous().t(), to_ember(b, ember.float32)
    r = ember.where(tc, ta, tb)
    np.testing.assert_array_equal(to_numpy(r), np.where(cond, a, b))
    rows = np.stack([to_numpy(ember.where(tc[i], ta[i], tb)) for i in range(shape[0])])
    np.testing.assert_array_equal(to_numpy(r), rows)


@st.composite
def ternary_cases(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=4, max_side=4))
    dtype = draw(st.sampled_from([ember.bool, ember.uint8, ember.int32, ember.float16, ember.float64, ember.complex64]))
    seed = draw(st.integers(0, 2**32 - 1))
    return shapes.input_shapes, shapes.result_shape, dtype, seed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ternary_cases())
def test_hypothesis_where(case):
    shapes, result_shape, dtype, seed = case
    rng = np.random.default_rng(seed)
    cond = np.asarray(rng.random(shapes[0]) < 0.5)
    a, b = make_values(dtype, shapes[1], rng=rng), make_values(dtype, shapes[2], rng=rng)
    r = ember.where(to_ember(cond, ember.bool), to_ember(a, dtype), to_ember(b, dtype))
    assert tuple(r.shape) == result_shape
    assert_matches(r, _where_reference(cond, a, b, dtype), dtype, exact=True)


# --------------------------------------------------------------------------- lerp

LERP_START = [0.1, 0.7, 1e-3, 123.456]
LERP_END = [0.3, -0.2, 5e3, -7.25]


def test_lerp_at_weights_0_and_1_gives_the_ends_exactly():
    # PyTorch uses start + w * (end - start) for |w| < 0.5, else end - (end - start) * (1 - w)
    s, e = T(LERP_START), T(LERP_END)
    assert_values(
        ember.lerp(s, e, 0.0),
        ember.float32,
        [0.10000000149011612, 0.699999988079071, 0.0010000000474974513, 123.45600128173828],
    )
    assert_values(ember.lerp(s, e, 1.0), ember.float32, [0.30000001192092896, -0.20000000298023224, 5000.0, -7.25])
    assert_values(ember.lerp(s, e, 1), ember.float32, [0.30000001192092896, -0.20000000298023224, 5000.0, -7.25])
    assert_values(
        ember.lerp(s, e, T([0.0, 0.5, 1.0, 0.0])),
        ember.float32,
        [0.10000000149011612, 0.2499999850988388, 5000.0, 123.45600128173828],
    )
    assert_values(
        ember.lerp(s, e, T([1.0, 1.0, 1.0, 1.0])),
        ember.float32,
        [0.30000001192092896, -0.20000000298023224, 5000.0, -7.25],
    )
    f64 = ember.float64
    assert_values(ember.lerp(T([0.1, 0.7], f64), T([0.3, -0.2], f64), 0.0), f64, [0.1, 0.7])
    assert_values(ember.lerp(T([0.1, 0.7], f64), T([0.3, -0.2], f64), 1.0), f64, [0.3, -0.2])
    f16, bf16 = ember.float16, ember.bfloat16
    assert_values(
        ember.lerp(T(LERP_START, f16), T(LERP_END, f16), 1.0), f16, [0.300048828125, -0.199951171875, 5000.0, -7.25]
    )
    assert_values(ember.lerp(T([0.1, 0.7], f16), T([0.3, -0.2], f16), 0.0), f16, [0.0999755859375, 0.7001953125])
    assert_values(
        ember.lerp(T(LERP_START, bf16), T(LERP_END, bf16), 1.0), bf16, [0.30078125, -0.2001953125, 4992.0, -7.25]
    )
    c = ember.complex64
    assert_values(ember.lerp(T([2.0 + 1j]), T([-1.0 + 4j]), 0.0), c, [2 + 1j])
    assert_values(ember.lerp(T([2.0 + 1j]), T([-1.0 + 4j]), 1.0), c, [-1 + 4j])


def test_lerp_at_weight_one_half():
    s, e = T(LERP_START), T(LERP_END)
    assert_values(
        ember.lerp(s, e, 0.5),
        ember.float32,
        [0.20000000298023224, 0.2499999850988388, 2500.00048828125, 58.102996826171875],
    )
    f64 = ember.float64
    assert_values(
        ember.lerp(T(LERP_START, f64), T(LERP_END, f64), 0.5),
        f64,
        [0.2, 0.24999999999999994, 2500.0005, 58.10300000000001],
    )
    assert_values(
        ember.lerp(T([0.1, 0.7], ember.bfloat16), T([0.3, -0.2], ember.bfloat16), 0.5),
        ember.bfloat16,
        [0.2001953125, 0.25],
    )
    assert_values(
        ember.lerp(T([0.1, 0.7], ember.float16), T([0.3, -0.2], ember.float16), 0.5),
        ember.float16,
        [0.199951171875, 0.25],
    )
    assert_values(ember.lerp(T([2.0 + 1j]), T([-1.0 + 4j]), 0.5), ember.complex64, [0.5 + 2.5j])
    assert_values(ember.lerp(T([2.0 + 1j]), T([-1.0 + 4j]), 0.25), ember.complex64, [1.25 + 1.75j])


def test_lerp_special_values_and_extrapolation():
    s, e = T([1.0, -3.0, 1e30, inf, 2.0]), T([5.0, 7.0, -1e30, inf, nan])
    big = 1.0000000150474662e30
    assert_values(ember.lerp(s, e, 0.0), ember.float32, [1.0, -3.0, big, nan, nan])
    assert_values(ember.lerp(s, e, 0.5), ember.float32, [3.0, 2.0, 0.0, nan, nan])
    assert_values(ember.lerp(s, e, 1.0), ember.float32, [5.0, 7.0, -big, nan, nan])
    s, e = T([1.0, -3.0, 1e30]), T([5.0, 7.0, -1e30])
    assert_values(ember.lerp(s, e, 2.0), ember.float32, [9.0, 17.0, -3.000000196258126e30])
    assert_values(ember.lerp(s, e, -1.0), ember.float32, [-3.0, -13.0, 3.000000196258126e30])
    # an infinite end or weight is NaN at every weight
    assert_values(ember.lerp(T([0.0, -inf]), T([inf, 0.0]), 0.0), ember.float32, [nan, nan])
    assert_values(ember.lerp(T([0.0, -inf]), T([inf, 0.0]), 1.0), ember.float32, [nan, nan])
    assert_values(ember.lerp(T([1.0, 1.0]), T([1.0, 1.0]), T([nan, inf])), ember.float32, [nan, nan])
    assert_values(ember.lerp(T([1e-45, 3e38]), T([-1e-45, -3e38]), 0.5), ember.float32, [0.0, inf])
    assert_values(ember.lerp(T([1 + 1j]), T([3 + 3j]), 0.5 + 0.5j), ember.complex64, [1 + 3j])
    assert_values(ember.lerp(T([1 + 1j]), T([3 + 3j]), 0.5), ember.complex64, [2 + 2j])


def test_lerp_python_weight_is_not_rounded_to_a_16_bit_dtype():
    # PyTorch computes 16-bit lerp in float32 with the weight as given (0.3, not
    # float16's 0.2999); rounding the weight first gives -1.997 and -4.098.
    f16, bf16 = ember.float16, ember.bfloat16
    assert_values(
        ember.lerp(T([-20.0, -20.0, 2.365234375], f16), T([40.0, 33.0, -43.15625], f16), 0.3),
        f16,
        [-2.0, -4.1015625, -11.2890625],
    )
    assert_values(ember.lerp(T([-20.0, -20.0], bf16), T([40.0, 33.0], bf16), 0.3), bf16, [-2.0, -4.09375])
    # a float16 weight tensor is what it is
    assert_values(
        ember.lerp(T([-20.0, -20.0], f16), T([40.0, 33.0], f16), T([0.3, 0.3], f16)), f16, [-1.9970703125, -4.09765625]
    )


def test_lerp_zero_dim_weight_of_another_dtype_acts_as_a_number():
    # PyTorch accepts a 0-d weight of any dtype (it is used as a Scalar)
    assert_values(ember.lerp(T([1.0, 2.0]), T([3.0, 6.0]), T(0.25, ember.float64)), ember.float32, [1.5, 3.0])
    assert_values(ember.lerp(T([1.0, 2.0]), T([3.0, 6.0]), T(1)), ember.float32, [3.0, 6.0])
    assert_values(ember.lerp(T([1.0, 2.0]), T([3.0, 6.0]), T(True)), ember.float32, [3.0, 6.0])
    assert_values(ember.lerp(T([1.0], ember.float16), T([3.0], ember.float16), T(0.3)), ember.float16, [1.599609375])
    assert_values(ember.lerp(T([1j]), T([3j]), T(0.5)), ember.complex64, [2j])
    x = T([1.0])
    assert x.lerp_(T([3.0]), T(0.5, ember.float64)) is x
    assert_values(x, ember.float32, [2.0])


def test_lerp_dtype_errors():
    # end must have start's dtype (even 0-d), and so must a weight tensor with dimensions
    for fn in (
        lambda: ember.lerp(T([1.0]), T([1.0], ember.float64), 0.5),
        lambda: ember.lerp(T([1.0]), T(3.0, ember.float64), 0.5),
        lambda: ember.lerp(T(1.0, ember.float64), T([3.0]), 0.5),
        lambda: ember.lerp(T([1.0]), T([1.0]), T([0.5], ember.float64)),
        lambda: ember.lerp(T([1.0, 2.0]), T([3.0, 4.0]), T([0.5, 0.5], ember.float16)),
        lambda: ember.lerp(T([1, 2]), T([3, 4]), 0.5),  # integers: not implemented
        lambda: ember.lerp(T([True]), T([False]), 0.5),
    ):
        with pytest.raises(RuntimeError):
            fn()


def test_lerp_complex_weight_needs_a_complex_tensor():
    # PyTorch: "value cannot be converted to type float without overflow"
    with pytest.raises(RuntimeError):
        ember.lerp(T([1.0]), T([3.0]), 1j)
    with pytest.raises(RuntimeError):
        ember.lerp(T([1.0], ember.float64), T([3.0], ember.float64), 0.5 + 0.5j)


def test_lerp_broadcasting_inplace_and_out():
    assert_values(ember.lerp(ember.zeros(2, 1), ember.ones(3), T([0.25])), ember.float32, [[0.25] * 3] * 2)
    assert_values(ember.lerp(ember.zeros(3), ember.ones(2, 1), 0.25), ember.float32, [[0.25] * 3] * 2)
    assert_values(T([1.0, 2.0]).lerp(T([3.0, 4.0]), 0.5), ember.float32, [2.0, 3.0])
    x = T([1.0, 2.0])
    assert x.lerp_(T([3.0, 4.0]), 0.5) is x
    assert_values(x, ember.float32, [2.0, 3.0])
    y = ember.zeros(2, 3)
    y.lerp_(ember.ones(3), T([[0.5], [1.0]]))
    assert_values(y, ember.float32, [[0.5, 0.5, 0.5], [1.0, 1.0, 1.0]])
    z = ember.zeros(3)
    with pytest.raises(RuntimeError, match=r"\(3,\)|\[3\]"):
        z.lerp_(ember.ones(2, 1), 0.5)  # the result's shape (2, 3) isn't self's
    assert z.tolist() == [0.0, 0.0, 0.0]
    out = ember.zeros(2, dtype=ember.float64)
    assert ember.lerp(T([1.0, 2.0]), T([3.0, 4.0]), 0.5, out=out) is out
    assert_values(out, ember.float64, [2.0, 3.0])


def _lerp_reference(a, b, w, dtype):
    """PyTorch's two-sided formula in the compute dtype, rounded to `dtype`."""
    cd = NP_COMPUTE[dtype]
    a, b, w = (np.asarray(v).astype(cd) for v in (as_values(a, dtype), as_values(b, dtype), w))
    one, half = np.ones((), cd), np.asarray(0.5).astype(cd)
    diff = b - a
    return as_values(np.where(np.abs(w) < half, a + w * diff, b - diff * (one - w)), dtype)


LERP_TOL = {
    ember.float16: (2e-3, 1e-3),
    ember.bfloat16: (1.6e-2, 1e-2),
    ember.float32: (1.3e-6, 1e-5),
    ember.float64: (1e-12, 1e-12),
    ember.complex64: (1e-5, 1e-5),
    ember.complex128: (1e-12, 1e-12),
}


@pytest.mark.parametrize("dtype", [*FLOATS, *COMPLEX], ids=dtype_id)
def test_lerp_matches_reference(dtype):
    rng = np.random.default_rng(23)
    for shapes in [((3, 4), (3, 4), (3, 4)), ((3, 1), (4,), ()), ((2, 1, 3), (4, 1), (1, 3)), ((0, 2), (2,), (1,))]:
        a, b = make_values(dtype, shapes[0], rng=rng), make_values(dtype, shapes[1], rng=rng)
        w = as_values(rng.uniform(-0.5, 1.5, shapes[2]), dtype)  # the weight tensor in dtype
        r = ember.lerp(to_ember(a, dtype), to_ember(b, dtype), to_ember(w, dtype))
        assert_matches(r, _lerp_reference(a, b, w, dtype), dtype, LERP_TOL)
        for number in (0.3, 0.5, 0.7, -0.25, 1.25):
            r = ember.lerp(to_ember(a, dtype), to_ember(b, dtype), number)
            assert_matches(r, _lerp_reference(a, b, number, dtype), dtype, LERP_TOL)


@pytest.mark.parametrize("layout", ["transposed", "step", "offset", "expanded_rows", "expanded_cols"])
def test_lerp_noncontiguous(layout):
    rng = np.random.default_rng(24)
    dtype = ember.float32
    a, b, w = (make_values(dtype, (5, 6), rng=rng) / 10 for _ in range(3))
    ta, tb, tw = (with_layout(v, dtype, layout) for v in (a, b, w))
    expected = _lerp_reference(a, b, w, dtype)
    assert_matches(ember.lerp(ta, tb, tw), expected, dtype, LERP_TOL)
    if "expanded" not in layout:
        ta.lerp_(tb, tw)
        assert_matches(ta, expected, dtype, LERP_TOL)


# --------------------------------------------------------------------------- addcmul and addcdiv


def test_addcmul_values_and_promotion():
    i = T([1, 2, 3])
    assert_values(ember.addcmul(i, i, i), ember.int64, [2, 6, 12])
    assert_values(ember.addcmul(i, i, i, value=2), ember.int64, [3, 10, 21])
    assert_values(ember.addcmul(i, i, i, value=True), ember.int64, [2, 6, 12])
    # PyTorch converts a float value to the integer result dtype (0.5 -> 0, -1.9 -> -1)
    assert_values(ember.addcmul(i, i, i, value=0.5), ember.int64, [1, 2, 3])
    assert_values(ember.addcmul(T([1, 2]), T([1, 2]), T([1, 2]), value=-1.9), ember.int64, [0, -2])
    assert_values(ember.addcmul(T([1, 2]), T([3, 4]), T([5, 6]), value=-2), ember.int64, [-29, -46])
    assert_values(ember.addcmul(T([1.0, 2.0]), T([1.0, 2.0]), T([1.0, 2.0]), value=2.5), ember.float32, [3.5, 12.0])
    assert_values(ember.addcmul(T([1.0, 2.0]), T([1.0, 2.0]), T([1.0, 2.0]), value=True), ember.float32, [2.0, 6.0])
    assert_values(ember.addcmul(T([1.0]), T([2.0]), T([3.0]), value=0), ember.float32, [1.0])
    assert_values(ember.addcmul(T([1.0, nan]), T([inf, 1.0]), T([0.0, 1.0])), ember.float32, [nan, nan])
    assert_values(ember.addcmul(T([1j]), T([1j]), T([1j]), value=1j), ember.complex64, [0j])
    # wrapping
    assert_values(ember.addcmul(T([100], ember.int8), T([10], ember.int8), T([10], ember.int8)), ember.int8, [-56])
    assert_values(
        ember.addcmul(T([1, 2], ember.uint8), T([3, 4], ember.uint8), T([100, 100], ember.uint8)),
        ember.uint8,
        [45, 146],
    )
    # all three operands promote together
    assert_values(ember.addcmul(T([1.0, 2.0, 3.0]), i, i), ember.float32, [2.0, 6.0, 12.0])
    assert_values(ember.addcmul(i, T([1.0, 2.0, 3.0]), i), ember.float32, [2.0, 6.0, 12.0])
    assert_values(
        ember.addcmul(T([1, 2], ember.uint8), T([3, 4], ember.int8), T([1, 1], ember.int8)), ember.int16, [4, 6]
    )
    assert_values(ember.addcmul(T([1.0], ember.float16), T([1.0]), T(2.0, ember.float64)), ember.float32, [3.0])
    assert_values(
        ember.addcmul(T([1.0], ember.float16), T(3.0, ember.float64), T(2.0, ember.float64)), ember.float16, [7.0]
    )
    assert_values(ember.addcmul(T(1.0, ember.float64), T([1.0, 2.0]), T([2.0, 2.0])), ember.float32, [3.0, 5.0])
    assert_values(ember.addcmul(T([1, 2], ember.int32), T(2.5), T([2, 2], ember.int32)), ember.float32, [6.0, 7.0])
    assert_values(ember.addcmul(T([1, 2]), T([True, False]), T([True, True])), ember.int64, [2, 2])
    # 16-bit floats compute in float32 and round once
    assert_values(
        ember.addcmul(T([0.5], ember.float16), T([0.1], ember.float16), T([0.3], ember.float16), value=0.7),
        ember.float16,
        [0.52099609375],
    )
    assert_values(
        ember.addcmul(T([1.0], ember.float16), T([1.0], ember.float16), T([1.0], ember.float16), value=1e-4),
        ember.float16,
        [1.0],
    )


def test_addcdiv_values_and_promotion():
    assert_values(ember.addcdiv(T([1, 2, 3]), T([1.0, 2.0, 3.0]), T([1, 2, 3])), ember.float32, [2.0, 3.0, 4.0])
    assert_values(ember.addcdiv(T([1, 2, 3]), T([1, 2, 3]), T([2.0, 2.0, 2.0])), ember.float32, [1.5, 3.0, 4.5])
    assert_values(ember.addcdiv(T([1.0, 2.0]), T([1.0, 2.0]), T([0.0, -0.0])), ember.float32, [inf, -inf])
    assert_values(ember.addcdiv(T([1.0, 2.0]), T([0.0, 2.0]), T([0.0, 4.0]), value=3), ember.float32, [nan, 3.5])
    assert_values(ember.addcdiv(T([1.0, 2.0]), T([1.0, 2.0]), T([4.0, 8.0]), value=-2), ember.float32, [0.5, 1.5])
    assert_values(ember.addcdiv(T([0.0]), T([1.0]), T([3.0]), value=3), ember.float32, [1.0])
    assert_values(ember.addcdiv(T([1j]), T([1 + 1j]), T([1 - 1j]), value=2), ember.complex64, [3j])
    assert_values(ember.addcdiv(T([True]), T([1.0]), T([2.0])), ember.float32, [1.5])
    assert_values(ember.addcdiv(T([1.0], ember.float64), T([1, 2]), T([2.0]), value=1), ember.float64, [1.5, 2.0])
    assert_values(
        ember.addcdiv(T([1.0], ember.float16), T([1.0], ember.float16), T([3.0], ember.float16), value=0.1),
        ember.float16,
        [1.033203125],
    )
    assert_values(
        ember.addcdiv(T([1.0], ember.bfloat16), T([1.0], ember.bfloat16), T([3.0], ember.bfloat16), value=0.1),
        ember.bfloat16,
        [1.03125],
    )


def test_addcdiv_multiplies_by_value_before_dividing():
    # PyTorch computes input + value * tensor1 / tensor2 left to right: (0.7 * 3) / 7,
    # not 0.7 * (3 / 7), which rounds differently
    zeros = T([0.0, 0.0, 0.0])
    assert_values(
        ember.addcdiv(zeros, T([3.0, 1.0, 2.0]), T([7.0, 9.0, 9.0]), value=0.7),
        ember.float32,
        [0.29999998211860657, 0.07777777314186096, 0.15555554628372192],
    )
    f64 = ember.float64
    assert_values(
        ember.addcdiv(T([0.0, 0.0], f64), T([3.0, 1.0], f64), T([7.0, 9.0], f64), value=0.7),
        f64,
        [0.29999999999999993, 0.07777777777777778],
    )


def test_integer_addcdiv_raises():
    # PyTorch: "Integer division with addcdiv is no longer supported ..." whenever both tensors are integral
    for args in (
        (T([1, 2, 3]), T([1, 2, 3]), T([1, 2, 3])),
        (T([1.0, 2.0, 3.0]), T([1, 2, 3]), T([1, 2, 3])),
        (T([1, 2], ember.uint8), T([True, False]), T([3, 4], ember.int8)),
    ):
        with pytest.raises(RuntimeError):
            ember.addcdiv(*args)
        with pytest.raises(RuntimeError):
            args[0].addcdiv(*args[1:])
        with pytest.raises(RuntimeError):
            args[0].clone().addcdiv_(*args[1:])


def test_addcmul_addcdiv_errors():
    with pytest.raises(RuntimeError):
        ember.addcmul(T([True]), T([True]), T([True]))  # not implemented for bool
    # the in-place result must be castable to self, and have self's shape
    for fn in (
        lambda: T([1, 2]).addcmul_(T([2.0, 2.0]), T([3, 3])),
        lambda: T([1, 2]).addcdiv_(T([2.0, 2.0]), T([4.0, 8.0])),
        lambda: ember.zeros(3).addcmul_(ember.ones(2, 1), ember.ones(3)),
        lambda: ember.zeros(3).addcdiv_(ember.ones(2, 1), ember.ones(3)),
        lambda: ember.addcmul(ember.ones(2), ember.ones(3), ember.ones(2)),
    ):
        with pytest.raises(RuntimeError):
            fn()


def test_addcmul_addcdiv_complex_value_needs_a_complex_result():
    # PyTorch: "value cannot be converted to type float without overflow"
    x = T([1.0, 2.0])
    with pytest.raises(RuntimeError):
        ember.addcmul(x, x, x, value=1j)
    with pytest.raises(RuntimeError):
        ember.addcdiv(x, x, T([2.0, 4.0]), value=1j)
    with pytest.raises(RuntimeError):
        x.addcmul_(x, x, value=2 + 0.5j)
    assert x.tolist() == [1.0, 2.0]


def test_addcmul_addcdiv_forms_broadcasting_and_out():
    assert_values(
        ember.addcmul(ember.zeros(2, 1), ember.ones(3), ember.ones(2, 1), value=3), ember.float32, [[3.0] * 3] * 2
    )
    assert_values(
        ember.addcmul(ember.zeros(3), ember.ones(2, 1), ember.ones(3), value=3), ember.float32, [[3.0] * 3] * 2
    )
    assert_values(T([1.0, 2.0]).addcmul(T([2.0, 2.0]), T([3.0, 3.0]), value=-1), ember.float32, [-5.0, -4.0])
    x = T([1.0, 2.0])
    assert x.addcmul_(T([2.0, 2.0]), T([3.0, 3.0]), value=0.5) is x
    assert_values(x, ember.float32, [4.0, 5.0])
    x = T([1.0, 2.0])
    assert x.addcdiv_(T([2.0, 2.0]), T([4.0, 8.0]), value=2) is x
    assert_values(x, ember.float32, [2.0, 2.5])
    out = ember.zeros(1, dtype=ember.float64)
    assert ember.addcmul(T([1.0]), T([2.0]), T([3.0]), out=out) is out
    assert_values(out, ember.float64, [7.0])
    assert ember.addcdiv(T([1.0]), T([2.0]), T([4.0]), out=out) is out
    assert_values(out, ember.float64, [1.5])


ADDC_TOL = {**LERP_TOL, ember.float32: (2e-6, 1e-5), ember.complex64: (2e-6, 1e-5)}


def _addc_reference(op, x, y, z, value, dtype):
    cd = NP_COMPUTE[dtype]
    x, y, z = (np.asarray(as_values(v, dtype)).astype(cd) for v in (x, y, z))
    v = np.asarray(value).astype(cd) if dtype not in INTS else np.asarray(int(value)).astype(cd)
    with np.errstate(all="ignore"):
        r = x + v * y * z if op == "addcmul" else x + v * y / z
    return as_values(r, dtype)


@pytest.mark.parametrize(
    "op, dtype",
    [("addcmul", d) for d in (*INTS, *FLOATS, *COMPLEX)] + [("addcdiv", d) for d in (*FLOATS, *COMPLEX)],
    ids=lambda x: x if isinstance(x, str) else dtype_id(x),
)
def test_addcmul_addcdiv_match_reference(op, dtype):
    rng = np.random.default_rng(25)
    fn = getattr(ember, op)
    for shapes in [((3, 4), (3, 4), (3, 4)), ((3, 1), (4,), ()), ((2, 1, 3), (4, 1), (1, 3)), ((0, 2), (2,), (1,))]:
        domain = "small" if dtype in INTS else "any"
        x, y = make_values(dtype, shapes[0], domain, rng), make_values(dtype, shapes[1], domain, rng)
        z = make_values(dtype, shapes[2], "nonzero_rhs", rng, rhs=True)
        for value in (1, 2, -3) if dtype in INTS else (1, 0.5, -1.25):
            r = fn(to_ember(x, dtype), to_ember(y, dtype), to_ember(z, dtype), value=value)
            assert_matches(r, _addc_reference(op, x, y, z, value, dtype), dtype, ADDC_TOL)


@pytest.mark.parametrize("op", ["addcmul", "addcdiv"])
@pytest.mark.parametrize("layout", ["transposed", "step", "offset", "expanded_rows"])
def test_addcmul_addcdiv_noncontiguous_and_inplace(op, layout):
    rng = np.random.default_rng(26)
    dtype = ember.float32
    x, y = make_values(dtype, (5, 6), rng=rng), make_values(dtype, (5, 6), rng=rng)
    z = make_values(dtype, (5, 6), "nonzero_rhs", rng, rhs=True)
    tx, ty, tz = (with_layout(v, dtype, layout) for v in (x, y, z))
    expected = _addc_reference(op, x, y, z, 0.75, dtype)
    assert_matches(getattr(ember, op)(tx, ty, tz, value=0.75), expected, dtype, ADDC_TOL)
    if layout != "expanded_rows":
        assert getattr(tx, op + "_")(ty, tz, value=0.75) is tx
        assert_matches(tx, expected, dtype, ADDC_TOL)


@pytest.mark.parametrize("op", ["lerp", "addcmul", "addcdiv"])
def test_ternary_large_inputs_match_row_by_row(op, threads):
    threads(4)
    rng = np.random.default_rng(27)
    shape = (300, 701)
    a = to_ember(rng.uniform(-10, 10, shape).astype(np.float32), ember.float32)
    b = to_ember(rng.uniform(-10, 10, shape[::-1]).astype(np.float32), ember.float32).t()  # transposed
    c = to_ember(rng.uniform(0.5, 2, shape[1]).astype(np.float32), ember.float32)  # broadcast rows
    fn = getattr(ember, op)
    r = fn(a, b, c) if op == "lerp" else fn(a, b, c, value=0.5)
    rows = [fn(a[i], b[i], c) if op == "lerp" else fn(a[i], b[i], c, value=0.5) for i in range(shape[0])]
    np.testing.assert_array_equal(to_numpy(r), np.stack([to_numpy(t) for t in rows]))


@st.composite
def addc_cases(draw):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=4))
    op = draw(st.sampled_from(["lerp", "addcmul", "addcdiv"]))
    dtype = draw(st.sampled_from([ember.float16, ember.bfloat16, ember.float32, ember.float64, ember.complex128]))
    value = draw(st.sampled_from([1, 0.5, -2.0, 0.3]))
    seed = draw(st.integers(0, 2**32 - 1))
    return op, shapes.input_shapes, shapes.result_shape, dtype, value, seed


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(addc_cases())
def test_hypothesis_lerp_addcmul_addcdiv(case):
    op, shapes, result_shape, dtype, value, seed = case
    rng = np.random.default_rng(seed)
    x, y = make_values(dtype, shapes[0], rng=rng), make_values(dtype, shapes[1], rng=rng)
    if op == "lerp":
        w = as_values(rng.uniform(-0.5, 1.5, shapes[2]), dtype)
        r = ember.lerp(to_ember(x, dtype), to_ember(y, dtype), to_ember(w, dtype))
        expected, tol = _lerp_reference(x, y, w, dtype), LERP_TOL
    else:
        z = make_values(dtype, shapes[2], "nonzero_rhs", rng, rhs=True)
        r = getattr(ember, op)(to_ember(x, dtype), to_ember(y, dtype), to_ember(z, dtype), value=value)
        expected, tol = _addc_reference(op, x, y, z, value, dtype), ADDC_TOL
    assert tuple(r.shape) == result_shape
    assert_matches(r, expected, dtype, tol)
