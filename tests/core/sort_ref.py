"""Reference orderings and inputs for the sorting tests: PyTorch's order (NaN
largest, -0.0 equal to +0.0, ties in input order) written out in Python, and
value generators with ties, NaN and signed zeros for every ordered dtype."""

import math

import numpy as np
from op_db import FLOATS, INTS, NP_DTYPE, as_numpy

import ember


def make(v, dtype):
    """An ember tensor of dtype holding the NumPy values v (bfloat16 via float32)."""
    if dtype == ember.bfloat16:
        return ember.tensor(np.asarray(v, dtype=np.float32)).to(ember.bfloat16)
    return ember.tensor(np.array(v, dtype=NP_DTYPE[dtype]))


def values(dtype, shape, seed=0, specials=True):
    """Random values of dtype with many ties; floats also get NaN, +-inf and -0.0."""
    rng = np.random.default_rng(seed)
    if dtype == ember.bool:
        return rng.random(shape) < 0.5
    if dtype in INTS:
        info = np.iinfo(NP_DTYPE[dtype])
        v = rng.integers(-6 if info.min < 0 else 0, 7, size=shape)
        extremes = rng.random(shape)
        v = np.where(extremes < 0.05, info.min, np.where(extremes > 0.95, info.max, v))
        return v.astype(NP_DTYPE[dtype])
    v = np.round(rng.standard_normal(shape) * 3, 1)
    if specials:
        pick = rng.random(shape)
        v = np.where(pick < 0.05, np.nan, v)
        v = np.where((pick >= 0.05) & (pick < 0.1), -0.0, v)
        v = np.where((pick >= 0.1) & (pick < 0.13), 0.0, v)
        v = np.where((pick >= 0.13) & (pick < 0.15), np.inf, v)
        v = np.where((pick >= 0.15) & (pick < 0.17), -np.inf, v)
    v = v.astype(NP_DTYPE[dtype])
    if dtype == ember.bfloat16:  # the values bfloat16 holds
        v = as_numpy(make(v, dtype))
    return v


def order_key(x):
    """Sort key of one element in PyTorch's order."""
    x = x.item() if hasattr(x, "item") else x
    if isinstance(x, float) and math.isnan(x):
        return (1, 0.0)
    return (0, x)


def ref_line_order(line, descending=False):
    """Positions of line's elements in stable sorted order (descending keeps ties in input order)."""
    return sorted(range(len(line)), key=lambda i: order_key(line[i]), reverse=descending)


def ref_sort(v, dim=-1, descending=False):
    """(values, indices) of PyTorch's stable sort of NumPy array v along dim."""
    if v.ndim == 0:
        return v.copy(), np.zeros((), np.int64)
    moved = np.moveaxis(v, dim, -1)
    idx = np.zeros(moved.shape, np.int64)
    for pos in np.ndindex(moved.shape[:-1]):
        idx[pos] = ref_line_order(moved[pos], descending)
    vals = np.take_along_axis(moved, idx, -1)
    return np.moveaxis(vals, -1, dim), np.moveaxis(idx, -1, dim)


def same(got, want):
    """Arrays equal elementwise with NaN equal to NaN and -0.0 told apart from +0.0."""
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    if got.dtype.kind == "f":
        assert np.array_equal(got, want, equal_nan=True), (got, want)
        assert np.array_equal(np.signbit(got), np.signbit(want)), (got, want)
    else:
        assert np.array_equal(got, want), (got, want)


ORDERED = (ember.bool,) + INTS + FLOATS
