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
