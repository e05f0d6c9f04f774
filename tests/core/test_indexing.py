"""Tensor[...] and Tensor[...] = value with integer tensors, lists, NumPy arrays and masks.

Results match NumPy's advanced indexing (a copy; adjacent indexed dims stay in
place, separated ones go first). Where PyTorch differs from NumPy (an int mixed
with index tensors is a select in PyTorch) the expected shapes are PyTorch 2.13's.
Errors and their messages were checked against PyTorch 2.13.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_db import ALL, NP_DTYPE, as_numpy

import ember

ALL_DTYPES = [(dtype, NP_DTYPE[dtype]) for dtype in ALL]


def grid(*shape, dtype=np.float32):
    arr = np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)
    return ember.from_numpy(arr.copy()), arr


# Each case: a function of a module (np or ember) giving the index, so the same
# index is built for both libraries.
def T(lib, values, dtype=None):
    if lib is np:
        return np.array(values, dtype=dtype or np.int64)
    return ember.tensor(values, dtype={None: ember.int64, np.int32: ember.int32, np.bool_: ember.bool}[dtype])


GETITEM_CASES = {
    "tensor": lambda m: T(m, [1, 0, 1]),
    "negative": lambda m: T(m, [-1, -2]),
    "2-d index": lambda m: T(m, [[0, 1], [1, 1]]),
    "0-d index tensor inside": lambda m: (slice(None), T(m, [2])),
    "second dim": lambda m: (slice(None), T(m, [2, 0, 2])),
    "last dim": lambda m: (Ellipsis, T(m, [3, 0])),
    "two adjacent": lambda m: (slice(None), T(m, [0, 2]), T(m, [1, 3])),
    "two separated": lambda m: (T(m, [1, 0]), slice(None), T(m, [3, -1])),
    "broadcast": lambda m: (T(m, [[0], [1]]), T(m, [0, 2, 1])),
    "three": lambda m: (T(m, [1, 0]), T(m, [2, 2]), T(m, [3, 0])),
    "None between": lambda m: (T(m, [0, 1]), None, T(m, [1, 2])),
    "slice then index": lambda m: (slice(1, None), T(m, [0, 2])),
    "stepped slice with index": lambda m: (T(m, [1]), slice(None, None, 2), T(m, [0, 3])),
    "int32 index": lambda m: T(m, [1, 0], np.int32),
    "mask all dims": lambda m: T(m, (np.arange(24).reshape(2, 3, 4) % 5 == 0).tolist(), np.bool_),
    "mask first dim": lambda m: T(m, [True, False], np.bool_),
    "mask two dims": lambda m: T(m, [[True, False, True], [False, False, True]], np.bool_),
    "mask after slice": lambda m: (slice(None), T(m, [False, True, True], np.bool_)),
    "mask and index": lambda m: (T(m, [True, True], np.bool_), slice(None), T(m, [0, 1])),
    "empty index": lambda m: T(m, np.zeros(0, np.int64)),
    "all-false mask": lambda m: T(m, [False, False], np.bool_),
    "list": lambda m: [1, 0],
    "list pair": lambda m: ([1, 0], [0, 2]),
    "numpy array": lambda m: np.array([1, 1, 0]),
    "bool list": lambda m: [True, False],
}


@pytest.mark.parametrize("case", GETITEM_CASES)
def test_getitem_matches_numpy(case):
    t, a = grid(2, 3, 4)
    got = t[GETITEM_CASES[case](ember)]
    expected = a[GETITEM_CASES[case](np)]
    assert tuple(got.shape) == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected)
    got.fill_(-1)  # a copy: the base is untouched
    np.testing.assert_array_equal(t.numpy(), a)


@pytest.mark.parametrize(
    "index, shape",
    [
        # PyTorch applies ints as selects first, so they never move the indexed dims.
        ((1, slice(None), ember.tensor([0, 1])), (3, 2)),
        ((ember.tensor([0, 1]), slice(None), 1), (2, 3)),
        ((slice(None), ember.tensor([0, 1]), 1), (2, 2)),
        ((None, ember.tensor([0, 1]), None, ember.tensor([0, 1])), (2, 1, 1, 4)),  # separated by None
        ((ember.tensor(1),), (3, 4)),  # a 0-d integer tensor selects
        ((ember.tensor(True),), (1, 2, 3, 4)),  # a 0-d mask adds a dim
        ((ember.tensor(False),), (0, 2, 3, 4)),
        (([],), (0, 3, 4)),
    ],
)
def test_getitem_shapes_follow_pytorch(index, shape):
    t, _ = grid(2, 3, 4)
    assert tuple(t[index].shape) == shape


def test_getitem_on_4d_separated_and_adjacent_indices():
    t, a = grid(2, 3, 4, 5)
    i = np.array([0, 1])
    assert tuple(t[:, ember.tensor([0, 1]), :, ember.tensor([0, 1])].shape) == (2, 2, 4)
    np.testing.assert_array_equal(t[:, ember.tensor([0, 1]), :, ember.tensor([0, 1])].numpy(), a[:, i, :, i])
    np.testing.assert_array_equal(t[:, ember.tensor([0, 1]), ember.tensor([0, 1])].numpy(), a[:, i, i])


@pytest.mark.parametrize("dtype, np_dtype", ALL_DTYPES, ids=lambda d: str(d))
def test_getitem_and_setitem_over_dtypes(dtype, np_dtype):
    a = (np.arange(12).reshape(3, 4) % 3).astype(np_dtype)
    t = ember.tensor(a.tolist(), dtype=dtype)
    idx, mask = np.array([2, 0, 2]), a != 0
    np.testing.assert_array_equal(as_numpy(t[ember.from_numpy(idx)]), a[idx])
    np.testing.assert_array_equal(as_numpy(t[ember.from_numpy(mask)]), a[mask])
    np.testing.assert_array_equal(as_numpy(t[:, ember.tensor([3, 1])]), a[:, [3, 1]])
    t[ember.from_numpy(mask)] = 1
    a[mask] = 1
    np.testing.assert_array_equal(as_numpy(t), a)
    t[ember.tensor([0, 2]), ember.tensor([1, 3])] = ember.zeros(2, dtype=dtype)
    a[[0, 2], [1, 3]] = 0
    np.testing.assert_array_equal(as_numpy(t), a)


def test_half_precision_values_survive_indexing():
    t = ember.tensor([0.5, 1.25, -2.0, 3.0], dtype=ember.float16)
    assert t[ember.tensor([3, 1])].tolist() == [3.0, 1.25]
    b = ember.tensor([0.5, 1.25, -2.0], dtype=ember.bfloat16)
    b[ember.tensor([0])] = 7.0
    assert b.tolist() == [7.0, 1.25, -2.0]


@pytest.mark.parametrize("layout", ["transposed", "expanded", "stepped", "offset"])
def test_getitem_and_setitem_on_non_contiguous_tensors(layout):
    base, a = grid(4, 6)
    t, v = {
        "transposed": (base.t(), a.T),
        "expanded": (base[:1].expand(3, 6), np.broadcast_to(a[:1], (3, 6))),
        "stepped": (base[::2, 1::2], a[::2, 1::2]),
        "offset": (base[1:, 2:], a[1:, 2:]),
    }[layout]
    idx = np.array([1, 0, -1])
    np.testing.assert_array_equal(t[ember.from_numpy(idx)].numpy(), v[idx])
    np.testing.assert_array_equal(t[:, ember.from_numpy(idx)].numpy(), v[:, idx])
    mask = v > 7
    np.testing.assert_array_equal(t[ember.from_numpy(mask)].numpy(), v[mask])
    if layout != "expanded":  # writing into a view writes the base
        t[ember.tensor([0]), ember.tensor([1])] = -5.0
        assert base.numpy()[np.nonzero(a == v[0, 1])][0] == -5.0


def test_non_contiguous_index_tensors():
    t, a = grid(5, 3)
    idx = ember.tensor([[4, 0], [1, 2], [3, 3]]).t()  # strides (1, 2)
    np.testing.assert_array_equal(t[idx].numpy(), a[idx.numpy()])
    exp_idx = ember.tensor([2]).expand(4)  # stride 0
    np.testing.assert_array_equal(t[exp_idx].numpy(), a[[2, 2, 2, 2]])


def test_zero_d_and_empty_tensors():
    s = ember.tensor(3.0)
    assert s[ember.tensor(True)].tolist() == [3.0]
    assert s[ember.tensor(False)].shape == (0,)
    s[ember.tensor(True)] = 4.0
    assert s.item() == 4.0
    e = ember.zeros(0, 3)
    assert e[ember.tensor([], dtype=ember.int64)].shape == (0, 3)
    assert e[:, ember.tensor([2, 0])].shape == (0, 2)
    assert e[e > 0].shape == (0,)
    e[ember.tensor([], dtype=ember.int64)] = 1.0  # nothing to write
    t, _ = grid(3)
    t[ember.tensor([], dtype=ember.int64)] = ember.ones(0)
    assert t.tolist() == [0.0, 1.0, 2.0]


# ------------------------------------------------------------------- setitem


def test_setitem_values_broadcast_from_tensor_number_and_numpy():
    t, a = grid(3, 4)
    t[ember.tensor([0, 2])] = ember.tensor([1.0, 2.0, 3.0, 4.0])
    a[[0, 2]] = [1.0, 2.0, 3.0, 4.0]
    t[:, ember.tensor([1])] = 9
    a[:, [1]] = 9
    t[ember.tensor([[True, False, False, True]] * 3)] = np.float64(-1.5)
    a[np.array([[True, False, False, True]] * 3)] = -1.5
    t[ember.tensor([1]), ember.tensor([2])] = np.array([7.0])
    a[[1], [2]] = 7.0
    np.testing.assert_array_equal(t.numpy(), a)


def test_setitem_drops_leading_size_one_dims_of_values():
    t = ember.zeros(3, 4)
    t[0] = ember.ones(1, 1, 4)
    t[ember.tensor([1])] = ember.full((1, 1, 4), 2.0)
    t[ember.tensor([2, 2])] = ember.full((1, 1, 4), 3.0)
    assert t.tolist() == [[1.0] * 4, [2.0] * 4, [3.0] * 4]
    with pytest.raises(RuntimeError, match=r"value tensor of shape \[2, 1, 1, 4\] cannot be broadcast"):
        t[ember.tensor([0, 1])] = ember.ones(2, 1, 1, 4)


def test_setitem_casts_values_to_the_tensors_dtype():
    t = ember.zeros(4, dtype=ember.int32)
    t[ember.tensor([1, 3])] = 2.7  # truncates, as PyTorch
    t[ember.tensor([0])] = ember.tensor([5.9], dtype=ember.float64)
    assert t.tolist() == [5, 2, 0, 2] and t.dtype == ember.int32
    f = ember.zeros(3)
    f[ember.tensor([2])] = ember.tensor([7], dtype=ember.int64)
    f[ember.tensor([True, False, False])] = True
    assert f.tolist() == [1.0, 0.0, 7.0] and f.dtype == ember.float32
    c = ember.zeros(2, dtype=ember.complex64)
    c[ember.tensor([1])] = 1 + 2j
    assert c.tolist() == [0j, 1 + 2j]


def test_setitem_through_basic_indices_writes_the_view():
    t, a = grid(3, 4)
    t[1] = 5.0
    t[:, 2] = ember.tensor([1.0, 2.0, 3.0])
    t[0, 1:3] = np.array([8.0, 9.0])
    t[..., 0] = 0
    a[1] = 5.0
    a[:, 2] = [1.0, 2.0, 3.0]
    a[0, 1:3] = [8.0, 9.0]
    a[..., 0] = 0
    np.testing.assert_array_equal(t.numpy(), a)
    t[1:, ember.tensor([3])] = -1.0  # basic then advanced: writes the base
    assert t.numpy()[1:, 3].tolist() == [-1.0, -1.0]


def test_setitem_with_values_that_alias_the_target():
    t, a = grid(5)
    t[ember.tensor([1, 2, 3, 4])] = t[:4]
    a[[1, 2, 3, 4]] = a[:4].copy()
    np.testing.assert_array_equal(t.numpy(), a)


def test_index_put_accumulates_duplicate_indices():
    t = ember.zeros(4)
    idx = ember.tensor([0, 1, 1, 3, 1])
    t.index_put_((idx,), ember.ones(5), accumulate=True)
    assert t.tolist() == [1.0, 3.0, 0.0, 1.0]
    out = ember.index_put(t, (ember.tensor([3, 3], dtype=ember.int32),), ember.tensor(2.0), True)
    assert out.tolist() == [1.0, 3.0, 0.0, 5.0] and t.tolist() == [1.0, 3.0, 0.0, 1.0]
    b = ember.zeros(3, dtype=ember.int64)
    b.index_put_((ember.tensor([2, 2, 2]),), ember.tensor([1, 2, 3]), accumulate=True)
    assert b.tolist() == [0, 0, 6]
    m = ember.zeros(2, 3)
    m.index_put_((ember.tensor([0, 0]), ember.tensor([2, 2])), ember.tensor([1.0, 4.0]), accumulate=True)
    assert m.tolist() == [[0.0, 0.0, 5.0], [0.0, 0.0, 0.0]]


def test_index_put_without_accumulate_writes_one_of_the_duplicates():
    t = ember.zeros(3)
    t.index_put_((ember.tensor([1, 1]),), ember.tensor([4.0, 4.0]))
    assert t.tolist() == [0.0, 4.0, 0.0]


# -------------------------------------------------------------------- errors


@pytest.mark.parametrize("bad, dim, size", [(5, 0, 3), (-4, 0, 3), (4, 1, 4), (-5, 1, 4)])
def test_out_of_range_index_raises_index_error_naming_it(bad, dim, size):
    t, _ = grid(3, 4)
    index = (ember.tensor([0, bad]),) if dim == 0 else (slice(None), ember.tensor([bad, 0]))
    message = rf"index {bad} is out of bounds for dimension {dim} with size {size}"
    with pytest.raises(IndexError, match=message):
        t[index]
    with pytest.raises(IndexError, match=message):
        t[index] = 1.0
    with pytest.raises(IndexError, match=message):
        t.index_put_(index if dim == 0 else (None, index[1]), ember.tensor(1.0), accumulate=True)
    np.testing.assert_array_equal(t.numpy(), np.arange(12.0).reshape(3, 4))  # nothing written


def test_out_of_range_with_several_index_tensors_names_the_right_dim():
    t, _ = grid(3, 4)
    with pytest.raises(IndexError, match="index 7 is out of bounds for dimension 1 with size 4"):
        t[ember.tensor([0, 1]), ember.tensor([1, 7])]
    with pytest.raises(IndexError, match="index -9 is out of bounds for dimension 0 with size 3"):
        t[ember.tensor([-9]), ember.tensor([1])] = 0.0
    with pytest.raises(IndexError, match="index 3 is out of bounds for dimension 0 with size 3"):
        t[[3]]


def test_out_of_range_in_a_large_index_raises_from_worker_threads():
    t = ember.zeros(1000)
    idx = np.zeros(500_000, np.int64)
    idx[-3] = 1000
    with pytest.raises(IndexError, match="index 1000 is out of bounds for dimension 0 with size 1000"):
        t[ember.from_numpy(idx)]
    with pytest.raises(IndexError, match="index 1000 is out of bounds"):
        t[ember.from_numpy(idx)] = 1.0


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64, ember.int8, ember.int16, ember.complex64])
def test_index_tensors_of_other_dtypes_raise(dtype):
    t, _ = grid(3)
    with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool tensors"):
        t[ember.tensor([1], dtype=dtype)]
    with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool tensors"):
        t[ember.tensor([1], dtype=dtype)] = 0.0


def test_mask_of_the_wrong_shape_raises():
    t, _ = grid(3, 4)
    with pytest.raises(
        IndexError,
        match=r"The shape of the mask \[2\] at index 0 does not match the shape of the indexed tensor \[3, 4\] at index 0",
    ):
        t[ember.tensor([True, False])]
    with pytest.raises(
        IndexError,
        match=r"The shape of the mask \[3, 3\] at index 1 does not match the shape of the indexed tensor \[3, 4\] at index 1",
    ):
        t[ember.ones(3, 3, dtype=ember.bool)] = 0.0
    # uint8 tensors are masks too (PyTorch's legacy byte masks)
    with pytest.raises(IndexError, match="The shape of the mask"):
        t[ember.tensor([0, 1], dtype=ember.uint8)]
    assert t[ember.tensor([1, 0, 1], dtype=ember.uint8)].shape == (2, 4)


def test_unbroadcastable_indices_and_values_raise():
    t, _ = grid(3, 4)
    with pytest.raises(
        IndexError, match=r"shape mismatch: indexing tensors could not be broadcast together with shapes \[2\], \[3\]"
    ):
        t[ember.tensor([0, 1]), ember.tensor([0, 1, 2])]
    with pytest.raises(
        RuntimeError,
        match=r"shape mismatch: value tensor of shape \[3\] cannot be broadcast to indexing result of shape \[1, 4\]",
    ):
        t[ember.tensor([0])] = ember.ones(3)
    with pytest.raises(RuntimeError, match="Index put requires the source and destination dtypes match"):
        t.index_put_((ember.tensor([0]),), ember.ones(4, dtype=ember.float64))


def test_too_many_indices_raise():
    t, _ = grid(3)
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 1"):
        t[ember.tensor([0]), ember.tensor([0])]
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 0"):
        ember.tensor(1.0)[ember.tensor([0])]
    with pytest.raises(IndexError, match="too many indices"):
        t[ember.ones(3, 1, dtype=ember.bool)]


# ---------------------------------------------------------------- hypothesis


@st.composite
def tensor_and_view(draw):
    """A float64 array and an ember view of the same values: contiguous, transposed or stepped."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4))
    layout = draw(st.sampled_from(["contiguous", "transposed", "stepped"]))
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) + 1
    if layout == "transposed":
        base = a.T.copy()  # a copy even when a.T is contiguous already
        return a, ember.from_numpy(base).permute(*reversed(range(a.ndim)))
    if layout == "stepped":
        big = np.zeros([2 * s for s in shape])
        big[tuple(slice(None, None, 2) for _ in shape)] = a
        return a, ember.from_numpy(big)[tuple(slice(None, None, 2) for _ in shape)]
    return a, ember.from_numpy(a.copy())


