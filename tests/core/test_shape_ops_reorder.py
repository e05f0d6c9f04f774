"""Reordering and repeating: flip, fliplr/flipud, roll, rot90, repeat, tile,
repeat_interleave. Values against NumPy (np.flip, np.roll, np.rot90, np.tile,
np.repeat); errors and edge cases as torch 2.13 (checked by hand)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shape_util import ALL_DTYPES, LAYOUTS, check, make, shares

import ember

# ------------------------------------------------------------------- flip


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_flip_matches_numpy(dtype, layout):
    t, arr = make((3, 4, 5), dtype, layout)
    for dims in [(0,), (1,), (2,), (0, 2), (-1, 0, 1), ()]:
        out = ember.flip(t, dims)
        check(out, np.flip(arr, dims) if dims else arr, dtype)
        assert not shares(out, t)  # always a copy, as torch
    check(t.flip(0, 1), np.flip(arr, (0, 1)))
    check(t.flip([2]), np.flip(arr, 2))


def test_flip_scalars_empties_and_layout():
    z = ember.tensor(3.0)
    check(ember.flip(z, [0]), np.array(3.0))
    check(ember.flip(z, []), np.array(3.0))
    assert ember.flip(ember.empty(0, 3), [0, 1]).shape == (0, 3)
    m = ember.arange(12.0).reshape(3, 4)
    assert ember.flip(m.t(), [0]).stride() == (1, 4)  # keeps its input's layout, as torch
    big = ember.arange(100_000, dtype=ember.int32)
    check(big.flip(0), np.arange(100_000)[::-1])


def test_fliplr_flipud():
    t, arr = make((3, 4, 2), ember.float16, "sliced")
    check(ember.fliplr(t), np.fliplr(arr))
    check(t.flipud(), np.flipud(arr))
    check(ember.flipud(ember.arange(4)), np.arange(4)[::-1])
    with pytest.raises(RuntimeError, match=r"fliplr: Input must be >= 2-d"):
        ember.fliplr(ember.arange(4))
    with pytest.raises(RuntimeError, match=r"flipud: Input must be >= 1-d"):
        ember.flipud(ember.tensor(1))


def test_flip_errors():
    m = ember.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"flip: dim 0 appears multiple times in the list of dims"):
        ember.flip(m, [0, 0])
    with pytest.raises(RuntimeError, match=r"appears multiple times"):
        ember.flip(m, [1, -1])
    with pytest.raises(
        IndexError, match=r"flip: dimension out of range \(expected to be in range of \[-2, 1\], but got 2"
    ):
        ember.flip(m, [2])
    with pytest.raises(TypeError, match=r"flip: expected a sequence of ints"):
        ember.flip(m, 0)  # torch.flip wants a tuple; Tensor.flip takes varargs


# ------------------------------------------------------------------- roll


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_roll_matches_numpy(dtype, layout):
    t, arr = make((3, 4), dtype, layout)
    cases = [
        ((1,), (0,)),
        ((2,), (1,)),
        ((-5,), (1,)),
        ((1, 2), (0, 1)),
        ((1, 1), (0, 0)),  # a repeated dim rolls by the sum
        ((7, -9), (-1, -2)),
        ((0,), (0,)),
    ]
    for shifts, dims in cases:
        check(ember.roll(t, shifts, dims), np.roll(arr, shifts, dims), dtype)
    check(ember.roll(t, 5), np.roll(arr, 5))  # no dims: the flattened tensor
    check(t.roll(shifts=1, dims=0), np.roll(arr, 1, 0))
    check(t.roll(-3), np.roll(arr, -3))


def test_roll_edges():
    check(ember.roll(ember.tensor(2.0), 1), np.array(2.0))
    assert ember.roll(ember.empty(0), 1).shape == (0,)
    assert ember.roll(ember.empty(0, 3), 1, 1).shape == (0, 3)
    m = ember.arange(12.0).reshape(3, 4)
    assert ember.roll(m.t(), 1, 0).stride() == (3, 1)  # contiguous, as torch


def test_roll_errors():
    m = ember.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"roll: shifts and dimensions must align. shifts: 2, dims:1"):
        ember.roll(m, (1, 2), 0)
    with pytest.raises(RuntimeError, match=r"shifts: 1, dims:2"):
        ember.roll(m, 1, (0, 1))
    with pytest.raises(RuntimeError, match=r"shifts: 2, dims:0"):
        ember.roll(m, (1, 2))
    with pytest.raises(RuntimeError, match=r"roll: `shifts` required"):
        ember.roll(m, [], [])
    with pytest.raises(IndexError, match=r"roll: dimension out of range"):
        ember.roll(m, 1, 2)
    with pytest.raises(IndexError, match=r"roll: dimension specified as 0 but tensor has no dimensions"):
        ember.roll(ember.tensor(1.0), 1, 0)


@settings(max_examples=120, deadline=None)
@given(
    shape=st.lists(st.integers(0, 5), min_size=1, max_size=4),
    data=st.data(),
    layout=st.sampled_from(LAYOUTS),
)
def test_roll_hypothesis(shape, data, layout):
    t, arr = make(shape, ember.int32, layout)
    k = data.draw(st.integers(1, 3))
    dims = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=k, max_size=k))
    shifts = data.draw(st.lists(st.integers(-12, 12), min_size=k, max_size=k))
    check(ember.roll(t, shifts, dims), np.roll(arr, shifts, dims))
    check(ember.roll(t, shifts[0]), np.roll(arr, shifts[0]))


# ------------------------------------------------------------------- rot90


@pytest.mark.parametrize("dtype", [ember.bool, ember.uint8, ember.bfloat16, ember.float64, ember.complex128], ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_rot90_matches_numpy(dtype, layout):
    t, arr = make((3, 4, 2), dtype, layout)
    for k in range(-5, 6):
        for dims in [(0, 1), (1, 0), (0, 2), (-1, -2)]:
            out = ember.rot90(t, k, dims)
            check(out, np.rot90(arr, k, dims), dtype)
            assert not shares(out, t)
    check(t.rot90(), np.rot90(arr))


def test_rot90_strides_as_torch():
    m = ember.arange(12.0).reshape(3, 4)
    assert ember.rot90(m).stride() == (1, 4)
    assert ember.rot90(m, 2).stride() == (4, 1)
    assert ember.rot90(m.t(), 0).stride() == (3, 1)


def test_rot90_errors():
    m = ember.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"rot90: expected total rotation dims == 2, but got dims = 1"):
        ember.rot90(m, 1, [0])
    with pytest.raises(RuntimeError, match=r"dims = 3"):
        ember.rot90(m, 1, [0, 2, 1])
    with pytest.raises(RuntimeError, match=r"rot90: expected total dims >= 2, but got total dims = 1"):
        ember.rot90(ember.ones(3))
    with pytest.raises(
        RuntimeError, match=r"rot90: expected rotation dims to be different, but got dim0 = 0 and dim1 = -2"
    ):
        ember.rot90(m, 1, [0, -2])
    with pytest.raises(IndexError, match=r"rot90: dimension out of range"):
        ember.rot90(m, 1, [0, 2])


# ------------------------------------------------------------- repeat, tile


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_repeat_and_tile_match_numpy_tile(dtype, layout):
    t, arr = make((2, 3), dtype, layout)
    for reps in [(2, 2), (1, 1), (2, 1, 3), (0, 2), (3, 0, 1)]:
        out = t.repeat(*reps)
        check(out, np.tile(arr, reps), dtype)
        assert out.is_contiguous() and not shares(out, t)
        check(ember.tile(t, reps), np.tile(arr, reps), dtype)
    check(t.repeat([2, 3]), np.tile(arr, (2, 3)))
    check(t.repeat((1, 2)), np.tile(arr, (1, 2)))
    for reps in [(2,), ()]:  # tile takes fewer reps than dims (leading 1s)
        check(ember.tile(t, reps), np.tile(arr, reps))
    check(t.tile(2), np.tile(arr, 2))
    check(t.tile(2, 2), np.tile(arr, (2, 2)))


def test_repeat_scalars_and_empties():
    z = ember.tensor(4)
    check(z.repeat(3), np.array([4, 4, 4]))
    check(ember.tile(z, ()), np.array(4))
    check(ember.empty(0, 2).repeat(3, 2), np.zeros((0, 4)))


def test_repeat_errors():
    m = ember.ones(3, 4)
    with pytest.raises(
        RuntimeError,
        match=r"repeat: Number of dimensions of repeat dims can not be smaller than number of "
        r"dimensions of tensor",
    ):
        m.repeat(2)
    with pytest.raises(RuntimeError, match=r"repeat: Trying to create tensor with negative dimension"):
        m.repeat(-1, 2)
    with pytest.raises(RuntimeError, match=r"tile: Trying to create tensor with negative dimension|negative dimension"):
        ember.tile(m, (-1,))
    with pytest.raises(TypeError, match=r"repeat\(\) missing 1 required positional arguments"):
        m.repeat()


# ------------------------------------------------------------ repeat_interleave


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_repeat_interleave_int_matches_numpy_repeat(dtype, layout):
    t, arr = make((3, 4), dtype, layout)
    check(ember.repeat_interleave(t, 2), np.repeat(arr, 2), dtype)
    for dim in (0, 1, -1):
        check(t.repeat_interleave(3, dim), np.repeat(arr, 3, dim), dtype)
        check(t.repeat_interleave(0, dim=dim), np.repeat(arr, 0, dim))
    check(ember.repeat_interleave(t, 2, output_size=24), np.repeat(arr, 2))


@pytest.mark.parametrize("counts_dtype", [ember.int64, ember.int32], ids=str)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_repeat_interleave_tensor_matches_numpy_repeat(counts_dtype, layout):
    t, arr = make((3, 4), ember.complex64, layout)
    counts = [1, 0, 2]
    reps = ember.tensor(counts, dtype=counts_dtype)
    check(ember.repeat_interleave(t, reps, 0), np.repeat(arr, counts, 0))
    check(t.repeat_interleave(ember.tensor([2, 0, 1, 3], dtype=counts_dtype), dim=1), np.repeat(arr, [2, 0, 1, 3], 1))
    check(t.repeat_interleave(ember.tensor([2]), 1), np.repeat(arr, 2, 1))  # one count: every element alike
    check(t.repeat_interleave(ember.tensor(2), 1), np.repeat(arr, 2, 1))
    check(ember.repeat_interleave(t, ember.tensor(list(range(12)))), np.repeat(arr, range(12)))
    check(ember.repeat_interleave(t, reps, 0, output_size=3), np.repeat(arr, counts, 0))
    runs = [2, 2, 0, 0, 3, 1, 1]  # runs of equal counts are copied together
    wide, wide_arr = make((2, 7, 3), ember.float16, layout)
    check(wide.repeat_interleave(ember.tensor(runs, dtype=counts_dtype), 1), np.repeat(wide_arr, runs, 1))
    check(ember.repeat_interleave(ember.tensor(runs)), np.repeat(np.arange(7), runs))


def test_repeat_interleave_of_counts_alone():
    out = ember.repeat_interleave(ember.tensor([1, 0, 2]))
    check(out, np.array([0, 2, 2]), ember.int64)
    assert ember.repeat_interleave(ember.tensor([1, 0, 2], dtype=ember.int32)).dtype == ember.int32
    check(ember.repeat_interleave(ember.tensor([1, 1]), ember.tensor([1, 1])), np.array([1, 1]))


def test_repeat_interleave_scalars():
    check(ember.repeat_interleave(ember.tensor(1.5), 3), np.array([1.5] * 3))
    for dim in (0, -1):
        with pytest.raises(IndexError, match=r"repeat_interleave: dimension"):
            ember.tensor(1.5).repeat_interleave(3, dim=dim)


def test_repeat_interleave_errors():
    m = ember.ones(3, 4)
    with pytest.raises(RuntimeError, match=r"repeat_interleave: Repeats must be non-negative"):
        ember.repeat_interleave(m, -1)
    with pytest.raises(RuntimeError, match=r"repeats can not be negative"):
        ember.repeat_interleave(m, ember.tensor([1, -1, 2]), 0)
    with pytest.raises(
        RuntimeError,
        match=r"repeats must have the same size as input along dim, but got "
        r"repeats.size\(0\) = 2 and input.size\(0\) = 3",
    ):
        ember.repeat_interleave(m, ember.tensor([1, 2]), 0)
    with pytest.raises(RuntimeError, match=r"repeats.size\(0\) = 3 and input.size\(0\) = 12"):
        ember.repeat_interleave(m, ember.tensor([1, 0, 2]))
    with pytest.raises(RuntimeError, match=r"repeats must be 0-dim or 1-dim tensor"):
        ember.repeat_interleave(m, ember.tensor([[1, 1, 2]]), 0)
    for bad in (ember.float32, ember.bool, ember.uint8, ember.int16):
        with pytest.raises(NotImplementedError, match=r"repeat_interleave: repeats must be an int32 or int64 tensor"):
            ember.repeat_interleave(m, ember.ones(3, dtype=bad), 0)
    with pytest.raises(RuntimeError, match=r"repeat_interleave only accept 1D vector as repeat"):
        ember.repeat_interleave(ember.tensor([[1, 0, 2]]))
    with pytest.raises(RuntimeError, match=r"repeat_interleave: Invalid output_size, expected 24 but got 5"):
        ember.repeat_interleave(m, 2, output_size=5)
    with pytest.raises(RuntimeError, match=r"allocated size does not match required size"):
        ember.repeat_interleave(m, ember.tensor([1, 1, 1]), 0, output_size=5)
    with pytest.raises(IndexError, match=r"repeat_interleave: dimension out of range"):
        ember.repeat_interleave(m, 2, 2)
