"""ember.linalg: PyTorch's torch.linalg on LAPACK (OpenBLAS).

The factorizations are native (ember._C._linalg, batched over leading dims);
this module gives them PyTorch's signatures, raises LinAlgError where
PyTorch does (the *_ex forms return LAPACK's info instead), and builds the
composites (det, qr, pinv, norms, matrix_exp, ...) from ember ops.
"""

import builtins
import math
from collections import namedtuple

import ember
from ember import _C
from ember._products import multi_dot

_L = _C._linalg
vector_norm = _C.linalg.vector_norm

__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "cross",
    "det",
    "diagonal",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "householder_product",
    "inv",
    "inv_ex",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "matmul",
    "matrix_exp",
    "matrix_norm",
    "matrix_power",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "tensorinv",
    "tensorsolve",
    "vander",
    "vecdot",
    "vector_norm",
]


class LinAlgError(RuntimeError):
    """A matrix is singular, not positive-definite, or an algorithm did not converge.

    Example:

    >>> ember.linalg.inv(ember.zeros(2, 2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ember.linalg.LinAlgError: linalg.inv: ... the input matrix is singular.
    """


LinAlgError.__module__ = "ember.linalg"


def _result(name, fields):
    t = namedtuple(name, fields)
    t.__module__ = "ember.return_types"
    return t


