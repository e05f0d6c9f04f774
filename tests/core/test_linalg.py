"""ember.linalg's solvers and determinants against numpy.linalg: dtypes, batches
(broadcast where PyTorch broadcasts), transposed inputs, errors (LinAlgError
on singular / non-positive-definite input, info from the _ex forms)."""

import numpy as np
import pytest

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


def well_conditioned(shape, npd, seed=0):
    n = shape[-1]
    return (rand(shape, npd, seed) + 3 * n**0.5 * np.eye(n)).astype(npd)


def hpd(shape, npd, seed=0):
    """Hermitian positive-definite."""
    x = rand(shape, npd, seed)
    return (x @ np.conj(np.swapaxes(x, -1, -2)) + shape[-1] * np.eye(shape[-1])).astype(npd)


def T(x):
    return ember.tensor(x)


def close(out, expected, tol):
    np.testing.assert_allclose(out.numpy(), expected, rtol=tol, atol=tol)


def transposed(x):
    """x's values in a tensor whose matrices are column-major (a transposed view)."""
    return T(np.ascontiguousarray(np.swapaxes(x, -1, -2))).mT


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (2, 3, 5, 5), (1, 1), (0, 0), (2, 0, 0)], ids=str)
def test_det_slogdet_inv(npd, dtype, tol, shape):
    a = well_conditioned(shape, npd)
    for t in (T(a), transposed(a)):
        d = LA.det(t)
        assert d.dtype is dtype and tuple(d.shape) == shape[:-2]
        close(d, np.linalg.det(a), tol * 10)
        sign, logabs = LA.slogdet(t)
        ref_sign, ref_log = np.linalg.slogdet(a)
        close(sign, ref_sign, tol)
        close(logabs, ref_log, tol)
        assert logabs.dtype is ember.tensor(np.abs(a)).dtype
        inv = LA.inv(t)
        close(inv, np.linalg.inv(a) if a.size else a, tol * 10)
        inv2, info = LA.inv_ex(t)
        close(inv2, inv.numpy(), 0)
        assert info.dtype is ember.int32 and not bool(info.any())


def test_det_of_singular_matrix_is_zero_and_slogdet_says_so():
    s = T(np.array([[1.0, 2.0], [2.0, 4.0]]))
    assert LA.det(s).item() == 0
    sign, logabs = LA.slogdet(s)
    assert sign.item() == 0 and logabs.item() == -np.inf


def test_det_with_row_swaps_has_the_right_sign():
    p = T(np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]))
    assert LA.det(p).item() == 1.0
    assert LA.det(p[[1, 0, 2]]).item() == -1.0


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_solve_shapes_and_broadcast(npd, dtype, tol):
    a = well_conditioned((2, 1, 4, 4), npd)
    b = rand((3, 4, 2), npd, 1)
    x = LA.solve(T(a), T(b))
    assert tuple(x.shape) == (2, 3, 4, 2)
    close(x, np.linalg.solve(a, b), tol * 10)
    # A vector right-hand side (B of A's shape minus the last dim, or 1-D).
    v = rand((2, 1, 4), npd, 2)
    close(LA.solve(T(a), T(v)), np.linalg.solve(a, v[..., None])[..., 0], tol * 10)
    v1 = rand((4,), npd, 3)
    close(LA.solve(T(a[0, 0]), T(v1)), np.linalg.solve(a[0, 0], v1), tol * 10)
    # left=False: X A = B.
    bl = rand((2, 1, 3, 4), npd, 4)
    expected = np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(bl, -1, -2)), -1, -2)
    close(LA.solve(T(a), T(bl), left=False), expected, tol * 10)
    close(LA.solve(transposed(a), transposed(b[0])), np.linalg.solve(a, b[0]), tol * 10)
    x2, info = LA.solve_ex(T(a), T(b))
    close(x2, x.numpy(), 0)
    assert info.shape == (2, 3) and not bool(info.any())


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("unit", [False, True])
def test_solve_triangular(npd, dtype, tol, upper, left, unit):
    a = well_conditioned((2, 4, 4), npd)
    tri = np.triu(a) if upper else np.tril(a)
    if unit:  # the diagonal is taken to be ones, whatever A holds there
        tri[..., np.arange(4), np.arange(4)] = 1
    b = rand((2, 4, 3) if left else (2, 3, 4), npd, 1)
    x = LA.solve_triangular(T(a), T(b), upper=upper, left=left, unitriangular=unit)
    expected = (
        np.linalg.solve(tri, b)
        if left
        else np.swapaxes(np.linalg.solve(np.swapaxes(tri, -1, -2), np.swapaxes(b, -1, -2)), -1, -2)
    )
    close(x, expected, tol * 10)


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_cholesky_and_upper(npd, dtype, tol):
    a = hpd((3, 4, 4), npd)
    L = LA.cholesky(T(a))
    close(L, np.linalg.cholesky(a), tol * 10)
    U = LA.cholesky(T(a), upper=True)
    close(U, np.conj(np.swapaxes(np.linalg.cholesky(a), -1, -2)), tol * 10)
    L2, info = LA.cholesky_ex(transposed(a))
    close(L2, L.numpy(), tol)
    assert info.shape == (3,) and not bool(info.any())


