"""var/std (and with the mean), logsumexp, norm and linalg.vector_norm; softmax,
log_softmax, cumsum, cumprod, cummax, cummin, logcumsumexp and diff — against
NumPy, with the PyTorch 2.13 facts (dtypes, errors, inf handling) written down.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_reduce import FLOATS, INTS, all_dims, check, exact_input, np_axis, tensor, values

import ember

nan, inf = float("nan"), float("inf")


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("shape", [(), (1,), (6,), (3, 4), (2, 3, 5), (0, 3)], ids=str)
def test_var_std_match_numpy(dtype, shape):
    t = tensor(values(dtype, shape), dtype)
    x = exact_input(t).astype(np.float64)
    for dim in all_dims(len(shape)):
        for keepdim in (False, True):
            for corr in (0, 1, 2):
                ax = np_axis(dim)
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    n = x.size if ax is None else np.prod([x.shape[d] for d in np.atleast_1d(ax)])
                    want = np.sum((x - x.mean(axis=ax, keepdims=True)) ** 2, axis=ax, keepdims=keepdim) / max(
                        n - corr, 0
                    )
                check(ember.var(t, dim, correction=corr, keepdim=keepdim), want, dtype)
                check(t.std(dim, keepdim=keepdim, correction=corr), np.sqrt(want), dtype)
                v, m = ember.var_mean(t, dim, correction=corr, keepdim=keepdim)
                check(v, want, dtype)
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    check(m, x.mean(axis=ax, keepdims=keepdim), dtype)
                s, m = ember.std_mean(t, dim, correction=corr, keepdim=keepdim)
                check(s, np.sqrt(want), dtype)


def test_var_unbiased_and_errors():
    x = ember.tensor([1.0, 2.0, 4.0])
    assert x.var(unbiased=False).item() == pytest.approx(np.var([1, 2, 4]))
    assert x.var(False).item() == pytest.approx(np.var([1, 2, 4]))
    assert x.var(0, True).item() == pytest.approx(np.var([1, 2, 4], ddof=1))
    assert np.isnan(ember.ones(1).var().item())  # one element, Bessel's correction: 0/0
    with pytest.raises(RuntimeError, match="std and var only support floating point and complex dtypes.*int64"):
        ember.tensor([1, 2]).var()
    with pytest.raises(RuntimeError, match="std and var only support"):
        ember.tensor([1, 2]).std()
    with pytest.raises(RuntimeError, match="can't take both unbiased and correction"):
        x.var(unbiased=True, correction=0)
    z = ember.tensor([1 + 1j, 3 - 1j], dtype=ember.complex64)
    assert z.var().dtype == ember.float32 and z.var().item() == pytest.approx(4.0)


def np_logsumexp(x, axis, keepdims):
    m = np.max(x, axis=axis, keepdims=True) if x.size else np.zeros([1] * x.ndim)
    m = np.where(np.isinf(m), 0, m)
    with np.errstate(divide="ignore"):
        r = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return r if keepdims else np.squeeze(r, axis=axis) if axis is not None else r.reshape(())


@pytest.mark.parametrize("dtype", [*FLOATS, ember.int32, ember.bool], ids=str)
@pytest.mark.parametrize("shape", [(), (7,), (3, 4), (2, 3, 5)], ids=str)
def test_logsumexp_matches_numpy(dtype, shape):
    t = tensor(values(dtype, shape), dtype)
    x = exact_input(t).astype(np.float64)
    out = dtype if dtype in FLOATS else ember.float32  # integers and bool give the default dtype
    for dim in all_dims(len(shape))[2:] + [tuple(range(len(shape)))]:
        for keepdim in (False, True):
            ax = dim if isinstance(dim, tuple) else (dim,)
            check(ember.logsumexp(t, dim, keepdim), np_logsumexp(x, ax if shape else None, keepdim), out)
            check(t.logsumexp(dim=dim, keepdim=keepdim), np_logsumexp(x, ax if shape else None, keepdim), out)


def test_logsumexp_is_stable_with_infinities():
    assert ember.tensor([1000.0, 1000.0]).logsumexp(0).item() == pytest.approx(1000 + np.log(2))
    assert ember.tensor([inf, inf]).logsumexp(0).item() == inf
    assert ember.tensor([-inf, -inf]).logsumexp(0).item() == -inf
    assert ember.tensor([-inf, 0.0]).logsumexp(0).item() == 0.0
    assert ember.zeros((0, 3)).logsumexp(0).tolist() == [-inf, -inf, -inf]
    assert ember.zeros((0, 3)).logsumexp(1).shape == (0,)


ORDS = [0, 1, 2, inf, -inf, 3.5, 0.5, -1]


def np_norm(x, ord, axis, keepdims):
    a = np.abs(x)
    if ord == inf:
        return a.max(axis=axis, keepdims=keepdims)
    if ord == -inf:
        return a.min(axis=axis, keepdims=keepdims)
    if ord == 0:
        return (a != 0).sum(axis=axis, keepdims=keepdims).astype(np.float64)
    with np.errstate(divide="ignore"):
        return np.sum(a**ord, axis=axis, keepdims=keepdims) ** (1 / ord)


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("ord", ORDS, ids=str)
def test_vector_norm_matches_numpy(dtype, ord):
    t = tensor(values(dtype, (3, 4, 2)), dtype)
    x = exact_input(t).astype(np.float64)
    for dim in [None, 0, -1, (0, 2)]:
        for keepdim in (False, True):
            want = np_norm(x, ord, np_axis(dim), keepdim)
            check(ember.linalg.vector_norm(t, ord, dim, keepdim), want, dtype)
            check(t.norm(ord, dim, keepdim), want, dtype)
    check(t.norm(), np.sqrt((x**2).sum()), dtype)
    check(t.norm(p="fro", dim=1), np.sqrt((x**2).sum(1)), dtype)


def test_norm_errors_and_dtypes():
    with pytest.raises(RuntimeError, match="linalg.vector_norm: Expected a floating point or complex tensor.*int64"):
        ember.linalg.vector_norm(ember.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="linalg.vector_norm"):
        ember.tensor([1, 2]).norm()
    with pytest.raises(TypeError, match="argument 'ord' must be Number, not str"):
        ember.linalg.vector_norm(ember.ones(2), "fro")
    with pytest.raises(NotImplementedError, match="nuclear"):
        ember.ones((2, 2)).norm(p="nuc")
    with pytest.raises(RuntimeError, match="cannot compute the inf norm on an empty tensor"):
        ember.linalg.vector_norm(ember.zeros((0, 3)), inf)
    assert ember.linalg.vector_norm(ember.zeros((0, 3)), inf, dim=1).shape == (0,)
    assert ember.linalg.vector_norm(ember.zeros((0, 3)), 3.5).item() == 0.0
    z = ember.tensor([3 + 4j], dtype=ember.complex64)
    r = ember.linalg.vector_norm(z)
    assert r.dtype == ember.float32 and r.item() == pytest.approx(5.0)
    assert ember.linalg.vector_norm(ember.ones(4), dtype=ember.float64).dtype == ember.float64


# ----------------------------------------------------------------- along a dim


def np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("shape", [(), (7,), (3, 4), (2, 3, 70), (0, 3)], ids=str)
def test_softmax_matches_numpy(dtype, shape):
    t = tensor(values(dtype, shape) * 10, dtype)
    x = exact_input(t).astype(np.float64)
    for d in range(-max(len(shape), 1), max(len(shape), 1)):
        ax = d if shape else None
        if x.size == 0:
            assert ember.softmax(t, d).shape == t.shape and t.log_softmax(d).shape == t.shape
            continue
        with np.errstate(all="ignore"):
            want = np_softmax(x, ax)
        check(ember.softmax(t, d), want, dtype)
        check(t.log_softmax(dim=d), np.log(want), dtype, rtol=max(tol_of(dtype), 1e-5) * 10)


def tol_of(dtype):
    return {ember.float16: 2e-3, ember.bfloat16: 1e-2, ember.float32: 1e-5, ember.float64: 1e-12}[dtype]


def test_softmax_stable_dtype_and_transposed():
    r = ember.tensor([1000.0, 1000.0, -inf]).softmax(0)
    assert r.tolist() == [0.5, 0.5, 0.0]
    assert ember.tensor([1000.0, 0.0]).log_softmax(0).tolist() == [0.0, -1000.0]
    assert ember.ones(3, dtype=ember.float16).softmax(0, dtype=ember.float32).dtype == ember.float32
    v = np.random.default_rng(3).standard_normal((50, 40)).astype(np.float32)
    t = tensor(v.T, ember.float32).t()
    np.testing.assert_allclose(t.softmax(1).numpy(), np_softmax(v, 1), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(t.softmax(0).numpy(), np_softmax(v, 0), rtol=1e-5, atol=1e-7)
    with pytest.raises(NotImplementedError, match="softmax: not implemented for int64"):
        ember.tensor([1, 2]).softmax(0)
    with pytest.raises(NotImplementedError, match="softmax: not implemented for int32"):
        ember.ones(2).softmax(0, dtype=ember.int32)
    with pytest.raises(IndexError, match=r"softmax: dimension out of range"):
        ember.ones((2, 3)).softmax(5)


def np_cumext(x, axis, fn):
    vals = fn.accumulate(x, axis=axis)
    idx = np.zeros(x.shape, dtype=np.int64)
    xs, vs, ids = np.moveaxis(x, axis, -1), np.moveaxis(vals, axis, -1), np.moveaxis(idx, axis, -1)
    for pos in np.ndindex(xs.shape[:-1]):
        best = 0
        for i in range(xs.shape[-1]):
            if xs[pos][i] == vs[pos][i]:  # ties move forward, as PyTorch's cummax
                best = i
            ids[pos][i] = best
    return vals, idx


@pytest.mark.parametrize("dtype", [*FLOATS, *INTS, ember.bool], ids=str)
@pytest.mark.parametrize("shape", [(), (6,), (3, 4), (2, 3, 4), (0, 2)], ids=str)
def test_scans_match_numpy(dtype, shape):
    t = tensor(values(dtype, shape), dtype)
    x = exact_input(t)
    wide = x.astype(np.float64 if dtype in FLOATS else np.int64)
    out = dtype if dtype in FLOATS else ember.int64
    for d in range(-max(len(shape), 1), max(len(shape), 1)):
        ax = d if shape else None
        ref_shape = x.shape
        check(ember.cumsum(t, d), np.cumsum(wide, axis=ax).reshape(ref_shape), out, rtol=tol_of_any(dtype) * 10)
        check(t.cumprod(dim=d), np.cumprod(wide, axis=ax).reshape(ref_shape), out, rtol=tol_of_any(dtype) * 10)
        if dtype in FLOATS:
            with np.errstate(all="ignore"):
                check(t.logcumsumexp(d), np.logaddexp.accumulate(wide, axis=ax or 0) if shape else wide, dtype)
        if shape and x.size:
            vals, idx = np_cumext(x, d, np.maximum)
            r = t.cummax(d)
            assert type(r).__name__ == "cummax"
            check(r.values, vals, dtype, rtol=0)
            check(r.indices, idx, ember.int64)
            vals, idx = np_cumext(x, d, np.minimum)
            values_, indices = ember.cummin(t, d)
            check(values_, vals, dtype, rtol=0)
            check(indices, idx, ember.int64)


def tol_of_any(dtype):
    return tol_of(dtype) if dtype in FLOATS else 0


def test_scan_dtype_and_special_values():
    x = ember.tensor([[1, 2, 3], [4, 5, 6]])
    assert x.cumsum(0, dtype=ember.float32).dtype == ember.float32
    assert ember.tensor([True, True]).cumsum(0).tolist() == [1, 2]
    r = ember.tensor([1.0, nan, 3.0]).cummax(0)
    assert np.isnan(r.values.tolist()[2]) and r.indices.tolist() == [0, 1, 1]
    assert ember.tensor([-inf, -inf, 0.0]).logcumsumexp(0).tolist() == [-inf, -inf, 0.0]
    assert ember.tensor([inf, 1.0]).logcumsumexp(0).tolist() == [inf, inf]
    with pytest.raises(NotImplementedError, match="logcumsumexp: not implemented for int64"):
        x.logcumsumexp(0)
    with pytest.raises(IndexError, match=r"cummin: dimension out of range \(expected to be in range of \[-2, 1\]"):
        x.cummin(2)
    with pytest.raises(IndexError, match="cumsum"):
        x.cumsum(-3)
    # expanded and transposed inputs
    e = ember.tensor([1.0, 2.0]).expand(3, 2)
    assert e.cumsum(0).tolist() == [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]
    assert x.t().cumsum(1).tolist() == [[1, 5], [2, 7], [3, 9]]


def test_diff():
    v = np.random.default_rng(4).standard_normal((3, 5))
    t = ember.tensor(v)
    for n in (0, 1, 2, 6):
        for d in (0, 1, -1):
            check(ember.diff(t, n, d), np.diff(v, n, axis=d), ember.float64)
    pre, app = np.ones((3, 2)), np.zeros((3, 1))
    check(
        t.diff(prepend=ember.tensor(pre), append=ember.tensor(app)), np.diff(v, prepend=pre, append=app), ember.float64
    )
    check(t.t().diff(dim=0), np.diff(v.T, axis=0), ember.float64)
    assert ember.tensor([True, False, True]).diff().tolist() == [True, True]
    assert ember.tensor([1, 4, 9]).diff(2).tolist() == [2]
    with pytest.raises(RuntimeError, match="diff expects input to be at least one-dimensional"):
        ember.tensor(1.0).diff()
    with pytest.raises(RuntimeError, match="order must be non-negative but got -1"):
        t.diff(-1)
    with pytest.raises(RuntimeError, match=r"input.size\(0\) = 3, but got tensor.size\(0\) = 2"):
        t.diff(prepend=ember.zeros((2, 2)))
    with pytest.raises(IndexError, match="diff"):
        t.diff(dim=2)


@settings(max_examples=40, deadline=None)
@given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=3), data=st.data())
def test_hypothesis_softmax_cumsum(shape, data):
    d = data.draw(st.integers(-len(shape), len(shape) - 1))
    v = np.random.default_rng(len(shape)).standard_normal(shape)
    t = ember.tensor(v)
    check(t.softmax(d), np_softmax(v, d), ember.float64)
    check(t.cumsum(d), np.cumsum(v, axis=d), ember.float64)
    check(t.var(d), np.var(v, axis=d, ddof=1) if shape[d] > 1 else np.full(np.var(v, axis=d).shape, nan), ember.float64)
