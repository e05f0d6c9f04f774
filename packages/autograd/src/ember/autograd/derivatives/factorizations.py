"""Derivatives of the matrix factorizations: SVD, QR, eig, LU, Householder products, least squares.

Each formula is the adjoint of the factorization's differential, derived by
hand and written in ember ops (create_graph=True differentiates it again).
Notation in the comments: X^H the conjugate transpose, <G, X> = Re tr(G^H X),
and a factor X's gradient G_X is what makes dL = <G_X, dX>.
"""

import builtins

import ember
from ember.autograd.derivatives._util import conj
from ember.autograd.derivatives.linalg import mH
from ember.autograd.formula import derivative


def _given(g):
    """g, or None when it is absent or all zeros: the recorder fills unused outputs' gradients with
    zeros, and a factor nobody used must not bring 0 * inf from degenerate spectra."""
    if g is None or g.numel() == 0 or not bool((g != 0).any()):
        return None
    return g


def _inverse_gaps(w):
    """F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it."""
    diff = w.unsqueeze(-2) - w.unsqueeze(-1)
    eye = ember.eye(w.shape[-1], dtype=ember.bool, device=w.device)
    return ember.where(eye, 0.0, 1 / ember.where(eye, 1.0, diff))


def _diag_imag_i(x):
    """i * Im(diag(x)) as a diagonal matrix (zero for real x)."""
    d = ember.diagonal(x, 0, -2, -1)
    return ember.diag_embed(0.5 * (d - conj(d)))


def _check_gauge(phases, op, what):
    """A loss of complex singular/eigen vectors must not depend on their arbitrary phases:
    Im(diag(.)) of the vectors' inner gradient is that dependence (PyTorch raises too)."""
    if not phases.dtype.is_complex:
        return
    d = ember.diagonal(phases, 0, -2, -1).imag.abs()
    if d.numel() and float(d.amax()) > 1e-6 * builtins.max(1.0, float(phases.abs().amax())):
        raise RuntimeError(
            f"{op}: The {what} in the complex case are specified up to multiplication by e^{{i phi}}. "
            "The specified loss function depends on this phase term, making it ill-defined."
        )


# ---------------------------------------------------------------------------- SVD


def _svd_backward(gU, gS, gVh, U, S, Vh):
    """dA for A = U diag(S) Vh with k = min(m, n) columns in U and rows in Vh.

    With dP = U^H dA V: dS = Re diag(dP), U^H dU = F o (dP S + S dP^H) and
    V^H dV = F o (S dP + dP^H S) with F[i, j] = 1 / (s_j^2 - s_i^2), plus the
    parts of dU, dV outside span(U), span(V) when A is not square."""
    gU, gVh = _given(gU), _given(gVh)
    inner = ember.diag_embed(gS) if gS is not None else None
    if gU is None and gVh is None:
        return (U * gS.unsqueeze(-2)) @ Vh
    inner = ember.zeros(U.shape[:-2] + (S.shape[-1], S.shape[-1]), dtype=S.dtype) if inner is None else inner
    F = _inverse_gaps(S * S)
    rows, cols = S.unsqueeze(-1), S.unsqueeze(-2)
    outside = None
    X = Z = None
    if gU is not None:
        X = mH(U) @ gU
        inner = inner + (F * (X - mH(X))) * cols
        if X.dtype.is_complex:  # the phase of each pair: fixed by leaving V's alone
            inner = inner + _diag_imag_i(X) / cols
        if U.shape[-2] > S.shape[-1]:
            outside = ((gU - U @ X) / cols) @ Vh
    if gVh is not None:
        V = mH(Vh)
        Z = Vh @ mH(gVh)
        inner = inner + rows * (F * (Z - mH(Z)))
        if V.shape[-2] > S.shape[-1]:
            part = (U / cols) @ (gVh - (gVh @ V) @ Vh)
            outside = part if outside is None else outside + part
    if X is not None or Z is not None:
        _check_gauge((X if X is not None else 0) + (Z if Z is not None else 0), "svd_backward", "singular vectors")
    g = U @ inner @ Vh
    return g if outside is None else g + outside


@derivative("svd", inputs=("A",), save=())
def svd_backward(grad, A, full_matrices=True, *, driver=None, result):
    U, S, Vh = result
    gU, gS, gVh = grad
    k = S.shape[-1]
    if full_matrices:  # the columns past min(m, n) are arbitrary: they carry no gradient, as in PyTorch
        U, gU = U[..., :, :k], gU[..., :, :k]
        Vh, gVh = Vh[..., :k, :], gVh[..., :k, :]
    return _svd_backward(gU, gS, gVh, U, S, Vh)


@derivative("svdvals", inputs=("A",))
def svdvals_backward(grad, A, *, driver=None):
    U, _, Vh = ember.linalg.svd(A, full_matrices=False)  # recorded under create_graph: A's own factors
    return (U * grad.unsqueeze(-2)) @ Vh


