"""Derivatives of matrix products."""

import ember
from ember.autograd.derivatives._util import conj
from ember.autograd.formula import derivative


@derivative("matmul", inputs=("input", "other"))
def matmul_backward(grad, input, other, *, needs):
    a, b, g = input, other, grad
    if a.dim() == 1 and b.dim() == 1:  # dot product
        return g * conj(b), g * conj(a)
    a2 = a.unsqueeze(0) if a.dim() == 1 else a
    b2 = b.unsqueeze(-1) if b.dim() == 1 else b
    g2 = g
    if a.dim() == 1:
        g2 = g2.unsqueeze(-2)
    if b.dim() == 1:
        g2 = g2.unsqueeze(-1)
    ga = gb = None
    if needs[0]:
        ga = g2.matmul(conj(b2.transpose(-2, -1)))
        if a.dim() == 1:
            ga = ga.squeeze(-2)
            if ga.dim() > 1:
                ga = ga.reshape(-1, a.shape[0]).sum(0)
    if needs[1]:
        gb = conj(a2.transpose(-2, -1)).matmul(g2)
        if b.dim() == 1:
            gb = gb.squeeze(-1)
            if gb.dim() > 1:
                gb = gb.reshape(-1, b.shape[0]).sum(0)
    return ga, gb


def mH(x):
    return conj(x.transpose(-2, -1))


@derivative("mm", "bmm", inputs=("input", "mat2"))
def mm_backward(grad, input, mat2, *, needs):
    return grad.matmul(mH(mat2)) if needs[0] else None, mH(input).matmul(grad) if needs[1] else None


@derivative("mv", inputs=("input", "vec"))
def mv_backward(grad, input, vec):
    return grad.unsqueeze(-1) * conj(vec), mH(input).matmul(grad)


@derivative("dot", inputs=("input", "other"))
def dot_backward(grad, input, other):
    return grad * conj(other), grad * conj(input)


@derivative("vdot", inputs=("input", "other"))
def vdot_backward(grad, input, other):
    return conj(grad) * other, grad * input


@derivative("outer", "ger", inputs=("input", "vec2"))
def outer_backward(grad, input, vec2):
    return grad.matmul(conj(vec2)), grad.transpose(0, 1).matmul(conj(input))


def _scaled(x, s):
    return x if s == 1 else x * conj(s)


@derivative("addmm", "baddbmm", inputs=("input", "mat1", "mat2"), save=("mat1", "mat2"))
def addmm_backward(grad, input, mat1, mat2, *, beta=1, alpha=1, needs):
    g_in = _scaled(grad, beta) if needs[0] else None
    g = _scaled(grad, alpha)
    return g_in, g.matmul(mH(mat2)) if needs[1] else None, mH(mat1).matmul(g) if needs[2] else None


@derivative("addmv", inputs=("input", "mat", "vec"), save=("mat", "vec"))
def addmv_backward(grad, input, mat, vec, *, beta=1, alpha=1):
    g = _scaled(grad, alpha)
    return _scaled(grad, beta), g.unsqueeze(-1) * conj(vec), mH(mat).matmul(g)


@derivative("addbmm", inputs=("input", "batch1", "batch2"), save=("batch1", "batch2"))
def addbmm_backward(grad, input, batch1, batch2, *, beta=1, alpha=1):
    g = _scaled(grad, alpha).unsqueeze(0)
    return _scaled(grad, beta), g.matmul(mH(batch2)), mH(batch1).matmul(g)


@derivative("addr", inputs=("input", "vec1", "vec2"), save=("vec1", "vec2"))
def addr_backward(grad, input, vec1, vec2, *, beta=1, alpha=1):
    g = _scaled(grad, alpha)
    return _scaled(grad, beta), g.matmul(conj(vec2)), g.transpose(0, 1).matmul(conj(vec1))


# decompositions (ember.linalg): formulas in terms of the inverse and triangular solves


@derivative("det", inputs=("A",))
def det_backward(grad, A, *, result):
    g = (grad * conj(result)).unsqueeze(-1).unsqueeze(-1)
    return g * mH(ember.linalg.inv(A))


@derivative("logdet", inputs=("input",))
def logdet_backward(grad, input):
    return grad.unsqueeze(-1).unsqueeze(-1) * mH(ember.linalg.inv(input))


