"""Products and torch.linalg against PyTorch: result dtypes, shapes and values,
the factorizations' sign conventions (both run LAPACK's algorithms), and the
exception classes of bad input."""

import numpy as np
import pytest
from oracle import EMBER_DTYPE, TORCH_DTYPE, to_numpy, torch

import ember

FLOAT_DTYPES = [ember.float32, ember.float64, ember.complex64, ember.complex128]
TOL = {ember.float32: 1e-4, ember.complex64: 1e-4, ember.float64: 1e-10, ember.complex128: 1e-10}


def pair(shape, dtype, seed=0, spd=False):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    if dtype in (ember.complex64, ember.complex128):
        x = x + 1j * rng.standard_normal(shape)
    if spd:
        x = x @ np.conj(np.swapaxes(x, -1, -2)) + shape[-1] * np.eye(shape[-1])
    e = ember.tensor(x).to(dtype)
    return e, torch.from_numpy(np.ascontiguousarray(x)).to(TORCH_DTYPE[dtype])


def same(e, t, tol):
    assert EMBER_DTYPE[t.dtype] is e.dtype, (e.dtype, t.dtype)
    assert tuple(e.shape) == tuple(t.shape)
    np.testing.assert_allclose(to_numpy(e), to_numpy(t), rtol=tol, atol=tol)


@pytest.mark.parametrize(
    "a_shape, b_shape", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((5, 2, 3), (3, 4)), ((2, 1, 2, 3), (4, 3, 2))]
)
@pytest.mark.parametrize("dtype", [ember.float32, ember.float16, ember.bfloat16, ember.int64, ember.complex128])
def test_matmul(a_shape, b_shape, dtype):
    ea, ta = pair(a_shape, ember.float64, 1)
    eb, tb = pair(b_shape, ember.float64, 2)
    ea, eb = (ea * 4).round().to(dtype), (eb * 4).round().to(dtype)
    ta, tb = (ta * 4).round().to(TORCH_DTYPE[dtype]), (tb * 4).round().to(TORCH_DTYPE[dtype])
    same(ea @ eb, ta @ tb, 1e-2 if dtype in (ember.float16, ember.bfloat16) else 1e-6)


@pytest.mark.parametrize(
    "equation, shapes",
    [
        ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
        ("ii->i", [(3, 3)]),
        ("...ij,jk", [(2, 3, 4), (4, 2)]),
        ("i,j", [(3,), (2,)]),
    ],
)
def test_einsum(equation, shapes):
    ops = [pair(s, ember.float64, i) for i, s in enumerate(shapes)]
    same(ember.einsum(equation, *[e for e, _ in ops]), torch.einsum(equation, *[t for _, t in ops]), 1e-12)


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=str)
def test_factorizations_match_torch(dtype):
    tol = TOL[dtype]
    ea, ta = pair((2, 4, 4), dtype, 3)
    es, ts = pair((2, 4, 4), dtype, 4, spd=True)
    eb, tb = pair((2, 4, 2), dtype, 5)
    L = ember.linalg
    T = torch.linalg
    same(L.det(ea), T.det(ta), tol * 10)
    same(L.slogdet(ea).logabsdet, T.slogdet(ta).logabsdet, tol * 10)
    same(L.inv(ea), T.inv(ta), tol * 10)
    same(L.solve(ea, eb), T.solve(ta, tb), tol * 10)
    same(L.cholesky(es), T.cholesky(ts), tol * 10)
    for mode in ("reduced", "complete"):
        eq, er = L.qr(ea[:, :, :3], mode=mode)
        tq, tr = T.qr(ta[:, :, :3], mode=mode)
        same(eq, tq, tol * 10)
        same(er, tr, tol * 10)
    same(L.eigvalsh(es), T.eigvalsh(ts), tol * 10)
    same(L.svdvals(ea), T.svdvals(ta), tol * 10)
    same(L.pinv(ea), T.pinv(ta), tol * 100)
    same(L.matrix_exp(ea * 0.5), T.matrix_exp(ta * 0.5), tol * 10)
    same(L.matrix_norm(ea, "nuc"), T.matrix_norm(ta, "nuc"), tol * 10)
    lu_e, piv_e = L.lu_factor(ea)
    lu_t, piv_t = T.lu_factor(ta)
    same(lu_e, lu_t, tol * 10)
    assert piv_e.tolist() == piv_t.tolist()
    res_e = L.lstsq(ea, eb, driver="gelsd")
    res_t = T.lstsq(ta, tb, driver="gelsd")
    same(res_e.solution, res_t.solution, tol * 100)
    assert res_e.rank.tolist() == res_t.rank.tolist()


@pytest.mark.parametrize(
    "call",
    [
        lambda m, x: m.linalg.inv(x.ones(2, 3)),
        lambda m, x: m.linalg.inv(x.ones(2, 2, dtype=x.int64)),
        lambda m, x: m.linalg.cholesky(x.zeros(2, 2)),
        lambda m, x: m.linalg.solve(x.zeros(2, 2), x.ones(2)),
        lambda m, x: m.matmul(x.ones(2, 3), x.ones(2, 3)),
        lambda m, x: m.mm(x.ones(2, 3), x.ones(3, 2, dtype=x.float64)),
        lambda m, x: m.einsum("ij,jk", x.ones(2, 3)),
        lambda m, x: m.matmul(x.ones(2, 2, dtype=x.bool), x.ones(2, 2, dtype=x.bool)),
    ],
)
def test_error_classes_match_torch(call):
    with pytest.raises(Exception) as te:
        call(torch, torch)
    with pytest.raises(Exception) as ee:
        call(ember, ember)
    expected = type(te.value)
    if expected.__name__ == "_LinAlgError":
        assert isinstance(ee.value, ember.linalg.LinAlgError)
    else:
        assert type(ee.value) is expected, (ee.value, te.value)
