"""Elementwise ops with parameters, clamp, isclose/allclose/equal, digamma,
erfinv, sgn, and NumPy operands: what the op database's generic tests can't
pin down (parameters, PyTorch's edge cases, errors).

Literal expected values were taken from PyTorch 2.13 on CPU.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ember

nan, inf = math.nan, math.inf
T = ember.tensor
F = ember._C  # torch.nn.functional's ops live here until ember.nn.functional wraps them


def values(t):
    return t.to(ember.float64).tolist() if t.dtype in (ember.float16, ember.bfloat16) else t.tolist()


def assert_values(t, dtype, expected, rtol=1e-6, atol=1e-7):
    assert t.dtype == dtype, (t.dtype, dtype)
    got = np.asarray(values(t), dtype=complex if dtype in (ember.complex64, ember.complex128) else float)
    np.testing.assert_allclose(got, np.asarray(expected), rtol=rtol, atol=atol, equal_nan=True)


def signs(t):
    return [math.copysign(1, v) for v in values(t)]


# --------------------------------------------------------------------------- exposure


def test_exposed_where_pytorch_has_them():
    # torch.<name> exists for these, and Tensor methods with in-place forms
    for name in ("celu", "selu", "logit", "nan_to_num", "clamp", "clip", "clamp_min", "clamp_max", "sgn",
                 "digamma", "erfinv", "isclose", "allclose", "equal", "round"):  # fmt: skip
        assert callable(getattr(ember, name)), name
    for name in ("logit", "nan_to_num", "clamp", "clip", "clamp_min", "clamp_max", "sgn", "digamma", "erfinv"):
        assert callable(getattr(ember.Tensor, name)) and callable(getattr(ember.Tensor, name + "_")), name
    for name in ("isclose", "allclose", "equal"):
        assert callable(getattr(ember.Tensor, name)), name
    # torch.nn.functional's only: in the core, not at ember.<name>
    for name in ("gelu", "silu", "mish", "relu6", "hardsigmoid", "hardswish", "leaky_relu", "elu", "softplus",
                 "hardtanh"):  # fmt: skip
        assert callable(getattr(F, name)), name
        assert not hasattr(ember, name), name
    for name in ("selu", "celu"):
        assert callable(getattr(F, name)), name


# --------------------------------------------------------------------------- activations with parameters


def test_leaky_relu():
    x = T([-2.0, 3.0, nan, -0.0, 0.0])
    assert_values(F.leaky_relu(x), ember.float32, [-0.02, 3.0, nan, -0.0, 0.0])
    r = F.leaky_relu(x, 0.2)
    assert_values(r, ember.float32, [-0.4, 3.0, nan, -0.0, 0.0])
    assert signs(r)[3:] == [-1.0, 1.0]
    assert_values(F.leaky_relu(x, negative_slope=-0.5), ember.float32, [1.0, 3.0, nan, 0.0, 0.0])
    y = x.clone()
    assert y.leaky_relu_(0.2) is y and values(y)[:2] == pytest.approx([-0.4, 3.0])
    h = T([-2.0, 3.0]).to(ember.float16)
    assert_values(F.leaky_relu(h, 0.1), ember.float16, [-0.2, 3.0], rtol=1e-3)


def test_elu_and_celu():
    x = T([-2.0, 3.0, -0.0, nan])
    assert_values(F.elu(x), ember.float32, [math.expm1(-2.0), 3.0, -0.0, nan])
    r = F.elu(x, 0.5, 2.0, 3.0)  # alpha, scale, input_scale
    assert_values(r, ember.float32, [-0.99752125, 6.0, -0.0, nan])
    assert signs(r)[2] == -1.0
    assert_values(F.elu(T([-2.0, 3.0]), alpha=-0.5), ember.float32, [0.43233236, 3.0])
    assert_values(ember.celu(T([-2.0, 3.0]), 2.0), ember.float32, [-1.26424112, 3.0])
    assert_values(ember.celu(T([-2.0, 3.0])), ember.float32, [math.expm1(-2.0), 3.0])
    with pytest.raises(RuntimeError, match="celu.*alpha cannot be 0"):
        ember.celu(T([1.0]), 0.0)


def test_softplus():
    x = T([-2.0, 3.0, 30.0])
    assert_values(F.softplus(x), ember.float32, [math.log1p(math.exp(-2.0)), math.log1p(math.exp(3.0)), 30.0])
    assert_values(F.softplus(x, 2, 5), ember.float32, [9.0750e-03, 3.0, 30.0], rtol=1e-4)
    assert_values(F.softplus(x, beta=0), ember.float32, [inf, inf, inf])
    assert_values(F.softplus(x, beta=-1), ember.float32, [-2.126928, -0.04858735, -9.3576e-14], rtol=1e-4)


def test_hardtanh():
    x = T([-2.0, 3.0, nan, 0.5])
    assert_values(F.hardtanh(x), ember.float32, [-1.0, 1.0, nan, 0.5])
    assert_values(F.hardtanh(x, -1.5, 2), ember.float32, [-1.5, 2.0, nan, 0.5])
    # integer inputs keep their dtype; float bounds convert to it (truncating)
    r = F.hardtanh(T([2, 3, -5]), -1.5, 2.5)
    assert r.dtype == ember.int64 and r.tolist() == [2, 2, -1]
    with pytest.raises(ValueError, match="hardtanh.*min_val cannot be greater than max_val"):
        F.hardtanh(x, 2, 1)
    with pytest.raises(RuntimeError, match="hardtanh.*unsigned"):
        F.hardtanh(T([2, 3], dtype=ember.uint8))
    assert F.hardtanh(T([2, 3], dtype=ember.uint8), 0, 2).tolist() == [2, 2]
    with pytest.raises(RuntimeError, match="hardtanh.*bool"):
        F.hardtanh(T([True]))
    with pytest.raises(RuntimeError, match="hardtanh"):
        F.hardtanh(T([2, 3], dtype=ember.int8), -1000, 1000)  # bounds beyond int8
    with pytest.raises(RuntimeError, match="hardtanh"):
        F.hardtanh(T([2.0]).to(ember.float16), -1e6, 1e6)


def test_gelu_approximate():
    x = T([-1.0, 0.5, 3.0])
    assert F.gelu(x).tolist() == F.gelu(x, approximate="none").tolist()
    assert F.gelu(x, approximate="tanh").tolist() == F.gelu_tanh(x).tolist()
    assert F.gelu(x, approximate="tanh").tolist() != F.gelu(x).tolist()
    y = x.clone()
    assert y.gelu_(approximate="tanh") is y and y.tolist() == F.gelu_tanh(x).tolist()
    with pytest.raises(RuntimeError, match="gelu.*'none' or 'tanh'"):
        F.gelu(x, approximate="exact")


def test_activations_refuse_integers():
    for fn in (F.leaky_relu, F.elu, ember.celu, F.softplus):
        with pytest.raises(NotImplementedError):
            fn(T([1, 2]))


def test_parametric_out_and_inplace_forms():
    x = T([-2.0, 0.25, 3.0])
    out = ember.empty(3, dtype=ember.float64)
    assert F.leaky_relu(x, 0.5, out=out) is out and out.tolist() == [-1.0, 0.25, 3.0]
    assert F.hardtanh(x, -1, 1, out=out) is out and out.tolist() == [-1.0, 0.25, 1.0]
    y = x.clone()
    assert y.hardtanh_(0, 2) is y and y.tolist() == [0.0, 0.25, 2.0]
    y = x.clone()
    assert y.softplus_(beta=2, threshold=1) is y and y.tolist()[2] == 3.0
    with pytest.raises(RuntimeError, match="memory location"):
        ember.zeros(3).as_strided((2, 3), (0, 1)).leaky_relu_(0.1)


# --------------------------------------------------------------------------- logit, round(decimals), nan_to_num


def test_logit():
    x = T([0.0, 0.3, 1.0, 2.0, nan])
    assert_values(ember.logit(x), ember.float32, [-inf, math.log(0.3 / 0.7), inf, nan, nan])
    assert_values(ember.logit(x, eps=0.1), ember.float32, [-2.1972246, -0.8472979, 2.1972246, 2.1972246, nan])
    assert_values(ember.logit(x, eps=-0.1), ember.float32, [-inf, -0.8472979, inf, nan, nan])  # no clamping
    # eps above 0.5: x < eps gives eps first, as PyTorch
    assert_values(ember.logit(x[:4], eps=0.7), ember.float32, [0.8472979, 0.8472979, -0.8472979, -0.8472979])
    assert_values(ember.logit(T([0, 1])), ember.float32, [-inf, inf])  # integers compute in the default dtype
    assert_values(ember.logit(T([0, 1]), 0.25), ember.float32, [-1.0986123, 1.0986123])
    y = T([0.25, 0.5])
    assert y.logit_() is y and y.tolist() == pytest.approx([math.log(1 / 3), 0.0])
    with pytest.raises(RuntimeError, match="can't be cast"):
        T([0, 1]).logit_()


def test_round_decimals():
    x = T([1.2345, -2.5, 1250.0, 0.125, inf, nan], dtype=ember.float64)
    assert_values(ember.round(x, decimals=2), ember.float64, [1.23, -2.5, 1250.0, 0.12, inf, nan], rtol=0, atol=0)
    r = ember.round(T([1.2345, -2.5, 1250.0, 1350.0], dtype=ember.float64), decimals=-2)
    assert r.tolist() == [0.0, -0.0, 1200.0, 1400.0] and signs(r)[1] == -1.0  # halves to even
    assert_values(ember.round(T([1.2345, 0.125]).to(ember.float16), decimals=2), ember.float16, [1.2305, 0.12], 1e-3)
    # 10^40 overflows float32: nan, as PyTorch
    assert math.isnan(ember.round(T([1.2345]), decimals=40).item())
    assert math.isnan(ember.round(T([1.2345]), decimals=-40).item())
    assert ember.round(T([2.5, 3.5]), decimals=0).tolist() == [2.0, 4.0]
    y = T([1.25, 1.35])
    assert y.round_(decimals=1) is y and y.tolist() == pytest.approx([1.2, 1.4])
    assert T([1.26]).round(decimals=1).tolist() == pytest.approx([1.3])
    # integers: round() is the identity, round(decimals=...) is not implemented (PyTorch's two kernels)
    assert ember.round(T([1, -3])).tolist() == [1, -3]
    for decimals in (0, 1):
        with pytest.raises(NotImplementedError, match="round"):
            ember.round(T([1, -3]), decimals=decimals)
    with pytest.raises(NotImplementedError):
        ember.round(T([1j]), decimals=1)


@pytest.mark.parametrize(
    "dtype, largest",
    [
        (ember.float16, 65504.0),
        (ember.bfloat16, 3.3895313892515355e38),
        (ember.float32, 3.4028234663852886e38),
        (ember.float64, 1.7976931348623157e308),
    ],
)
def test_nan_to_num_defaults(dtype, largest):
    x = T([nan, inf, -inf, 1.0]).to(dtype)
    r = ember.nan_to_num(x)
    assert r.dtype == dtype and values(r) == [0.0, largest, -largest, 1.0]


def test_nan_to_num_values_and_dtypes():
    x = T([nan, inf, -inf, 1.0])
    assert ember.nan_to_num(x, 1.5, 2, -3).tolist() == [1.5, 2.0, -3.0, 1.0]
    assert ember.nan_to_num(x, nan=None).tolist()[0] == 0.0
    assert ember.nan_to_num(x, posinf=7.0).tolist()[1:3] == [7.0, -3.4028234663852886e38]
    # beyond float16's range: inf, as PyTorch
    assert values(ember.nan_to_num(x.to(ember.float16), 1e6, 1e6)) == [inf, inf, -65504.0, 1.0]
    c = ember.nan_to_num(T([complex(nan, -inf), complex(inf, 2)], dtype=ember.complex64), 1.5, 2, -3)
    assert c.dtype == ember.complex64 and c.tolist() == [complex(1.5, -3), complex(2, 2)]
    assert ember.nan_to_num(T([1, 2]), 1e30).tolist() == [1, 2]  # integers have nothing to replace
    assert ember.nan_to_num(T([True])).tolist() == [True]
    y = x.clone()
    assert y.nan_to_num_(0.5) is y and y.tolist()[0] == 0.5
    out = ember.empty(4, dtype=ember.float64)
    assert ember.nan_to_num(x, 1.0, 2.0, 3.0, out=out) is out and out.tolist() == [1.0, 2.0, 3.0, 1.0]


# --------------------------------------------------------------------------- clamp


def test_clamp_number_bounds():
    f = T([1.0, -2.0, nan, 0.25])
    assert_values(ember.clamp(f, -1, 0.5), ember.float32, [0.5, -1.0, nan, 0.25])
    assert_values(ember.clamp(f, min=0), ember.float32, [1.0, 0.0, nan, 0.25])
    assert_values(ember.clamp(f, max=0), ember.float32, [0.0, -2.0, nan, 0.0])
    assert_values(ember.clamp(f, 2, 1), ember.float32, [1.0, 1.0, nan, 1.0])  # min > max: max
    assert_values(ember.clamp(f, min=nan), ember.float32, [nan] * 4)  # a NaN bound propagates
    assert_values(ember.clamp(f, max=nan), ember.float32, [nan] * 4)
    assert ember.clip(f, -1, 0.5).tolist()[:2] == [0.5, -1.0]
    assert f.clamp(-1, 0.5).tolist()[:2] == [0.5, -1.0] and f.clip(max=0).tolist()[0] == 0.0
    assert ember.clamp_min(f, 0).tolist()[:2] == [1.0, 0.0]
    assert ember.clamp_max(f, 0).tolist()[:2] == [0.0, -2.0]
    assert f.clamp_min(0.5).tolist()[1] == 0.5 and f.clamp_max(0.5).tolist()[0] == 0.5


def test_clamp_promotes_with_its_bounds():
    i = T([1, 2, -3])
    r = ember.clamp(i, 0.5)
    assert r.dtype == ember.float32 and r.tolist() == [1.0, 2.0, 0.5]
    r = ember.clamp(i, max=0.5)
    assert r.dtype == ember.float32 and r.tolist() == [0.5, 0.5, -3.0]
    r = ember.clamp_min(i, 0.5)
    assert r.dtype == ember.float32
    r = ember.clamp(i, min=T([0.5, 0.0, 0.0]))
    assert r.dtype == ember.float32 and r.tolist() == [1.0, 2.0, 0.0]
    r = ember.clamp(i, min=T(0.5))  # a 0-d float tensor
    assert r.dtype == ember.float32 and r.tolist() == [1.0, 2.0, 0.5]
    f = T([1.0, 0.25])
    assert ember.clamp(f, min=T(0.5, dtype=ember.float64)).dtype == ember.float32
    assert ember.clamp(f, min=T([0.5], dtype=ember.float64)).dtype == ember.float64
    b = T([True, False])
    r = ember.clamp(b, 0, 1)
    assert r.dtype == ember.int64 and r.tolist() == [1, 0]
    assert ember.clamp(b, T(False)).tolist() == [True, False]
    assert ember.clamp_max(b, T([False, False])).tolist() == [False, False]
    r = ember.clamp_min(b, 2)
    assert r.dtype == ember.int64 and r.tolist() == [2, 2]
    assert ember.clamp(T([1, 200], dtype=ember.uint8), -1, 100).tolist() == [100, 100]
    assert values(ember.clamp(T([1.2345]).to(ember.float16), 1.23456789)) == [1.234375]


def test_clamp_tensor_bounds_broadcast():
    x = T([[1.0, 5.0, -3.0], [0.0, 2.0, 9.0]])
    lo = T([0.0, 1.0, 2.0])  # per column
    hi = T([[1.0], [4.0]])  # per row
    assert ember.clamp(x, lo, hi).tolist() == [[1.0, 1.0, 1.0], [0.0, 2.0, 4.0]]
    assert ember.clamp(x, min=lo).tolist() == [[1.0, 5.0, 2.0], [0.0, 2.0, 9.0]]
    assert ember.clamp(x, max=hi).tolist() == [[1.0, 1.0, -3.0], [0.0, 2.0, 4.0]]
    assert ember.clamp_min(x, lo).tolist() == ember.clamp(x, min=lo).tolist()
    assert ember.clamp_max(x, hi).tolist() == ember.clamp(x, max=hi).tolist()
    # the result takes the broadcast shape of all three
    r = ember.clamp(T([1.0]), min=T([1.0, 2.0]))
    assert tuple(r.shape) == (2,) and r.tolist() == [1.0, 2.0]
    # a bound NaN in one place only
    assert_values(ember.clamp(T([1.0, -2.0, nan]), min=T([nan, 0.0, 0.0])), ember.float32, [nan, 0.0, nan])
    assert ember.clamp(T([1.0, -2.0]), T(2.0), T(1.0)).tolist() == [1.0, 1.0]
    # mixed tensor and number bounds
    assert ember.clamp(T([1.0, -2.0]), min=T(0.0), max=0.5).tolist() == [0.5, 0.0]
    # non-contiguous operands
    xt = T([[1.0, 0.0], [5.0, 2.0], [-3.0, 9.0]]).t()
    assert ember.clamp(xt, lo, hi).tolist() == [[1.0, 1.0, 1.0], [0.0, 2.0, 4.0]]


def test_clamp_inplace_and_out():
    x = T([[1.0, 5.0, -3.0], [0.0, 2.0, 9.0]])
    y = x.clone()
    assert y.clamp_(T([0.0, 1.0, 2.0]), T([[1.0], [4.0]])) is y
    assert y.tolist() == [[1.0, 1.0, 1.0], [0.0, 2.0, 4.0]]
    y = x.clone()
    assert y.clamp_(0, 1) is y and y.tolist() == [[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]
    y = x.clone()
    assert y.clip_(max=0) is y and y.clamp_min_(-1) is y and y.tolist() == [[0.0, 0.0, -1.0], [0.0, 0.0, 0.0]]
    y = x.clone()
    assert y.clamp_max_(T([2.0, 2.0, 2.0])) is y and y.tolist()[0] == [1.0, 2.0, -3.0]
    out = ember.empty(2, 3, dtype=ember.float64)
    assert ember.clamp(x, 0, 1, out=out) is out and out.tolist() == [[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]
    assert ember.clamp_min(x, T(0.0), out=out) is out and out.tolist()[0] == [1.0, 5.0, 0.0]
    i = T([1, 2, -3])
    for fn in (lambda: i.clamp_(0.5), lambda: i.clamp_(min=T([0.5, 0.0, 0.0])), lambda: i.clamp_min_(0.5)):
        with pytest.raises(RuntimeError, match="clamp.*float32 can't be cast.*int64"):
            fn()
    assert i.tolist() == [1, 2, -3]
    with pytest.raises(RuntimeError, match=r"clamp.*\(3,?\).*\(2, 3\)"):
        ember.zeros(3).clamp_(min=ember.zeros(2, 3))
    with pytest.raises(RuntimeError, match="memory location"):
        ember.zeros(3).as_strided((2, 3), (0, 1)).clamp_(0, 1)


def test_clamp_errors():
    x = T([1.0, 2.0])
    for fn in (lambda: ember.clamp(x), lambda: x.clamp(), lambda: x.clamp_(None, None)):
        with pytest.raises(RuntimeError, match="clamp: at least one of 'min' or 'max'"):
            fn()
    with pytest.raises(NotImplementedError, match="clamp.*complex"):
        ember.clamp(T([1j]), 0, 1)
    with pytest.raises(RuntimeError, match="clamp.*300.*uint8"):
        ember.clamp(T([1, 200], dtype=ember.uint8), 0, 300)
    with pytest.raises(RuntimeError, match="clamp.*float16"):
        ember.clamp(x.to(ember.float16), 0.1, 70000.0)
    with pytest.raises(NotImplementedError, match="clamp_min.*bool"):
        ember.clamp_min(T([True, False]), False)
    with pytest.raises(RuntimeError, match=r"clamp.*\(2,?\).*\(3,?\)"):
        ember.clamp(x, min=T([0.0, 0.0, 0.0]))
    with pytest.raises(TypeError):
        ember.clamp(x, min="0")
    with pytest.raises(TypeError):
        ember.clamp_min(x)  # min is required


# --------------------------------------------------------------------------- sgn, digamma, erfinv


def test_sgn():
    c = ember.sgn(T([3 + 4j, 0j, -2j, complex(nan, 0)]))
    assert c.dtype == ember.complex64
    np.testing.assert_allclose(np.array(c.tolist()), [0.6 + 0.8j, 0, -1j, complex(nan, nan)], equal_nan=True)
    assert ember.sgn(T([-2.0, 0.0, 5.0])).tolist() == [-1.0, 0.0, 1.0]
    assert ember.sgn(T([-2, 0, 5])).tolist() == [-1, 0, 1]
    b = ember.sgn(T([True, False]))
    assert b.dtype == ember.bool and b.tolist() == [True, False]
    y = T([3 + 4j], dtype=ember.complex128)
    assert y.sgn_() is y and y.tolist() == [pytest.approx(0.6 + 0.8j)]


# ψ(x) from PyTorch in float64 and float32.
DIGAMMA_X = [0.5, 1.0, 1.4616321449683623, 2.5, 7.25, 30.0, 1000.5, -0.5, -1.5, -2.25, -10.3, 1e-8, -1e-8]
DIGAMMA_F64 = [-1.9635100260214229, -0.5772156649015328, -4.069010753338098e-16, 0.7031566406452431,
               1.910453526883736, 3.384438132685525, 6.907755320648796, 0.03648997397857639, 0.7031566406452433,
               4.158583564657972, 4.6624034935820875, -100000000.57721564, 99999999.42278431]  # fmt: skip
DIGAMMA_F32 = [-1.9635108709335327, -0.5772159099578857, 1.0710209608078003e-08, 0.7031567692756653,
               1.9104535579681396, 3.3844382762908936, 6.907755374908447, 0.03648991510272026, 0.7031567692756653,
               4.158583641052246, 4.662400722503662, -100000000.0, 100000000.0]  # fmt: skip


def test_digamma_matches_pytorch():
    assert_values(ember.digamma(T(DIGAMMA_X, dtype=ember.float64)), ember.float64, DIGAMMA_F64, 1e-13, 1e-14)
    # PyTorch's float32 digamma is good to a few ulps; ember computes in double and rounds once
    assert_values(ember.digamma(T(DIGAMMA_X)), ember.float32, DIGAMMA_F32, 1e-6, 3e-8)
    r = ember.digamma(T([0.0, -0.0, -1.0, -2.0, inf, -inf, nan], dtype=ember.float64))
    assert_values(r, ember.float64, [-inf, inf, nan, nan, inf, nan, nan])
    assert_values(ember.digamma(T([1, 2, -3])), ember.float32, [-0.5772157, 0.4227843, nan])
    assert_values(ember.digamma(T([True])), ember.float32, [-0.5772157])
    with pytest.raises(NotImplementedError):
        ember.digamma(T([1j]))


ERFINV_Y = [0.0, 0.1, 0.5, -0.75, 0.9, 0.99, 0.999999, -0.9999999999, 1e-10, 0.3]
ERFINV_F64 = [0.0, 0.08885599049425769, 0.4769362762044699, -0.8134198475976185, 1.1630871536766743,
              1.8213863677184494, 3.458910737275499, -4.572824958544925, 8.862269254527581e-11,
              0.2724627147267543]  # fmt: skip
ERFINV_F32 = [0.0, 0.08885598927736282, 0.4769362807273865, -0.8134198188781738, 1.1630871295928955,
              1.8213865756988525, 3.4570746421813965, -inf, 8.862269251785904e-11, 0.27246272563934326]  # fmt: skip
ERFINV_F16 = [0.0, 0.08880615234375, 0.47705078125, -0.8134765625, 1.1630859375, 1.8271484375, inf, -inf, 0.0,
              0.2724609375]  # fmt: skip
ERFINV_BF16 = [0.0, 0.0888671875, 0.4765625, -0.8125, 1.15625, 1.78125, inf, -inf, 8.86757334228605e-11,
               0.2734375]  # fmt: skip


def test_erfinv_matches_pytorch():
    y = T(ERFINV_Y, dtype=ember.float64)
    assert_values(ember.erfinv(y), ember.float64, ERFINV_F64, 1e-13, 1e-300)
    assert_values(ember.erfinv(y.to(ember.float32)), ember.float32, ERFINV_F32, 3e-7, 1e-300)
    assert values(ember.erfinv(y.to(ember.float16))) == ERFINV_F16
    assert values(ember.erfinv(y.to(ember.bfloat16))) == ERFINV_BF16
    r = ember.erfinv(T([1.0, -1.0, 1.5, -2.0, 0.0, -0.0, nan], dtype=ember.float64))
    assert_values(r, ember.float64, [inf, -inf, nan, nan, 0.0, -0.0, nan])
    assert signs(r)[5] == -1.0
    assert_values(ember.erfinv(T([1, 0, 2])), ember.float32, [inf, 0.0, nan])
    with pytest.raises(NotImplementedError):
        ember.erfinv(T([1j]))


def test_erfinv_inverts_erf():
    y = np.linspace(-0.999999, 0.999999, 2001)
    x = ember.erfinv(T(y)).tolist()
    np.testing.assert_allclose([math.erf(v) for v in x], y, rtol=1e-15, atol=2e-16)


# --------------------------------------------------------------------------- isclose, allclose, equal

A = [1.0, nan, inf, -inf, 1e-9, 100.0]
B = [1.00001, nan, inf, inf, 0.0, 100.001]


def test_isclose_matches_pytorch():
    a, b = T(A), T(B)
    assert ember.isclose(a, b).tolist() == [False, False, True, False, True, True]
    assert ember.isclose(a, b, equal_nan=True).tolist() == [False, True, True, False, True, True]
    assert a.isclose(b, rtol=1e-4).tolist() == [True, False, True, False, True, True]
    assert ember.isclose(a, b, 0.0, 0.0).tolist() == [False, False, True, False, False, False]
    # integers and bool compare without wrapping, as PyTorch
    assert ember.isclose(T([1, 2, 100]), T([1, 3, 101]), rtol=0.01, atol=0).tolist() == [True, False, True]
    u = T([3, 5], dtype=ember.uint8)
    assert ember.isclose(u, T([5, 3], dtype=ember.uint8), 0, 3).tolist() == [True, True]
    assert ember.isclose(T([2**62]), T([2**62 + 1]), rtol=0, atol=0).tolist() == [False]
    assert ember.isclose(T([True, False]), T([True, True])).tolist() == [True, False]
    assert ember.isclose(T([True, False]), T([True, True]), rtol=0.5, atol=0.6).tolist() == [True, True]
    c = ember.isclose(
        T([1 + 1j, complex(nan, 0), complex(inf, 1)]),
        T([1 + 1.00001j, complex(nan, 0), complex(inf, 1)]),
        equal_nan=True,
    )
    assert c.tolist() == [True, True, True]
    assert ember.isclose(T([complex(inf, 1)]), T([complex(inf, 2)])).tolist() == [False]
    h = T([1000.0]).to(ember.float16)
    assert ember.isclose(h, T([1000.5]).to(ember.float16), rtol=1e-4, atol=0).tolist() == [False]
    assert ember.isclose(ember.ones(2, 1), ember.ones(3)).tolist() == [[True] * 3] * 2


def test_isclose_errors():
    a = T([1.0, 2.0])
    with pytest.raises(RuntimeError, match="isclose.*float32.*float64"):
        ember.isclose(a, a.to(ember.float64))
    with pytest.raises(RuntimeError, match="isclose.*int64.*float32"):
        ember.isclose(T([1, 2]), a)
    with pytest.raises(RuntimeError, match="isclose: rtol must be greater than or equal to zero"):
        ember.isclose(a, a, rtol=-1)
    with pytest.raises(RuntimeError, match="isclose: atol must be greater than or equal to zero"):
        ember.isclose(a, a, atol=-1)
    with pytest.raises(RuntimeError, match=r"isclose.*\(2,?\).*\(3,?\)"):
        ember.isclose(a, ember.ones(3))
    with pytest.raises(TypeError):
        ember.isclose(a, 1.0)
    with pytest.raises(RuntimeError, match="allclose|isclose"):
        ember.allclose(a, a.to(ember.float64))


def test_allclose():
    a, b = T(A), T(B)
    r = ember.allclose(a, b)
    assert r is False
    assert ember.allclose(a[:1], b[:1], rtol=1e-4) is True
    assert a[:1].allclose(b[:1]) is False
    assert ember.allclose(a[1:3], b[1:3], equal_nan=True) is True
    assert ember.allclose(ember.ones(2, 1), ember.ones(3)) is True
    assert ember.allclose(ember.ones(0), ember.ones(0)) is True
    assert ember.allclose(T([[1.0, 2.0], [3.0, 4.0]]).t(), T([[1.0, 3.0], [2.0, 4.0]])) is True


def test_equal():
    a = T(A)
    assert ember.equal(a[:1], a[:1].clone()) is True
    assert ember.equal(a, a) is False  # NaN != NaN
    assert a[:1].equal(a[:1]) is True
    assert ember.equal(ember.ones(2), ember.ones(3)) is False
    assert ember.equal(ember.ones(2, 1), ember.ones(2)) is False  # broadcastable is not equal
    assert ember.equal(ember.ones(2), ember.ones(2, dtype=ember.int64)) is True  # values after promotion
    assert ember.equal(T([1.5]), T([1])) is False
    assert ember.equal(T([0.0]), T([-0.0])) is True
    assert ember.equal(ember.ones(0), ember.ones(0, 2)) is False
    assert ember.equal(ember.ones(0, 2), ember.ones(0, 2)) is True
    assert ember.equal(T([[1, 2], [3, 4]]).t(), T([[1, 3], [2, 4]])) is True
    with pytest.raises(TypeError):
        ember.equal(ember.ones(2), 1)


# --------------------------------------------------------------------------- NumPy operands


def test_numpy_arrays_as_operands_either_side():
    t = T([1.0, 2.0, 3.0])
    for r in (t + np.ones(3), np.ones(3) + t, ember.add(t, np.ones(3)), ember.add(np.ones(3), t)):
        assert isinstance(r, ember.Tensor) and r.dtype == ember.float64 and r.tolist() == [2.0, 3.0, 4.0]
    r = np.arange(3.0) - t
    assert isinstance(r, ember.Tensor) and r.tolist() == [-1.0, -1.0, -1.0]
    r = np.full(3, 2.0, dtype=np.float32) * t
    assert isinstance(r, ember.Tensor) and r.dtype == ember.float32 and r.tolist() == [2.0, 4.0, 6.0]
    r = np.ones(3) < t
    assert isinstance(r, ember.Tensor) and r.tolist() == [False, True, True]
    r = t == np.array([1.0, 0.0, 3.0])
    assert r.tolist() == [True, False, True]
    # broadcasting, integer arrays, non-contiguous and read-only arrays
    r = t + np.arange(6, dtype=np.int32).reshape(2, 3)
    assert r.dtype == ember.float32 and r.tolist() == [[1.0, 3.0, 5.0], [4.0, 6.0, 8.0]]
    r = t * np.arange(6.0)[::-2]  # negative strides: copied
    assert r.tolist() == [5.0, 6.0, 3.0]
    ro = np.ones(3)
    ro.flags.writeable = False
    assert (t + ro).tolist() == [2.0, 3.0, 4.0]
    # in place: the array is read, the tensor written
    y = t.clone()
    y += np.ones(3)
    assert y.dtype == ember.float32 and y.tolist() == [2.0, 3.0, 4.0]
    assert ember.clamp(t, np.full(3, 1.5), np.full(3, 2.5)).tolist() == [1.5, 2.0, 2.5]
    assert ember.where(t > 1, t, np.zeros(3)).tolist() == [0.0, 2.0, 3.0]


def test_numpy_scalars_as_numbers():
    t = T([1.0, 2.0, 3.0])
    for r in (t * np.float32(2), np.float32(2) * t, np.float64(2) * t, t * np.int64(2), np.int32(2) * t):
        assert isinstance(r, ember.Tensor) and r.dtype == ember.float32 and r.tolist() == [2.0, 4.0, 6.0]
    i = T([1, 2, 3])
    r = i * np.int64(2)
    assert r.dtype == ember.int64 and r.tolist() == [2, 4, 6]
    r = i * np.float64(2.5)
    assert r.dtype == ember.float32 and r.tolist() == [2.5, 5.0, 7.5]
    r = i * np.bool_(True)
    assert r.dtype == ember.int64 and r.tolist() == [1, 2, 3]
    assert (np.int64(2) < i).tolist() == [False, False, True]
    assert ember.clamp(i, np.int64(2)).tolist() == [2, 2, 3]


def test_unknown_operands_still_fail():
    t = T([1.0, 2.0])
    with pytest.raises(TypeError):
        ember.add(t, np.array(["a", "b"]))
    with pytest.raises(TypeError):
        ember.add(t, [1, 2])
    for dtype in (np.uint16, np.uint32, np.longdouble if np.dtype(np.longdouble).itemsize > 8 else np.uint64):
        with pytest.raises(TypeError, match="add: expected a tensor or a number"):
            ember.add(t, np.ones(2, dtype=dtype))  # dtypes ember lacks


# --------------------------------------------------------------------------- errors of the older ops, as PyTorch


def test_internal_overlap_message():
    expanded = ember.zeros(3).as_strided((2, 3), (0, 1))
    message = (
        r"add: unsupported operation: more than one element of the written-to tensor \(shape \(2, 3\), "
        r"strides \(0, 1\)\) refers to a single memory location\. Please clone\(\) the tensor before performing "
        r"the operation\."
    )
    with pytest.raises(RuntimeError, match=message):
        expanded.add_(1)
    with pytest.raises(RuntimeError, match=message):
        ember.add(ember.ones(2, 3), 1, out=expanded)
    for fn in (lambda: expanded.exp_(), lambda: expanded.clamp_(0, 1), lambda: expanded.nan_to_num_()):
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
            fn()


def test_inplace_cast_message_names_op_and_dtypes():
    with pytest.raises(RuntimeError, match="add: result type float32 can't be cast to the desired output type int64"):
        T([1, 2]).add_(0.5)


def test_integer_division_by_zero_names_the_op():
    with pytest.raises(RuntimeError, match=r"floor_divide: ZeroDivisionError.*int64.*\(2,?\)"):
        T([1, 2]) // T([0, 1])
    with pytest.raises(RuntimeError, match="remainder: ZeroDivisionError"):
        T([1, 2], dtype=ember.int8) % 0


# --------------------------------------------------------------------------- random parameters and shapes

_floats = st.floats(-50, 50, allow_nan=False, width=32)


@settings(max_examples=60, deadline=None)
@given(
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=4),
    seed=st.integers(0, 2**32 - 1),
)
def test_hypothesis_clamp_tensor_bounds(shapes, seed):
    rng = np.random.default_rng(seed)
    x, lo, hi = (rng.uniform(-5, 5, s).astype(np.float32) for s in shapes.input_shapes)
    x = np.where(rng.random(x.shape) < 0.1, np.float32(nan), x)
    expected = np.minimum(np.maximum(x, lo), hi)  # NaN-propagating, min > max gives max
    r = ember.clamp(T(x), T(lo), T(hi))
    assert tuple(r.shape) == shapes.result_shape
    np.testing.assert_array_equal(r.numpy(), expected)
    r = ember.clamp_min(T(x), T(lo))
    np.testing.assert_array_equal(r.numpy(), np.maximum(x, lo))


@settings(max_examples=60, deadline=None)
@given(slope=_floats, alpha=_floats, scale=_floats, beta=st.floats(0.1, 5), threshold=st.floats(0, 30))
def test_hypothesis_activation_parameters(slope, alpha, scale, beta, threshold):
    x = np.linspace(-6, 6, 25)
    t = T(x)  # float64
    np.testing.assert_allclose(F.leaky_relu(t, slope).numpy(), np.where(x > 0, x, x * slope), rtol=1e-12)
    np.testing.assert_allclose(
        F.elu(t, alpha, scale, 0.5).numpy(), np.where(x > 0, x * scale, alpha * scale * np.expm1(x * 0.5)), rtol=1e-12
    )
    np.testing.assert_allclose(
        F.softplus(t, beta, threshold).numpy(),
        np.where(x * beta > threshold, x, np.log1p(np.exp(x * beta)) / beta),
        rtol=1e-12,
    )


@settings(max_examples=60, deadline=None)
@given(rtol=st.floats(0, 1), atol=st.floats(0, 1), equal_nan=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_hypothesis_isclose(rtol, atol, equal_nan, seed):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-3, 3, 30)
    b = a + rng.normal(0, 0.5, 30)
    a[::7], b[::5] = nan, nan
    expected = np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    assert ember.isclose(T(a), T(b), rtol, atol, equal_nan).tolist() == expected.tolist()
    assert ember.allclose(T(a), T(b), rtol, atol, equal_nan) == bool(expected.all())