_SlogdetResult = _result("linalg_slogdet", ["sign", "logabsdet"])
_InvExResult = _result("linalg_inv_ex", ["inverse", "info"])
_SolveExResult = _result("linalg_solve_ex", ["result", "info"])
_CholeskyExResult = _result("linalg_cholesky_ex", ["L", "info"])
_QrResult = _result("linalg_qr", ["Q", "R"])
_EighResult = _result("linalg_eigh", ["eigenvalues", "eigenvectors"])
_EigResult = _result("linalg_eig", ["eigenvalues", "eigenvectors"])
_SvdResult = _result("linalg_svd", ["U", "S", "Vh"])
_LstsqResult = _result("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
_LuResult = _result("linalg_lu", ["P", "L", "U"])
_LuFactorResult = _result("linalg_lu_factor", ["LU", "pivots"])
_LuFactorExResult = _result("linalg_lu_factor_ex", ["LU", "pivots", "info"])

matmul = ember.matmul


# ------------------------------------------------------------------ helpers


def _first_failure(info):
    """(batch index, info value) of the first nonzero info, or None."""
    flat = info.reshape(-1)
    bad = flat.nonzero()
    if bad.shape[0] == 0:
        return None
    i = int(bad[0, 0])
    return i, int(flat[i])


def _raise(info, op, message, error=LinAlgError):
    """Raises `error` for the first failed matrix; message(code) says why."""
    failure = _first_failure(info)
    if failure is None:
        return
    i, code = failure
    batch = f"(Batch element {i}): " if info.dim() > 0 else ""
    raise error(f"{op}: {batch}{message(code)}")


def _mH(t):
    return _C.conj_physical(t).mT


def _eps(dtype):
    return ember.finfo(dtype).eps


def _real_dtype(dtype):
    return {ember.complex64: ember.float32, ember.complex128: ember.float64}.get(dtype, dtype)


def _check_square(A, op):
    if A.dim() < 2:
        raise RuntimeError(f"{op}: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(
            f"{op}: A must be batches of square matrices, but they are {A.shape[-2]} by {A.shape[-1]} matrices"
        )


def _eye_like(A, n):
    return ember.eye(n, dtype=A.dtype).expand(*A.shape[:-2], n, n)


def _out(result, out):
    if out is None:
        return result
    if isinstance(out, (tuple, list)):
        for o, r in zip(out, result, strict=True):
            o.copy_(r)
        return type(result)(*out) if hasattr(result, "_fields") else tuple(out)
    if tuple(out.shape) != tuple(result.shape) or out.dtype is not result.dtype:
        raise RuntimeError(
            f"out has dtype {out.dtype} and shape {tuple(out.shape)}, the result {result.dtype} and "
            f"{tuple(result.shape)}"
        )
    out.copy_(result)
    return out


# ------------------------------------------------------------ factorizations


def lu_factor_ex(A, *, pivot=True, check_errors=False, out=None):
    """LU factorization with partial pivoting, LAPACK's packed form: (LU, pivots, info).

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> LU, pivots, info = ember.linalg.lu_factor_ex(A)
    >>> info
    tensor(0, dtype=ember.int32)
    """
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    LU, pivots, info = _L.lu_factor_ex(A)
    if check_errors:
        _raise(info, "linalg.lu_factor_ex", lambda c: f"U[{c},{c}] is zero (the matrix is singular)")
    return _out(_LuFactorExResult(LU, pivots, info), out)


def lu_factor(A, *, pivot=True, out=None):
    """(LU, pivots) of A = P L U; raises when U has a zero on its diagonal.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> LU, pivots = ember.linalg.lu_factor(A)
    >>> pivots
    tensor([1, 2], dtype=ember.int32)
    """
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    _raise(
        info,
        "linalg.lu_factor",
        lambda c: (
            f"U[{c},{c}] is zero and using it on lu_solve would result in a division by zero. If you still "
            "want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
        ),
        RuntimeError,
    )
    return _out(_LuFactorResult(LU, pivots), out)


def _permutation(pivots, m, dtype):
    """P (..., m, m) with P[perm[j], j] = 1 for LAPACK's row swaps."""
    import numpy as np

    piv = pivots.numpy().astype(np.int64) - 1
    batch = piv.shape[:-1]
    piv = piv.reshape(math.prod(batch), piv.shape[-1])
    perm = np.tile(np.arange(m), (piv.shape[0], 1))
    rows = np.arange(piv.shape[0])
    for i in range(piv.shape[1]):
        j = piv[:, i]
        a, b = perm[rows, i].copy(), perm[rows, j].copy()
        perm[rows, i], perm[rows, j] = b, a
    P = np.zeros((piv.shape[0], m, m))
    P[rows[:, None], perm, np.arange(m)[None, :]] = 1
    return ember.tensor(P.reshape(*batch, m, m), dtype=dtype)


def lu(A, *, pivot=True, out=None):
    """A = P L U: P a permutation, L unit lower, U upper triangular.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> P, L, U = ember.linalg.lu(A)
    >>> ember.allclose(P @ L @ U, A)
    True
    """
    LU, pivots, _ = lu_factor_ex(A, pivot=pivot)
    m, n = A.shape[-2], A.shape[-1]
    k = builtins.min(m, n)
    L = LU[..., :, :k].tril(-1) + ember.eye(m, k, dtype=A.dtype)
    U = LU[..., :k, :].triu()
    P = _permutation(pivots, m, A.dtype)
    return _out(_LuResult(P, L, U), out)


def lu_solve(LU, pivots, B, *, left=True, adjoint=False, out=None):
    """X with A X = B (or X A = B when not left; A^H when adjoint) from lu_factor's output.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> LU, pivots = ember.linalg.lu_factor(A)
    >>> x = ember.linalg.lu_solve(LU, pivots, ember.tensor([[2.0], [1.0]]))
    >>> ember.allclose(A @ x, ember.tensor([[2.0], [1.0]]))
    True
    """
    if left:
        return _out(_L.lu_solve(LU, pivots, B, adjoint), out)
    return _out(_mH(_L.lu_solve(LU, pivots, _mH(B), not adjoint)), out)


def cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    """(L, info): the Cholesky factor of a Hermitian positive-definite A (its lower triangle is read).

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> L, info = ember.linalg.cholesky_ex(A)
    >>> info
    tensor(0, dtype=ember.int32)
    """
    L, info = _L.cholesky_ex(A, upper)
    if check_errors:
        _raise(info, "linalg.cholesky_ex", _not_pd)
    return _out(_CholeskyExResult(L, info), out)


def _not_pd(code):
    return (
        "The factorization could not be completed because the input is not positive-definite "
        f"(the leading minor of order {code} is not positive-definite)."
    )


def cholesky(A, *, upper=False, out=None):
    """L with A = L L^H (U^H U when upper); LinAlgError when A is not positive-definite.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> L = ember.linalg.cholesky(A)
    >>> ember.allclose(L @ L.T, A)
    True
    >>> L.triu(1)
    tensor([[0., 0.],
            [0., 0.]])
    """
    L, info = _L.cholesky_ex(A, upper)
    _raise(info, "linalg.cholesky", _not_pd)
    return _out(L, out)


def qr(A, mode="reduced", *, out=None):
    """A = Q R; mode 'reduced' (Q: m x k), 'complete' (Q: m x m) or 'r' (R only, Q empty).

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> Q, R = ember.linalg.qr(A)
    >>> ember.allclose(Q @ R, A), ember.allclose(Q.T @ Q, ember.eye(2), atol=1e-6)
    (True, True)
    """
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', or 'complete'"
        )
    if A.dim() < 2:
        raise RuntimeError("linalg.qr: The input tensor A must have at least 2 dimensions.")
    m, n = A.shape[-2], A.shape[-1]
    k = builtins.min(m, n)
    packed, tau = _L.geqrf(A)
    if mode == "complete":
        R = packed.triu()
    else:
        R = packed[..., :k, :].triu()
    if mode == "r":
        return _out(_QrResult(ember.empty(0, dtype=A.dtype), R), out)
    if mode == "complete" and m > n:
        pad = ember.zeros(*A.shape[:-2], m, m - n, dtype=A.dtype)
        Q = _L.householder_product(ember.cat([packed, pad], -1), tau)
    else:
        Q = _L.householder_product(packed[..., :, :k], tau)
    return _out(_QrResult(Q, R), out)