# ----------------------------------------------------------------------------- QR


def _qr_backward_tall(gQ, gR, Q, R):
    """dA for A = Q R with Q m x n (m >= n), R n x n upper triangular with a real diagonal.

    C = Q^H dA R^-1 = Q^H dQ + dR R^-1: skew-Hermitian plus upper triangular, so
    Q^H dQ is read off C's strict lower triangle (and the imaginary diagonal)."""
    N = mH(Q) @ gQ - gR @ mH(R)
    skew = N - mH(N)
    E = skew.tril(-1) + 0.5 * ember.diag_embed(ember.diagonal(skew, 0, -2, -1))
    B = gQ + Q @ (E - N)
    return ember.linalg.solve_triangular(mH(R), B, upper=False, left=False)  # B R^-H


@derivative("qr", inputs=("A",), save=())
def qr_backward(grad, A, mode="reduced", *, result):
    if mode == "r":
        raise RuntimeError(
            "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use "
            "linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr."
        )
    Q, R = result
    gQ, gR = grad
    m, n = Q.shape[-2], R.shape[-1]
    if mode == "complete" and m > n:
        raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
    if m >= n:
        return _qr_backward_tall(gQ, gR, Q, R)
    # wide: A = [X Y] with X = Q R1 square and Y = Q R2, so R2 = Q^H Y also moves with Q
    R1, R2, gR1, gR2 = R[..., :m], R[..., m:], gR[..., :m], gR[..., m:]
    gX = _qr_backward_tall(gQ + (Q @ R2) @ mH(gR2), gR1, Q, R1)
    return ember.cat([gX, Q @ gR2], -1)


# ---------------------------------------------------------------------------- eig


def _eig_backward(gw, gV, w, V):
    """dA for A = V diag(w) V^-1 with unit-norm eigenvectors; gV may be None (eigvals).

    C = V^-1 dA V gives dw = diag(C) and V^-1 dV = E o C off the diagonal, with
    E[i, j] = 1 / (w_j - w_i); its diagonal keeps the columns' norms at 1."""
    VH = mH(V)
    inner = ember.diag_embed(gw.to(V.dtype))
    gV = _given(gV)
    if gV is not None:
        G = VH @ gV
        _check_gauge(G, "linalg_eig_backward", "eigenvectors")
        re_diag = ember.diagonal(G, 0, -2, -1).real.to(V.dtype)
        g_omega = G - (VH @ V) * re_diag.unsqueeze(-2)
        inner = inner + conj(_inverse_gaps(w)) * g_omega
    return ember.linalg.solve(VH, inner @ VH)  # V^-H inner V^H


@derivative("eig", inputs=("A",), save=())
def eig_backward(grad, A, *, result):
    w, V = result
    return _eig_backward(grad[0], grad[1], w, V)


@derivative("eigvals", inputs=("A",))
def eigvals_backward(grad, A):
    w, V = ember.linalg.eig(A)  # recorded under create_graph
    return _eig_backward(grad, None, w, V)


# ------------------------------------------------------------------------- lstsq


@derivative("lstsq", inputs=("A", "B"))
def lstsq_backward(grad, A, B, rcond=None, *, driver=None, result):
    """X = pinv(A) B at constant rank; residuals |B - A X|^2 (their X-derivative vanishes at the optimum);
    singular values as svdvals."""
    gX, g_res, _, g_sv = grad
    X = result[0]
    vector = B.dim() == A.dim() - 1
    Bm, Xm, gXm = (B.unsqueeze(-1), X.unsqueeze(-1), gX.unsqueeze(-1)) if vector else (B, X, gX)
    P = ember.linalg.pinv(A) if rcond is None else ember.linalg.pinv(A, rtol=rcond)
    r = Bm - A @ Xm
    gB = mH(P) @ gXm
    gA = -gB @ mH(Xm) + r @ mH(P @ (mH(P) @ gXm))
    eye_n = ember.eye(A.shape[-1], dtype=A.dtype)
    gA = gA + mH(P) @ Xm @ mH(gXm) @ (eye_n - P @ A)  # zero at full column rank
    if g_res is not None and g_res.numel():
        scaled = 2 * r * (g_res.unsqueeze(-1) if vector else g_res).unsqueeze(-2)
        gB = gB + scaled
        gA = gA - scaled @ mH(Xm)
    if g_sv is not None and g_sv.numel():
        gA = gA + svdvals_backward(g_sv, A)
    return gA, gB.squeeze(-1) if vector else gB


# ---------------------------------------------------------------------------- LU


def _unpack_lu(LU, pivots):
    """L (unit lower, m x k), U (upper, k x n) and P (m x m) with A = P L U."""
    m, n = LU.shape[-2], LU.shape[-1]
    k = builtins.min(m, n)
    L = LU[..., :, :k].tril(-1) + ember.eye(m, k, dtype=LU.dtype)
    U = LU[..., :k, :].triu()
    P = ember.linalg._permutation(pivots, m, LU.dtype)
    return L, U, P


