"""dtypes: their attributes, the default dtype, and element conversion with .to(dtype)."""

import math
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ember

# (dtype, name, itemsize, is_floating_point, is_complex, numpy dtype or None)
DTYPES = [
    (ember.bool, "bool", 1, False, False, np.bool_),
    (ember.uint8, "uint8", 1, False, False, np.uint8),
    (ember.int8, "int8", 1, False, False, np.int8),
    (ember.int16, "int16", 2, False, False, np.int16),
    (ember.int32, "int32", 4, False, False, np.int32),
    (ember.int64, "int64", 8, False, False, np.int64),
    (ember.float16, "float16", 2, True, False, np.float16),
    (ember.bfloat16, "bfloat16", 2, True, False, None),
    (ember.float32, "float32", 4, True, False, np.float32),
    (ember.float64, "float64", 8, True, False, np.float64),
    (ember.complex64, "complex64", 8, False, True, np.complex64),
    (ember.complex128, "complex128", 16, False, True, np.complex128),
]
ALL = [d[0] for d in DTYPES]
ids = [d[1] for d in DTYPES]


@pytest.mark.parametrize("dtype, name, itemsize, is_fp, is_complex, _np", DTYPES, ids=ids)
def test_dtype_attributes(dtype, name, itemsize, is_fp, is_complex, _np):
    assert repr(dtype) == f"ember.{name}"
    assert getattr(ember, name) is dtype
    assert isinstance(dtype, ember.dtype)
    assert dtype.itemsize == itemsize
    assert dtype.is_floating_point is is_fp
    assert dtype.is_complex is is_complex


@pytest.mark.parametrize("dtype, name, itemsize, is_fp, is_complex, _np", DTYPES, ids=ids)
def test_tensor_reports_its_dtype_and_element_size(dtype, name, itemsize, is_fp, is_complex, _np):
    t = ember.zeros(2, 3, dtype=dtype)
    assert t.dtype is dtype
    assert t.element_size() == itemsize


def test_dtypes_are_distinct_and_hashable():
    assert len(set(ALL)) == 12
    assert len({hash(d) for d in ALL}) == 12
    assert ember.float32 == ember.float32
    assert ember.float32 != ember.float64


def test_is_signed():
    assert not ember.bool.is_signed
    assert not ember.uint8.is_signed
    for d in (ember.int8, ember.int16, ember.int32, ember.int64, ember.float16, ember.bfloat16, ember.float32):
        assert d.is_signed, d


@pytest.mark.parametrize(
    "alias, dtype",
    [
        ("half", ember.float16),
        ("float", ember.float32),
        ("double", ember.float64),
        ("short", ember.int16),
        ("int", ember.int32),
        ("long", ember.int64),
        ("cfloat", ember.complex64),
        ("cdouble", ember.complex128),
    ],
)
def test_aliases(alias, dtype):
    assert getattr(ember, alias) is dtype


def test_dtypes_pickle_to_the_same_objects():
    # As torch dtypes do. dtype.__reduce__ names "ember.float32", which pickle
    # looks up on the class's module, ember._C.
    assert pickle.loads(pickle.dumps(ALL)) == ALL
    assert all(a is b for a, b in zip(pickle.loads(pickle.dumps(ALL)), ALL, strict=True))


def test_default_dtype_is_float32():
    assert ember.get_default_dtype() is ember.float32
    assert ember.tensor(1.5).dtype is ember.float32
    assert ember.zeros(2).dtype is ember.float32


def test_set_default_dtype_float64_changes_inference():
    ember.set_default_dtype(ember.float64)
    assert ember.get_default_dtype() is ember.float64
    assert ember.tensor([1.5]).dtype is ember.float64
    assert ember.tensor([1 + 2j]).dtype is ember.complex128
    assert ember.full((2,), 1j).dtype is ember.complex128
    assert ember.zeros(2).dtype is ember.float64
    assert ember.ones(2).dtype is ember.float64
    assert ember.empty(2).dtype is ember.float64
    assert ember.full((2,), 0.5).dtype is ember.float64
    assert ember.arange(0.0, 1.0, 0.5).dtype is ember.float64
    # Ints and bools are unaffected.
    assert ember.tensor([1]).dtype is ember.int64
    assert ember.tensor([True]).dtype is ember.bool
    assert ember.arange(3).dtype is ember.int64