def householder_product(A, tau, *, out=None):
    """The first n columns of the product of Householder reflectors H_i = I - tau_i v_i v_i^H (LAPACK's orgqr).

    Example:

    >>> v = ember.tensor([[1.0], [0.0]])
    >>> ember.linalg.householder_product(v, ember.tensor([2.0]))
    tensor([[-1.],
            [-0.]])
    """
    return _out(_L.householder_product(A, tau), out)


def _eigh_failed(code):
    if code < 0:
        return "The algorithm failed to converge because the input matrix contained non-finite values."
    return (
        "The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated "
        f"eigenvalues (error code: {code})."
    )


def _uplo(UPLO, op):
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"{op}: Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO == "U"


def eigh(A, UPLO="L", *, out=None):
    """Eigenvalues (ascending, real) and orthonormal eigenvectors of a Hermitian A (one triangle is read).

    Example:

    >>> values, vectors = ember.linalg.eigh(ember.tensor([[2.0, 0.0], [0.0, 1.0]]))
    >>> values
    tensor([1., 2.])
    """
    w, V, info = _L.eigh_ex(A, _uplo(UPLO, "linalg.eigh"), True)
    _raise(info, "linalg.eigh", _eigh_failed)
    return _out(_EighResult(w, V), out)


def eigvalsh(A, UPLO="L", *, out=None):
    """The eigenvalues of a Hermitian A, ascending.

    Example:

    >>> ember.linalg.eigvalsh(ember.tensor([[2.0, 1.0], [1.0, 2.0]]))
    tensor([1., 3.])
    """
    w, _, info = _L.eigh_ex(A, _uplo(UPLO, "linalg.eigvalsh"), False)
    _raise(info, "linalg.eigvalsh", _eigh_failed)
    return _out(w, out)


def _svd_failed(code):
    if code < 0:
        return "The algorithm failed to converge because the input matrix contained non-finite values."
    return (
        "The algorithm failed to converge because the input matrix is ill-conditioned or has too many repeated "
        f"singular values (error code: {code})."
    )


def svd(A, full_matrices=True, *, driver=None, out=None):
    """A = U diag(S) Vh, S descending (LAPACK's gesdd).

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> U, S, Vh = ember.linalg.svd(A)
    >>> ember.allclose(U @ ember.diag(S) @ Vh, A, atol=1e-6)
    True
    """
    if driver is not None:
        raise RuntimeError(
            "linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER backend."
        )
    U, S, Vh, info = _L.svd_ex(A, full_matrices, True)
    _raise(info, "linalg.svd", _svd_failed)
    return _out(_SvdResult(U, S, Vh), out)


