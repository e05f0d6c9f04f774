"""unique, unique_consecutive, bincount and histc against NumPy (np.unique,
np.bincount, np.histogram) over dtypes, dims, empty and strided inputs; the
PyTorch 2.13 facts (NaN runs, result dtypes, errors) checked by hand."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import FLOATS, INTS, as_numpy
from sort_ref import ORDERED, make, same, values

import ember

nan = float("nan")


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
def test_unique_matches_numpy(dtype):
    for shape in [(), (0,), (9,), (3, 4), (2, 3, 2)]:
        v = values(dtype, shape, seed=len(shape), specials=False)
        t = make(v, dtype)
        vals, inverse, counts = ember.unique(t, return_inverse=True, return_counts=True)
        w_vals, w_inv, w_counts = np.unique(v, return_inverse=True, return_counts=True)
        same(as_numpy(vals), w_vals)
        assert vals.dtype == dtype and inverse.dtype == ember.int64 and counts.dtype == ember.int64
        assert tuple(inverse.shape) == v.shape
        same(inverse.numpy().reshape(-1), w_inv.reshape(-1))
        same(counts.numpy(), w_counts)
        same(as_numpy(ember.unique(t)), w_vals)
        same(as_numpy(t.unique(sorted=True)), w_vals)
        u, c = ember.unique(t, return_counts=True)
        same(c.numpy(), w_counts)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_unique_dim_matches_numpy(dim):
    rng = np.random.default_rng(4)
    v = rng.integers(0, 2, size=(6, 3, 4))
    v[3] = v[1]
    v[:, 2] = v[:, 0]
    t = ember.tensor(v)
    vals, inverse, counts = ember.unique(t, dim=dim, return_inverse=True, return_counts=True)
    w_vals, w_inv, w_counts = np.unique(v, axis=dim, return_inverse=True, return_counts=True)
    same(vals.numpy(), w_vals)
    same(inverse.numpy(), w_inv.reshape(-1))
    same(counts.numpy(), w_counts)
    vt = ember.tensor(v).transpose(0, 2)  # strided
    same(ember.unique(vt, dim=0).numpy(), np.unique(v.transpose(2, 1, 0), axis=0))


def test_unique_facts():
    # PyTorch 2.13: every NaN is its own value; results come sorted even with sorted=False
    vals, inv, counts = ember.unique(ember.tensor([2.0, nan, 1.0, nan, 2.0]), return_inverse=True, return_counts=True)
    assert str(vals.tolist()) == "[1.0, 2.0, nan, nan]"
    assert inv.tolist() == [1, 2, 0, 3, 1] and counts.tolist() == [1, 2, 1, 1]
    assert ember.unique(ember.tensor([3, 1, 2, 1]), sorted=False).tolist() == [1, 2, 3]
    vals, inv = ember.unique(ember.tensor(5), return_inverse=True)
    assert vals.tolist() == [5] and inv.shape == () and inv.tolist() == 0
    vals, inv, counts = ember.unique(ember.zeros(0, 3), dim=0, return_inverse=True, return_counts=True)
    assert vals.shape == (0, 3) and inv.shape == (0,) and counts.shape == (0,)
    with pytest.raises(RuntimeError, match=r"unique: there are 0 sized dimensions, and they aren't selected"):
        ember.unique(ember.zeros(3, 0), dim=0)
    with pytest.raises(IndexError, match="out of range"):
        ember.unique(ember.ones(2, 2), dim=2)


def test_unique_consecutive():
    t = ember.tensor([3, 3, 1, 1, 3])
    vals, inv, counts = ember.unique_consecutive(t, return_inverse=True, return_counts=True)
    assert vals.tolist() == [3, 1, 3] and inv.tolist() == [0, 0, 1, 1, 2] and counts.tolist() == [2, 2, 1]
    vals, counts = t.unique_consecutive(return_counts=True)
    assert counts.tolist() == [2, 2, 1]
    vals, counts = ember.unique_consecutive(ember.tensor([[3, 1], [3, 1], [2, 1]]), dim=0, return_counts=True)
    assert vals.tolist() == [[3, 1], [2, 1]] and counts.tolist() == [2, 1]
    vals, inv = ember.unique_consecutive(ember.tensor([[3, 3, 1], [1, 1, 2]]).t(), dim=0, return_inverse=True)
    assert vals.tolist() == [[3, 1], [1, 2]] and inv.tolist() == [0, 0, 1]
    assert ember.unique_consecutive(ember.tensor([])).shape == (0,)


@settings(max_examples=40, deadline=None)
@given(
    values_=st.lists(st.integers(-3, 3), max_size=30),
    dtype=st.sampled_from(INTS + FLOATS),
)
def test_unique_consecutive_hypothesis(values_, dtype):
    v = np.array(values_, dtype=np.int64)
    if dtype == ember.uint8:
        v = np.abs(v)
    t = make(v, dtype)
    vals, inv, counts = ember.unique_consecutive(t, return_inverse=True, return_counts=True)
    groups = [(k, len(list(g))) for k, g in itertools.groupby(v.tolist())]
    assert as_numpy(vals).tolist() == [k for k, _ in groups]
    assert counts.tolist() == [c for _, c in groups]
    assert as_numpy(vals)[inv.numpy()].tolist() == v.tolist() if len(v) else True


@pytest.mark.parametrize("dtype", INTS, ids=str)
def test_bincount_matches_numpy(dtype):
    rng = np.random.default_rng(5)
    v = rng.integers(0, 9, size=20)
    t = ember.tensor(v).to(dtype)
    same(ember.bincount(t).numpy(), np.bincount(v))
    same(t.bincount(minlength=15).numpy(), np.bincount(v, minlength=15))
    w = rng.standard_normal(20)
    for wdtype, out in [
        (ember.float32, ember.float32),
        (ember.float64, ember.float64),
        (ember.float16, ember.float64),
        (ember.int64, ember.float64),
    ]:
        wt = ember.tensor(w).to(wdtype)
        got = ember.bincount(t, weights=wt)
        assert got.dtype == out
        np.testing.assert_allclose(
            got.numpy(), np.bincount(v, weights=as_numpy(wt).astype(np.float64)), rtol=1e-5, atol=1e-5
        )
    t2 = ember.tensor(np.stack([v, v]).T.copy()).to(dtype)[:, 1]  # strided
    same(ember.bincount(t2).numpy(), np.bincount(v))
    assert ember.bincount(ember.tensor([], dtype=ember.int64)).tolist() == []
    assert ember.bincount(ember.tensor([], dtype=ember.int64), minlength=3).tolist() == [0, 0, 0]


def test_bincount_errors():
    with pytest.raises(
        RuntimeError, match=r"bincount only supports 1-d non-negative integral inputs \(got -1 at index 1\)"
    ):
        ember.bincount(ember.tensor([1, -1]))
    with pytest.raises(
        RuntimeError, match=r"bincount only supports 1-d non-negative integral inputs \(got shape \(1, 2\)"
    ):
        ember.bincount(ember.tensor([[1, 1]]))
    with pytest.raises(NotImplementedError, match="bincount: not implemented for float32"):
        ember.bincount(ember.tensor([1.0, 1]))
    with pytest.raises(NotImplementedError, match="bincount: not implemented for bool"):
        ember.bincount(ember.tensor([True, False]))
    with pytest.raises(RuntimeError, match=r"minlength should be >= 0 \(got -1\)"):
        ember.bincount(ember.tensor([1, 1]), minlength=-1)
    with pytest.raises(RuntimeError, match=r"weights should be 1-d and have the same length as input .*\(2,\).*\(3,\)"):
        ember.bincount(ember.tensor([1, 1]), weights=ember.ones(3))


def ref_histc(x, bins, lo, hi):
    """PyTorch's histc in NumPy for float32/float64 x: bin trunc((x - lo) * bins / (hi - lo)) in x's dtype."""
    f = x.dtype.type
    if lo == hi:
        lo, hi = (x.min(), x.max()) if x.size else (0, 0)
        if lo == hi:
            lo, hi = lo - 1, hi + 1
    lo, hi = f(lo), f(hi)
    inside = x[(x >= lo) & (x <= hi)]
    pos = np.floor((inside - lo) * f(bins) / (hi - lo)).astype(np.int64)
    return np.bincount(np.minimum(pos, bins - 1), minlength=bins).astype(x.dtype)


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
def test_histc_matches_numpy(dtype):
    rng = np.random.default_rng(6)
    v = np.round(rng.uniform(-1, 4, size=200), 1)
    cases = [(10, -1.0, 4.0), (7, 0.0, 3.0), (5, 0.0, 0.0), (1, -1.0, 4.0)]
    if dtype in (ember.float16, ember.bfloat16):  # well inside bins: their rounding on edges differs (see histc)
        v = np.floor(v) + 0.25
        cases = [(10, -1.0, 4.0), (5, -1.0, 4.0), (1, -1.0, 4.0)]
    t = make(v, dtype)
    x = as_numpy(t)
    for bins, lo, hi in cases:
        got = ember.histc(t, bins=bins, min=lo, max=hi)
        assert got.dtype == dtype
        same(
            as_numpy(got),
            ref_histc(x.astype(np.float64) if dtype in (ember.float16, ember.bfloat16) else x, bins, lo, hi).astype(
                x.dtype
            ),
        )
        if dtype == ember.float64:  # and NumPy's own histogram, off the edges
            w = rng.uniform(-1, 4, size=300)
            same(
                ember.histc(ember.tensor(w), bins, -1, 4).numpy(), np.histogram(w, bins, (-1, 4))[0].astype(np.float64)
            )
    same(as_numpy(t[::3].histc(4, 0, 2)), ref_histc(x[::3].astype(np.float64), 4, 0, 2).astype(x.dtype))


def test_histc_facts():
    # PyTorch 2.13's answers
    assert ember.histc(ember.tensor([1.0, 2, 1, nan, 5]), bins=4, min=0, max=3).tolist() == [0.0, 2.0, 1.0, 0.0]
    assert ember.histc(ember.tensor([1.0, 2, 1, 5]), bins=4).tolist() == [2.0, 1.0, 0.0, 1.0]
    assert ember.histc(ember.tensor([1.0, 1]), bins=4).tolist() == [0.0, 0.0, 2.0, 0.0]
    assert ember.histc(ember.tensor([1.0, 1], dtype=ember.float16), bins=4).dtype == ember.float16
    assert ember.histc(ember.tensor([]), bins=4).tolist() == [0.0] * 4
    # the rounding of -0.6f in float32 puts it below its edge; float64 doesn't
    assert ember.histc(ember.tensor([-0.6]), 5, -1, 1).tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert ember.histc(ember.tensor([-0.6], dtype=ember.float64), 5, -1, 1).tolist() == [0.0, 1.0, 0.0, 0.0, 0.0]
    with pytest.raises(RuntimeError, match=r"torch.histc: range of \[1, inf\] is not finite"):
        ember.histc(ember.tensor([1.0, float("inf")]), bins=4)
    with pytest.raises(RuntimeError, match=r"histc: bins must be > 0, but got -1"):
        ember.histc(ember.tensor([1.0]), bins=-1)
    with pytest.raises(RuntimeError, match=r"torch.histc: max must be larger than min \(got min 3, max 1\)"):
        ember.histc(ember.ones(3), bins=4, min=3, max=1)
    with pytest.raises(NotImplementedError, match="histc: not implemented for int64"):
        ember.histc(ember.ones(3, dtype=ember.int64), bins=3)