def test_set_default_dtype_float64_keeps_precision():
    ember.set_default_dtype(ember.float64)
    assert ember.tensor(0.1).item() == 0.1
    ember.set_default_dtype(ember.float32)
    assert ember.tensor(0.1).item() == 0.10000000149011612


@pytest.mark.parametrize("dtype", [ember.int64, ember.int32, ember.bool, ember.uint8, ember.complex64])
def test_set_default_dtype_rejects_non_floating(dtype):
    with pytest.raises(TypeError):
        ember.set_default_dtype(dtype)
    assert ember.get_default_dtype() is ember.float32


# ---------------------------------------------------------------- conversions


def _numpy(t):
    return t.numpy() if t.dtype is not ember.bfloat16 else t.to(ember.float32).numpy()


NP_DTYPES = [d for d in DTYPES if d[5] is not None]


@pytest.mark.parametrize("src", NP_DTYPES, ids=[d[1] for d in NP_DTYPES])
@pytest.mark.parametrize("dst", NP_DTYPES, ids=[d[1] for d in NP_DTYPES])
def test_to_matches_numpy_astype(src, dst):
    # Values chosen to be exactly representable in every source dtype and
    # inside every destination's range, so the cast is well defined in C.
    base = np.array([0, 1, 2, 7, 0, 1, 100, 3], dtype=np.float64)
    if src[0] is not ember.bool and src[0] is not ember.uint8 and dst[0] not in (ember.uint8, ember.bool):
        base = base * np.array([1, -1, 1, -1, 1, 1, -1, 1])
    arr = base.astype(src[5])
    t = ember.from_numpy(arr)
    out = t.to(dst[0])
    assert out.dtype is dst[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        expected = arr.astype(dst[5])
    np.testing.assert_array_equal(out.numpy(), expected)


def test_float_to_int_truncates_toward_zero():
    t = ember.tensor([1.5, -1.5, 2.7, -2.7, 0.9, -0.9, 100.99])
    for dtype, npd in (
        (ember.int32, np.int32),
        (ember.int64, np.int64),
        (ember.int16, np.int16),
        (ember.int8, np.int8),
    ):
        out = t.to(dtype)
        assert out.tolist() == [1, -1, 2, -2, 0, 0, 100]
        np.testing.assert_array_equal(out.numpy(), t.numpy().astype(npd))


def test_to_bool_tests_nonzero():
    assert ember.tensor([0.0, -0.0, 0.1, float("nan"), float("inf")]).to(ember.bool).tolist() == [
        False,
        False,
        True,
        True,
        True,
    ]
    assert ember.tensor([0, 3, -1]).to(ember.bool).tolist() == [False, True, True]
    assert ember.tensor([1.5 + 2j, 0j, 1j]).to(ember.bool).tolist() == [True, False, True]


def test_bool_to_numbers():
    b = ember.tensor([True, False])
    assert b.to(ember.float16).tolist() == [1.0, 0.0]
    assert b.to(ember.bfloat16).tolist() == [1.0, 0.0]
    assert b.to(ember.int64).tolist() == [1, 0]
    assert b.to(ember.complex64).tolist() == [1 + 0j, 0j]


def test_complex_to_real_keeps_real_part():
    t = ember.tensor([1.5 + 2j, -3.25 - 4j, 0j])
    assert t.to(ember.float32).tolist() == [1.5, -3.25, 0.0]
    assert t.to(ember.float64).tolist() == [1.5, -3.25, 0.0]
    assert t.to(ember.int32).tolist() == [1, -3, 0]
    assert t.to(ember.float16).tolist() == [1.5, -3.25, 0.0]
    np.testing.assert_array_equal(t.to(ember.float32).numpy(), t.numpy().real.astype(np.float32))


def test_real_to_complex_has_zero_imaginary_part():
    assert ember.tensor([1.0, -2.0]).to(ember.complex64).tolist() == [1 + 0j, -2 + 0j]
    assert ember.tensor([3]).to(ember.complex128).tolist() == [3 + 0j]


def test_integer_narrowing_wraps_like_numpy():
    # Tensor-to-tensor integer casts wrap (two's complement), as in PyTorch and NumPy.
    t = ember.tensor([300, -1, 256, -129, 128])
    assert t.to(ember.uint8).tolist() == [44, 255, 0, 127, 128]
    assert t.to(ember.int8).tolist() == [44, -1, 0, 127, -128]
    np.testing.assert_array_equal(t.to(ember.int8).numpy(), t.numpy().astype(np.int8))


def test_int64_extremes_to_float():
    assert ember.tensor([2**63 - 1]).to(ember.float32).tolist() == [9.223372036854776e18]
    assert ember.tensor([-(2**63)]).to(ember.float64).tolist() == [-9.223372036854776e18]


def test_float64_overflow_to_float32_is_inf():
    t = ember.tensor([1e39, -1e39], dtype=ember.float64)
    assert t.to(ember.float32).tolist() == [math.inf, -math.inf]
    assert t.to(ember.bfloat16).tolist() == [math.inf, -math.inf]
    assert t.to(ember.float16).tolist() == [math.inf, -math.inf]


def test_float16_known_values():
    # From torch 2.13: RNE, the largest half, overflow at 65520 and subnormals.
    t = ember.tensor([65504.0, 65519.0, 65520.0, 1e-8, 6e-8, 3e-8, -65520.0])
    assert t.to(ember.float16).tolist() == [
        65504.0,
        65504.0,
        math.inf,
        0.0,
        5.960464477539063e-08,
        5.960464477539063e-08,
        -math.inf,
    ]
    assert ember.tensor(0.1, dtype=ember.float16).item() == 0.0999755859375
    assert ember.tensor(2.5, dtype=ember.float16).item() == 2.5


def test_float64_to_float16_goes_through_float32_like_torch():
    t = ember.tensor([1.0009765625, 1.00048828125, 1.0014648437], dtype=ember.float64)
    assert t.to(ember.float16).tolist() == [1.0009765625, 1.0, 1.001953125]


def test_bfloat16_known_values():
    # From torch 2.13; 1.00390625 is a tie and rounds to even (1.0), the next
    # representable float32 above it rounds up.
    t = ember.tensor([1.00390625, 1.01171875, 1.0078125, 1.00390625 + 1e-7, 3.0e38, 1e-40])
    assert t.to(ember.bfloat16).tolist() == [
        1.0,
        1.015625,
        1.0078125,
        1.0078125,
        3.00405527047391e38,
        9.183549615799121e-41,
    ]
    assert ember.tensor(0.1, dtype=ember.bfloat16).item() == 0.10009765625


def test_nan_and_inf_survive_half_precision():
    t = ember.tensor([float("nan"), float("inf"), -float("inf")])
    for dtype in (ember.float16, ember.bfloat16):
        out = t.to(dtype).tolist()
        assert math.isnan(out[0]) and out[1:] == [math.inf, -math.inf]
        back = t.to(dtype).to(ember.float32).tolist()
        assert math.isnan(back[0]) and back[1:] == [math.inf, -math.inf]


def _bfloat16_reference(a):
    """Round float32 to bfloat16 (round to nearest even), returned as float32."""
    bits = a.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    out = (rounded & 0xFFFFFFFF).astype(np.uint32).view(np.float32)
    return np.where(np.isnan(a), np.float32(np.nan), out)


finite_f32 = hnp.arrays(
    np.float32,
    st.integers(0, 64),
    elements=st.floats(width=32, allow_nan=False, allow_infinity=True),
)


@settings(max_examples=100, deadline=None)
@given(finite_f32)
def test_float32_to_float16_matches_numpy(arr):
    out = ember.from_numpy(arr).to(ember.float16).numpy()
    with np.errstate(over="ignore"):
        np.testing.assert_array_equal(out, arr.astype(np.float16))


@settings(max_examples=100, deadline=None)
@given(finite_f32)
def test_float32_to_bfloat16_matches_bit_rounding(arr):
    out = ember.from_numpy(arr).to(ember.bfloat16).to(ember.float32).numpy()
    np.testing.assert_array_equal(out, _bfloat16_reference(arr))


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.float16, st.integers(0, 32), elements=st.floats(width=16, allow_nan=False)))
def test_float16_widens_exactly(arr):
    out = ember.from_numpy(arr).to(ember.float32).numpy()
    np.testing.assert_array_equal(out, arr.astype(np.float32))
    out64 = ember.from_numpy(arr).to(ember.float64).numpy()
    np.testing.assert_array_equal(out64, arr.astype(np.float64))


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.int64, st.integers(0, 32), elements=st.integers(-(2**40), 2**40)))
def test_int64_to_float_matches_numpy(arr):
    t = ember.from_numpy(arr)
    np.testing.assert_array_equal(t.to(ember.float64).numpy(), arr.astype(np.float64))
    np.testing.assert_array_equal(t.to(ember.float32).numpy(), arr.astype(np.float32))
    np.testing.assert_array_equal(t.to(ember.int16).numpy(), arr.astype(np.int16))