def svdvals(A, *, driver=None, out=None):
    """The singular values of A, descending.

    Example:

    >>> ember.linalg.svdvals(ember.tensor([[3.0, 0.0], [0.0, -4.0]]))
    tensor([4., 3.])
    """
    if driver is not None:
        raise RuntimeError(
            "linalg.svdvals: keyword argument `driver=` is only supported on CUDA inputs with cuSOLVER backend."
        )
    _, S, _, info = _L.svd_ex(A, False, False)
    _raise(info, "linalg.svd", _svd_failed)
    return _out(S, out)


def _eig(A, vectors, op):
    w, V, info = _L.eig_ex(A, vectors)
    if (info < 0).any():
        raise RuntimeError(f"{op}: input tensor should not contain infs or NaNs.")
    _raise(info, op, lambda c: f"The QR algorithm failed to compute all the eigenvalues (error code: {c}).")
    return w, V


def eig(A, *, out=None):
    """Eigenvalues and right eigenvectors of a square A, complex (LAPACK's geev).

    Example:

    >>> values, vectors = ember.linalg.eig(ember.tensor([[2.0, 0.0], [0.0, 3.0]]))
    >>> values
    tensor([2.+0.j, 3.+0.j])
    """
    return _out(_EigResult(*_eig(A, True, "linalg.eig")), out)


def eigvals(A, *, out=None):
    """The eigenvalues of a square A, complex.

    Example:

    >>> ember.linalg.eigvals(ember.tensor([[0.0, -1.0], [1.0, 0.0]]))
    tensor([0.+1.j, 0.-1.j])
    """
    return _out(_eig(A, False, "linalg.eigvals")[0], out)


# ------------------------------------------------------------------ solvers


def _vector_rhs(A, B):
    """PyTorch's rule: B is a batch of vectors when 1-D or when its shape is A's minus the last dim."""
    return B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


def solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """(X, info) with A X = B (X A = B when not left).

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> x, info = ember.linalg.solve_ex(A, ember.eye(2))
    >>> info
    tensor(0, dtype=ember.int32)
    """
    if A.dim() < 2:
        raise RuntimeError("linalg.solve: The input tensor A must have at least 2 dimensions.")
    vector = _vector_rhs(A, B)
    Bm = B.unsqueeze(-1) if vector else B
    if not left:
        if vector:
            raise RuntimeError(
                "linalg.solve: Vector broadcasting of the left hand side is not supported for left=False."
            )
        X, info = _L.solve_ex(A.mT, Bm.mT)
        X = X.mT
    else:
        X, info = _L.solve_ex(A, Bm)
    if vector:
        X = X.squeeze(-1)
    if check_errors:
        _raise(info, "linalg.solve_ex", lambda c: "The solver failed because the input matrix is singular.")
    return _out(_SolveExResult(X, info), out)


def solve(A, B, *, left=True, out=None):
    """X with A X = B (X A = B when not left); LinAlgError when A is singular.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> b = ember.tensor([2.0, 1.0])
    >>> x = ember.linalg.solve(A, b)
    >>> ember.allclose(A @ x, b)
    True
    """
    X, info = solve_ex(A, B, left=left)
    _raise(info, "linalg.solve", lambda c: "The solver failed because the input matrix is singular.")
    return _out(X, out)


def solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    """X with A X = B (X A = B when not left) for triangular A; only A's triangle is read.

    Example:

    >>> U = ember.tensor([[2.0, 1.0], [0.0, 4.0]])
    >>> ember.linalg.solve_triangular(U, ember.tensor([[3.0], [4.0]]), upper=True)
    tensor([[1.],
            [1.]])
    """
    if B.dim() < 2:
        raise RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.")
    return _out(_L.solve_triangular(A, B, upper, left, unitriangular), out)


def inv_ex(A, *, check_errors=False, out=None):
    """(inverse, info) of a square A.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> inverse, info = ember.linalg.inv_ex(A)
    >>> info
    tensor(0, dtype=ember.int32)
    """
    _check_square(A, "linalg.inv")
    X, info = _L.solve_ex(A, ember.eye(A.shape[-1], dtype=A.dtype))
    if check_errors:
        _raise(info, "linalg.inv_ex", _singular_inv)
    return _out(_InvExResult(X, info), out)


def _singular_inv(code):
    return (
        f"The diagonal element {code} is zero, the inversion could not be completed because the input matrix is "
        "singular."
    )


