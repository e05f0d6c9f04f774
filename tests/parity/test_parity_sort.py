"""Sorting, search and the statistics built on them against PyTorch, side by
side on the same random inputs (ties, NaN, signed zeros) over every ordered
dtype. Index results are compared where torch pins them down (stable sorts,
searches); elsewhere the index must hold the value."""

import numpy as np
import pytest
from oracle import pair, to_numpy, torch
from sort_ref import ORDERED, values

import ember


def same(e, t):
    a, b = to_numpy(e), to_numpy(t)
    assert a.shape == b.shape and a.dtype == b.dtype, (a.shape, b.shape, a.dtype, b.dtype)
    assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), (a, b)


@pytest.mark.parametrize("dtype", ORDERED, ids=str)
@pytest.mark.parametrize("shape", [(9,), (3, 700), (4, 5, 6)], ids=str)
def test_sort_family(dtype, shape):
    e, t = pair(values(dtype, shape, seed=1), dtype)
    for dim in range(len(shape)):
        for descending in (False, True):
            r, w = (
                ember.sort(e, dim, descending, stable=True),
                torch.sort(t, dim=dim, descending=descending, stable=True),
            )
            same(r.values, w.values)
            same(r.indices, w.indices)
        k = min(3, shape[dim])
        if dtype != ember.bool:  # torch has no topk, kthvalue or median of bools
            for largest in (True, False):
                same(ember.topk(e, k, dim, largest).values, torch.topk(t, k, dim, largest).values)
            same(ember.kthvalue(e, k, dim).values, torch.kthvalue(t, k, dim).values)
            same(ember.median(e, dim).values, torch.median(t, dim).values)
            same(ember.nanmedian(e, dim).values, torch.nanmedian(t, dim).values)
        m, n = pair(values(dtype, shape, seed=5, specials=False), dtype)
        same(ember.mode(m, dim).values, torch.mode(n, dim).values)
    same(ember.msort(e), torch.msort(t))
    e, t = pair(values(dtype, shape, seed=1, specials=False), dtype)  # torch's inverse for NaNs varies
    u, w = (
        ember.unique(e, return_inverse=True, return_counts=True),
        torch.unique(t, return_inverse=True, return_counts=True),
    )
    for a, b in zip(u, w, strict=True):
        same(a, b)


@pytest.mark.parametrize("dtype", [ember.int32, ember.float32, ember.float64], ids=str)
def test_search_and_counts(dtype):
    eb, tb = pair(np.sort(values(dtype, (20,), seed=2, specials=False)), dtype)
    ev, tv = pair(values(dtype, (4, 6), seed=3, specials=False), dtype)
    for right in (False, True):
        same(ember.searchsorted(eb, ev, right=right), torch.searchsorted(tb, tv, right=right))
        same(ember.bucketize(ev, eb, right=right), torch.bucketize(tv, tb, right=right))
    same(ember.isin(ev, eb), torch.isin(tv, tb))
    if dtype != ember.int32:
        for q in (0.0, 0.3, 0.5, 1.0):
            for method in ("linear", "lower", "higher", "midpoint", "nearest"):
                same(
                    ember.quantile(ev, q, dim=1, interpolation=method),
                    torch.quantile(tv, q, dim=1, interpolation=method),
                )
        same(ember.histc(ev, 7), torch.histc(tv, 7))
        same(ember.histc(ev, 5, -1, 1), torch.histc(tv, 5, -1, 1))
        x1, y1 = pair(np.random.default_rng(0).standard_normal((30, 5)), dtype)
        x2, y2 = pair(np.random.default_rng(1).standard_normal((20, 5)), dtype)
        for p in (0.0, 1.0, 2.0, 3.0, float("inf")):
            np.testing.assert_allclose(
                to_numpy(ember.cdist(x1, x2, p)), to_numpy(torch.cdist(y1, y2, p)), rtol=1e-5, atol=1e-5
            )
    ei, ti = pair(np.random.default_rng(4).integers(0, 9, size=30), ember.int64)
    same(ember.bincount(ei, minlength=12), torch.bincount(ti, minlength=12))


def test_unique_dim_consecutive_quantile_nan_and_sorter():
    rng = np.random.default_rng(7)
    e, t = pair(rng.integers(0, 2, size=(6, 3, 4)), ember.int64)
    for dim in (0, 1, 2):
        for a, b in zip(
            ember.unique(e, dim=dim, return_inverse=True, return_counts=True),
            torch.unique(t, dim=dim, return_inverse=True, return_counts=True),
            strict=True,
        ):
            same(a, b)
        for a, b in zip(
            ember.unique_consecutive(e, dim=dim, return_inverse=True, return_counts=True),
            torch.unique_consecutive(t, dim=dim, return_inverse=True, return_counts=True),
            strict=True,
        ):
            same(a, b)
    v = rng.standard_normal((5, 9))
    v[1, 2] = v[3, :] = np.nan
    e, t = pair(v, ember.float64)
    q = np.array([0.0, 0.2, 0.5, 0.9, 1.0])
    eq, tq = pair(q, ember.float64)
    # torch's vectorised lerp fuses its multiply-add (its scalar tail doesn't):
    # interpolated results may differ by an ulp, picked ones not at all.
    for method in ("linear", "lower", "higher", "midpoint", "nearest"):
        for dim in (None, 0, 1):
            for ours, theirs, keepdim in (
                (ember.quantile, torch.quantile, False),
                (ember.nanquantile, torch.nanquantile, True),
            ):
                a = to_numpy(ours(e, eq, dim, keepdim, interpolation=method))
                b = to_numpy(theirs(t, tq, dim, keepdim, interpolation=method))
                if method in ("linear", "midpoint"):
                    np.testing.assert_allclose(a, b, rtol=4e-16, atol=4e-16)
                else:
                    assert np.array_equal(a, b, equal_nan=True)
    seq = rng.standard_normal(12)
    es, ts = pair(seq, ember.float64)
    sorter = np.argsort(seq)
    ev, tv = pair(rng.standard_normal((3, 4)), ember.float64)
    same(
        ember.searchsorted(es, ev, sorter=ember.tensor(sorter)),
        torch.searchsorted(ts, tv, sorter=torch.from_numpy(sorter)),
    )
    x1, y1 = pair(rng.standard_normal((2, 1, 30, 4)), ember.float64)
    x2, y2 = pair(rng.standard_normal((3, 7, 4)), ember.float64)
    np.testing.assert_allclose(to_numpy(ember.cdist(x1, x2)), to_numpy(torch.cdist(y1, y2)), rtol=1e-10, atol=1e-10)
