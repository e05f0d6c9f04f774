"""trace and cdist against NumPy over dtypes, batches, p and strided inputs;
errors as PyTorch 2.13 raises them (checked by hand)."""

import numpy as np
import pytest
from op_db import FLOATS, INTS, as_numpy
from sort_ref import make

import ember


@pytest.mark.parametrize("dtype", INTS + FLOATS + (ember.complex64,), ids=str)
def test_trace(dtype):
    rng = np.random.default_rng(0)
    for shape in [(3, 3), (2, 5), (5, 2), (0, 3)]:
        v = rng.integers(0, 5, size=shape)
        t = ember.tensor(v).to(dtype)
        got = ember.trace(t)
        want = np.trace(v)
        assert got.shape == ()
        assert got.dtype == (ember.int64 if dtype in INTS else dtype)
        assert as_numpy(got).item() == want
        assert t.t().trace().tolist() == want  # strided
    with pytest.raises(RuntimeError, match=r"trace: expected a matrix, but got tensor with dim 1"):
        ember.trace(ember.arange(6.0))
    with pytest.raises(NotImplementedError, match="trace: not implemented for bool"):
        ember.trace(ember.ones(2, 2, dtype=ember.bool))


def ref_cdist(a, b, p):
    d = np.abs(a[..., :, None, :] - b[..., None, :, :])
    if p == 0:
        return (d != 0).sum(-1).astype(a.dtype)
    if np.isinf(p):
        return d.max(-1) if d.shape[-1] else np.zeros(d.shape[:-1], a.dtype)
    return (d**p).sum(-1) ** (1 / p)


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
@pytest.mark.parametrize("p", [0.0, 1.0, 1.5, 2.0, 3.0, float("inf")])
def test_cdist_matches_numpy(dtype, p):
    rng = np.random.default_rng(1)
    npd = np.float32 if dtype == ember.float32 else np.float64
    tol = 2e-5 if dtype == ember.float32 else 1e-10
    for s1, s2 in [
        ((4, 3), (5, 3)),
        ((2, 4, 3), (1, 6, 3)),
        ((30, 4), (7, 4)),
        ((2, 30, 3), (1, 6, 3)),
        ((3, 0), (2, 0)),
        ((0, 2), (3, 2)),
    ]:
        a = np.round(rng.standard_normal(s1), 2).astype(npd)
        b = np.round(rng.standard_normal(s2), 2).astype(npd)
        got = ember.cdist(make(a, dtype), make(b, dtype), p=p)
        want = ref_cdist(a.astype(np.float64), b.astype(np.float64), p)
        assert got.dtype == dtype and tuple(got.shape) == want.shape
        np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol * 10)


def test_cdist_matmul_path_accuracy_and_modes():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((40, 8))
    b = rng.standard_normal((30, 8))
    want = ref_cdist(a, b, 2)
    ta, tb = ember.tensor(a).to(ember.float32), ember.tensor(b).to(ember.float32)
    for mode in (None, "use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist", "use_mm_for_euclid_dist_if_necessary"):
        got = ember.cdist(ta, tb, compute_mode=mode).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    # The expansion cancels |a|^2 (~8 here) against itself for a point and
    # itself: d^2 keeps an error of a few float32 ulps of 8, ~1e-6, whose root
    # is ~1e-3 (PyTorch's differs by summation order: 0 on this input).
    same_point = ember.cdist(ta[:1], ta[:1], compute_mode="use_mm_for_euclid_dist").item()
    assert 0 <= same_point < 1e-2
    da = ember.tensor(a)
    assert 0 <= ember.cdist(da[:1], da[:1], compute_mode="use_mm_for_euclid_dist").item() < 1e-6
    assert ember.cdist(ta[:1], ta[:1], compute_mode="donot_use_mm_for_euclid_dist").item() == 0
    np.testing.assert_allclose(ember.cdist(ta.t().contiguous().t(), tb).numpy(), want, rtol=1e-4, atol=1e-4)


def test_cdist_errors():
    with pytest.raises(RuntimeError, match=r"X1 and X2 must have the same number of columns. X1: 3 X2: 2"):
        ember.cdist(ember.ones(2, 3), ember.ones(4, 2))
    with pytest.raises(RuntimeError, match=r"cdist only supports at least 2D tensors, X1 got: 1D"):
        ember.cdist(ember.ones(3), ember.ones(4, 3))
    with pytest.raises(RuntimeError, match=r"cdist only supports non-negative p values \(got -1\)"):
        ember.cdist(ember.ones(2, 3), ember.ones(4, 3), p=-1)
    with pytest.raises(RuntimeError, match=r"cdist only supports floating-point dtypes, X1 got: int64"):
        ember.cdist(ember.ones(2, 3, dtype=ember.int64), ember.ones(4, 3, dtype=ember.int64))
    with pytest.raises(RuntimeError, match=r"cdist: X1 and X2 must have the same dtype, got float32 and float64"):
        ember.cdist(ember.ones(2, 3), ember.ones(4, 3, dtype=ember.float64))
    with pytest.raises(NotImplementedError, match="cdist: not implemented for float16"):
        ember.cdist(ember.ones(2, 3, dtype=ember.float16), ember.ones(4, 3, dtype=ember.float16))
    with pytest.raises(ValueError, match="foo is not a valid value for compute_mode"):
        ember.cdist(ember.ones(2, 3), ember.ones(4, 3), compute_mode="foo")
    with pytest.raises(RuntimeError, match="shape"):
        ember.cdist(ember.ones(2, 2, 3), ember.ones(3, 4, 3))