def test_to_same_dtype_returns_self_unless_copy():
    t = ember.tensor([1.0, 2.0])
    assert t.to(ember.float32) is t
    assert t.to() is t
    c = t.to(ember.float32, copy=True)
    assert c is not t and c.data_ptr() != t.data_ptr() and c.tolist() == t.tolist()


def test_to_other_tensor_and_device_forms():
    t = ember.tensor([1.5, 2.5])
    other = ember.zeros(1, dtype=ember.float64)
    assert t.to(other).dtype is ember.float64
    assert t.to("cpu") is t
    assert t.to(ember.device("cpu"), ember.int32).tolist() == [1, 2]
    assert t.to(dtype=ember.float16, device="cpu").dtype is ember.float16
    if not ember.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            t.to("cuda")


def test_to_preserves_shape_of_non_contiguous_view():
    base = ember.from_numpy(np.arange(12, dtype=np.float32).reshape(3, 4))
    view = base.t()[::2]
    out = view.to(ember.int32)
    assert out.shape == (2, 3)
    assert out.tolist() == [[0, 4, 8], [2, 6, 10]]
    assert out.is_contiguous()


@pytest.mark.parametrize(
    "dtype, value, pytype",
    [
        (ember.bool, True, bool),
        (ember.uint8, 200, int),
        (ember.int8, -5, int),
        (ember.int16, 1000, int),
        (ember.int32, -70000, int),
        (ember.int64, 2**40, int),
        (ember.float16, 1.5, float),
        (ember.bfloat16, -2.0, float),
        (ember.float32, 0.25, float),
        (ember.float64, 0.1, float),
        (ember.complex64, 1 + 2j, complex),
        (ember.complex128, -0.5j, complex),
    ],
)
def test_item_returns_python_scalar(dtype, value, pytype):
    v = ember.tensor(value, dtype=dtype).item()
    assert type(v) is pytype
    assert v == value