@derivative("slogdet", inputs=("A",))
def slogdet_backward(grad, A):
    g_logabs = grad[1]
    return g_logabs.unsqueeze(-1).unsqueeze(-1) * mH(ember.linalg.inv(A))


@derivative("inv", inputs=("A",), save=())
def inv_backward(grad, A, *, result):
    r = mH(result)
    return -r.matmul(grad).matmul(r)


@derivative("inv_ex", inputs=("A",), save=())
def inv_ex_backward(grad, A, *, check_errors=False, result):
    return inv_backward(grad[0], A, result=result[0])  # info is an integer: no gradient


def _is_vector_rhs(A, B):
    return B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1]))


@derivative("solve", inputs=("A", "B"), save=("A",))
def solve_backward(grad, A, B, *, left=True, result):
    if not left:  # X A = B: dX = (dB - X dA) A^-1
        g_b = ember.linalg.solve(mH(A), grad, left=False)
        return -mH(result).matmul(g_b), g_b
    vector = _is_vector_rhs(A, B)
    g = grad.unsqueeze(-1) if vector else grad
    x = result.unsqueeze(-1) if vector else result
    g_b = ember.linalg.solve(mH(A), g)
    g_a = -g_b.matmul(mH(x))
    return g_a, g_b.squeeze(-1) if vector else g_b


@derivative("solve_ex", inputs=("A", "B"), save=("A",))
def solve_ex_backward(grad, A, B, *, left=True, check_errors=False, result):
    return solve_backward(grad[0], A, B, left=left, result=result[0])


@derivative("solve_triangular", inputs=("A", "B"), save=("A",))
def solve_triangular_backward(grad, A, B, *, upper, left=True, unitriangular=False, result):
    if left:
        g_b = ember.linalg.solve_triangular(mH(A), grad, upper=not upper, left=True, unitriangular=unitriangular)
        g_a = -g_b.matmul(mH(result))
    else:
        g_b = ember.linalg.solve_triangular(mH(A), grad, upper=not upper, left=False, unitriangular=unitriangular)
        g_a = -mH(result).matmul(g_b)
    g_a = g_a.triu(1 if unitriangular else 0) if upper else g_a.tril(-1 if unitriangular else 0)
    return g_a, g_b


@derivative("cholesky", inputs=("A",), save=())
def cholesky_backward(grad, A, *, upper=False, result):
    L, g = (mH(result), mH(grad)) if upper else (result, grad)
    phi = mH(L).matmul(g).tril()
    phi = phi - 0.5 * ember.diag_embed(ember.diagonal(phi, 0, -2, -1))
    left = ember.linalg.solve_triangular(mH(L), phi, upper=True, left=True)
    g_a = ember.linalg.solve_triangular(L, left, upper=False, left=False)
    return 0.5 * (g_a + mH(g_a))


@derivative("cholesky_ex", inputs=("A",), save=())
def cholesky_ex_backward(grad, A, *, upper=False, check_errors=False, result):
    return cholesky_backward(grad[0], A, upper=upper, result=result[0])


def _eigh_backward(g_w, g_v, w, v):
    """dA for A = V diag(w) V^H; g_v may be None (eigvalsh)."""
    inner = ember.diag_embed(g_w) if g_w is not None else 0
    if g_v is not None:
        diff = w.unsqueeze(-2) - w.unsqueeze(-1)  # w_j - w_i
        eye = ember.eye(w.shape[-1], dtype=ember.bool, device=w.device)
        f = ember.where(eye, 0.0, 1 / ember.where(eye, 1.0, diff))
        inner = inner + f * mH(v).matmul(g_v)
    g_a = v.matmul(inner).matmul(mH(v))
    return 0.5 * (g_a + mH(g_a))


@derivative("eigh", inputs=("A",), save=())
def eigh_backward(grad, A, UPLO="L", *, result):
    w, v = result
    return _eigh_backward(grad[0], grad[1], w, v)


@derivative("eigvalsh", inputs=("A",))
def eigvalsh_backward(grad, A, UPLO="L"):
    w, v = ember.linalg.eigh(A, UPLO)  # recorded under create_graph: second derivatives see v move
    return _eigh_backward(grad, None, w, v)


@derivative("conj_physical", save=())
def conj_physical_backward(grad, input):
    return conj(grad)
