"""median, nanmedian, mode, quantile and nanquantile: against NumPy (lower
median from np.sort, np.quantile/np.nanquantile methods) and a Python mode
reference, over dtypes, dims, keepdim and strided inputs; the PyTorch 2.13
facts (NaN rules, which index, errors) checked by hand and written here."""

import collections

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import FLOATS, INTS, as_numpy
from sort_ref import make, ref_sort, same, values

import ember

nan = float("nan")
MEDIAN_DTYPES = INTS + FLOATS  # PyTorch has no median of bool


def lower_median(v, dim, skip_nan):
    """The lower median along dim of NumPy v, NaN rules of median/nanmedian."""
    s, _ = ref_sort(v, dim)
    s = np.moveaxis(s, dim, -1)
    out = np.empty(s.shape[:-1], dtype=v.dtype)
    for pos in np.ndindex(s.shape[:-1]):
        line = s[pos]
        numbers = line[~np.isnan(line)] if v.dtype.kind == "f" else line
        if v.dtype.kind == "f" and (len(numbers) < len(line) and not skip_nan or len(numbers) == 0):
            out[pos] = np.nan
        else:
            out[pos] = numbers[(len(numbers) - 1) // 2]
    return out


@pytest.mark.parametrize("dtype", MEDIAN_DTYPES, ids=str)
@pytest.mark.parametrize("skip_nan", [False, True])
def test_median_along_dims(dtype, skip_nan):
    fn = ember.nanmedian if skip_nan else ember.median
    for shape in [(7,), (4, 6), (3, 4, 5)]:
        v = values(dtype, shape, seed=len(shape))
        t = make(v, dtype)
        for dim in range(-len(shape), len(shape)):
            for keepdim in (False, True):
                r = fn(t, dim, keepdim)
                assert type(r).__name__ == ("nanmedian" if skip_nan else "median")
                want = lower_median(v, dim, skip_nan)
                if keepdim:
                    want = np.expand_dims(want, dim)
                same(as_numpy(r.values), want)
                # the index holds the value (NaN lines: a NaN)
                idx = r.indices if keepdim else r.indices.unsqueeze(dim)
                same(as_numpy(ember.take_along_dim(t, idx, dim)), np.expand_dims(lower_median(v, dim, skip_nan), dim))
        same(as_numpy(fn(t)), lower_median(v.reshape(-1), 0, skip_nan))
        same(
            as_numpy(fn(t.t() if len(shape) == 2 else t, 0).values),
            lower_median(v.T if len(shape) == 2 else v, 0, skip_nan),
        )


def test_median_facts():
    # PyTorch 2.13: lower median; NaN at the first NaN's index; nanmedian of all-NaN is NaN at index 0
    r = ember.median(ember.tensor([1.0, 3, 3, 2, 3, 1]), 0)
    assert r.values.tolist() == 2.0 and r.indices.tolist() == 3
    r = ember.median(ember.tensor([1.0, nan, 3, nan]), 0)
    assert np.isnan(r.values.tolist()) and r.indices.tolist() == 1
    r = ember.nanmedian(ember.tensor([1.0, nan, 3, nan, 2]), 0)
    assert r.values.tolist() == 2.0 and r.indices.tolist() == 4
    r = ember.nanmedian(ember.tensor([nan, nan]), 0)
    assert np.isnan(r.values.tolist()) and r.indices.tolist() == 0
    assert np.isnan(ember.median(ember.ones(0)).tolist())
    assert ember.median(ember.tensor(3)).tolist() == 3
    r = ember.median(ember.tensor(3), 0, keepdim=True)
    assert r.values.tolist() == 3 and r.indices.tolist() == 0
    assert ember.median(ember.ones(2, 0), 0).values.shape == (0,)
    assert ember.ones(3, 5).median(dim=1).values.shape == (3,)


def ref_mode(line):
    """Most frequent value (smallest of ties) and its last index."""
    counts = collections.Counter(line.tolist())
    best = max(counts.values())
    value = min(k for k, c in counts.items() if c == best)
    return value, max(i for i, x in enumerate(line.tolist()) if x == value)


@pytest.mark.parametrize("dtype", (ember.bool,) + INTS + FLOATS, ids=str)
def test_mode(dtype):
    v = values(dtype, (4, 9), seed=5, specials=False)
    t = make(v, dtype)
    for dim in (0, 1, -1):
        for keepdim in (False, True):
            r = ember.mode(t, dim, keepdim)
            moved = np.moveaxis(v, dim, -1)
            want = [ref_mode(moved[i]) for i in range(moved.shape[0])]
            vals = as_numpy(r.values).reshape(-1)
            idx = r.indices.numpy().reshape(-1)
            assert vals.tolist() == [w[0] for w in want] and idx.tolist() == [w[1] for w in want]
            assert r.values.dim() == (2 if keepdim else 1)
    # PyTorch 2.13's answers
    r = ember.mode(ember.tensor([1, 3, 3, 2, 2, 5, 1]))
    assert (r.values.tolist(), r.indices.tolist()) == (1, 6)
    r = ember.tensor([4.0, 2, 2, 4, 1]).mode()
    assert (r.values.tolist(), r.indices.tolist()) == (2.0, 2)
    assert ember.mode(ember.tensor([[1, 3, 3]]), 0).indices.tolist() == [0, 0, 0]
    assert ember.mode(ember.ones(2, 0), 0).values.shape == (0,)


METHODS = ["linear", "lower", "higher", "midpoint", "nearest"]


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("skip_nan", [False, True])
def test_quantile_matches_numpy(dtype, method, skip_nan):
    fn, npfn = (ember.nanquantile, np.nanquantile) if skip_nan else (ember.quantile, np.quantile)
    rng = np.random.default_rng(7)
    v = rng.standard_normal((4, 7)).astype(np.float32 if dtype == ember.float32 else np.float64)
    v[0, 3] = np.nan
    v[2, :] = np.nan
    t = ember.tensor(v)
    qs = np.array([0.0, 0.1, 0.25, 0.5, 0.8, 1.0])
    tol = 1e-6 if dtype == ember.float32 else 1e-12
    for dim in (None, 0, 1, -1):
        for keepdim in (False, True):
            with np.errstate(all="ignore"), _nowarn():
                want = npfn(v.astype(np.float64), qs, axis=dim, keepdims=keepdim, method=method)
            got = fn(t, ember.tensor(qs, dtype=dtype), dim, keepdim, interpolation=method)
            assert got.dtype == dtype and tuple(got.shape) == want.shape
            np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol)
            got0 = fn(t, 0.25, dim=dim, keepdim=keepdim, interpolation=method)
            np.testing.assert_allclose(got0.numpy(), want[2], rtol=tol, atol=tol)