def inv(A, *, out=None):
    """The inverse of a square A; LinAlgError when it is singular.

    Example:

    >>> A = ember.tensor([[4.0, 2.0], [2.0, 3.0]])
    >>> ember.linalg.inv(A) @ A
    tensor([[1., 0.],
            [0., 1.]])
    """
    _check_square(A, "linalg.inv")
    X, info = _L.solve_ex(A, ember.eye(A.shape[-1], dtype=A.dtype))
    _raise(info, "linalg.inv", _singular_inv)
    return _out(X, out)


def lstsq(A, B, rcond=None, *, driver=None):
    """Least-squares solution of A X = B (minimum norm where A is rank-deficient), LAPACK's gelsd.

    Returns (solution, residuals, rank, singular_values) as PyTorch does for
    each driver: residuals when m > n and every matrix has full rank (not for
    gelsy), rank for gelsy/gelsd/gelss, singular values for gelsd/gelss.

    Example:

    >>> A = ember.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> b = ember.tensor([[1.0], [2.0], [3.0]])
    >>> ember.allclose(ember.linalg.lstsq(A, b).solution, ember.ones(2, 1))
    True
    """
    driver = driver or "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(
            f"torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss), but got {driver}"
        )
    if A.dim() < 2:
        raise RuntimeError("linalg.lstsq: input must have at least 2 dimensions.")
    vector = B.dim() == A.dim() - 1
    Bm = B.unsqueeze(-1) if vector else B
    m, n = A.shape[-2], A.shape[-1]
    if rcond is None:
        rcond = (
            _eps(A.dtype) * builtins.max(m, n)
            if A.dtype in (ember.float32, ember.float64, ember.complex64, ember.complex128)
            else 0.0
        )
    x, rank, S, info = _L.lstsq_ex(A, Bm, float(rcond))
    if (info < 0).any():
        raise LinAlgError("linalg.lstsq: The input contains non-finite values.")
    _raise(info, "linalg.lstsq", lambda c: f"The SVD failed to converge (error code: {c}).")
    solution = x[..., :n, :]
    full_rank = bool((rank == builtins.min(m, n)).all()) if rank.numel() else True
    if driver == "gels" and not full_rank:
        raise LinAlgError(
            "torch.linalg.lstsq: The least squares solution could not be computed because the input matrix does not "
            "have full rank."
        )
    real = _real_dtype(A.dtype)
    empty = ember.empty(0, dtype=real)
    if m > n and full_rank and driver != "gelsy":
        residuals = x[..., n:, :].abs().square().sum(-2)
    else:
        residuals = empty
    if vector:
        solution = solution.squeeze(-1)
        if residuals.numel():
            residuals = residuals.squeeze(-1)
    return _LstsqResult(
        solution,
        residuals,
        rank if driver != "gels" else ember.empty(0, dtype=ember.int64),
        S if driver in ("gelsd", "gelss") else empty,
    )


# -------------------------------------------------------------- composites


def _lu_diagonal_and_sign(A, op):
    _check_square(A, op)
    LU, pivots, _ = _L.lu_factor_ex(A)
    n = A.shape[-1]
    swaps = (pivots != ember.arange(1, n + 1, dtype=ember.int32)).sum(-1)
    perm_sign = 1 - 2 * (swaps % 2)
    return LU.diagonal(0, -2, -1), perm_sign


def det(A, *, out=None):
    """The determinant, from the LU factorization.

    Example:

    >>> ember.linalg.det(ember.tensor([[2.0, 1.0], [0.0, 3.0]]))
    tensor(6.)
    """
    diag, perm_sign = _lu_diagonal_and_sign(A, "linalg.det")
    return _out(diag.prod(-1) * perm_sign.to(A.dtype), out)


def slogdet(A, *, out=None):
    """(sign, log|det|): sign is +-1 (a unit complex number for complex A), 0 when singular.

    Example:

    >>> ember.linalg.slogdet(ember.tensor([[-2.0, 0.0], [0.0, 1.0]])).sign
    tensor(-1.)
    """
    diag, perm_sign = _lu_diagonal_and_sign(A, "linalg.slogdet")
    sign = diag.sgn().prod(-1) * perm_sign.to(A.dtype)
    logabsdet = diag.abs().log().sum(-1)
    return _out(_SlogdetResult(sign, logabsdet), out)


