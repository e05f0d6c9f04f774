"""Inputs for the shape-op tests (test_shape_ops*.py): the same small exact
values as an ember tensor in every dtype and layout, and as a NumPy array."""

import numpy as np
from op_db import ALL

import ember

ALL_DTYPES = list(ALL)
# A few that cover each category, for the costlier sweeps.
SOME_DTYPES = [ember.bool, ember.uint8, ember.int32, ember.bfloat16, ember.float64, ember.complex64]
LAYOUTS = ["contiguous", "transposed", "sliced", "expanded"]


def values(shape, dtype=ember.int64, start=0):
    """NumPy int64 values exact in every dtype (0/1 for bool)."""
    n = int(np.prod(shape, dtype=np.int64))
    return ((np.arange(n) + start) % (2 if dtype == ember.bool else 7)).reshape(shape)


def make(shape, dtype=ember.int64, layout="contiguous", start=0):
    """(ember tensor, NumPy array) of `shape` with the given memory layout."""
    shape = tuple(shape)
    arr = values(shape, dtype, start)
    if layout == "contiguous":
        t = ember.from_numpy(arr.copy()).to(dtype)
    elif layout == "transposed":  # reversed dims in memory
        t = ember.from_numpy(np.array(arr.T, order="C")).to(dtype).permute(tuple(reversed(range(len(shape)))))
    elif layout == "sliced":  # every other element of a bigger tensor
        big = np.zeros(tuple(2 * s for s in shape), dtype=np.int64)
        big[tuple(slice(None, None, 2) for _ in shape)] = arr
        t = ember.from_numpy(big).to(dtype)[tuple(slice(None, None, 2) for _ in shape)]
    elif layout == "expanded":  # first dim broadcast from size 1 (values repeat)
        if not shape or shape[0] == 0:
            return make(shape, dtype, "contiguous", start)
        arr = np.broadcast_to(arr[:1], shape)
        t = ember.from_numpy(arr[:1].copy()).to(dtype).expand(*shape)
    else:
        raise ValueError(layout)
    assert t.shape == shape
    return t, arr


def to_numpy(t):
    """t's values as NumPy (bool, int64, float64 or complex128)."""
    if t.dtype == ember.bool:
        return t.numpy()
    if t.dtype.is_complex:
        return t.to(ember.complex128).numpy()
    if t.dtype.is_floating_point:
        return t.to(ember.float64).numpy()
    return t.to(ember.int64).numpy()


def check(t, expected, dtype=None):
    """t holds `expected` (a NumPy array) with dtype `dtype`."""
    if dtype is not None:
        assert t.dtype == dtype
    expected = np.asarray(expected)
    assert t.shape == expected.shape, (t.shape, expected.shape)
    np.testing.assert_array_equal(to_numpy(t), expected)


def storage_ptr(t):
    return t.untyped_storage().data_ptr()


def shares(a, b):
    return storage_ptr(a) == storage_ptr(b)