class _nowarn:
    """NumPy warns for all-NaN slices; the tests mean them."""

    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *a):
        self._w.__exit__(*a)


def test_quantile_facts():
    # PyTorch 2.13's nearest rounds half to even; a 0-d q gives a 0-d result
    got = ember.quantile(
        ember.tensor([0.0, 1, 2, 3]), ember.tensor([0.5, 1 / 6, 0.25, 0.75, 2 / 3]), interpolation="nearest"
    )
    assert got.tolist() == [2.0, 0.0, 1.0, 2.0, 2.0]
    got = ember.tensor([0.0, 1, 2, 3, 4]).quantile(ember.tensor([0.125, 0.375, 0.625]), interpolation="nearest")
    assert got.tolist() == [0.0, 2.0, 2.0]
    assert ember.quantile(ember.tensor([1.0, 2, 3, 4]), ember.tensor(0.5)).shape == ()
    assert ember.quantile(ember.tensor([1.0, 2, 3, 4]), ember.tensor([0.5]), keepdim=True).shape == (1, 1)
    assert ember.quantile(ember.ones(2, 2), ember.tensor([0.5, 0.25]), dim=1, keepdim=True).shape == (2, 2, 1)
    assert ember.quantile(ember.ones(2, 2), 0.5, keepdim=True).shape == (1, 1)
    assert np.isnan(ember.quantile(ember.tensor([1.0, nan, 3]), 0.5).tolist())
    assert ember.nanquantile(ember.tensor([1.0, nan, 3]), 0.5).tolist() == 2.0
    assert ember.quantile(ember.tensor(3.0), 0.5, dim=0).tolist() == 3.0
    t = ember.tensor(np.arange(12.0).reshape(3, 4)).t()  # strided
    np.testing.assert_allclose(
        ember.quantile(t, 0.3, dim=0).numpy(), np.quantile(np.arange(12.0).reshape(3, 4).T, 0.3, axis=0)
    )