def _lu_square(gL, gU, L, U):
    """P^T dA for square A = P L U: C = L^-1 P^T dA U^-1 has dL = L tril(C, -1) and dU = triu(C) U."""
    phi = (mH(L) @ gL.tril(-1)).tril(-1) + (gU.triu() @ mH(U)).triu()
    left = ember.linalg.solve_triangular(mH(L), phi, upper=True, unitriangular=True)
    return ember.linalg.solve_triangular(mH(U), left, upper=False, left=False)


def _lu_factor_backward(gLU, LU, pivots):
    m, n = LU.shape[-2], LU.shape[-1]
    L, U, P = _unpack_lu(LU, pivots)
    gL, gU = gLU[..., :, : builtins.min(m, n)].tril(-1), gLU[..., : builtins.min(m, n), :].triu()
    if m == n:
        g = _lu_square(gL, gU, L, U)
    elif m > n:  # the rows below: L2 = A2 U^-1
        L2, gL2 = L[..., n:, :], gL[..., n:, :]
        gA2 = ember.linalg.solve_triangular(mH(U), gL2, upper=False, left=False)
        g = ember.cat([_lu_square(gL[..., :n, :], gU - mH(L2) @ gA2, L[..., :n, :], U), gA2], -2)
    else:  # the columns right: U2 = L^-1 P^T A2
        U2, gU2 = U[..., m:], gU[..., m:]
        gA2 = ember.linalg.solve_triangular(mH(L), gU2, upper=True, unitriangular=True)
        g = ember.cat([_lu_square(gL - gA2 @ mH(U2), gU[..., :m], L, U[..., :m]), gA2], -1)
    return P @ g


@derivative("lu_factor", inputs=("A",), save=())
def lu_factor_backward(grad, A, *, pivot=True, result):
    return _lu_factor_backward(grad[0], result[0], result[1])


@derivative("lu_factor_ex", inputs=("A",), save=())
def lu_factor_ex_backward(grad, A, *, pivot=True, check_errors=False, result):
    return _lu_factor_backward(grad[0], result[0], result[1])


@derivative("lu_solve", inputs=("LU", "B"), save=("LU", "pivots"))
def lu_solve_backward(grad, LU, pivots, B, *, left=True, adjoint=False, result, needs):
    """X = op(A)^-1 B (B op(A)^-1 when not left), op(A) = A or A^H, A = P L U."""
    X = result
    gB = ember.linalg.lu_solve(LU, pivots, grad, left=left, adjoint=not adjoint)
    if not needs[0]:
        return None, gB
    g_op = -gB @ mH(X) if left else -mH(X) @ gB
    gA = mH(g_op) if adjoint else g_op
    L, U, P = _unpack_lu(LU, pivots)
    PtgA = mH(P) @ gA
    gLU = (PtgA @ mH(U)).tril(-1) + (mH(L) @ PtgA).triu()
    return gLU, gB


# ------------------------------------------------------------ Householder products


@derivative("householder_product", inputs=("A", "tau"))
def householder_product_backward(grad, A, tau):
    """Q = H_1 ... H_k [I; 0], H_i = I - tau_i v_i v_i^H with v_i = (0, .., 1, A[i+1:, i]).

    With X_i = H_{i+1} ... H_k [I; 0] and G_i = (H_1 ... H_{i-1})^H grad, the
    gradient of H_i is M = G_i X_i^H, giving tau_i -v^H M v and v_i
    -conj(tau_i) M v - tau_i M^H v (M itself is never formed)."""
    m, n = A.shape[-2], A.shape[-1]
    k = tau.shape[-1]
    V = A[..., :, :k].tril(-1) + ember.eye(m, k, dtype=A.dtype)
    vs = [V[..., :, i : i + 1] for i in range(k)]
    ts = [tau[..., i : i + 1].unsqueeze(-1) for i in range(k)]
    xs = [None] * k
    cur = ember.eye(m, n, dtype=A.dtype).expand(*A.shape[:-2], m, n)
    for i in reversed(range(k)):
        xs[i] = cur
        cur = cur - ts[i] * vs[i] @ (mH(vs[i]) @ cur)
    G = grad
    g_vs, g_taus = [], []
    for i in range(k):
        v, t, Xi = vs[i], ts[i], xs[i]
        Mv = G @ (mH(Xi) @ v)
        MHv = Xi @ (mH(G) @ v)
        g_taus.append(-(mH(v) @ Mv).squeeze(-1))
        g_vs.append(-conj(t) * Mv - t * MHv)
        G = G - conj(t) * v @ (mH(v) @ G)
    gA = ember.cat(g_vs, -1).tril(-1)
    if n > k:
        gA = ember.cat([gA, ember.zeros(*gA.shape[:-1], n - k, dtype=gA.dtype)], -1)
    return gA, ember.cat(g_taus, -1)
