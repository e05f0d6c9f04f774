"""Zero-copy exchange with NumPy: ember.from_numpy, Tensor.numpy, __array__."""

import gc
import importlib.util
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import ember

PAIRS = [
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
]
pair_ids = [np.dtype(n).name for n, _ in PAIRS]


def sample(npd, shape=(2, 3)):
    n = int(np.prod(shape))
    if npd is np.bool_:
        return (np.arange(n) % 3 == 0).reshape(shape)
    arr = np.arange(n).reshape(shape).astype(npd)
    if np.dtype(npd).kind == "c":
        arr = arr + 1j * np.arange(n).reshape(shape)[::-1].astype(npd)
    return arr


@pytest.mark.parametrize("npd, dtype", PAIRS, ids=pair_ids)
def test_dtype_round_trip(npd, dtype):
    arr = sample(npd)
    t = ember.from_numpy(arr)
    assert t.dtype is dtype
    assert t.shape == arr.shape
    assert t.tolist() == arr.tolist()
    back = t.numpy()
    assert back.dtype == np.dtype(npd)
    np.testing.assert_array_equal(back, arr)
    assert np.shares_memory(back, arr)


@pytest.mark.parametrize("npd, dtype", PAIRS, ids=pair_ids)
def test_tensor_to_numpy_dtypes(npd, dtype):
    t = ember.ones(3, dtype=dtype)
    arr = t.numpy()
    assert arr.dtype == np.dtype(npd)
    assert arr.shape == (3,)
    np.testing.assert_array_equal(arr, np.ones(3, dtype=npd))


def test_from_numpy_is_zero_copy_both_ways():
    arr = np.zeros((2, 3), dtype=np.float32)
    t = ember.from_numpy(arr)
    assert t.data_ptr() == arr.ctypes.data
    arr[1, 2] = 5.0
    assert t[1, 2].item() == 5.0
    t[0].copy_(ember.tensor([1.0, 2.0, 3.0]))
    assert arr[0].tolist() == [1.0, 2.0, 3.0]


def test_numpy_is_zero_copy_both_ways():
    t = ember.zeros(2, 3, dtype=ember.int32)
    arr = t.numpy()
    assert arr.ctypes.data == t.data_ptr()
    arr[0, 1] = 7
    assert t[0, 1].item() == 7
    t[1].copy_(ember.tensor([4, 5, 6]))
    assert arr[1].tolist() == [4, 5, 6]