@settings(max_examples=40, deadline=None)
@given(
    shape=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    q=st.floats(0, 1),
    method=st.sampled_from(METHODS),
    data=st.data(),
)
def test_quantile_hypothesis(shape, q, method, data):
    v = np.random.default_rng(len(shape)).standard_normal(shape)
    dim = data.draw(st.sampled_from([None] + list(range(len(shape)))))
    got = ember.quantile(ember.tensor(v), q, dim=dim, interpolation=method)
    if method == "nearest":  # PyTorch rounds the rank half to even; NumPy's nearest breaks ties its own way
        lines = np.moveaxis(np.sort(v, axis=dim), dim, -1) if dim is not None else np.sort(v.reshape(-1))
        want = lines[..., int(np.round(q * (lines.shape[-1] - 1)))]
    else:
        want = np.quantile(v, q, axis=dim, method=method)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-12, atol=1e-12)


def test_errors():
    with pytest.raises(IndexError, match=r"median\(\): Expected reduction dim 0 to have non-zero size"):
        ember.median(ember.ones(0, 3), 0)
    with pytest.raises(IndexError, match=r"mode\(\): Expected reduction dim 0 to have non-zero size"):
        ember.mode(ember.ones(0, 3), 0)
    with pytest.raises(IndexError, match="out of range"):
        ember.median(ember.ones(2, 3), 2)
    with pytest.raises(NotImplementedError, match=r"median\(\): not implemented for bool"):
        ember.median(ember.tensor([True, False]))
    with pytest.raises(RuntimeError, match=r"quantile\(\) q must be in the range \[0, 1\] but got 1.5"):
        ember.quantile(ember.ones(3), 1.5)
    with pytest.raises(RuntimeError, match=r"quantile\(\) q values must be in the range \[0, 1\] \(got -1"):
        ember.quantile(ember.ones(3), ember.tensor([0.5, -1]))
    with pytest.raises(RuntimeError, match=r"quantile\(\) q values must be in the range"):
        ember.quantile(ember.ones(3), ember.tensor([nan]))
    with pytest.raises(
        RuntimeError, match=r"quantile\(\) input tensor must be either float or double dtype \(got int64"
    ):
        ember.quantile(ember.ones(3, dtype=ember.int64), 0.5)
    with pytest.raises(RuntimeError, match=r"quantile\(\) input tensor must be either float or double"):
        ember.quantile(ember.ones(3, dtype=ember.float16), 0.5)
    with pytest.raises(
        RuntimeError, match=r"interpolation must be one of linear, lower, higher, midpoint or nearest, but got foo"
    ):
        ember.quantile(ember.ones(3), 0.5, interpolation="foo")
    with pytest.raises(RuntimeError, match=r"q must be a scalar or 1D tensor \(got shape \(2, 2\)"):
        ember.quantile(ember.ones(3), ember.ones(2, 2))
    with pytest.raises(
        RuntimeError, match=r"q tensor must be same dtype as the input tensor \(got float64 and float32"
    ):
        ember.quantile(ember.ones(3), ember.ones(2, dtype=ember.float64))
    with pytest.raises(RuntimeError, match=r"nanquantile\(\) input tensor must be non-empty"):
        ember.nanquantile(ember.ones(2, 0), 0.5, dim=0)
    with pytest.raises(IndexError, match="out of range"):
        ember.quantile(ember.ones(2, 3), 0.5, dim=2)
