"""ember.linalg's decompositions and composites: reconstruction properties
(Q R = A, U S Vh = A, L L^H = A, A V = V diag(w)) with hypothesis, and values
against numpy.linalg (lstsq, pinv, matrix_rank, norms, matrix_power, cross,
tensorinv/tensorsolve, vander)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from ember import linalg as LA

DTYPES = [
    (np.float32, ember.float32, 1e-4),
    (np.float64, ember.float64, 1e-10),
    (np.complex64, ember.complex64, 1e-4),
    (np.complex128, ember.complex128, 1e-10),
]
IDS = ["float32", "float64", "complex64", "complex128"]


def rand(shape, npd, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    if np.dtype(npd).kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(npd)


def herm(x):
    return np.conj(np.swapaxes(x, -1, -2))


def T(x):
    return ember.tensor(x)


def close(out, expected, tol):
    np.testing.assert_allclose(np.asarray(out.numpy() if hasattr(out, "numpy") else out), expected, rtol=tol, atol=tol)


def transposed(x):
    return T(np.ascontiguousarray(np.swapaxes(x, -1, -2))).mT


shapes = st.tuples(st.lists(st.integers(1, 2), max_size=2), st.integers(1, 6), st.integers(1, 6))


@settings(max_examples=40, deadline=None)
@given(shapes, st.sampled_from(range(4)), st.sampled_from(["reduced", "complete", "r"]), st.booleans())
def test_qr_reconstructs(shape, which, mode, trans):
    npd, dtype, tol = DTYPES[which]
    batch, m, n = shape
    a = rand((*batch, m, n), npd, m * 7 + n)
    Q, R = LA.qr(transposed(a) if trans else T(a), mode=mode)
    k = min(m, n)
    r = R.numpy()
    np.testing.assert_array_equal(np.tril(r, -1), 0)
    if mode == "r":
        assert Q.shape == (0,)
        assert R.shape[-2:] == (k, n)
        return
    q = Q.numpy()
    cols = m if mode == "complete" else k
    assert q.shape[-2:] == (m, cols) and r.shape[-2:] == (cols, n)
    close(q @ r, a, tol * 10)
    close(herm(q) @ q, np.broadcast_to(np.eye(cols), q.shape[:-2] + (cols, cols)), tol * 10)


@settings(max_examples=40, deadline=None)
@given(shapes, st.sampled_from(range(4)), st.booleans(), st.booleans())
def test_svd_reconstructs(shape, which, full, trans):
    npd, dtype, tol = DTYPES[which]
    batch, m, n = shape
    a = rand((*batch, m, n), npd, m * 5 + n)
    U, S, Vh = LA.svd(transposed(a) if trans else T(a), full_matrices=full)
    k = min(m, n)
    assert S.dtype is T(np.abs(a)).dtype
    u, s, vh = U.numpy(), S.numpy(), Vh.numpy()
    close(s, np.linalg.svd(a, compute_uv=False), tol * 10)
    close((u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :], a, tol * 10)
    assert u.shape[-2:] == (m, m if full else k) and vh.shape[-2:] == (n if full else k, n)
    close(herm(u) @ u, np.broadcast_to(np.eye(u.shape[-1]), u.shape[:-2] + (u.shape[-1],) * 2), tol * 10)
    close(LA.svdvals(T(a)), s, tol * 10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 2), max_size=2), st.integers(1, 6), st.sampled_from(range(4)), st.sampled_from("LU"))
def test_eigh_and_cholesky_reconstruct(batch, n, which, uplo):
    npd, dtype, tol = DTYPES[which]
    x = rand((*batch, n, n), npd, n)
    a = (x @ herm(x) + n * np.eye(n)).astype(npd)
    w, V = LA.eigh(T(a), UPLO=uplo)
    assert w.dtype is T(np.abs(a)).dtype
    close(w, np.linalg.eigvalsh(a), tol * 100)
    v = V.numpy()
    close(a @ v, v * w.numpy()[..., None, :], tol * 100)
    close(LA.eigvalsh(T(a), UPLO=uplo), w.numpy(), tol * 10)
    L = LA.cholesky(T(a), upper=uplo == "U").numpy()
    rebuilt = herm(L) @ L if uplo == "U" else L @ herm(L)
    close(rebuilt, a, tol * 100)


def test_eigh_reads_only_one_triangle():
    a = np.array([[2.0, 100.0], [1.0, 3.0]])
    close(LA.eigvalsh(T(a)), np.linalg.eigvalsh(a, UPLO="L"), 1e-12)
    close(LA.eigvalsh(T(a), UPLO="U"), np.linalg.eigvalsh(a, UPLO="U"), 1e-12)


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_eig_and_eigvals(npd, dtype, tol):
    a = rand((3, 5, 5), npd, 1)  # real input has complex-conjugate pairs
    w, V = LA.eig(T(a))
    assert w.dtype is (ember.complex64 if npd in (np.float32, np.complex64) else ember.complex128)
    close(T(a).to(V.dtype) @ V, V.numpy() * w.numpy()[..., None, :], tol * 100)
    expected = np.sort_complex(np.linalg.eigvals(a))
    close(np.sort_complex(LA.eigvals(T(a)).numpy()), expected, tol * 100)


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_householder_product_builds_q(npd, dtype, tol):
    a = rand((2, 5, 3), npd, 2)
    Q, _ = LA.qr(T(a))
    # Q's columns from geqrf's reflectors: same as numpy's reduced Q up to signs fixed by R.
    q_np, r_np = np.linalg.qr(a)
    phases = np.diagonal(r_np, 0, -2, -1) / np.diagonal(LA.qr(T(a)).R.numpy(), 0, -2, -1)
    close(Q.numpy(), q_np * phases[..., None, :], tol * 10)
    packed, tau = ember._C._linalg.geqrf(T(a))
    close(LA.householder_product(packed, tau), Q.numpy(), tol)


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
@pytest.mark.parametrize("m, n", [(6, 3), (3, 3), (3, 6)])
@pytest.mark.parametrize("driver", ["gelsy", "gelsd", "gelss", "gels"])
def test_lstsq_matches_numpy(npd, dtype, tol, m, n, driver):
    if driver == "gels" and m < n:
        driver = "gelsd"
    a, b = rand((2, m, n), npd, 1), rand((2, m, 2), npd, 2)
    res = LA.lstsq(T(a), T(b), driver=driver)
    expected = [np.linalg.lstsq(a[i], b[i], rcond=None) for i in range(2)]
    close(res.solution, np.stack([e[0] for e in expected]), tol * 100)
    if driver != "gels":
        assert res.rank.tolist() == [e[2] for e in expected]
    if driver in ("gelsd", "gelss"):
        close(res.singular_values, np.stack([e[3] for e in expected]), tol * 10)
    else:
        assert res.singular_values.shape == (0,)
    if m > n and driver != "gelsy":
        close(res.residuals, np.stack([e[1] for e in expected]), tol * 100)
    else:
        assert res.residuals.shape == (0,)


def test_lstsq_rank_deficient_is_minimum_norm():
    a = np.ones((3, 2))
    res = LA.lstsq(T(a), T(np.ones((3, 1))))
    close(res.solution, [[0.5], [0.5]], 1e-12)
    assert res.rank.item() == 1
    v = LA.lstsq(T(np.ones((2, 3))), T(np.ones(2)))
    close(v.solution, [1 / 3] * 3, 1e-12)
    with pytest.raises(LA.LinAlgError, match="full rank"):
        LA.lstsq(T(a), T(np.ones((3, 1))), driver="gels")


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_pinv_and_matrix_rank(npd, dtype, tol):
    a = rand((2, 5, 3), npd, 3)
    close(LA.pinv(T(a)), np.linalg.pinv(a), tol * 100)
    low = (rand((5, 2), npd, 4) @ rand((2, 4), npd, 5)).astype(npd)
    close(LA.pinv(T(low)), np.linalg.pinv(low, rcond=1e-5 if npd in (np.float32, np.complex64) else 1e-12), tol * 100)
    assert LA.matrix_rank(T(low)).item() == 2
    assert LA.matrix_rank(T(a)).tolist() == [3, 3]
    assert LA.matrix_rank(T(low), atol=1e30).item() == 0
    h = (low @ herm(low)).astype(npd)
    assert LA.matrix_rank(T(h), hermitian=True).item() == 2
    close(
        LA.pinv(T(h), hermitian=True), np.linalg.pinv(h, hermitian=True, rcond=1e-4 if tol > 1e-6 else 1e-10), tol * 1e3
    )
    assert LA.matrix_rank(T(low)).dtype is ember.int64


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
@pytest.mark.parametrize("ord", ["fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf])
def test_matrix_norm_matches_numpy(npd, dtype, tol, ord):
    a = rand((2, 3, 4), npd, 6)
    expected = np.linalg.norm(a, ord=ord, axis=(-2, -1))
    out = LA.matrix_norm(T(a), ord)
    assert out.dtype is T(np.abs(a)).dtype
    close(out, expected, tol * 10)
    close(LA.matrix_norm(T(a), ord, dim=(0, 2)), np.linalg.norm(a, ord=ord, axis=(0, 2)), tol * 10)
    kept = LA.matrix_norm(T(a), ord, keepdim=True)
    assert kept.shape == (2, 1, 1)
    close(LA.norm(T(a[0]), ord), np.linalg.norm(a[0], ord), tol * 10)


def test_norm_dispatch():
    a = rand((3, 4), np.float64, 7)
    close(LA.norm(T(a)), np.linalg.norm(a), 1e-12)
    close(LA.norm(T(a), dim=1), np.linalg.norm(a, axis=1), 1e-12)
    close(LA.norm(T(a), 3, dim=0), np.linalg.norm(a, 3, axis=0), 1e-12)
    close(LA.norm(T(a[0]), 1), np.linalg.norm(a[0], 1), 1e-12)
    close(LA.norm(T(a), "nuc", dim=(0, 1)), np.linalg.norm(a, "nuc"), 1e-12)
    close(LA.vector_norm(T(a), 2), np.linalg.norm(a), 1e-12)
    with pytest.raises(RuntimeError, match="1D or 2D"):
        LA.norm(ember.ones(2, 2, 2), 2)


def test_cond():
    a = rand((3, 3), np.float64, 8)
    for p in (None, 2, -2, 1, "fro", math.inf):
        close(LA.cond(T(a), p), np.linalg.cond(a, p), 1e-8)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 7, -1, -3])
def test_matrix_power(n):
    a = rand((2, 3, 3), np.float64, 9) + 2 * np.eye(3)
    close(LA.matrix_power(T(a), n), np.linalg.matrix_power(a, n), 1e-9)
    i = np.arange(9).reshape(3, 3)
    if n >= 0:
        np.testing.assert_array_equal(LA.matrix_power(T(i), n).numpy(), np.linalg.matrix_power(i, n))


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_matrix_exp(npd, dtype, tol):
    x = rand((2, 4, 4), npd, 10)
    a = ((x + herm(x)) * 1.5).astype(npd)  # Hermitian: exp via the eigendecomposition
    w, v = np.linalg.eigh(a.astype(np.complex128 if np.iscomplexobj(a) else np.float64))
    expected = (v * np.exp(w)[..., None, :]) @ herm(v)
    close(LA.matrix_exp(T(a)), expected, tol * 100 * np.abs(expected).max())
    nil = np.array([[0.0, 1.0], [0.0, 0.0]])
    close(LA.matrix_exp(T(nil)), [[1.0, 1.0], [0.0, 1.0]], 1e-15)
    close(LA.matrix_exp(ember.zeros(3, 3)), np.eye(3), 0)


def test_cross():
    a, b = rand((4, 3), np.float64, 11), rand((2, 1, 3), np.float64, 12)
    close(LA.cross(T(a[None]), T(b)), np.cross(a[None], b), 1e-12)
    close(LA.cross(T(a.T.copy()), T(a[::-1].T.copy()), dim=0), np.cross(a.T, a[::-1].T, axis=0), 1e-12)
    with pytest.raises(RuntimeError, match="length 3"):
        LA.cross(ember.ones(4), ember.ones(4))
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        LA.cross(ember.ones(3), ember.ones(2, 3))


def test_tensorinv_and_tensorsolve():
    a = rand((4, 6, 8, 3), np.float64, 13) + np.eye(24).reshape(4, 6, 8, 3) * 5
    close(LA.tensorinv(T(a), ind=2), np.linalg.tensorinv(a, ind=2), 1e-10)
    b = rand((4, 6), np.float64, 14)
    close(LA.tensorsolve(T(a), T(b)), np.linalg.tensorsolve(a, b), 1e-10)
    a3 = rand((6, 2, 3), np.float64, 15) + np.moveaxis(np.eye(6).reshape(2, 3, 6), 2, 0) * 5
    b3 = rand((2, 3), np.float64, 16)
    close(LA.tensorsolve(T(a3), T(b3), dims=(0,)), np.linalg.tensorsolve(a3, b3, axes=(0,)), 1e-10)


def test_vander_and_diagonal():
    x = np.array([1.0, 2.0, 3.0, 5.0])
    close(LA.vander(T(x)), np.vander(x, increasing=True), 0)
    close(LA.vander(T(x), N=3), np.vander(x, 3, increasing=True), 0)
    xi = np.array([[1, 2], [3, 4]])
    out = LA.vander(T(xi), N=3)
    assert out.dtype is ember.int64
    np.testing.assert_array_equal(out.numpy(), np.stack([np.vander(r, 3, increasing=True) for r in xi]))
    a = rand((2, 3, 4), np.float64, 16)
    close(LA.diagonal(T(a)), np.diagonal(a, 0, -2, -1), 0)
    close(LA.diagonal(T(a), offset=1, dim1=0, dim2=2), np.diagonal(a, 1, 0, 2), 0)


def test_empty_matrices():
    U, S, Vh = LA.svd(ember.ones(0, 3))
    assert U.shape == (0, 0) and S.shape == (0,) and Vh.tolist() == np.eye(3).tolist()
    Q, R = LA.qr(ember.ones(3, 0), mode="complete")
    assert Q.tolist() == np.eye(3).tolist() and R.shape == (3, 0)
    P, L, U = LA.lu(ember.ones(0, 3))
    assert P.shape == (0, 0) and L.shape == (0, 0) and U.shape == (0, 3)
    assert LA.matrix_norm(ember.ones(0, 3), 2).item() == 0
    assert LA.matrix_rank(ember.ones(0, 3)).item() == 0
    assert LA.pinv(ember.ones(0, 3)).shape == (3, 0)
    assert LA.eigh(ember.ones(0, 0)).eigenvalues.shape == (0,)
    assert LA.cholesky(ember.ones(2, 0, 0)).shape == (2, 0, 0)
    assert LA.solve(ember.ones(0, 0), ember.ones(0, 2)).shape == (0, 2)
    assert LA.matrix_exp(ember.ones(0, 0)).shape == (0, 0)