def _tolerance(S_max, atol, rtol, m, n, dtype):
    """max(atol, rtol * largest singular value), PyTorch's defaults."""
    if atol is None and rtol is None:
        rtol = _eps(dtype) * builtins.max(m, n)
    elif rtol is None:
        rtol = 0.0
    tol = S_max * rtol
    if atol is not None:
        tol = ember.maximum(tol, atol if isinstance(atol, ember.Tensor) else ember.full_like(tol, atol))
    return tol


def pinv(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """The Moore-Penrose pseudo-inverse, through the SVD (or eigh when hermitian).

    Example:

    >>> ember.linalg.pinv(ember.tensor([[2.0, 0.0], [0.0, 0.0]]))
    tensor([[0.5000, 0.0000],
            [0.0000, 0.0000]])
    """
    if A.dim() < 2:
        raise RuntimeError("linalg.pinv: The input tensor A must have at least 2 dimensions.")
    m, n = A.shape[-2], A.shape[-1]
    if hermitian:
        w, V = eigh(A)
        absw = w.abs()
        smax = absw.amax(-1, keepdim=True) if w.shape[-1] else absw.sum(-1, keepdim=True)
        tol = _tolerance(smax, atol, rtol, m, n, A.dtype)
        winv = ember.where(absw > tol, 1 / w, ember.zeros_like(w))
        return _out((V * winv.to(A.dtype).unsqueeze(-2)) @ _mH(V), out)
    U, S, Vh = svd(A, full_matrices=False)
    smax = S[..., :1] if S.shape[-1] else S.sum(-1, keepdim=True)
    tol = _tolerance(smax, atol, rtol, m, n, A.dtype)
    sinv = ember.where(S > tol, 1 / S, ember.zeros_like(S))
    return _out((_mH(Vh) * sinv.to(A.dtype).unsqueeze(-2)) @ _mH(U), out)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False, out=None):
    """The number of singular values above max(atol, rtol * largest).

    Example:

    >>> ember.linalg.matrix_rank(ember.tensor([[1.0, 2.0], [2.0, 4.0]]))
    tensor(1)
    """
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_rank: The input tensor A must have at least 2 dimensions.")
    m, n = A.shape[-2], A.shape[-1]
    S = eigvalsh(A).abs() if hermitian else svdvals(A)
    smax = S.amax(-1, keepdim=True) if S.shape[-1] else S.sum(-1, keepdim=True)
    tol = _tolerance(smax, atol, rtol, m, n, A.dtype)
    return _out((S > tol).sum(-1), out)