# ------------------------------------------------------------- finfo / iinfo

# (dtype, bits, eps, max, tiny, resolution, name) from torch.finfo in torch 2.13
FINFO = [
    (ember.float16, 16, 0.0009765625, 65504.0, 6.103515625e-05, 0.001, "float16"),
    (ember.bfloat16, 16, 0.0078125, 3.3895313892515355e38, 1.1754943508222875e-38, 0.01, "bfloat16"),
    (ember.float32, 32, 1.1920928955078125e-07, 3.4028234663852886e38, 1.1754943508222875e-38, 1e-06, "float32"),
    (ember.float64, 64, 2.220446049250313e-16, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-15, "float64"),
    (ember.complex64, 32, 1.1920928955078125e-07, 3.4028234663852886e38, 1.1754943508222875e-38, 1e-06, "float32"),
    (ember.complex128, 64, 2.220446049250313e-16, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-15, "float64"),
]


@pytest.mark.parametrize("dtype, bits, eps, max_, tiny, resolution, name", FINFO, ids=lambda v: repr(v))
def test_finfo_values(dtype, bits, eps, max_, tiny, resolution, name):
    f = ember.finfo(dtype)
    assert (f.bits, f.eps, f.max, f.min, f.tiny, f.smallest_normal, f.resolution, f.dtype) == (
        bits,
        eps,
        max_,
        -max_,
        tiny,
        tiny,
        resolution,
        name,
    )
    assert all(type(v) is float for v in (f.eps, f.max, f.min, f.tiny, f.resolution))
    assert ember.finfo(type=dtype) == f


