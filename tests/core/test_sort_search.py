"""searchsorted, bucketize and isin against NumPy (np.searchsorted, np.digitize,
np.isin) over dtypes, 1-D and batched boundaries, sorter, scalars and empty
inputs; NaN placement and errors as PyTorch 2.13 (checked by hand)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import FLOATS, INTS, NP_DTYPE, as_numpy
from sort_ref import make

import ember

nan = float("nan")
NUMERIC = INTS + FLOATS


def sorted_values(dtype, n, seed=0):
    rng = np.random.default_rng(seed)
    v = np.sort(rng.integers(0, 20, size=n)).astype(NP_DTYPE[dtype])
    return v


@pytest.mark.parametrize("dtype", NUMERIC, ids=str)
@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_1d(dtype, right):
    b = sorted_values(dtype, 12)
    rng = np.random.default_rng(1)
    for shape in [(), (0,), (7,), (3, 4)]:
        v = rng.integers(-2, 23, size=shape).astype(NP_DTYPE[dtype])
        got = ember.searchsorted(make(b, dtype), make(v, dtype), right=right)
        want = np.searchsorted(b, v, side="right" if right else "left")
        assert got.dtype == ember.int64 and tuple(got.shape) == np.shape(want)
        np.testing.assert_array_equal(got.numpy(), want)
        got32 = ember.searchsorted(make(b, dtype), make(v, dtype), side="right" if right else "left", out_int32=True)
        assert got32.dtype == ember.int32
        np.testing.assert_array_equal(got32.numpy(), want)


@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_batched_and_strided(right):
    rng = np.random.default_rng(2)
    b = np.sort(rng.integers(0, 10, size=(2, 3, 6)), axis=-1).astype(np.float32)
    v = rng.integers(-1, 12, size=(2, 3, 5)).astype(np.float32)
    want = np.stack(
        [[np.searchsorted(b[i, j], v[i, j], side="right" if right else "left") for j in range(3)] for i in range(2)]
    )
    np.testing.assert_array_equal(ember.searchsorted(ember.tensor(b), ember.tensor(v), right=right).numpy(), want)
    # transposed values (non-contiguous) and an expanded 1-D boundary
    bt = ember.tensor(b[0, 0])
    vt = ember.tensor(v[0]).t()
    np.testing.assert_array_equal(
        ember.searchsorted(bt, vt, right=right).numpy(),
        np.searchsorted(b[0, 0], v[0].T, side="right" if right else "left"),
    )


def test_searchsorted_sorter_scalars_nan_and_mixed_dtypes():
    seq = ember.tensor([7.0, 3, 5, 1])
    assert ember.searchsorted(seq, ember.tensor([3.0, 6]), sorter=ember.tensor([3, 1, 2, 0])).tolist() == [1, 3]
    # numbers are 0-d values; mixed dtypes promote (3.5 lands between 3 and 5)
    assert ember.searchsorted(ember.tensor([1, 3, 5]), 3.5).tolist() == 2
    assert ember.searchsorted(ember.tensor([1.0, 3, 5]), 3).tolist() == 1
    assert ember.searchsorted(ember.tensor([1.0, 3, 5, 7]), ember.tensor([3])).tolist() == [1]
    # NaN sorts last: NaN values and values above a NaN boundary go to the end (PyTorch gives [3, 3])
    assert ember.searchsorted(ember.tensor([1.0, 3, nan]), ember.tensor([nan, 4.0])).tolist() == [3, 3]
    assert ember.searchsorted(ember.tensor([]), ember.tensor([1.0, 2.0])).tolist() == [0, 0]


def test_bucketize_matches_numpy():
    bounds = np.array([1, 3, 5, 7])
    v = np.array([[1, 5, 9], [0, 3, 7]])
    for right in (False, True):
        got = ember.bucketize(ember.tensor(v), ember.tensor(bounds), right=right)
        np.testing.assert_array_equal(got.numpy(), np.digitize(v, bounds, right=not right))
    assert ember.bucketize(
        ember.tensor([1, 5, 9]), ember.tensor([1, 3, 5, 7]), right=True, out_int32=True
    ).tolist() == [
        1,
        3,
        4,
    ]
    assert ember.bucketize(3, ember.tensor([1, 3, 5, 7])).tolist() == 1


@pytest.mark.parametrize("dtype", NUMERIC, ids=str)
def test_isin_matches_numpy(dtype):
    rng = np.random.default_rng(3)
    for shape in [(), (0,), (9,), (3, 4)]:
        e = rng.integers(0, 8, size=shape).astype(NP_DTYPE[dtype])
        t = rng.integers(0, 8, size=(5,)).astype(NP_DTYPE[dtype])
        got = ember.isin(make(e, dtype), make(t, dtype))
        assert got.dtype == ember.bool
        np.testing.assert_array_equal(got.numpy(), np.isin(e, t))
        np.testing.assert_array_equal(ember.isin(make(e, dtype), make(t, dtype), invert=True).numpy(), ~np.isin(e, t))
        np.testing.assert_array_equal(
            ember.isin(make(e, dtype), make(t[:0], dtype), assume_unique=True).numpy(), np.zeros(np.shape(e), bool)
        )


def test_isin_special_values_and_scalars():
    assert ember.isin(ember.tensor([1.0, nan, -0.0]), ember.tensor([nan, 0.0])).tolist() == [False, False, True]
    assert ember.isin(ember.tensor([1, 2, 3]), ember.tensor([2.0, 3.5])).tolist() == [False, True, False]
    assert ember.isin(ember.tensor([1, 2, 3]), 2).tolist() == [False, True, False]
    assert ember.isin(2, ember.tensor([1, 2])).tolist() is True
    big = ember.tensor([2**62 + 1, 2**62])
    assert ember.isin(big, ember.tensor([2**62])).tolist() == [False, True]  # no float rounding


@settings(max_examples=50, deadline=None)
@given(
    n=st.integers(0, 40),
    m=st.integers(0, 20),
    dtype=st.sampled_from(NUMERIC),
    right=st.booleans(),
    seed=st.integers(0, 10**6),
)
def test_searchsorted_hypothesis(n, m, dtype, right, seed):
    rng = np.random.default_rng(seed)
    b = np.sort(rng.integers(0, 30, size=n)).astype(NP_DTYPE[dtype])
    v = rng.integers(-3, 33, size=m).astype(NP_DTYPE[dtype])
    got = ember.searchsorted(make(b, dtype), make(v, dtype), right=right)
    np.testing.assert_array_equal(got.numpy(), np.searchsorted(b, v, side="right" if right else "left"))
    assert as_numpy(make(b, dtype)).shape == (n,)


def test_errors():
    with pytest.raises(
        RuntimeError, match=r"searchsorted\(\): boundaries tensor should be 1 dimension .*\(2, 3\).*\(3, 3\)"
    ):
        ember.searchsorted(ember.ones(2, 3), ember.ones(3, 3))
    with pytest.raises(RuntimeError, match="side and right can't be set to opposites, got side of left while right"):
        ember.searchsorted(ember.ones(3), ember.ones(3), side="left", right=True)
    with pytest.raises(RuntimeError, match="side can only be 'left' or 'right' but got foo"):
        ember.searchsorted(ember.ones(3), ember.ones(3), side="foo")
    with pytest.raises(RuntimeError, match=r"boundary and sorter must have the same size.*\(4,\).*\(3,\)"):
        ember.searchsorted(ember.tensor([7.0, 3, 5, 1]), ember.tensor([3.0]), sorter=ember.tensor([3, 1, 2]))
    with pytest.raises(RuntimeError, match=r"sorter index out of range"):
        ember.searchsorted(ember.tensor([7.0, 3, 5, 1]), ember.tensor([3.0]), sorter=ember.tensor([3, 1, 2, 7]))
    with pytest.raises(RuntimeError, match=r"sorter must be a tensor of long dtype but got int32"):
        ember.searchsorted(ember.tensor([7.0, 3]), ember.tensor([3.0]), sorter=ember.tensor([1, 0], dtype=ember.int32))
    with pytest.raises(RuntimeError, match=r"input value can be a scalar only when boundaries tensor dimension is 1"):
        ember.searchsorted(ember.ones(2, 3), 1.0)
    with pytest.raises(RuntimeError, match=r"bucketize: boundaries tensor must be 1 dimension, but got dim\(2\)"):
        ember.bucketize(ember.tensor([1, 5]), ember.tensor([[1, 3]]))
    # PyTorch has neither for bools
    with pytest.raises(NotImplementedError, match=r"searchsorted\(\): not implemented for bool"):
        ember.searchsorted(ember.tensor([True, True]), ember.tensor([False, True]))
    with pytest.raises(RuntimeError, match=r"Unsupported input type encountered for isin\(\): bool"):
        ember.isin(ember.tensor([True]), ember.tensor([False]))
    with pytest.raises(RuntimeError, match="complex"):
        ember.isin(ember.ones(2, dtype=ember.complex64), ember.ones(2))