def _norm_dims(dim, ndim, op):
    if len(dim) != 2:
        raise RuntimeError(f"{op}: dim must be a 2-tuple. Got {dim}")
    d0, d1 = (d + ndim if d < 0 else d for d in dim)
    if not (0 <= d0 < ndim and 0 <= d1 < ndim):
        raise IndexError(
            f"{op}: Dimension out of range (expected to be in range of [{-ndim}, {ndim - 1}], but got {dim})"
        )
    if d0 == d1:
        raise RuntimeError(f"{op}: dims must be different. Got ({d0}, {d1})")
    return d0, d1


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """Frobenius, nuclear, 1, inf, 2 (largest singular value) and their negatives over two dims.

    Example:

    >>> ember.linalg.matrix_norm(ember.tensor([[3.0, 0.0], [0.0, 4.0]]))
    tensor(5.)
    >>> ember.linalg.matrix_norm(ember.tensor([[3.0, 0.0], [0.0, 4.0]]), ord=2)
    tensor(4.)
    """
    op = "linalg.matrix_norm"
    if A.dim() < 2:
        raise RuntimeError(f"{op}: The input tensor A must have at least 2 dimensions.")
    if dtype is not None:
        A = A.to(dtype)
    if not (A.is_floating_point() or A.is_complex()):
        raise RuntimeError(f"{op}: Expected a floating point or complex tensor as input. Got {A.dtype}")
    d0, d1 = _norm_dims(tuple(dim), A.dim(), op)
    if ord == "fro":
        result = vector_norm(A, 2, (d0, d1), keepdim)
    elif ord in ("nuc", 2, -2):
        S = svdvals(A.movedim((d0, d1), (-2, -1)))
        if ord == "nuc":
            result = S.sum(-1)
        elif S.shape[-1] == 0:  # an empty matrix: PyTorch says 0
            result = ember.zeros(*S.shape[:-1], dtype=S.dtype)
        else:
            result = S.amax(-1) if ord == 2 else S.amin(-1)
        if keepdim:
            result = result.unsqueeze(-1).unsqueeze(-1).movedim((-2, -1), (d0, d1))
    elif ord in (1, -1, math.inf, -math.inf):
        summed, other = (d0, d1) if ord in (1, -1) else (d1, d0)
        sums = A.abs().sum(summed, keepdim=True)
        result = sums.amax(other, keepdim=True) if ord > 0 else sums.amin(other, keepdim=True)
        if not keepdim:
            result = result.squeeze((d0, d1))
    else:
        raise RuntimeError(f"{op}: Order {ord} not supported.")
    return _out(result, out)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """A vector norm (dim an int, or A 1-D) or a matrix norm (dim a pair, or A 2-D with ord given);
    without ord and dim, the 2-norm of A flattened.

    Example:

    >>> ember.linalg.norm(ember.tensor([3.0, 4.0]))
    tensor(5.)
    >>> ember.linalg.norm(ember.tensor([[1.0, 2.0], [3.0, 4.0]]), ord=1)
    tensor(6.)
    """
    if isinstance(dim, int):
        dim = (dim,)
    if dim is not None:
        dim = tuple(dim)
        if len(dim) == 2:
            return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype, out=out)
        if isinstance(ord, str):
            raise RuntimeError(f"linalg.norm: ord={ord} is not supported for vector norms")
        return _out(vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype), out)
    if ord is None:
        return _out(vector_norm(A, 2, None, keepdim, dtype=dtype), out)
    if A.dim() == 2:
        return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype, out=out)
    if A.dim() == 1:
        if isinstance(ord, str):
            raise RuntimeError(f"linalg.norm: ord={ord} is not supported for vector norms")
        return _out(vector_norm(A, ord, None, keepdim, dtype=dtype), out)
    raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {A.dim()}D.")


def cond(A, p=None, *, out=None):
    """The condition number in norm p: largest over smallest singular value for p None/2 (-2: the inverse).

    Example:

    >>> ember.linalg.cond(ember.tensor([[1.0, 0.0], [0.0, 4.0]]))
    tensor(4.)
    """
    if p is None or p in (2, -2):
        S = svdvals(A)
        big, small = S[..., 0], S[..., -1]
        return _out(big / small if p != -2 else small / big, out)
    return _out(matrix_norm(A, p) * matrix_norm(inv(A), p), out)