@pytest.mark.parametrize(
    "make",
    [
        lambda a: a[:, ::2],
        lambda a: a.T,
        lambda a: a[1:3, 2:5],
        lambda a: a[::2, ::3].T,
        lambda a: a[None],
        lambda a: a[:, 1],
        lambda a: a[:, 1:2],
        lambda a: a[3],
        lambda a: a[::2],
    ],
    ids=["cols-step", "T", "block", "step-T", "newaxis", "column", "col-slice", "row", "step-rows"],
)
def test_from_numpy_non_contiguous_keeps_strides_and_values(make):
    base = np.arange(24, dtype=np.float32).reshape(4, 6)
    view = make(base)
    t = ember.from_numpy(view)
    assert t.shape == view.shape
    assert t.stride() == tuple(s // 4 for s in view.strides)
    assert t.is_contiguous() == view.flags.c_contiguous
    assert t.tolist() == view.tolist()
    assert t.data_ptr() == view.ctypes.data
    # Still zero-copy: writes through the tensor land in the base array.
    if view.base is not None and np.shares_memory(view, base):
        t.copy_(ember.full(tuple(t.shape), -1.0))
        assert (view == -1).all()


def test_numpy_of_views_keeps_strides_and_memory():
    t = ember.from_numpy(np.arange(12, dtype=np.int64).reshape(3, 4)).clone()
    for v, expected in [
        (t.t(), np.arange(12).reshape(3, 4).T),
        (t[1:, ::2], np.arange(12).reshape(3, 4)[1:, ::2]),
        (t[:, 3], np.arange(12).reshape(3, 4)[:, 3]),
        (t.unsqueeze(1), np.arange(12).reshape(3, 1, 4)),
        (t[2, 1], np.array(9)),
    ]:
        arr = v.numpy()
        np.testing.assert_array_equal(arr, expected)
        assert arr.strides == tuple(8 * s for s in v.stride())
        assert arr.ctypes.data == v.data_ptr()
    t.t().numpy()[0, 2] = 100
    assert t[2, 0].item() == 100


def test_numpy_of_3d_transpose():
    t = ember.arange(24.0).as_strided((2, 3, 4), (12, 4, 1))
    arr = t.transpose(0, 2).numpy()
    assert arr.strides == (4, 16, 48)
    np.testing.assert_array_equal(arr, np.arange(24.0, dtype=np.float32).reshape(2, 3, 4).transpose(2, 1, 0))


def test_tensor_outlives_deleted_array():
    arr = np.arange(6.0).reshape(2, 3)
    t = ember.from_numpy(arr)
    view = t.t()
    del arr
    gc.collect()
    assert t.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert view.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    junk = [np.full(6, 9.0) for _ in range(100)]  # reuse freed memory if it was freed
    assert t.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    del junk


def test_array_outlives_deleted_tensor():
    t = ember.arange(6)
    arr = t[2:].numpy()
    del t
    gc.collect()
    junk = [ember.full((6,), 9) for _ in range(100)]
    assert arr.tolist() == [2, 3, 4, 5]
    del junk


def test_round_trip_chain_lifetime():
    arr = np.arange(4, dtype=np.int16)
    back = ember.from_numpy(arr)[1:].numpy()
    del arr
    gc.collect()
    assert back.tolist() == [1, 2, 3]


def test_0d_and_empty_arrays():
    t = ember.from_numpy(np.array(5.0))
    assert t.shape == () and t.dtype is ember.float64 and t.item() == 5.0
    assert ember.from_numpy(np.zeros((0, 3))).shape == (0, 3)
    assert ember.from_numpy(np.zeros((3, 0), dtype=np.int8)).numel() == 0
    e = ember.zeros(0, 3)
    assert e.numpy().shape == (0, 3)
    assert ember.tensor(4).numpy().shape == ()


def test_broadcast_array_has_zero_stride_and_warns_read_only():
    b = np.broadcast_to(np.arange(3.0), (4, 3))
    with pytest.warns(UserWarning, match="not writable"):
        t = ember.from_numpy(b)
    assert t.stride() == (0, 1)
    assert t.tolist() == [[0.0, 1.0, 2.0]] * 4


def test_writable_array_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ember.from_numpy(np.arange(3.0))


@pytest.mark.parametrize(
    "arr",
    [np.arange(5)[::-1], np.arange(6).reshape(2, 3)[:, ::-1], np.arange(6.0).reshape(2, 3)[::-1]],
    ids=["1d", "cols", "rows"],
)
def test_negative_strides_raise_value_error(arr):
    with pytest.raises(ValueError):
        ember.from_numpy(arr)


@pytest.mark.parametrize(
    "obj", [[1, 2], (1.0,), 3, ember.ones(2), None], ids=["list", "tuple", "int", "tensor", "None"]
)
def test_from_numpy_rejects_non_arrays(obj):
    with pytest.raises(TypeError):
        ember.from_numpy(obj)


@pytest.mark.parametrize(
    "arr",
    [np.zeros(2, dtype=np.uint32), np.array(["a"]), np.array([object()]), np.zeros(2, dtype="M8[s]")],
    ids=["uint32", "str", "object", "datetime"],
)
def test_from_numpy_rejects_unsupported_dtypes(arr):
    with pytest.raises(TypeError):
        ember.from_numpy(arr)


def test_numpy_of_tensor_requiring_grad_raises():
    with pytest.raises(RuntimeError):
        ember.tensor([1.0], requires_grad=True).numpy()


def test_bfloat16_numpy_needs_ml_dtypes():
    t = ember.tensor([1.5, -2.0], dtype=ember.bfloat16)
    if importlib.util.find_spec("ml_dtypes") is None:
        with pytest.raises(TypeError, match="ml_dtypes"):
            t.numpy()
    else:
        arr = t.numpy()
        assert arr.dtype.name == "bfloat16"
        back = ember.from_numpy(arr)
        assert back.dtype is ember.bfloat16 and back.tolist() == [1.5, -2.0]
    assert t.to(ember.float32).numpy().tolist() == [1.5, -2.0]


def test_array_protocol():
    t = ember.tensor([[1, 2], [3, 4]])
    shared = np.asarray(t)
    assert shared.dtype == np.int64 and np.shares_memory(shared, t.numpy())
    copied = np.array(t)
    assert copied.tolist() == [[1, 2], [3, 4]] and not np.shares_memory(copied, t.numpy())
    converted = np.asarray(t, dtype=np.float64)
    assert converted.dtype == np.float64 and converted.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert np.array(t.t()).tolist() == [[1, 3], [2, 4]]
    assert np.array(ember.tensor(2.5)).shape == ()


def test_ember_tensor_from_numpy_does_not_share():
    arr = np.arange(3.0)
    t = ember.tensor(arr)
    assert not np.shares_memory(t.numpy(), arr)


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        st.sampled_from(
            [
                np.int8,
                np.int32,
                np.int64,
                np.float32,
                np.float64,
                np.complex64,
                np.bool_,
                np.uint8,
                np.float16,
                np.int16,
            ]
        ),
        hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5),
    ),
    st.data(),
)
def test_from_numpy_views_hypothesis(arr, data):
    # Any positive-stride view of an array: same values, strides and address.
    index = []
    for n in arr.shape:
        start = data.draw(st.integers(0, n))
        step = data.draw(st.integers(1, 3))
        index.append(slice(start, None, step))
    view = arr[tuple(index) + (Ellipsis,)]  # an array even when 0-d
    if data.draw(st.booleans()):
        view = view.T
    t = ember.from_numpy(view)
    assert t.shape == view.shape
    assert t.stride() == tuple(s // view.itemsize for s in view.strides)
    np.testing.assert_array_equal(t.numpy(), view)
    if view.size:
        assert t.data_ptr() == view.ctypes.data
    np.testing.assert_array_equal(t.contiguous().numpy(), view)
    np.testing.assert_array_equal(t.clone().numpy(), view)
