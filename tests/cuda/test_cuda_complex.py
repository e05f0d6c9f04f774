"""complex64 and complex128 on the device give the CPU's results: casts to and
from every dtype, fills and copies, the ops beyond the op database's generic
elementwise cases (abs, complex parameters, ternaries), reductions and matrix
products. test_cuda_ops.py runs the op database's complex entries."""

import pytest
from op_db import ALL, COMPLEX
from test_cuda_ops import MATMUL_CASES, assert_same, on_device

import ember

pytestmark = pytest.mark.cuda


def crandn(*shape, dtype=ember.complex64, seed=0):
    """Complex normal values, parts of about unit size."""
    g = ember.Generator().manual_seed(seed)
    return ember.view_as_complex(ember.randn(*shape, 2, generator=g)).to(dtype)


def ids(values):
    return [str(v).replace("ember.", "") for v in values]


@pytest.mark.parametrize("other", ALL, ids=ids(ALL))
@pytest.mark.parametrize("dtype", COMPLEX, ids=ids(COMPLEX))
def test_casts_both_ways_match_cpu(dtype, other):
    z = crandn(5, 7, dtype=dtype) * 3
    z[0, :3] = ember.tensor([0j, 1 + 0j, 0 + 1j])  # zero and one-part values for bool
    # complex -> other keeps the real part (bool: either part non-zero), as PyTorch
    assert ember.equal(on_device(z).t().to(other).cpu(), z.t().to(other))
    x = (ember.randn(5, 7) * 3).to(other)
    assert ember.equal(on_device(x).t().to(dtype).cpu(), x.t().to(dtype))


@pytest.mark.parametrize("dtype", COMPLEX, ids=ids(COMPLEX))
def test_fill_copy_and_views(dtype):
    d = ember.full((3, 4), 1.5 - 2j, dtype=dtype, device="cuda")
    assert ember.equal(d.cpu(), ember.full((3, 4), 1.5 - 2j, dtype=dtype))
    d.fill_(-0.5 + 4j)
    assert ember.equal(d.cpu(), ember.full((3, 4), -0.5 + 4j, dtype=dtype))
    z = crandn(6, 5, dtype=dtype)
    dz = on_device(z)
    assert ember.equal(dz.t().contiguous().cpu(), z.t().contiguous())
    assert ember.equal(dz[::2, 1:].clone().cpu(), z[::2, 1:].clone())
    assert ember.equal(ember.view_as_real(dz).cpu(), ember.view_as_real(z))
    assert ember.equal(dz.real.contiguous().cpu(), z.real.contiguous())
    assert ember.equal(dz.imag.contiguous().cpu(), z.imag.contiguous())
    assert ember.equal(ember.view_as_complex(ember.view_as_real(dz) * 2).cpu(), z * 2)


@pytest.mark.parametrize("dtype", COMPLEX, ids=ids(COMPLEX))
def test_elementwise_extras_match_cpu(dtype):
    a, b, c = (crandn(4, 6, dtype=dtype, seed=s) for s in (1, 2, 3))
    da, db, dc = on_device(a).t().contiguous().t(), on_device(b), on_device(c)
    cases = [
        lambda x, y, z: x.abs(),  # real output
        lambda x, y, z: ember.add(x, y, alpha=2 - 1j),
        lambda x, y, z: ember.sub(x, y, alpha=0.5j),
        lambda x, y, z: x * (1 - 2j),
        lambda x, y, z: x / y,
        lambda x, y, z: x**y,
        lambda x, y, z: x.conj_physical(),
        lambda x, y, z: ember.addcmul(x, y, z, value=1 + 1j),
        lambda x, y, z: ember.addcdiv(x, y, z, value=2j),
        lambda x, y, z: ember.lerp(x, y, z),
        lambda x, y, z: ember.lerp(x, y, 0.25),
        lambda x, y, z: ember.where(x.abs() > 1, y, z),
        lambda x, y, z: ember.isclose(x, x + 1e-7 * y),
        lambda x, y, z: ember.nan_to_num(x / (x.real > 0), nan=1.0, posinf=2.0, neginf=-2.0),
        lambda x, y, z: ember.isinf(x / (x.real > 0)),
        lambda x, y, z: ember.isnan(x / (x.real > 0)),
        lambda x, y, z: x == y,
        lambda x, y, z: ember.sgn(x),
    ]
    for i, f in enumerate(cases):
        expected = f(a, b, c)
        got = f(da, db, dc)
        assert got.device.type == "cuda", i
        assert_same(got, expected, {})


REDUCTIONS = {
    "sum": lambda t, d: t.sum() if d is None else t.sum(d),
    "sum_keepdim": lambda t, d: t.sum(dim=d, keepdim=True) if d is not None else t.sum(),
    "nansum": lambda t, d: t.nansum() if d is None else t.nansum(d),
    "prod": lambda t, d: (t / 4 + 0.75).prod() if d is None else (t / 4 + 0.75).prod(d),
    "mean": lambda t, d: t.mean() if d is None else t.mean(d),
    "all": lambda t, d: (t * (t.real > 0)).all() if d is None else (t * (t.real > 0)).all(d),
    "any": lambda t, d: (t * (t.real > 2)).any() if d is None else (t * (t.real > 2)).any(d),
    "var": lambda t, d: t.var() if d is None else t.var(d),
    "vector_norm": lambda t, d: ember.linalg.vector_norm(t, 2, d),
}
SHAPES_DIMS = [
    ((7, 300), None),
    ((7, 300), 1),
    ((7, 300), 0),
    ((3, 4, 5), (0, 2)),
    ((), None),
    ((200000,), None),  # chunked, combined a block per output
    ((3, 70001), 1),
    ((3000, 300), 0),  # columns in chunks
]