def matrix_power(A, n, *, out=None):
    """A multiplied by itself n times (n < 0: the inverse's power; n = 0: the identity).

    Example:

    >>> ember.linalg.matrix_power(ember.tensor([[1.0, 1.0], [0.0, 1.0]]), 3)
    tensor([[1., 3.],
            [0., 1.]])
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"linalg.matrix_power(): argument 'n' must be int, not {type(n).__name__}")
    _check_square(A, "linalg.matrix_power")
    if n == 0:
        return _out(_eye_like(A, A.shape[-1]).clone(), out)
    if n < 0:
        A, n = inv(A), -n
    result, base = None, A
    while n:
        if n & 1:
            result = base if result is None else result @ base
        n >>= 1
        if n:
            base = base @ base
    return _out(result if result is not A else A.clone(), out)


def matrix_exp(A):
    """exp(A) = sum A^k / k!, by scaling and squaring around a degree-18 Taylor polynomial.

    Example:

    >>> ember.linalg.matrix_exp(ember.zeros(2, 2))
    tensor([[1., 0.],
            [0., 1.]])
    """
    _check_square(A, "linalg.matrix_exp")
    if not (A.is_floating_point() or A.is_complex()):
        raise RuntimeError(f"linalg.matrix_exp: Expected a floating point or complex tensor as input. Got {A.dtype}")
    n = A.shape[-1]
    if A.numel() == 0:
        return A.clone()
    norm1 = float(A.abs().sum(-2).amax()) if n else 0.0
    if not math.isfinite(norm1):
        return ember.full_like(A, math.nan)
    # ||A / 2^s||_1 <= 1/2: the Taylor remainder is below 1e-21.
    s = builtins.max(0, math.ceil(math.log2(norm1 / 0.5))) if norm1 > 0.5 else 0
    X = A / (2**s) if s else A
    eye = _eye_like(A, n)
    E = eye
    for k in range(18, 0, -1):
        E = eye + (X @ E) / k
    for _ in range(s):
        E = E @ E
    return E


def cross(input, other, *, dim=-1, out=None):
    """The 3-D cross product along dim (size 3), broadcasting the other dims.

    Example:

    >>> ember.linalg.cross(ember.tensor([1.0, 0.0, 0.0]), ember.tensor([0.0, 1.0, 0.0]))
    tensor([0., 0., 1.])
    """
    if input.dim() != other.dim():
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    if input.shape[dim] != 3 or other.shape[dim] != 3:
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[dim]} and {other.shape[dim]}"
        )
    a = [input.narrow(dim, i, 1) for i in range(3)]
    b = [other.narrow(dim, i, 1) for i in range(3)]
    parts = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    return _out(ember.cat(parts, dim), out)


def tensorinv(A, ind=2, *, out=None):
    """The inverse of A seen as a matrix from its first `ind` dims to the rest.

    Example:

    >>> ember.linalg.tensorinv(ember.eye(4).reshape(4, 2, 2), ind=1).shape
    ember.Size([2, 2, 4])
    """
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = list(A.shape[:ind]), list(A.shape[ind:])
    p, q = math.prod(rows), math.prod(cols)
    if p != q:
        raise RuntimeError(
            "Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), "
            f"but got {q} != {p}"
        )
    return _out(inv(A.reshape(p, q)).reshape(cols + rows), out)


def tensorsolve(A, B, dims=None, *, out=None):
    """X with tensordot(A, X, X.dim()) = B.

    Example:

    >>> ember.linalg.tensorsolve(ember.eye(4).reshape(2, 2, 4), ember.ones(2, 2))
    tensor([1., 1., 1., 1.])
    """
    if dims is not None:
        dims = [d + A.dim() if d < 0 else d for d in dims]
        A = A.movedim(dims, list(range(A.dim() - len(dims), A.dim())))
    result_shape = list(A.shape[B.dim() :])
    n = math.prod(B.shape)
    if math.prod(result_shape) != n:
        raise RuntimeError(
            "Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), "
            f"but got {math.prod(result_shape)} != {n}"
        )
    return _out(solve(A.reshape(n, n), B.reshape(n)).reshape(result_shape), out)


def vander(x, *, N=None):
    """Powers x^0 .. x^(N-1) of the last dim (N: its size by default) as a new last dim.

    Example:

    >>> ember.linalg.vander(ember.tensor([1, 2, 3]))
    tensor([[1, 1, 1],
            [1, 2, 4],
            [1, 3, 9]])
    """
    if x.dim() < 1:
        raise RuntimeError("linalg.vander: x must have at least one dimension.")
    N = x.shape[-1] if N is None else N
    if N <= 1:
        raise RuntimeError("linalg.vander: N must be greater than 1.")
    dtype = ember.int64 if not (x.is_floating_point() or x.is_complex()) else x.dtype
    x = x.to(dtype)
    ones = ember.ones(*x.shape, 1, dtype=dtype)
    return ember.cat([ones, x.unsqueeze(-1).expand(*x.shape, N - 1)], -1).cumprod(-1)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """The diagonal of each matrix in the last two dims (a view).

    Example:

    >>> ember.linalg.diagonal(ember.arange(9).reshape(3, 3))
    tensor([0, 4, 8])
    """
    return A.diagonal(offset, dim1, dim2)


def vecdot(x, y, *, dim=-1, out=None):
    """sum(conj(x) * y) along dim, broadcasting.

    Example:

    >>> ember.linalg.vecdot(ember.tensor([1.0, 2.0]), ember.tensor([3.0, 4.0]))
    tensor(11.)
    """
    return _out((_C.conj_physical(x) * y).sum(dim), out)
