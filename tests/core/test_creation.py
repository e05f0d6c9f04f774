"""Creating tensors: ember.tensor, zeros/ones/empty/full and arange."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember

ALL_DTYPES = [
    ember.bool,
    ember.uint8,
    ember.int8,
    ember.int16,
    ember.int32,
    ember.int64,
    ember.float16,
    ember.bfloat16,
    ember.float32,
    ember.float64,
    ember.complex64,
    ember.complex128,
]
SHAPES = [(), (0,), (3,), (2, 3), (2, 0, 4), (1, 2, 3, 4)]


def contiguous_strides(shape):
    strides, running = [], 1
    for s in reversed(shape):
        strides.append(running)
        running *= max(s, 1)
    return tuple(reversed(strides))


def nested(shape, value):
    if not shape:
        return value
    return [nested(shape[1:], value) for _ in range(shape[0])]


# ------------------------------------------------------------ zeros/ones/full


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=repr)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("fn, value", [(ember.zeros, 0), (ember.ones, 1)], ids=["zeros", "ones"])
def test_zeros_ones_every_dtype_and_shape(fn, value, shape, dtype):
    t = fn(*shape, dtype=dtype)
    assert t.shape == shape and isinstance(t.shape, ember.Size)
    assert t.dtype is dtype
    assert t.ndim == t.dim() == len(shape)
    assert t.numel() == math.prod(shape)
    assert t.stride() == contiguous_strides(shape)
    assert t.is_contiguous() and t.storage_offset() == 0
    assert t.requires_grad is False
    assert t.tolist() == nested(shape, value)  # True == 1, 0.0 == 0, 0j == 0


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=repr)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_empty_has_shape_and_dtype(shape, dtype):
    t = ember.empty(*shape, dtype=dtype)
    assert t.shape == shape and t.dtype is dtype
    assert t.stride() == contiguous_strides(shape)
    assert t.numel() == math.prod(shape)


@pytest.mark.parametrize(
    "dtype, value, expected",
    [
        (ember.bool, True, True),
        (ember.bool, 7, True),
        (ember.bool, 0.0, False),
        (ember.uint8, 200, 200),
        (ember.uint8, 2.9, 2),
        (ember.int8, -100, -100),
        (ember.int16, 1234, 1234),
        (ember.int32, -(2**31), -(2**31)),
        (ember.int64, 2**62 + 1, 2**62 + 1),
        (ember.int64, -1.5, -1),
        (ember.float16, 0.1, 0.0999755859375),
        (ember.float16, 1e-8, 0.0),
        (ember.bfloat16, 0.1, 0.10009765625),
        (ember.float32, True, 1.0),
        (ember.float32, 0.1, 0.10000000149011612),
        (ember.float64, 0.1, 0.1),
        (ember.float64, 2**53 + 1, 9007199254740992.0),
        (ember.complex64, 1.5 - 2j, 1.5 - 2j),
        (ember.complex128, 3 + 4j, 3 + 4j),
        (ember.complex128, 2, 2 + 0j),
    ],
)
def test_full_converts_value_to_dtype(dtype, value, expected):
    t = ember.full((2, 3), value, dtype=dtype)
    assert t.dtype is dtype and t.shape == (2, 3)
    assert t.tolist() == [[expected] * 3] * 2


@pytest.mark.parametrize(
    "value, dtype",
    [
        (True, ember.bool),
        (False, ember.bool),
        (3, ember.int64),
        (2**62, ember.int64),
        (2.5, ember.float32),
        (1j, ember.complex64),
    ],
)
def test_full_infers_dtype_from_value(value, dtype):
    t = ember.full((2,), value)
    assert t.dtype is dtype
    assert t.tolist() == [value, value]


def test_full_with_one_element_tensor_value():
    assert ember.full((2,), ember.tensor(2.5)).tolist() == [2.5, 2.5]
    assert ember.full((1,), ember.tensor([7]), dtype=ember.int32).tolist() == [7]


def test_full_0d_and_empty():
    assert ember.full((), 7).shape == ()
    assert ember.full((), 7).item() == 7
    assert ember.full([0, 2], 1.0).shape == (0, 2)
    assert ember.full([2], 1.5, dtype=ember.complex128).tolist() == [1.5 + 0j, 1.5 + 0j]


@pytest.mark.parametrize(
    "args",
    [(2, 3), ((2, 3),), ([2, 3],), (ember.Size([2, 3]),), (np.int64(2), np.int32(3)), ((np.int64(2), 3),)],
    ids=["varargs", "tuple", "list", "Size", "numpy-ints", "tuple-numpy-int"],
)
@pytest.mark.parametrize("fn", [ember.zeros, ember.ones, ember.empty], ids=lambda f: f.__name__)
def test_size_forms(fn, args):
    assert fn(*args).shape == (2, 3)


@pytest.mark.parametrize("fn", [ember.zeros, ember.ones, ember.empty], ids=lambda f: f.__name__)
def test_no_size_or_empty_tuple_is_0d(fn):
    assert fn().shape == ()
    assert fn(()).shape == ()
    assert fn([]).shape == ()
    assert fn().numel() == 1


def test_ones_has_ones_in_numpy():
    np.testing.assert_array_equal(ember.ones(2, 3, dtype=ember.int16).numpy(), np.ones((2, 3), np.int16))
    np.testing.assert_array_equal(ember.zeros(4, dtype=ember.complex64).numpy(), np.zeros(4, np.complex64))


def test_high_rank_shapes():
    shape = (2, 1, 3, 1, 2, 2, 1, 3)  # more dims than the inline size vector holds
    t = ember.ones(*shape)
    assert t.shape == shape and t.stride() == contiguous_strides(shape)
    assert t.numel() == 72


def test_requires_grad_on_factories():
    for t in (
        ember.zeros(2, requires_grad=True),
        ember.ones(2, dtype=ember.float64, requires_grad=True),
        ember.empty(2, requires_grad=True),
        ember.full((2,), 1.0, requires_grad=True),
        ember.arange(3.0, requires_grad=True),
        ember.tensor([1.0], requires_grad=True),
        ember.tensor([1 + 1j], requires_grad=True),
    ):
        assert t.requires_grad is True
    t = ember.zeros(2)
    t.requires_grad = True
    assert t.requires_grad
    t.requires_grad = False
    assert not t.requires_grad


def test_device_arguments():
    for dev in (None, "cpu", ember.device("cpu"), "cpu:0"):
        t = ember.zeros(2, device=dev)
        assert t.device.type == "cpu"
    assert ember.tensor([1], device="cpu").device == ember.device("cpu")
    assert str(ember.ones(1).device) == "cpu"
    assert repr(ember.ones(1).device) == "device(type='cpu')"
    assert ember.ones(1).is_cuda is False


# --------------------------------------------------------------- ember.tensor


@pytest.mark.parametrize(
    "data, dtype",
    [
        (3, ember.int64),
        (2.5, ember.float32),
        (True, ember.bool),
        (1 + 2j, ember.complex64),
        ([1, 2, 3], ember.int64),
        ([1, 2.5], ember.float32),
        ([True, 2], ember.int64),
        ([True, False], ember.bool),
        ([1, 2.0, 3j], ember.complex64),
        ((1, 2.5), ember.float32),
        ([[1, 2], (3, 4)], ember.int64),
        ([], ember.float32),
    ],
)
def test_tensor_dtype_inference(data, dtype):
    t = ember.tensor(data)
    assert t.dtype is dtype
    expected = np.array(data).tolist()
    assert t.tolist() == expected


@pytest.mark.parametrize(
    "data, shape",
    [
        (5, ()),
        ([], (0,)),
        ([[], []], (2, 0)),
        ([[[]]], (1, 1, 0)),
        ([[1, 2, 3]], (1, 3)),
        ([[[1], [2]], [[3], [4]]], (2, 2, 1)),
    ],
)
def test_tensor_shapes(data, shape):
    t = ember.tensor(data)
    assert t.shape == shape
    assert t.numel() == math.prod(shape)
    if t.numel():
        assert t.tolist() == data


def test_tensor_deep_nesting():
    data = nested((2, 1, 2, 1, 2, 1, 2, 1), 0)
    data[1][0][1][0][1][0][1][0] = 9
    t = ember.tensor(data)
    assert t.shape == (2, 1, 2, 1, 2, 1, 2, 1)
    assert t.tolist() == data
    assert t[1, 0, 1, 0, 1, 0, 1, 0].item() == 9


def test_tensor_int64_extremes_are_exact():
    t = ember.tensor([2**63 - 1, -(2**63), 2**53 + 1])
    assert t.dtype is ember.int64
    assert t.tolist() == [2**63 - 1, -(2**63), 2**53 + 1]


@pytest.mark.parametrize(
    "data, dtype, expected",
    [
        ([1.7, -1.7], ember.int32, [1, -1]),
        ([0, 2], ember.bool, [False, True]),
        (3.0, ember.bool, True),
        ([True, False], ember.float64, [1.0, 0.0]),
        ([1, 2], ember.complex64, [1 + 0j, 2 + 0j]),
        ([1.5 + 2j], ember.complex128, [1.5 + 2j]),
        ([0.1], ember.float64, [0.1]),
        ([0.1], ember.bfloat16, [0.10009765625]),
        ([65520.0], ember.float16, [math.inf]),
        ([255], ember.uint8, [255]),
        ([-128, 127], ember.int8, [-128, 127]),
    ],
)
def test_tensor_explicit_dtype(data, dtype, expected):
    t = ember.tensor(data, dtype=dtype)
    assert t.dtype is dtype
    assert t.tolist() == expected


def test_tensor_huge_int_with_float_dtype():
    # torch.tensor([2**70], dtype=torch.float64) gives 1.1806e+21: with a
    # floating dtype the int is converted, not checked against int64.
    t = ember.tensor([2**70], dtype=ember.float64)
    assert t.tolist() == [float(2**70)]


def test_tensor_from_tensors():
    src = ember.tensor([1, 2, 3])
    t = ember.tensor(src)
    assert t is not src and t.data_ptr() != src.data_ptr()
    assert t.dtype is ember.int64 and t.tolist() == [1, 2, 3]
    # It is a copy: writing the copy leaves the source alone.
    t.copy_(ember.tensor([7, 8, 9]))
    assert src.tolist() == [1, 2, 3]
    assert ember.tensor(src, dtype=ember.float64).tolist() == [1.0, 2.0, 3.0]
    assert ember.tensor(src[::2]).tolist() == [1, 3]
    assert ember.tensor([ember.tensor(1), ember.tensor(2)]).tolist() == [1, 2]
    assert ember.tensor([[ember.tensor(1.5)], [2]]).tolist() == [[1.5], [2.0]]


@pytest.mark.parametrize(
    "data, dtype, value",
    [
        (np.float64(2.5), ember.float64, 2.5),
        (np.float32(1.5), ember.float32, 1.5),
        (np.float16(1.5), ember.float16, 1.5),
        (np.int32(3), ember.int32, 3),
        (np.int64(-3), ember.int64, -3),
        (np.uint8(200), ember.uint8, 200),
        (np.bool_(True), ember.bool, True),
        (np.complex64(1 + 2j), ember.complex64, 1 + 2j),
        (np.array(3.5), ember.float64, 3.5),
    ],
)
def test_tensor_from_numpy_scalars(data, dtype, value):
    t = ember.tensor(data)
    assert t.shape == () and t.dtype is dtype
    assert t.item() == value


def test_numpy_bools_in_a_list_make_a_bool_tensor():
    b = ember.tensor([np.bool_(True), np.bool_(False)])
    assert (b.dtype, b.tolist()) == (ember.bool, [True, False])


def test_numpy_complex64_in_a_list_keeps_its_imaginary_part():
    # np.complex64 is not a Python complex subclass; its value must survive.
    c = ember.tensor([np.complex64(1 + 2j), 3])
    assert c.dtype.is_complex
    assert c.tolist() == [1 + 2j, 3 + 0j]


def test_tensor_takes_dtype_of_numpy_scalars_and_0d_tensors_in_lists():
    # torch.tensor promotes between the dtypes of NumPy scalars and 0-d tensors
    # inside a list (expectations from torch 2.13).
    cases = [
        ([np.float64(1.5), 2], ember.float64),
        ([np.int32(1)], ember.int32),
        ([np.int8(1), np.int16(2)], ember.int16),
        ([np.float16(1.5)], ember.float16),
        ([np.float32(1.5), np.int64(2)], ember.float32),
        ([ember.tensor(1.5, dtype=ember.float64)], ember.float64),
        ([ember.tensor(1, dtype=ember.int8)], ember.int8),
    ]
    got = [ember.tensor(data).dtype for data, _ in cases]
    assert got == [dtype for _, dtype in cases]
    assert ember.tensor([np.float64(0.1)]).item() == 0.1


def test_tensor_from_numpy_arrays_copies_and_keeps_dtype():
    for npd, dtype in [
        (np.int16, ember.int16),
        (np.float64, ember.float64),
        (np.bool_, ember.bool),
        (np.complex128, ember.complex128),
    ]:
        arr = np.arange(6).reshape(2, 3).astype(npd)
        t = ember.tensor(arr)
        assert t.dtype is dtype and t.shape == (2, 3)
        assert t.tolist() == arr.tolist()
        assert t.data_ptr() != arr.ctypes.data
    arr = np.arange(3.0)
    t = ember.tensor(arr)
    arr[0] = 100
    assert t.tolist() == [0.0, 1.0, 2.0]


def test_tensor_from_numpy_array_with_dtype():
    t = ember.tensor(np.array([1, 2]), dtype=ember.float32)
    assert t.dtype is ember.float32 and t.tolist() == [1.0, 2.0]
    assert ember.tensor(np.float32(2.5), dtype=ember.float64).dtype is ember.float64


def test_tensor_from_non_contiguous_and_non_native_numpy():
    arr = np.arange(12).reshape(3, 4)
    assert ember.tensor(arr[:, ::2]).tolist() == arr[:, ::2].tolist()
    assert ember.tensor(arr.T).tolist() == arr.T.tolist()
    assert ember.tensor(arr[::-1]).tolist() == arr[::-1].tolist()
    big = np.arange(3, dtype=">i4")
    t = ember.tensor(big)
    assert t.dtype is ember.int32 and t.tolist() == [0, 1, 2]


def test_tensor_requires_grad_and_device():
    t = ember.tensor([1.0, 2.0], requires_grad=True, device="cpu")
    assert t.requires_grad and t.device == ember.device("cpu")
    assert ember.tensor([1.0]).requires_grad is False


# --------------------------------------------------------------------- arange

INT_RANGES = [
    (5,),
    (0,),
    (1, 10),
    (1, 10, 3),
    (10, 1, -3),
    (-5, 5, 3),
    (5, 5),
    (0, -5, -1),
    (-7, 7, 7),
    (3, 4, 100),
]
FLOAT_RANGES = [
    (2.5,),
    (0.0, 1.0, 0.1),
    (1, 2.5, 0.5),
    (0.5, 3),
    (-1.5, 1.5, 0.5),
    (10, 0, -2.5),
    (0.1, 0.5, 0.1),
    (0, 5, 0.25),
    (1.0, 4.0),
    (0, 1, 1 / 3),
]


@pytest.mark.parametrize("args", INT_RANGES, ids=str)
def test_arange_int_matches_numpy(args):
    t = ember.arange(*args)
    expected = np.arange(*args)
    assert t.dtype is ember.int64
    assert t.shape == expected.shape
    assert t.tolist() == expected.tolist()


@pytest.mark.parametrize("args", FLOAT_RANGES, ids=str)
def test_arange_float_matches_numpy(args):
    t = ember.arange(*args)
    expected = np.arange(*args, dtype=np.float64)
    assert t.dtype is ember.float32
    assert t.shape == expected.shape
    # start + i * step, computed in double and rounded once to float32.
    start, step = (0.0, 1.0) if len(args) == 1 else (args[0], args[2] if len(args) == 3 else 1)
    assert t.tolist() == [float(np.float32(start + i * step)) for i in range(len(expected))]
    np.testing.assert_allclose(t.numpy(), expected.astype(np.float32), rtol=1e-6, atol=1e-7)
    t64 = ember.arange(*args, dtype=ember.float64)
    assert t64.tolist() == [start + i * step for i in range(len(expected))]
    np.testing.assert_allclose(t64.numpy(), expected, rtol=1e-12)


@settings(max_examples=75, deadline=None)
@given(
    st.integers(-50, 50),
    st.integers(-50, 50),
    st.integers(-7, 7).filter(lambda s: s != 0),
)
def test_arange_int_hypothesis(start, end, step):
    if (step > 0 and end < start) or (step < 0 and end > start):
        with pytest.raises(RuntimeError):
            ember.arange(start, end, step)
        return
    assert ember.arange(start, end, step).tolist() == list(range(start, end, step))


@settings(max_examples=75, deadline=None)
@given(
    st.floats(-100, 100, allow_nan=False),
    st.floats(0.01, 50, allow_nan=False),
    st.floats(0.05, 10, allow_nan=False),
)
def test_arange_float_length_matches_numpy(start, length, step):
    end = start + length
    t = ember.arange(start, end, step, dtype=ember.float64)
    expected = np.arange(start, end, step, dtype=np.float64)
    assert t.shape == expected.shape
    np.testing.assert_allclose(t.numpy(), expected, rtol=1e-9, atol=1e-9)


def test_arange_exact_beyond_2_53():
    assert ember.arange(2**53, 2**53 + 4).tolist() == [2**53, 2**53 + 1, 2**53 + 2, 2**53 + 3]
    assert ember.arange(-(2**63), -(2**63) + 2).tolist() == [-(2**63), -(2**63) + 1]
    assert ember.arange(2**40, 2**40 + 3).tolist() == [2**40, 2**40 + 1, 2**40 + 2]


@pytest.mark.parametrize(
    "dtype, expected",
    [
        (ember.uint8, [0, 1, 2, 3, 4]),
        (ember.int32, [0, 1, 2, 3, 4]),
        (ember.float16, [0.0, 1.0, 2.0, 3.0, 4.0]),
        (ember.bfloat16, [0.0, 1.0, 2.0, 3.0, 4.0]),
        (ember.float64, [0.0, 1.0, 2.0, 3.0, 4.0]),
    ],
)
def test_arange_dtypes(dtype, expected):
    t = ember.arange(5, dtype=dtype)
    assert t.dtype is dtype and t.tolist() == expected


def test_arange_dtype_inference_and_scalar_types():
    assert ember.arange(1, 4, 1.0).dtype is ember.float32
    assert ember.arange(3.0).tolist() == [0.0, 1.0, 2.0]
    assert ember.arange(0, 10, 3, dtype=ember.float32).tolist() == [0.0, 3.0, 6.0, 9.0]
    assert ember.arange(5.0, dtype=ember.int32).tolist() == [0, 1, 2, 3, 4]
    assert ember.arange(ember.tensor(3)).tolist() == [0, 1, 2]
    assert ember.arange(np.int64(3)).tolist() == [0, 1, 2]
    assert ember.arange(0, 5, 2).is_contiguous()


@pytest.mark.parametrize(
    "args",
    [(0, 10, 0), (0, 1, 0.0), (10, 0), (0, 10, -1), (-3,), (float("inf"),), (float("nan"),), (0, float("-inf"), -1)],
    ids=str,
)
def test_arange_bad_ranges_raise(args):
    with pytest.raises(RuntimeError):
        ember.arange(*args)


@pytest.mark.parametrize("dtype", [ember.bool, ember.complex64, ember.complex128])
def test_arange_unsupported_dtypes_raise(dtype):
    with pytest.raises(RuntimeError):
        ember.arange(3, dtype=dtype)


# ------------------------------------------------------------------ as_tensor


def test_as_tensor_returns_the_same_tensor_when_nothing_changes():
    t = ember.ones(2)
    assert ember.as_tensor(t) is t
    assert ember.as_tensor(t, dtype=ember.float32) is t
    assert ember.as_tensor(t, device="cpu") is t
    converted = ember.as_tensor(t, dtype=ember.float64)
    assert converted.dtype is ember.float64 and converted.data_ptr() != t.data_ptr()


@pytest.mark.parametrize(
    "npd, dtype",
    [
        (np.bool_, ember.bool),
        (np.uint8, ember.uint8),
        (np.int8, ember.int8),
        (np.int16, ember.int16),
        (np.int32, ember.int32),
        (np.int64, ember.int64),
        (np.float16, ember.float16),
        (np.float32, ember.float32),
        (np.float64, ember.float64),
        (np.complex64, ember.complex64),
        (np.complex128, ember.complex128),
    ],
)
def test_as_tensor_shares_memory_with_numpy_arrays(npd, dtype):
    arr = np.zeros((2, 3), dtype=npd)
    for t in (ember.as_tensor(arr), ember.as_tensor(arr, dtype=dtype)):
        assert t.dtype is dtype and t.shape == (2, 3)
        arr[1, 2] = 1
        assert t.tolist()[1][2] == 1  # the write shows through
        arr[1, 2] = 0


def test_as_tensor_converts_when_the_dtype_differs_and_keeps_strides_when_shared():
    arr = np.arange(3.0)
    t = ember.as_tensor(arr, dtype=ember.float32)
    arr[0] = 9
    assert t.dtype is ember.float32 and t.tolist() == [0.0, 1.0, 2.0]
    strided = np.arange(12.0).reshape(3, 4)[:, ::2]
    s = ember.as_tensor(strided)
    strided[0, 0] = 7
    assert s.stride() == (4, 2) and s.tolist() == strided.tolist()


def test_as_tensor_of_python_data_and_numpy_scalars():
    assert ember.as_tensor([1, 2]).dtype is ember.int64
    assert ember.as_tensor(3.0).tolist() == 3.0
    assert ember.as_tensor([1, 2], dtype=ember.float64).tolist() == [1.0, 2.0]
    assert ember.as_tensor(np.float32(2)).dtype is ember.float32
    assert ember.as_tensor([np.float64(1.5)]).dtype is ember.float64


def test_as_tensor_errors_like_torch():
    with pytest.raises(ValueError, match="negative"):
        ember.as_tensor(np.arange(3.0)[::-1])
    with pytest.raises(ValueError, match="big-endian"):
        ember.as_tensor(np.arange(3, dtype=">f4"))
    with pytest.raises(TypeError, match="can't convert a NumPy array of dtype <U1"):
        ember.as_tensor(np.array(["a"]))
    if not ember.cuda.is_available():
        with pytest.raises(RuntimeError, match="CUDA is not available"):
            ember.as_tensor(ember.ones(1), device="cuda")
    ro = np.arange(3.0)
    ro.flags.writeable = False
    with pytest.warns(UserWarning, match="not writable"):
        assert ember.as_tensor(ro).tolist() == [0.0, 1.0, 2.0]


# ------------------------------------------------------------------- *_like


def _like_inputs():
    base = ember.arange(24.0).as_strided((2, 3, 4), (12, 4, 1))
    return {
        "contiguous": base,
        "transposed": ember.empty(3, 4).t(),
        "expanded": ember.empty(3, 1).as_strided((3, 4), (1, 0)),
        "stepped": ember.empty(4, 6)._slice(0, 0, 4, 2)._slice(1, 0, 6, 3),
        "0-d": ember.tensor(2.5),
        "empty": ember.empty(0, 3),
    }


# (input, expected strides) from torch.empty_like in torch 2.13
LIKE_STRIDES = [
    (lambda: ember.empty(3, 4).t(), (1, 4)),
    (lambda: ember.empty(3, 1).as_strided((3, 4), (1, 0)), (4, 1)),
    (lambda: ember.empty(4, 6)._slice(0, 0, 4, 2)._slice(1, 0, 6, 3), (2, 1)),
    (lambda: ember.empty(24).as_strided((4, 2, 3), (1, 12, 4)), (1, 12, 4)),
    (lambda: ember.empty(24).as_strided((2, 2, 3), (2, 12, 4)), (1, 6, 2)),
    (lambda: ember.empty(12).as_strided((3, 1, 4), (4, 100, 1)), (4, 100, 1)),
    (lambda: ember.empty(6).as_strided((2, 5, 3), (3, 0, 1)), (15, 3, 1)),
    (lambda: ember.empty(8).as_strided((2, 2), (2, 2)), (2, 1)),
    (lambda: ember.empty(8).as_strided((3, 2), (1, 1)), (2, 1)),
    (lambda: ember.empty(2, 3, 4), (12, 4, 1)),
    (lambda: ember.tensor(1.0), ()),
]


@pytest.mark.parametrize("make, strides", LIKE_STRIDES)
@pytest.mark.parametrize("fn", [ember.empty_like, ember.zeros_like, ember.ones_like], ids=lambda f: f.__name__)
def test_like_keeps_the_memory_layout_as_torch(fn, make, strides):
    src = make()
    out = fn(src)
    assert out.shape == src.shape and out.stride() == strides and out.dtype is src.dtype
    assert out.data_ptr() != src.data_ptr()


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=repr)
@pytest.mark.parametrize("name", ["contiguous", "transposed", "expanded", "stepped", "0-d", "empty"])
def test_zeros_ones_full_like_values(name, dtype):
    src = _like_inputs()[name]
    shape = tuple(src.shape)
    z = ember.zeros_like(src, dtype=dtype)
    o = ember.ones_like(src, dtype=dtype)
    f = ember.full_like(src, 1, dtype=dtype)
    assert z.dtype is o.dtype is f.dtype is dtype
    assert z.tolist() == nested(shape, 0) and o.tolist() == nested(shape, 1) and f.tolist() == nested(shape, 1)
    assert ember.empty_like(src, dtype=dtype).shape == shape


def test_like_dtype_follows_input_and_full_like_converts_value():
    t = ember.ones(3, 2, dtype=ember.int32).t()
    f = ember.full_like(t, 2.7)
    assert f.dtype is ember.int32 and f.tolist() == [[2, 2, 2]] * 2 and f.stride() == (1, 2)
    assert ember.full_like(t, 2.5, dtype=ember.float64).tolist() == [[2.5] * 3] * 2
    assert ember.ones_like(t, dtype=ember.float64).dtype is ember.float64
    assert ember.zeros_like(ember.ones(2), requires_grad=True).requires_grad
    assert ember.full_like(ember.ones(2, dtype=ember.bool), 5).tolist() == [True, True]
    assert ember.full_like(ember.ones(1, dtype=ember.complex64), 1 - 2j).tolist() == [1 - 2j]


@pytest.mark.parametrize(
    "dtype, value",
    [(ember.uint8, 300), (ember.uint8, -300), (ember.int8, 128.0), (ember.int64, 1 + 1j), (ember.float16, 1e6)],
)
def test_full_like_rejects_values_that_do_not_fit(dtype, value):
    with pytest.raises(RuntimeError, match=r"full_like: value .* cannot be converted to type"):
        ember.full_like(ember.ones(2, dtype=dtype), value)


@pytest.mark.parametrize("fn", [ember.zeros_like, ember.ones_like, ember.empty_like], ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad", [[1, 2], np.ones(2), 3.0])
def test_like_needs_a_tensor(fn, bad):
    with pytest.raises(TypeError, match=rf"{fn.__name__}\(\): argument 'input' \(position 1\) must be Tensor"):
        fn(bad)
    with pytest.raises(TypeError, match="full_like"):
        ember.full_like(bad, 1)


# ------------------------------------------------------------- Tensor.new_*


def test_new_factories_take_dtype_and_device_from_self():
    t = ember.ones(2, 3, dtype=ember.int32).t()
    for out in (t.new_zeros(2, 3), t.new_zeros((2, 3)), t.new_ones([2, 3]), t.new_empty(2, 3)):
        assert out.dtype is ember.int32 and out.shape == (2, 3) and out.stride() == (3, 1)
    assert t.new_zeros(2, 3).tolist() == [[0] * 3] * 2
    assert t.new_ones(2).tolist() == [1, 1]
    assert t.new_empty(0).shape == (0,)
    assert t.new_zeros(()).shape == ()
    full = t.new_full((2,), 2.5)
    assert full.dtype is ember.int32 and full.tolist() == [2, 2]
    assert t.new_zeros(2, dtype=ember.float64).dtype is ember.float64
    assert t.new_full((1,), 1.5, dtype=ember.float64).tolist() == [1.5]
    assert t.new_zeros(2).device == t.device
    assert ember.ones(1).new_ones(2, requires_grad=True).requires_grad


def test_new_tensor_copies_data_in_self_dtype():
    t = ember.ones(2, dtype=ember.int32)
    assert t.new_tensor([1.5, 2]).tolist() == [1, 2] and t.new_tensor([1.5]).dtype is ember.int32
    assert t.new_tensor([1.5, 2], dtype=ember.float64).tolist() == [1.5, 2.0]
    d = ember.ones(2, dtype=ember.float64)
    src = ember.tensor([1, 2], dtype=ember.int32)
    copy = d.new_tensor(src)
    assert copy.dtype is ember.float64 and copy.data_ptr() != src.data_ptr()
    assert d.new_tensor(np.array([1, 2], dtype=np.int32)).dtype is ember.float64


def test_new_factories_errors():
    t = ember.ones(2, dtype=ember.int32)
    with pytest.raises(TypeError, match="size"):
        t.new_full(2, 1)
    with pytest.raises(TypeError):
        t.new_zeros()
    with pytest.raises(RuntimeError, match="cannot be converted to type uint8"):
        t.new_full((2,), 300, dtype=ember.uint8)
    with pytest.raises(RuntimeError, match="floating point and complex"):
        t.new_zeros(2, requires_grad=True)


# --------------------------------------------------------------- fill_/zero_


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=repr)
def test_fill_and_zero_every_dtype_and_layout(dtype):
    for t in (
        ember.ones(2, 3, dtype=dtype),
        ember.ones(3, 2, dtype=dtype).t(),
        ember.ones(4, dtype=dtype)._slice(0, 0, 4, 2),
    ):
        version = t._version
        assert t.fill_(1) is t
        assert t.tolist() == nested(tuple(t.shape), 1)
        assert t.zero_() is t
        assert t.tolist() == nested(tuple(t.shape), 0)
        assert t._version == version + 2  # each in-place write counts
    assert ember.ones((), dtype=dtype).fill_(0).item() == 0
    assert ember.ones(0, dtype=dtype).fill_(1).shape == (0,)


def test_fill_writes_through_views_only():
    base = ember.zeros(3, 4)
    base.select(1, 2).fill_(7.5)
    assert base.tolist() == [[0.0, 0.0, 7.5, 0.0]] * 3
    ember.ones(1).as_strided((3,), (0,)).fill_(2)  # an expanded target is fine, as in torch


@pytest.mark.parametrize(
    "dtype, value, expected",
    [
        (ember.uint8, -1, 255),
        (ember.uint8, 2.7, 2),
        (ember.uint8, 1 + 0j, 1),
        (ember.bool, 5, True),
        (ember.int8, True, 1),
        (ember.float16, float("inf"), math.inf),
        (ember.float32, 0.1, 0.10000000149011612),
        (ember.complex64, 1 - 2j, 1 - 2j),
    ],
)
def test_fill_converts_numbers_like_torch(dtype, value, expected):
    assert ember.ones(2, dtype=dtype).fill_(value).tolist() == [expected, expected]


@pytest.mark.parametrize(
    "dtype, value",
    [
        (ember.uint8, 300),
        (ember.uint8, -300),
        (ember.uint8, 1e10),
        (ember.uint8, 1 + 1j),
        (ember.int8, -129),
        (ember.int8, 128.0),
        (ember.int8, -128.9),
        (ember.int64, 2**63),
        (ember.float32, 1e300),
        (ember.float16, 1e6),
        (ember.float32, 1j),
    ],
)
def test_fill_rejects_numbers_that_do_not_fit(dtype, value):
    t = ember.ones(2, dtype=dtype)
    with pytest.raises((RuntimeError, OverflowError), match="fill_"):
        t.fill_(value)


def test_fill_with_a_0d_tensor_converts_like_a_copy():
    assert ember.ones(2, dtype=ember.uint8).fill_(ember.tensor(3)).tolist() == [3, 3]
    assert ember.ones(2, dtype=ember.uint8).fill_(ember.tensor(300)).tolist() == [44, 44]  # wraps, as in torch
    assert ember.ones(2, dtype=ember.uint8).fill_(ember.tensor(2.5)).tolist() == [2, 2]
    assert ember.zeros(2, dtype=ember.complex64).fill_(ember.tensor(1 + 1j)).tolist() == [1 + 1j, 1 + 1j]
    with pytest.raises(RuntimeError, match="fill_: only supports a 0-dimension value tensor"):
        ember.ones(2).fill_(ember.tensor([3.0]))
    for bad in ("a", None, [1]):
        with pytest.raises(TypeError, match="fill_"):
            ember.ones(2).fill_(bad)


# ------------------------------------------------------------ linspace/logspace


def _torch_linspace(start, end, steps, dtype):
    """PyTorch's formula in NumPy: ends in the dtype, then start + i * step for
    the first half and end - (steps - 1 - i) * step for the rest, each
    operation rounded to dtype (doubles and truncation for integers)."""
    if steps == 1:
        return np.array([start], dtype=dtype)
    calc = np.float64 if np.issubdtype(dtype, np.integer) else dtype
    a, b = calc(dtype(start)), calc(dtype(end))
    step = calc(calc(b - a) / calc(steps - 1))
    half = steps // 2
    vals = [a + calc(step * calc(i)) if i < half else b - calc(step * calc(steps - 1 - i)) for i in range(steps)]
    return np.array([calc(v) for v in vals]).astype(dtype)


@pytest.mark.parametrize(
    "start, end, steps",
    [(0, 1, 5), (-3.7, 11.3, 7), (3, -2, 9), (0.1, 0.7, 64), (0, 1, 2), (5, 5, 4), (-1e3, 3e3, 33), (0, 1, 1000)],
)
@pytest.mark.parametrize(
    "dtype, npd",
    [(ember.float32, np.float32), (ember.float64, np.float64), (ember.float16, np.float16)],
    ids=["float32", "float64", "float16"],
)
def test_linspace_float_matches_torch_formula_and_numpy(start, end, steps, dtype, npd):
    t = ember.linspace(start, end, steps, dtype=dtype)
    assert t.dtype is dtype and t.shape == (steps,)
    np.testing.assert_array_equal(t.numpy(), _torch_linspace(start, end, steps, npd))
    tol = {np.float16: 2e-3, np.float32: 1e-6, np.float64: 1e-13}[npd]
    ref = np.linspace(npd(start), npd(end), steps, dtype=np.float64)
    np.testing.assert_allclose(t.numpy().astype(np.float64), ref, rtol=tol, atol=tol * max(abs(start), abs(end), 1))
    assert t.tolist()[0] == float(npd(start)) and t.tolist()[-1] == float(npd(end))  # both ends exact


@pytest.mark.parametrize(
    "start, end, steps, dtype, expected",
    [  # from torch 2.13
        (0, 10, 5, ember.int64, [0, 2, 5, 7, 10]),
        (0, 10, 4, ember.int32, [0, 3, 6, 10]),
        (-5, 5, 7, ember.int64, [-5, -3, -1, 0, 1, 3, 5]),
        (10, 0, 7, ember.int64, [10, 8, 6, 5, 3, 1, 0]),
        (0.5, 7.9, 5, ember.int64, [0, 1, 3, 5, 7]),
        (0, 255, 4, ember.uint8, [0, 85, 170, 255]),
        (-1, 3, 5, ember.uint8, [255, 192, 129, 66, 3]),
        (0, 1, 5, ember.bfloat16, [0.0, 0.25, 0.5, 0.75, 1.0]),
        (-3, 7, 9, ember.bfloat16, [-3.0, -1.75, -0.5, 0.75, 2.0, 3.25, 4.5, 5.75, 7.0]),
        (1, 2, 3, ember.complex64, [1 + 0j, 1.5 + 0j, 2 + 0j]),
        (1 + 1j, 2, 3, None, [1 + 1j, 1.5 + 0.5j, 2 + 0j]),
        (
            -3.7,
            11.3,
            7,
            None,
            [
                -3.700000047683716,
                -1.2000000476837158,
                1.2999999523162842,
                3.8000001907348633,
                6.300000190734863,
                8.800000190734863,
                11.300000190734863,
            ],
        ),
    ],
)
def test_linspace_known_torch_values(start, end, steps, dtype, expected):
    assert ember.linspace(start, end, steps, dtype=dtype).tolist() == expected


def test_linspace_long_float16_and_bfloat16_match_torch():
    # torch 2.13 values: 16-bit floats round after every operation.
    assert ember.linspace(0, 1, 4000, dtype=ember.float16)[::397].tolist() == [
        0.0, 0.09930419921875, 0.1986083984375, 0.2978515625, 0.397216796875, 0.496337890625,
        0.595703125, 0.69482421875, 0.7939453125, 0.8935546875, 0.99267578125,
    ]  # fmt: skip
    assert ember.linspace(-3, 7, 301, dtype=ember.bfloat16)[::37].tolist() == [
        -3.0, -1.765625, -0.53125, 0.71875, 1.9375, 3.15625, 4.375, 5.625, 6.875,
    ]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.integers(-1000, 1000), st.integers(-1000, 1000), st.integers(2, 300))
def test_linspace_int_hypothesis(start, end, steps):
    step = (end - start) / (steps - 1)
    expected = [
        math.trunc(start + step * i) if i < steps // 2 else math.trunc(end - step * (steps - 1 - i))
        for i in range(steps)
    ]
    assert ember.linspace(start, end, steps, dtype=ember.int64).tolist() == expected


def test_linspace_dtypes_and_edge_cases():
    assert ember.linspace(0, 1, 3).dtype is ember.float32
    assert ember.linspace(1j, 2, 3).dtype is ember.complex64
    assert ember.linspace(ember.tensor(0), 2, 3).dtype is ember.float32
    assert ember.linspace(ember.tensor(0.0), ember.tensor(1.0), 3).tolist() == [0.0, 0.5, 1.0]
    ember.set_default_dtype(ember.float64)
    assert ember.linspace(0, 1, 3).dtype is ember.float64 and ember.linspace(1j, 2, 3).dtype is ember.complex128
    ember.set_default_dtype(ember.float32)
    assert ember.linspace(0, 1, 0).shape == (0,)
    assert ember.linspace(3, 1, 1).tolist() == [3.0]
    assert ember.linspace(0, 1, True).tolist() == [0.0]
    assert ember.linspace(0, 1, np.int64(2)).tolist() == [0.0, 1.0]
    assert all(math.isnan(v) for v in ember.linspace(float("nan"), 1, 3).tolist())
    assert ember.linspace(0, 1, 3, requires_grad=True).requires_grad
    assert ember.linspace(0, 1, steps=3, dtype=ember.float64).tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize("fn", [ember.linspace, ember.logspace], ids=lambda f: f.__name__)
def test_linspace_logspace_errors(fn):
    name = fn.__name__
    with pytest.raises(RuntimeError, match=f"{name}: number of steps must be non-negative"):
        fn(0, 1, -1)
    for bad in (2.5, None, "3"):
        with pytest.raises(TypeError, match=f"{name}\\(\\): argument 'steps' must be int"):
            fn(0, 1, bad)
    with pytest.raises(NotImplementedError, match=f"{name}: not implemented for dtype bool"):
        fn(0, 1, 3, dtype=ember.bool)
    with pytest.raises(RuntimeError, match="complex"):
        fn(1 + 1j, 2, 3, dtype=ember.float32)
    with pytest.raises(RuntimeError, match="cannot be converted to type uint8"):
        fn(0, 300, 4, dtype=ember.uint8)
    with pytest.raises(RuntimeError, match="cannot be converted to type float16"):
        fn(0, 1e6, 3, dtype=ember.float16)
    with pytest.raises(RuntimeError, match="0-dimensional start and end"):
        fn(ember.tensor([0.0, 1.0]), 1.0, 3)


def _torch_logspace(start, end, steps, base, dtype):
    """The exponents in double from the ends converted to dtype, one rounding at the end."""
    a, b = float(dtype(start)), float(dtype(end))
    if steps == 1:
        b = a
    step = (b - a) / (steps - 1) if steps > 1 else 0.0
    exps = [a + step * i if i < steps // 2 else b - step * (steps - 1 - i) for i in range(steps)]
    return [base**e for e in exps]


@pytest.mark.parametrize(
    "start, end, steps, base",
    [(0, 2, 3, 10.0), (-2, 2, 5, 10.0), (0, 5, 11, 2.0), (-3.1, 4.7, 101, 3.3), (0, 1, 1, 10.0), (1, 2, 1, 10.0)],
)
@pytest.mark.parametrize(
    "dtype, npd",
    [(ember.float32, np.float32), (ember.float64, np.float64), (ember.float16, np.float16)],
    ids=["float32", "float64", "float16"],
)
def test_logspace_float_matches_numpy(start, end, steps, base, dtype, npd):
    t = ember.logspace(start, end, steps, base=base, dtype=dtype)
    assert t.dtype is dtype and t.shape == (steps,)
    expected = np.array(_torch_logspace(start, end, steps, base, npd)).astype(npd)
    np.testing.assert_array_equal(t.numpy(), expected)
    if steps > 1:
        ref = np.logspace(float(npd(start)), float(npd(end)), steps, base=base)
        np.testing.assert_allclose(
            t.numpy().astype(np.float64), ref, rtol={np.float16: 2e-3, np.float32: 1e-6, np.float64: 1e-12}[npd]
        )


@pytest.mark.parametrize(
    "args, kwargs, expected",
    [  # from torch 2.13
        ((0, 2, 3), {}, [1.0, 10.0, 100.0]),
        ((0, 2, 5), {"dtype": ember.int64}, [1, 3, 10, 31, 100]),
        ((0, 3, 4), {"base": 2, "dtype": ember.int32}, [1, 2, 4, 8]),
        ((-1, 1, 3), {"dtype": ember.int64}, [0, 1, 10]),
        ((0.5, 2.5, 3), {"base": 3, "dtype": ember.int64}, [1, 3, 9]),
        ((0, 2, 3), {"base": 2.5, "dtype": ember.int64}, [1, 2, 6]),
        ((0, 2, 3), {"base": -2}, [1.0, -2.0, 4.0]),
        ((0, 1, 3), {"dtype": ember.float16}, [1.0, 3.162109375, 10.0]),
        ((0, 1, 3), {"dtype": ember.complex64}, [1 + 0j, 3.1622776985168457 + 0j, 10 + 0j]),
        ((0, 10, 11), {"dtype": ember.uint8}, [1, 10, 100, 232, 16, 160, 64, 128, 0, 0, 0]),
        ((0, 60, 7), {"base": 2, "dtype": ember.int64}, [2**k for k in range(0, 61, 10)]),
        ((1, 2, 1), {}, [10.0]),
        ((0, 1, 0), {}, []),
    ],
)
def test_logspace_known_torch_values(args, kwargs, expected):
    assert ember.logspace(*args, **kwargs).tolist() == expected


def test_logspace_dtype_and_base_checks():
    assert ember.logspace(0, 1, 3).dtype is ember.float32
    assert ember.logspace(0, 1, 3, dtype=ember.float64).dtype is ember.float64
    for bad in ("a", None, 1j):
        with pytest.raises(TypeError, match="logspace\\(\\): argument 'base' must be float"):
            ember.logspace(0, 1, 3, base=bad)


# ------------------------------------------------------------------------ eye


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=repr)
@pytest.mark.parametrize("n, m", [(3, None), (2, 3), (3, 2), (0, None), (0, 3), (3, 0), (1, 1), (5, 5)])
def test_eye_matches_numpy(n, m, dtype):
    t = ember.eye(n, m, dtype=dtype)
    rows, cols = n, n if m is None else m
    assert t.dtype is dtype and t.shape == (rows, cols) and t.is_contiguous()
    assert t.tolist() == np.eye(rows, cols).astype(int).tolist()


def test_eye_defaults_and_errors():
    assert ember.eye(2).dtype is ember.float32
    assert ember.eye(2, m=3).shape == (2, 3)
    assert ember.eye(np.int64(2)).shape == (2, 2)
    assert ember.eye(2, requires_grad=True).requires_grad
    with pytest.raises(RuntimeError, match="eye: n must be greater or equal to 0, got -1"):
        ember.eye(-1)
    with pytest.raises(RuntimeError, match="eye: m must be greater or equal to 0, got -1"):
        ember.eye(2, -1)
    with pytest.raises(TypeError, match="eye\\(\\): argument 'n' must be int, not float"):
        ember.eye(2.0)
