"""Gradients of ember against torch.autograd on the same inputs, op by op."""

import numpy as np
import pytest
import torch
from grad_db import BINARY, UNARY

import ember
import ember.autograd  # noqa: F401

TORCH_NAMES = {"gelu_tanh": lambda x: torch.nn.functional.gelu(x, approximate="tanh")}
DOMAINS = {
    "any": (-2, 2),
    "positive": (0.5, 2),
    "away_from_zero": (0.5, 2),
    "nonzero_rhs": (0.5, 2),
    "unit": (-0.8, 0.8),
    "probability": (0.1, 0.9),
    "ge_one": (1.2, 3),
}


def torch_fn(name):
    if name in TORCH_NAMES:
        return TORCH_NAMES[name]
    for space in (torch, torch.nn.functional, torch.special):
        if hasattr(space, name):
            return getattr(space, name)
    raise LookupError(f"no torch function for {name}: add it to TORCH_NAMES")


def ember_fn(name):
    return getattr(ember, name, None) or getattr(ember._C, name)


# torch computes these in lower precision than float64 (hardsigmoid multiplies by a float 1/6;
# ember's trigamma series for digamma's derivative is good to about 1e-9).
RTOL = {"hardsigmoid": 1e-7, "digamma": 1e-8}


def grads(values, upstream, ember_call, torch_call, rtol=1e-10):
    e_in = [ember.tensor(v, dtype=ember.float64, requires_grad=True) for v in values]
    t_in = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in values]
    ember_call(*e_in).backward(ember.tensor(upstream, dtype=ember.float64))
    torch_call(*t_in).backward(torch.tensor(upstream, dtype=torch.float64))
    for e, t in zip(e_in, t_in, strict=True):
        np.testing.assert_allclose(e.grad.numpy(), t.grad.numpy(force=True), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients_match_torch(name):
    rng = np.random.default_rng(0)
    lo, hi = DOMAINS[UNARY[name]]
    x = rng.uniform(lo, hi, (3, 5))
    x = np.where(np.abs(x) < 0.1, 0.3, x)
    grads([x], rng.standard_normal((3, 5)), ember_fn(name), torch_fn(name), RTOL.get(name, 1e-10))


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradients_match_torch_with_broadcasting(name):
    rng = np.random.default_rng(1)
    lo, hi = DOMAINS[BINARY[name]]
    a = rng.uniform(lo if BINARY[name] == "positive" else -2, hi, (2, 1, 4))
    b = rng.uniform(lo, hi, (3, 1))
    grads([a, b], rng.standard_normal((2, 3, 4)), ember_fn(name), torch_fn(name))


REDUCTIONS = [
    ("sum", lambda m, x: m.sum(x, 1)),
    ("mean", lambda m, x: m.mean(x, (0, 2), keepdim=True)),
    ("prod", lambda m, x: m.prod(x, 1)),
    ("amax", lambda m, x: m.amax(x, 2)),
    ("max", lambda m, x: m.max(x, 1)[0]),
    ("var", lambda m, x: m.var(x, 1)),
    ("std", lambda m, x: m.std(x, 2, keepdim=True)),
    ("logsumexp", lambda m, x: m.logsumexp(x, 1)),
    ("softmax", lambda m, x: m.softmax(x, 1)),
    ("log_softmax", lambda m, x: m.log_softmax(x, 2)),
    ("cumsum", lambda m, x: m.cumsum(x, 1)),
    ("cumprod", lambda m, x: m.cumprod(x, 2)),
    ("norm", lambda m, x: m.linalg.vector_norm(x, 3, dim=1)),
    ("transpose", lambda m, x: x.transpose(0, 2) * 1),
    ("slice", lambda m, x: x[1:, ::2, 1] * 1),
    ("flip", lambda m, x: m.flip(x, (1,))),
    ("gather", lambda m, x: m.gather(x, 1, m.tensor([[[0, 1, 2, 0]], [[2, 2, 1, 0]]]))),
    ("index", lambda m, x: x[m.tensor([1, 0, 1])] * 1),
    ("cat", lambda m, x: m.cat([x, x * 2], 1)),
    ("matmul", lambda m, x: x @ x.transpose(1, 2)),
]


@pytest.mark.parametrize(("name", "call"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_reduction_and_shape_gradients_match_torch(name, call):
    rng = np.random.default_rng(2)
    x = rng.uniform(0.5, 2, (2, 3, 4))
    with torch.no_grad():
        shape = tuple(call(torch, torch.tensor(x)).shape)
    grads([x], rng.standard_normal(shape), lambda t: call(ember, t), lambda t: call(torch, t))


def _eye(m, a, n, scale=4):
    return scale * m.eye(n, dtype=a.dtype)


def _shift(m, a, values):
    """a / 4 plus `values` down the diagonal: well-separated singular values and eigenvalues."""
    d = m.zeros(a.shape[-2], a.shape[-1], dtype=a.dtype)
    for i, v in enumerate(values[: min(a.shape[-2], a.shape[-1])]):
        d[i, i] = v
    return a * 0.25 + d


def _svd_mix(m, a):
    """Functions of U, S, Vh that do not depend on the singular vectors' signs or phases."""
    U, S, Vh = m.linalg.svd(_shift(m, a, (3, 2, 1)), full_matrices=False)
    w = m.arange(1, S.shape[-1] + 1, dtype=S.dtype)
    return m.cat([U.abs().reshape(-1), S.reshape(-1), Vh.abs().reshape(-1), ((U * w) @ Vh).reshape(-1).real])


def _lu_solve(m, a, b, **kwargs):
    LU, pivots = m.linalg.lu_factor(a + _eye(m, a, a.shape[-1]))
    return m.linalg.lu_solve(LU, pivots, b, **kwargs)


_NAN_AT = [[False, True, False, False, False], [False] * 5, [True, False, False, True, False]]

# (name, call, input shapes): gradients of the factorizations and the solvers built on them
LINALG = [
    ("inv_ex", lambda m, a: m.linalg.inv_ex(a + _eye(m, a, 3)).inverse, [(2, 3, 3)]),
    ("solve_ex", lambda m, a, b: m.linalg.solve_ex(a + _eye(m, a, 3), b).result, [(3, 3), (3, 2)]),
    ("solve_right", lambda m, a, b: m.linalg.solve(a + _eye(m, a, 3), b, left=False), [(3, 3), (2, 3)]),
    ("cholesky_ex", lambda m, a: m.linalg.cholesky_ex(a @ a.mT + _eye(m, a, 3)).L, [(3, 3)]),
    ("svd_tall", _svd_mix, [(4, 3)]),
    ("svd_wide", _svd_mix, [(2, 3, 5)]),
    ("svd_full", lambda m, a: m.linalg.svd(_shift(m, a, (3, 2, 1)))[0].abs(), [(4, 3)]),
    ("svdvals", lambda m, a: m.linalg.svdvals(a), [(3, 4)]),
    ("qr_tall", lambda m, a: m.cat([x.reshape(-1) for x in m.linalg.qr(_shift(m, a, (3, 2, 1)))]), [(4, 3)]),
    ("qr_wide", lambda m, a: m.cat([x.reshape(-1) for x in m.linalg.qr(_shift(m, a, (3, 2, 1)))]), [(3, 5)]),
    ("eig", lambda m, a: m.linalg.eig(_shift(m, a, (3, 1, -2)))[1].abs(), [(3, 3)]),
    ("eigvals", lambda m, a: m.view_as_real(m.linalg.eigvals(a)), [(2, 4, 4)]),
    ("lstsq_tall", lambda m, a, b: m.linalg.lstsq(_shift(m, a, (3, 2, 1)), b).solution, [(5, 3), (5, 2)]),
    ("lstsq_wide", lambda m, a, b: m.linalg.lstsq(_shift(m, a, (3, 2, 1)), b).solution, [(3, 5), (3,)]),
    # rank 2 of 3: the minimum-norm solution's gradient at constant rank
    ("lstsq_rank_deficient", lambda m, a, b: m.linalg.lstsq(a[:, :2] @ a[:2], b, driver="gelsd").solution, [(5, 3), (5, 2)]),
    ("lstsq_residuals", lambda m, a, b: m.linalg.lstsq(_shift(m, a, (3, 2, 1)), b, driver="gelsd")[1], [(5, 3), (5, 2)]),
    ("lu_factor", lambda m, a: m.linalg.lu_factor(a)[0], [(2, 4, 3)]),
    ("lu_factor_ex", lambda m, a: m.linalg.lu_factor_ex(a)[0], [(3, 5)]),
    ("lu", lambda m, a: m.cat([x.reshape(-1) for x in m.linalg.lu(a)[1:]]), [(3, 4)]),
    ("lu_solve", lambda m, a, b: _lu_solve(m, a, b), [(3, 3), (3, 2)]),
    ("lu_solve_adjoint_right", lambda m, a, b: _lu_solve(m, a, b, left=False, adjoint=True), [(3, 3), (2, 3)]),
    ("householder_product", lambda m, a, t: m.linalg.householder_product(a, t), [(5, 3), (2,)]),
    ("pinv", lambda m, a: m.linalg.pinv(_shift(m, a, (3, 2, 1))), [(3, 4)]),
    ("cond", lambda m, a: m.linalg.cond(_shift(m, a, (3, 2, 1))), [(3, 3)]),
    ("tensorinv", lambda m, a: m.linalg.tensorinv(a + _eye(m, a, 4).reshape(4, 2, 2), ind=1), [(4, 2, 2)]),
    ("quantile", lambda m, x, q: m.quantile(x, q.sigmoid(), dim=1, keepdim=True), [(3, 6), (2,)]),
    ("quantile_nearest", lambda m, x: m.quantile(x, 0.45, interpolation="nearest"), [(3, 4)]),
    ("nanquantile", lambda m, x: m.nanquantile(m.where(m.tensor(_NAN_AT), float("nan"), x), 0.3, dim=1), [(3, 5)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "shapes"), LINALG, ids=[r[0] for r in LINALG])
def test_linalg_gradients_match_torch(name, call, shapes):
    rng = np.random.default_rng(3)
    values = [rng.uniform(-2, 2, s) for s in shapes]
    with torch.no_grad():
        shape = tuple(call(torch, *[torch.tensor(v) for v in values]).shape)
    grads(values, rng.standard_normal(shape), lambda *t: call(ember, *t), lambda *t: call(torch, *t), rtol=1e-8)


def _real_loss(x):
    return x.real.sin().sum() + (x.imag.cos().sum() if x.is_complex() else 0)


# complex inputs: gradients in the conjugate Wirtinger convention, as PyTorch's
COMPLEX = [
    ("svd", _svd_mix, (4, 3)),
    ("svdvals", lambda m, a: m.linalg.svdvals(a), (3, 5)),
    ("qr", lambda m, a: m.cat([x.reshape(-1) for x in m.linalg.qr(a)]), (4, 3)),
    ("eig", lambda m, a: m.cat([m.linalg.eig(a)[0], m.linalg.eig(a)[1].abs().reshape(-1)]), (3, 3)),
    ("lu_factor", lambda m, a: m.linalg.lu_factor(a)[0], (3, 4)),
    ("householder_product", lambda m, a: m.linalg.householder_product(a, a[..., 0, :2]), (4, 3)),
]


@pytest.mark.parametrize(("name", "call", "shape"), COMPLEX, ids=[r[0] for r in COMPLEX])
def test_complex_linalg_gradients_match_torch(name, call, shape):
    rng = np.random.default_rng(4)
    value = rng.uniform(-2, 2, shape) + 1j * rng.uniform(-2, 2, shape)
    e = ember.tensor(value, dtype=ember.complex128, requires_grad=True)
    t = torch.tensor(value, dtype=torch.complex128, requires_grad=True)
    _real_loss(call(ember, e)).backward()
    _real_loss(call(torch, t)).backward()
    np.testing.assert_allclose(e.grad.numpy(), t.grad.numpy(), rtol=1e-8, atol=1e-10)


def test_complex_loss_on_the_vectors_phase_raises_like_torch():
    a = ember.tensor(np.eye(3) + 0.5j, dtype=ember.complex128, requires_grad=True)
    with pytest.raises(RuntimeError, match="e\\^\\{i phi\\}") as ours:
        ember.linalg.svd(a)[0].real.sum().backward()
    t = torch.tensor(np.eye(3) + 0.5j, dtype=torch.complex128, requires_grad=True)
    with pytest.raises(RuntimeError, match="e\\^\\{i phi\\}"):
        torch.linalg.svd(t)[0].real.sum().backward()
    assert "svd_backward" in str(ours.value)


@pytest.mark.parametrize(
    ("call", "shape"),
    [
        (lambda m, a: m.linalg.qr(a, mode="complete")[0], (4, 3)),  # Q's last column is not determined by A
        (lambda m, a: m.linalg.qr(a, mode="r")[1], (3, 3)),  # no Q to differentiate through
        (lambda m, a: m.linalg.eig(a)[1].imag, (3, 3)),  # depends on the eigenvectors' phases
    ],
)
def test_undetermined_derivatives_raise_torchs_error(call, shape):
    value = np.random.default_rng(5).uniform(-2, 2, shape)
    with pytest.raises(RuntimeError) as theirs:
        call(torch, torch.tensor(value, requires_grad=True)).sum().backward()
    with pytest.raises(RuntimeError) as ours:
        call(ember, ember.tensor(value, dtype=ember.float64, requires_grad=True)).sum().backward()
    assert str(ours.value).split(":")[0] == str(theirs.value).split(":")[0]


# In-place writes into views of tensors with history: the same function runs on ember and torch.
def _write(view_of, write):
    def fn(lib, a, x):
        b = a * 1
        write(view_of(b), x)
        return b

    return fn


INPLACE_VIEW_CASES = {
    "select_mul": _write(lambda b: b[0], lambda v, x: v.mul_(x)),
    "slice_copy": _write(lambda b: b[:, 1], lambda v, x: v.copy_(x[:3])),
    "view_add": _write(lambda b: b.view(-1), lambda v, x: v.add_(x.repeat(3))),
    "diagonal_mul": _write(lambda b: b.diagonal(), lambda v, x: v.mul_(x[:3])),
    "transpose_div": _write(lambda b: b.t(), lambda v, x: v.div_(x.unsqueeze(1) + 3)),
    "chained_exp": _write(lambda b: b[1:, ::2][0], lambda v, x: v.exp_()),
    "masked_fill": _write(lambda b: b[1], lambda v, x: v.masked_fill_(x > 0, 0.5)),
    "setitem_basic": lambda lib, a, x: _setitem(a * 1, (slice(None), 2), x[:3] * x[1:]),
    "setitem_advanced": lambda lib, a, x: _setitem(a * 1, (lib.tensor([0, 2]),), x * 2),
    "setitem_mixed": lambda lib, a, x: _setitem(a * 1, (slice(None), lib.tensor([0, 3])), x[:3, None] * 2),
    "setitem_into_zeros": lambda lib, a, x: _setitem(lib.zeros(3, 4, dtype=lib.float64), 1, x.exp()),
    "two_views": lambda lib, a, x: _two_views(a * 1, x),
}


def _setitem(b, index, value):
    b[index] = value
    return b


def _two_views(b, x):
    v1, v2 = b[0], b[1]
    v2.mul_(x)
    return v1 * b.sum()


@pytest.mark.parametrize("name", sorted(INPLACE_VIEW_CASES))
def test_writes_into_views_give_torchs_gradients(name):
    fn = INPLACE_VIEW_CASES[name]
    rng = np.random.default_rng(5)
    a0, x0 = rng.standard_normal((3, 4)), rng.standard_normal(4)
    results = []
    for lib in (ember, torch):
        a = lib.tensor(a0, requires_grad=True)
        x = lib.tensor(x0, requires_grad=True)
        out = fn(lib, a, x)
        w = lib.tensor(np.arange(1.0, out.numel() + 1).reshape(tuple(out.shape)))
        (out * w).sum().backward()
        grads = [None if t.grad is None else np.asarray(t.grad.tolist()) for t in (a, x)]
        results.append((np.asarray(out.tolist()), *grads, out.grad_fn.name().split("::")[-1]))
    (*ember_values, ember_node), (*torch_values, torch_node) = results
    for e, t in zip(ember_values, torch_values, strict=True):
        assert (e is None) == (t is None)
        if e is not None:
            np.testing.assert_allclose(e, t, rtol=1e-10, atol=1e-12)
    if name != "setitem_mixed":  # torch writes b[:, idx] as one index_put, ember as index_put_ into a view
        assert ember_node == torch_node