@st.composite
def advanced_index(draw, shape):
    """Index tensors (valid and out-of-range values) or a mask for some dims of shape."""
    if draw(st.booleans()) and len(shape) > 0:
        k = draw(st.integers(1, len(shape)))
        return (np.array(draw(hnp.arrays(np.bool_, shape[:k]))),)
    n = draw(st.integers(1, len(shape)))
    idx_shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=3))
    items = []
    for d in range(n):
        size = shape[d]
        values = draw(hnp.arrays(np.int64, idx_shape, elements=st.integers(-size - 2, size + 1)))
        items.append(values if draw(st.booleans()) else slice(None))
    return tuple(items)


def to_ember(index, int32):
    return tuple(
        i if isinstance(i, slice) else ember.from_numpy(i.astype(np.int32) if int32 and i.dtype != np.bool_ else i)
        for i in index
    )


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_random_getitem_and_setitem_match_numpy_or_raise_index_error(data):
    a, t = data.draw(tensor_and_view())
    index = data.draw(advanced_index(a.shape))
    int32 = data.draw(st.booleans())
    try:
        expected = a[index]
    except IndexError:
        expected = None
    if expected is None and 0 in a.shape:
        # PyTorch reads no index when the result is empty, unless the indexed dim itself is empty
        try:
            assert t[to_ember(index, int32)].numel() == 0
        except IndexError:
            pass
        return
    if expected is None:
        with pytest.raises(IndexError):
            t[to_ember(index, int32)]
        with pytest.raises(IndexError):
            t[to_ember(index, int32)] = 0.0
        return
    if not any(isinstance(i, np.ndarray) for i in index):
        return
    got = t[to_ember(index, int32)]
    np.testing.assert_array_equal(got.numpy(), expected)
    # One value everywhere: the result doesn't depend on which duplicate wins.
    b = a.copy()
    b[index] = -7.0
    t[to_ember(index, int32)] = -7.0
    np.testing.assert_array_equal(t.numpy(), b)
    # Accumulation sums duplicates, as np.add.at.
    values = np.arange(expected.size, dtype=np.float64).reshape(expected.shape)
    np.add.at(b, index, values)
    put_index = tuple(None if isinstance(i, slice) else i for i in to_ember(index, int32))  # None: all of a dim
    t.index_put_(put_index, ember.from_numpy(values), accumulate=True)
    np.testing.assert_array_equal(t.numpy(), b)