def test_singular_and_non_pd_raise_linalg_error():
    assert issubclass(LA.LinAlgError, RuntimeError)
    sing = T(np.array([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(LA.LinAlgError, match="linalg.inv: The diagonal element 2 is zero"):
        LA.inv(sing)
    batch = ember.stack([ember.eye(2, dtype=ember.float64), sing])
    with pytest.raises(LA.LinAlgError, match=r"\(Batch element 1\): The diagonal element 2"):
        LA.inv(batch)
    with pytest.raises(LA.LinAlgError, match="singular"):
        LA.solve(sing, ember.ones(2, dtype=ember.float64))
    with pytest.raises(LA.LinAlgError, match="leading minor of order 2 is not positive-definite"):
        LA.cholesky(sing)
    with pytest.raises(LA.LinAlgError, match=r"Batch element 1"):
        LA.cholesky(batch)
    with pytest.raises(RuntimeError, match="U\\[2,2\\] is zero"):
        LA.lu_factor(sing)
    # The _ex forms report instead of raising (unless asked).
    assert LA.inv_ex(batch).info.tolist() == [0, 2]
    assert LA.cholesky_ex(batch).info.tolist() == [0, 2]
    assert LA.solve_ex(sing, ember.ones(2, 1, dtype=ember.float64)).info.item() == 2
    assert LA.lu_factor_ex(sing).info.item() == 2
    with pytest.raises(LA.LinAlgError):
        LA.cholesky_ex(sing, check_errors=True)
    with pytest.raises(LA.LinAlgError):
        LA.inv_ex(sing, check_errors=True)


@pytest.mark.parametrize(
    "fn, args, match",
    [
        (LA.inv, [(2, 3)], "square matrices, but they are 2 by 3"),
        (LA.det, [(2, 3)], "square matrices"),
        (LA.inv, [(3,)], "at least 2 dimensions"),
        (LA.cholesky, [(2, 3)], "square"),
        (LA.solve, [(2, 2), (3,)], r"Incompatible shapes of A and B"),
    ],
)
def test_shape_errors(fn, args, match):
    with pytest.raises(RuntimeError, match=match):
        fn(*[ember.ones(*s, dtype=ember.float64) for s in args])


def test_dtype_errors():
    with pytest.raises(RuntimeError, match="Expected a floating point or complex tensor as input. Got int64"):
        LA.inv(ember.ones(2, 2, dtype=ember.int64))
    with pytest.raises(RuntimeError, match="Low precision dtypes not supported. Got float16"):
        LA.inv(ember.ones(2, 2, dtype=ember.float16))
    with pytest.raises(RuntimeError, match="same dtype"):
        LA.solve(ember.eye(2), ember.ones(2, 1, dtype=ember.float64))


@pytest.mark.parametrize("npd, dtype, tol", DTYPES, ids=IDS)
def test_lu_factor_lu_solve_and_lu(npd, dtype, tol):
    a = well_conditioned((2, 4, 4), npd)
    LU, piv = LA.lu_factor(T(a))
    assert piv.dtype is ember.int32 and piv.shape == (2, 4)
    b = rand((2, 4, 3), npd, 1)
    close(LA.lu_solve(LU, piv, T(b)), np.linalg.solve(a, b), tol * 10)
    ah = np.conj(np.swapaxes(a, -1, -2))
    close(LA.lu_solve(LU, piv, T(b), adjoint=True), np.linalg.solve(ah, b), tol * 10)
    bl = rand((2, 3, 4), npd, 2)
    expected = np.swapaxes(np.linalg.solve(np.swapaxes(a, -1, -2), np.swapaxes(bl, -1, -2)), -1, -2)
    close(LA.lu_solve(LU, piv, T(bl), left=False), expected, tol * 10)
    for shape in [(2, 4, 4), (3, 5), (5, 3)]:
        x = rand(shape, npd, 3)
        P, L, U = LA.lu(T(x))
        close(P @ L @ U, x, tol * 10)
        k = min(shape[-2:])
        assert L.shape[-2:] == (shape[-2], k) and U.shape[-2:] == (k, shape[-1])
        np.testing.assert_array_equal(np.triu(L.numpy(), 1), 0)
        np.testing.assert_array_equal(np.tril(U.numpy(), -1), 0)


def test_nan_inputs_do_not_hang():
    nan = T(np.array([[1.0, np.nan], [2.0, 4.0]]))
    assert np.isnan(LA.det(nan).item())
    assert bool(LA.inv_ex(nan).inverse.isnan().any())
    with pytest.raises(LA.LinAlgError, match="non-finite"):
        LA.svd(nan)
    with pytest.raises(LA.LinAlgError, match="non-finite"):
        LA.eigh(nan, UPLO="U")
    with pytest.raises(RuntimeError, match="infs or NaNs"):
        LA.eig(nan)
    with pytest.raises(LA.LinAlgError):
        LA.lstsq(nan, ember.ones(2, 1, dtype=ember.float64))
    assert bool(LA.matrix_exp(nan).isnan().all())


def test_top_level_spellings_and_methods():
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    t = T(a)
    assert ember.det(t).item() == pytest.approx(5.0)
    assert t.det().item() == pytest.approx(5.0)
    close(ember.inverse(t), np.linalg.inv(a), 1e-12)
    close(t.inverse(), np.linalg.inv(a), 1e-12)
    close(ember.pinverse(T(np.ones((2, 3)))), np.linalg.pinv(np.ones((2, 3))), 1e-12)
    close(t.matrix_power(3), np.linalg.matrix_power(a, 3), 1e-12)
    close(ember.matrix_exp(ember.zeros(2, 2, dtype=ember.float64)), np.eye(2), 0)
    assert ember.slogdet(t).logabsdet.item() == pytest.approx(np.log(5.0))
    assert ember.logdet(t).item() == pytest.approx(np.log(5.0))
    swap = T(np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert np.isnan(swap.logdet().item())  # det = -1
    assert ember.logdet(ember.zeros(2, 2)).item() == -np.inf
    minus_i = ember.eye(2, dtype=ember.complex128) * -1
    assert ember.logdet(minus_i).item() == 0


def test_expanded_batches_and_out():
    a = well_conditioned((1, 3, 3), np.float64)
    t = T(a).expand(4, 3, 3)  # stride 0 over the batch
    close(LA.det(t), np.repeat(np.linalg.det(a), 4), 1e-10)
    b = rand((4, 3, 2), np.float64, 1)
    close(LA.solve(t, T(b)), np.linalg.solve(np.broadcast_to(a, (4, 3, 3)), b), 1e-10)
    out = ember.empty(4, 3, 3, dtype=ember.float64)
    assert LA.inv(t, out=out) is out
    close(out, np.linalg.inv(np.broadcast_to(a, (4, 3, 3))), 1e-10)
    Q, R = ember.empty(3, 3, dtype=ember.float64), ember.empty(3, 3, dtype=ember.float64)
    res = LA.qr(T(a[0]), out=(Q, R))
    assert res.Q is Q and res.R is R
    close(Q @ R, a[0], 1e-10)