def reduction_cases():
    for name in REDUCTIONS:
        for dtype in COMPLEX:
            for shape, dim in SHAPES_DIMS:
                if name == "prod" and (int(ember.tensor(shape).prod()) if shape else 1) > 2500:
                    continue  # a long product under- or overflows at a point that depends on the order
                yield pytest.param(name, dtype, shape, dim, id=f"{name}-{dtype}-{shape}-{dim}".replace("ember.", ""))


@pytest.mark.parametrize("name,dtype,shape,dim", list(reduction_cases()))
def test_reductions_match_cpu(name, dtype, shape, dim):
    x = crandn(*shape, dtype=dtype, seed=4) * 3
    # as is, transposed, and starting one element in (rows not 16-byte aligned)
    for view in (x, x.t() if x.dim() == 2 else x, x[..., 1:] if x.dim() and x.shape[-1] > 1 else x):
        d = dim if view is x or dim is None else dim
        tol = {t: (1e-4, 1e-4) for t in (ember.complex64, ember.float32)}
        assert_same(REDUCTIONS[name](on_device(view), d), REDUCTIONS[name](view, d), tol)


def test_complex_reductions_are_deterministic():
    x = crandn(4096, 1024, seed=5).cuda()
    first = x.sum().cpu()
    assert all(ember.equal(x.sum().cpu(), first) for _ in range(3))
    assert ember.equal(x.sum(0).cpu(), x.sum(0).cpu())


@pytest.mark.parametrize("dtype", COMPLEX, ids=ids(COMPLEX))
@pytest.mark.parametrize("a_shape,b_shape,layout", MATMUL_CASES)
def test_matmul_matches_cpu(dtype, a_shape, b_shape, layout):
    a, b = crandn(*a_shape, dtype=dtype, seed=6), crandn(*b_shape, dtype=dtype, seed=7)
    if layout == "transposed":
        a = a.t().contiguous().t() if a.dim() == 2 else a
        b = b.t().contiguous().t() if b.dim() == 2 else b
    tol = {dtype: (1e-4, 1e-4)}
    assert_same(ember.matmul(on_device(a), on_device(b)), ember.matmul(a, b), tol)


@pytest.mark.parametrize("dtype", COMPLEX, ids=ids(COMPLEX))
def test_matmul_family_with_complex_coefficients(dtype):
    c, a, b = crandn(4, 3, dtype=dtype, seed=8), crandn(4, 5, dtype=dtype, seed=9), crandn(5, 3, dtype=dtype, seed=10)
    tol = {dtype: (1e-4, 1e-4)}
    kw = {"beta": 0.5 - 1j, "alpha": 2j}
    assert_same(ember.addmm(c.cuda(), a.cuda(), b.cuda(), **kw), ember.addmm(c, a, b, **kw), tol)
    x, y, z = crandn(2, 4, 5, dtype=dtype), crandn(2, 5, 3, dtype=dtype, seed=1), crandn(2, 4, 3, dtype=dtype, seed=2)
    assert_same(ember.baddbmm(z.cuda(), x.cuda(), y.cuda(), **kw), ember.baddbmm(z, x, y, **kw), tol)
    assert_same(ember.bmm(x.cuda(), y.cuda()), ember.bmm(x, y), tol)
    u, v = crandn(6, dtype=dtype, seed=3), crandn(6, dtype=dtype, seed=4)
    assert_same(ember.vdot(u.cuda(), v.cuda()), ember.vdot(u, v), tol)
    assert_same(ember.outer(u.cuda(), v.cuda()), ember.outer(u, v), tol)
    assert_same(ember.mv(a.cuda(), crandn(5, dtype=dtype).cuda()), ember.mv(a, crandn(5, dtype=dtype)), tol)


@pytest.mark.parametrize("dtype", COMPLEX, ids=ids(COMPLEX))
def test_indexing_and_scatter_adds_match_cpu(dtype):
    z, src = crandn(5, 4, dtype=dtype, seed=11), crandn(3, 4, dtype=dtype, seed=12)
    rows, cols = ember.tensor([0, 4, 0]), ember.tensor([[0, 1, 2, 0]])
    tol = {dtype: (1e-5, 1e-5)}
    assert ember.equal(on_device(z)[rows.cuda()].cpu(), z[rows])
    assert ember.equal(on_device(z).gather(0, cols.cuda()).cpu(), z.gather(0, cols))
    cases = [
        lambda t, s, r, c: t.index_add(0, r, s),  # row 0 twice: atomics, so within rounding
        lambda t, s, r, c: t.scatter_add(0, c, s[:1]),
        lambda t, s, r, c: t.index_copy(0, r[1:], s[1:]),
        lambda t, s, r, c: t.scatter(0, c, s[:1]),
        lambda t, s, r, c: t.clone().index_put_((r,), s, accumulate=True),
    ]
    for f in cases:
        assert_same(f(on_device(z), on_device(src), rows.cuda(), cols.cuda()), f(z, src, rows, cols), tol)


def test_what_complex_lacks_on_the_device_raises():
    d = crandn(3, 4).cuda()
    with pytest.raises(NotImplementedError, match="cumsum.*complex64"):
        d.cumsum(1)
    with pytest.raises(NotImplementedError, match="complex64"):
        d.scatter_reduce(0, ember.tensor([[0, 1, 2, 0]]).cuda(), d[:1], "prod")