@pytest.mark.parametrize(
    "npd, dtype", [(np.float16, ember.float16), (np.float32, ember.float32), (np.float64, ember.float64)]
)
def test_finfo_agrees_with_numpy(npd, dtype):
    f, n = ember.finfo(dtype), np.finfo(npd)
    assert (f.bits, f.eps, f.max, f.min, f.tiny, f.resolution) == (
        n.bits,
        float(n.eps),
        float(n.max),
        float(n.min),
        float(n.smallest_normal),
        10.0**-n.precision,  # NumPy stores it in the dtype itself: 0.001 isn't exact in float16
    )


def test_bfloat16_finfo_from_its_bits():
    # 8 exponent bits like float32, 7 mantissa bits: max is 0x7f7f, eps 2**-7.
    f = ember.finfo(ember.bfloat16)
    assert f.max == ember.tensor(f.max, dtype=ember.bfloat16).item() == float.fromhex("0x1.fep127")
    assert ember.tensor(3.4e38, dtype=ember.bfloat16).item() == math.inf  # past max + half a step
    assert ember.tensor(1 + f.eps, dtype=ember.bfloat16).item() == 1 + f.eps
    assert ember.tensor(1 + f.eps / 4, dtype=ember.bfloat16).item() == 1.0


def test_finfo_default_and_repr():
    assert ember.finfo().dtype == "float32"
    ember.set_default_dtype(ember.float64)
    assert ember.finfo().dtype == "float64"
    ember.set_default_dtype(ember.float32)
    assert repr(ember.finfo(ember.float32)) == (
        "finfo(resolution=1e-06, min=-3.40282e+38, max=3.40282e+38, eps=1.19209e-07, smallest_normal=1.17549e-38, "
        "tiny=1.17549e-38, dtype=float32)"
    )
    assert repr(ember.finfo(ember.float16)) == (
        "finfo(resolution=0.001, min=-65504, max=65504, eps=0.000976562, smallest_normal=6.10352e-05, "
        "tiny=6.10352e-05, dtype=float16)"
    )
    assert ember.finfo(ember.float32) != ember.finfo(ember.float64)


@pytest.mark.parametrize(
    "dtype, bits, min_, max_",
    [
        (ember.uint8, 8, 0, 255),
        (ember.int8, 8, -128, 127),
        (ember.int16, 16, -32768, 32767),
        (ember.int32, 32, -(2**31), 2**31 - 1),
        (ember.int64, 64, -(2**63), 2**63 - 1),
    ],
)
def test_iinfo_values(dtype, bits, min_, max_):
    i = ember.iinfo(dtype)
    assert (i.bits, i.min, i.max, i.dtype) == (bits, min_, max_, repr(dtype).removeprefix("ember."))
    n = np.iinfo(repr(dtype).removeprefix("ember."))
    assert (i.bits, i.min, i.max) == (n.bits, n.min, n.max)
    assert ember.full((1,), max_, dtype=dtype).item() == max_


def test_iinfo_repr():
    assert repr(ember.iinfo(ember.int8)) == "iinfo(min=-128, max=127, dtype=int8)"
    assert repr(ember.iinfo(ember.int32)) == "iinfo(min=-2.14748e+09, max=2.14748e+09, dtype=int32)"


def test_finfo_iinfo_errors_like_torch():
    for d in (ember.int32, ember.uint8, ember.bool):
        with pytest.raises(TypeError, match="finfo\\(\\) requires a floating point or complex dtype"):
            ember.finfo(d)
    for d in (ember.float32, ember.complex64, ember.bfloat16):
        with pytest.raises(TypeError, match="iinfo\\(\\) requires an integer dtype"):
            ember.iinfo(d)
    with pytest.raises(TypeError, match="ember.bool is not supported by ember.iinfo"):
        ember.iinfo(ember.bool)
    for bad in ("float32", 1, None, np.float32):
        with pytest.raises(TypeError, match="argument 'type' \\(position 1\\) must be ember.dtype"):
            ember.iinfo(bad)
        if bad is not None:
            with pytest.raises(TypeError, match="argument 'type' \\(position 1\\) must be ember.dtype"):
                ember.finfo(bad)


# ------------------------------------------------- dtype tests, Tensor.type()


@pytest.mark.parametrize("dtype, name, itemsize, is_fp, is_complex, _np", DTYPES, ids=ids)
def test_is_floating_point_and_is_complex(dtype, name, itemsize, is_fp, is_complex, _np):
    t = ember.zeros(2, dtype=dtype)
    assert ember.is_floating_point(t) is t.is_floating_point() is is_fp
    assert ember.is_complex(t) is t.is_complex() is is_complex
    assert ember.is_tensor(t) is True


def test_is_tensor_and_predicates_need_tensors():
    for obj in (1, 1.0, [1.0], np.ones(2), None):
        assert ember.is_tensor(obj) is False
    for fn in (ember.is_floating_point, ember.is_complex):
        with pytest.raises(
            TypeError, match=f"{fn.__name__}\\(\\): argument 'input' \\(position 1\\) must be Tensor, not float"
        ):
            fn(1.0)


TYPE_NAMES = [
    (ember.bool, "ember.BoolTensor"),
    (ember.uint8, "ember.ByteTensor"),
    (ember.int8, "ember.CharTensor"),
    (ember.int16, "ember.ShortTensor"),
    (ember.int32, "ember.IntTensor"),
    (ember.int64, "ember.LongTensor"),
    (ember.float16, "ember.HalfTensor"),
    (ember.bfloat16, "ember.BFloat16Tensor"),
    (ember.float32, "ember.FloatTensor"),
    (ember.float64, "ember.DoubleTensor"),
    (ember.complex64, "ember.ComplexFloatTensor"),
    (ember.complex128, "ember.ComplexDoubleTensor"),
]


@pytest.mark.parametrize("dtype, type_name", TYPE_NAMES, ids=[n for _, n in TYPE_NAMES])
def test_tensor_type_names_and_conversions(dtype, type_name):
    t = ember.ones(2, 2, dtype=dtype)
    assert t.type() == type_name
    assert t.type(dtype) is t and t.type(type_name) is t
    f = ember.tensor([[1.5, 0.0]]).type(type_name)
    assert f.dtype is dtype and f.type() == type_name
    assert ember.tensor([1.5]).type(dtype=dtype).dtype is dtype


def test_tensor_type_errors():
    t = ember.ones(2)
    for bad in ("torch.IntTensor", "ember.int32", "int32", "ember.NopeTensor"):
        with pytest.raises(ValueError, match=f"invalid type: '{bad}'"):
            t.type(bad)
    with pytest.raises(ValueError, match="invalid type: 'type'"):
        t.type(int)
    if not ember.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            t.type("ember.cuda.FloatTensor")
