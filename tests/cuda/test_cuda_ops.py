"""Every elementwise op, reduction, softmax and matrix product on the device
gives the CPU's result, over dtypes and layouts (contiguous, transposed,
strided, offset, expanded; 0-d and empty). The CPU results are themselves
checked against NumPy and PyTorch by the core tests, so agreeing with them
carries those checks over."""

import os
import sys

import numpy as np
import pytest
from op_db import OPS
from test_elementwise import inputs_for

import ember

pytestmark = pytest.mark.cuda

LAYOUTS = ["contiguous", "transposed", "step", "offset", "expanded_rows"]


def on_device(t):
    """t on the device with the very same strides and storage offset."""
    if not isinstance(t, ember.Tensor):
        return t
    item = t.element_size()
    whole = t.as_strided((t.untyped_storage().nbytes() // item,), (1,), 0)
    return whole.cuda().as_strided(tuple(t.shape), t.stride(), t.storage_offset())


def assert_close_complex(got, expected, rtol, atol):
    """Real and imaginary parts each within atol + rtol * |expected| (the
    modulus: a part much smaller than the other carries the other's rounding)."""
    for part in (np.real, np.imag):
        g, e = part(got), part(expected)
        np.testing.assert_array_equal(np.isnan(g), np.isnan(e), err_msg=f"NaNs of the {part.__name__} parts")
        with np.errstate(invalid="ignore"):
            close = np.isnan(e) | (g == e) | (np.abs(g - e) <= atol + rtol * np.abs(expected))
        assert close.all(), f"{part.__name__} parts differ:\n{g[~close]}\nexpected\n{e[~close]}"


def assert_same(device_result, cpu_result, tol):
    assert device_result.is_cuda
    got = device_result.cpu()
    assert got.dtype == cpu_result.dtype and got.shape == cpu_result.shape
    if cpu_result.dtype.is_complex:
        # complex math in libcu++ and glibc may differ by a few ulp
        floor = 1e-5 if cpu_result.dtype == ember.complex64 else 1e-6
        rtol, atol = tol.get(cpu_result.dtype, (floor, floor))
        assert_close_complex(got.numpy(), cpu_result.numpy(), max(rtol, floor), max(atol, floor))
    elif cpu_result.dtype.is_floating_point:
        rtol, atol = tol.get(cpu_result.dtype, (1e-6, 1e-6))
        np.testing.assert_allclose(
            got.to(ember.float64).numpy(),
            cpu_result.to(ember.float64).numpy(),
            rtol=max(rtol, 1e-6),
            atol=max(atol, 1e-6),
            equal_nan=True,
        )
    else:
        np.testing.assert_array_equal(got.numpy(), cpu_result.numpy())


def cases():
    for op in OPS:
        for dtype in op.dtypes:
            yield pytest.param(op, dtype, id=f"{op.name}-{dtype}".replace("ember.", ""))


@pytest.mark.parametrize("op,dtype", list(cases()))
def test_elementwise_matches_cpu(op, dtype):
    rng = np.random.default_rng(0)
    for layout in LAYOUTS:
        for shapes in ([(5, 7), (5, 7)], [(5, 7), (7,)]) if layout == "contiguous" else ([(5, 7), (5, 7)],):
            inputs, _ = inputs_for(
                op, dtype, shapes, rng, [layout, "contiguous"] if len(shapes[1]) == 1 else [layout, layout]
            )
            expected = op.op(*inputs)
            assert_same(op.op(*[on_device(t) for t in inputs]), expected, op.tol)
    # 0-d, empty, a Python number and a CPU 0-d tensor as the second operand
    x, _ = inputs_for(op, dtype, [(), ()], rng)
    assert_same(op.op(*[on_device(t) for t in x]), op.op(*x), op.tol)
    e, _ = inputs_for(op, dtype, [(0, 3), (0, 3)], rng)
    assert_same(op.op(*[on_device(t) for t in e]), op.op(*e), op.tol)
    if op.arity == 2 and op.supports_scalars:
        a, _ = inputs_for(op, dtype, [(4, 3), ()], rng)
        number = a[1].item()
        assert_same(op.op(on_device(a[0]), number), op.op(a[0], number), op.tol)
        assert_same(op.op(on_device(a[0]), a[1]), op.op(a[0], a[1]), op.tol)


@pytest.mark.parametrize("op", [o for o in OPS if o.supports_inplace and o.kind in ("unary", "binary")], ids=repr)
def test_inplace_and_out(op):
    dtype = ember.float32 if ember.float32 in op.dtypes else op.dtypes[-1]
    rng = np.random.default_rng(1)
    inputs, _ = inputs_for(op, dtype, [(4, 6), (4, 6)], rng, ["transposed", "contiguous"])
    expected = op.op(*inputs)
    d = [on_device(t) for t in inputs]
    if expected.dtype == d[0].dtype:
        target = d[0].clone()
        op.inplace(target, *d[1:])
        assert_same(target, expected, op.tol)
    out = ember.empty(expected.shape, dtype=expected.dtype, device="cuda")
    op.op(*d, out=out)
    assert_same(out, expected, op.tol)


TERNARY = {
    "where": lambda c, a, b: ember.where(c > 0, a, b),
    "lerp": lambda c, a, b: ember.lerp(a, b, c),
    "addcmul": lambda c, a, b: ember.addcmul(c, a, b, value=0.5),
    "addcdiv": lambda c, a, b: ember.addcdiv(c, a, b.abs() + 1, value=2),
    "clamp": lambda c, a, b: ember.clamp(c, ember.minimum(a, b), ember.maximum(a, b)),
}


@pytest.mark.parametrize("name", TERNARY)
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64, ember.float16, ember.bfloat16])
def test_ternary_matches_cpu(name, dtype):
    g = ember.Generator().manual_seed(3)
    c, a, b = (ember.randn(6, 5, generator=g).to(dtype) for _ in range(3))
    fn = TERNARY[name]
    assert_same(
        fn(on_device(c), on_device(a).t().contiguous().t(), on_device(b)[:, :]),
        fn(c, a, b),
        {dtype: (1e-2, 1e-2) if dtype in (ember.float16, ember.bfloat16) else (1e-6, 1e-6)},
    )


REDUCTIONS = {
    "sum": lambda t, d: t.sum() if d is None else t.sum(d),
    "sum_keepdim": lambda t, d: t.sum(dim=d, keepdim=True) if d is not None else t.sum(),
    "prod": lambda t, d: (t / 2 + 0.75).prod() if d is None else (t / 2 + 0.75).prod(d),
    "mean": lambda t, d: t.mean() if d is None else t.mean(d),
    "amax": lambda t, d: t.amax() if d is None else t.amax(d),
    "amin": lambda t, d: t.amin() if d is None else t.amin(d),
    "argmax": lambda t, d: t.argmax() if d is None else t.argmax(d),
    "argmin": lambda t, d: t.argmin() if d is None else t.argmin(d),
    "max_dim": lambda t, d: t.max() if d is None else t.max(d).values,
    "all": lambda t, d: (t > -1).all() if d is None else (t > -1).all(d),
    "any": lambda t, d: (t > 1).any() if d is None else (t > 1).any(d),
    "nansum": lambda t, d: t.nansum() if d is None else t.nansum(d),
    # statistics, composed of the reductions and elementwise ops above
    "var": lambda t, d: t.var() if d is None else t.var(d),
    "std_mean": lambda t, d: ember.stack(list(ember.std_mean(t, d, correction=0))),
    "logsumexp": lambda t, d: t.flatten().logsumexp(0) if d is None else t.logsumexp(d),
    "vector_norm": lambda t, d: ember.linalg.vector_norm(t, 3, d),
}


# mean and the statistics need floats; int products overflow
FLOAT_ONLY_REDUCTIONS = {"mean", "nansum", "prod", "var", "std_mean", "logsumexp", "vector_norm"}
SHAPES_DIMS = [
    ((7, 300), None),
    ((7, 300), 1),
    ((7, 300), 0),
    ((3, 4, 5), (0, 2)),
    ((3, 4, 5), -1),
    ((), None),
    ((200000,), None),
    ((2, 70000), 1),
    ((1500, 3), 0),
    ((3, 70001), 1),  # chunked rows with a tail that is not whole 16-byte loads
    ((3000, 300), 0),  # columns cut into chunks, combined a block per output
    ((20000, 260), 0),  # columns in more chunks than a combining thread takes
]


def reduction_cases():
    for name in REDUCTIONS:
        for dtype in (ember.float32, ember.float64, ember.float16, ember.int64, ember.int32):
            if not dtype.is_floating_point and name in FLOAT_ONLY_REDUCTIONS:
                continue
            for shape, dim in SHAPES_DIMS:
                if (name.startswith("arg") or name == "max_dim") and isinstance(dim, tuple):
                    continue  # these take one dim
                if name == "prod" and np.prod(shape) > 2500:
                    continue  # a long product under- or overflows at a point that depends on the order
                yield pytest.param(name, dtype, shape, dim, id=f"{name}-{dtype}-{shape}-{dim}".replace("ember.", ""))


@pytest.mark.parametrize("name,dtype,shape,dim", list(reduction_cases()))
def test_reductions_match_cpu(name, dtype, shape, dim):
    g = ember.Generator().manual_seed(4)
    x = (ember.randn(*shape, generator=g) * 3).to(dtype)
    # as is, transposed, and starting one element in (rows not 16-byte aligned)
    for view in (x, x.t() if x.dim() == 2 else x, x[..., 1:] if x.dim() and x.shape[-1] > 1 else x):
        expected = REDUCTIONS[name](view, dim if view is x or dim is None else dim)
        got = REDUCTIONS[name](on_device(view), dim if view is x or dim is None else dim)
        tol = {dtype: (2e-3, 2e-3)} if dtype == ember.float16 else {dtype: (1e-5, 1e-5)}
        assert_same(got, expected, tol)


def test_reductions_are_deterministic():
    x = ember.randn(8192, 4096).cuda()
    first = x.sum().item()
    assert all(x.sum().item() == first for _ in range(5))
    cols = x.sum(0)
    assert ember.equal(cols, x.sum(0))


def test_argmax_ties_and_nan():
    x = ember.tensor([[1.0, 5.0, 5.0, 2.0], [float("nan"), 1.0, float("nan"), 9.0]])
    d = x.cuda()
    assert d.argmax(1).tolist() == [1, 0] == x.argmax(1).tolist()
    assert d.amax(1).cpu().isnan().tolist() == [False, True]


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64, ember.float16, ember.bfloat16])
@pytest.mark.parametrize("shape,dim", [((4, 1000), -1), ((4, 1000), 0), ((3, 5, 7), 1), ((2, 0), -1), ((5,), 0)])
def test_softmax_matches_cpu(dtype, shape, dim):
    x = (ember.randn(*shape) * 4).to(dtype)
    tol = {dtype: (1e-2, 1e-3) if dtype in (ember.float16, ember.bfloat16) else (1e-5, 1e-6)}
    assert_same(ember.softmax(on_device(x), dim), ember.softmax(x, dim), tol)
    assert_same(ember.log_softmax(on_device(x), dim), ember.log_softmax(x, dim), tol)


# (a shape, b shape, layout of a): the matmul family's shapes, shared with test_cuda_complex.
MATMUL_CASES = [
    ((5, 7), (7, 3), "plain"),
    ((5, 7), (7, 3), "transposed"),
    ((4, 5, 7), (4, 7, 3), "plain"),
    ((4, 5, 7), (7, 3), "plain"),
    ((2, 1, 5, 7), (3, 7, 2), "plain"),
    ((7,), (7, 3), "plain"),
    ((5, 7), (7,), "plain"),
    ((7,), (7,), "plain"),
    ((64, 128), (128, 96), "transposed"),
    ((3, 0), (0, 4), "plain"),
]


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64, ember.float16, ember.bfloat16])
@pytest.mark.parametrize("a_shape,b_shape,layout", MATMUL_CASES)
def test_matmul_matches_cpu(dtype, a_shape, b_shape, layout):
    g = ember.Generator().manual_seed(5)
    a = ember.randn(*a_shape, generator=g).to(dtype)
    b = ember.randn(*b_shape, generator=g).to(dtype)
    if layout == "transposed":
        a = a.t().contiguous().t()
        b = b.t().contiguous().t()
    tol = {dtype: (2e-2, 5e-2) if dtype in (ember.float16, ember.bfloat16) else (1e-4, 1e-4)}
    assert_same(ember.matmul(on_device(a), on_device(b)), ember.matmul(a, b), tol)


def test_addmm_baddbmm_and_integer_matmul():
    g = ember.Generator().manual_seed(6)
    c, a, b = ember.randn(4, 3, generator=g), ember.randn(4, 5, generator=g), ember.randn(5, 3, generator=g)
    assert_same(
        ember.addmm(c.cuda(), a.cuda(), b.cuda(), beta=0.5, alpha=2.0),
        ember.addmm(c, a, b, beta=0.5, alpha=2.0),
        {ember.float32: (1e-5, 1e-5)},
    )
    x, y = ember.randn(2, 4, 5, generator=g), ember.randn(2, 5, 3, generator=g)
    z = ember.randn(2, 4, 3, generator=g)
    assert_same(ember.baddbmm(z.cuda(), x.cuda(), y.cuda()), ember.baddbmm(z, x, y), {ember.float32: (1e-5, 1e-5)})
    with pytest.raises(NotImplementedError, match="cuBLAS"):
        ember.ones(2, 2, dtype=ember.int64, device="cuda") @ ember.ones(2, 2, dtype=ember.int64, device="cuda")


def test_unsupported_ops_raise_clearly():
    d = ember.ones(3, dtype=ember.complex64).cuda()
    with pytest.raises(NotImplementedError, match="cumsum.*complex64"):
        d.cumsum(0)


def test_indexing_matches_cpu():
    g = ember.Generator().manual_seed(7)
    x = ember.randn(6, 5, generator=g)
    d = x.cuda()
    idx = ember.tensor([4, 0, -1, 2])
    rows = ember.tensor([[0, 1], [5, 2]])
    cols = ember.tensor([[1, 1], [0, 4]])
    cases = [
        lambda t, i: t[i],
        lambda t, i: t[:, i],
        lambda t, i: t[rows.to(t.device), cols.to(t.device)],
        lambda t, i: t[t > 0],
        lambda t, i: t.index_select(1, i),
        lambda t, i: t.gather(1, ember.tensor([[0, 4], [1, 1], [2, 0], [3, 3], [4, 2], [0, 0]]).to(t.device)),
        lambda t, i: t.take(ember.tensor([0, 29, 7]).to(t.device)),
        lambda t, i: ember.nonzero(t > 1),
    ]
    for f in cases:
        assert ember.equal(f(d, idx.cuda()).cpu(), f(x, idx))
    assert ember.equal(d[idx].cpu(), x[idx])  # a CPU index for a device tensor, as PyTorch allows


def test_index_writes_match_cpu():
    g = ember.Generator().manual_seed(8)
    for write in (
        lambda t: t.index_put_((ember.tensor([0, 2, 2]).to(t.device),), ember.ones(3, 5).to(t.device), accumulate=True),
        lambda t: t.__setitem__((slice(None), ember.tensor([1, 3]).to(t.device)), 7.0),
        lambda t: t.scatter_add_(0, ember.tensor([[0, 1, 2, 0, 0]]).to(t.device), ember.ones(1, 5).to(t.device)),
        lambda t: t.scatter_(1, ember.tensor([[4], [0], [1], [2]]).to(t.device), -1.0),
        lambda t: t.index_add_(0, ember.tensor([3, 3]).to(t.device), ember.ones(2, 5).to(t.device), alpha=2),
        lambda t: t.masked_fill_(t < 0, 0.5),
        lambda t: t.scatter_reduce_(
            0, ember.tensor([[1, 1, 0, 3, 2]]).to(t.device), ember.full((1, 5), 3.0).to(t.device), "amax"
        ),
    ):
        x = ember.randn(4, 5, generator=g)
        d = x.cuda()
        write(x)
        write(d)
        assert ember.allclose(d.cpu(), x)


def test_bad_indices_raise_index_errors():
    d = ember.ones(4, 3, device="cuda")
    with pytest.raises(IndexError, match="out of bounds"):
        d[ember.tensor([0, 4])]
    with pytest.raises(IndexError, match="out of bounds"):
        d.gather(0, ember.tensor([[5, 0, 0]], device="cuda"))
    with pytest.raises(IndexError, match="out of bounds"):
        d.index_add_(0, ember.tensor([-5], device="cuda"), ember.ones(1, 3, device="cuda"))
    assert ember.equal(d.cpu(), ember.ones(4, 3))  # nothing written


CONVS = [
    # (fn, input shape, weight shape, kwargs)
    (ember.conv1d, (2, 4, 9), (6, 4, 3), {"padding": 1}),
    (ember.conv2d, (2, 3, 8, 7), (5, 3, 3, 3), {"stride": 2, "padding": 1}),
    (ember.conv2d, (1, 4, 7, 7), (6, 2, 3, 2), {"groups": 2, "dilation": 2}),
    (ember.conv3d, (1, 2, 5, 4, 6), (3, 2, 2, 3, 3), {"padding": (1, 0, 1)}),
    (ember.conv_transpose2d, (2, 4, 5, 5), (4, 3, 3, 3), {"stride": 2, "padding": 1, "output_padding": 1}),
]


@pytest.mark.parametrize("cudnn", [True, False], ids=["cudnn", "im2col"])
@pytest.mark.parametrize("dtype", [ember.float32, ember.float64])
@pytest.mark.parametrize("case", range(len(CONVS)))
def test_convolution_forward_and_backward_match_cpu(case, dtype, cudnn):
    fn, xs, ws, kw = CONVS[case]
    g = ember.Generator().manual_seed(9)
    x0, w0, b0 = ember.randn(*xs, generator=g), ember.randn(*ws, generator=g), ember.randn(ws[0], generator=g)
    if fn is ember.conv_transpose2d:
        b0 = ember.randn(ws[1], generator=g)
    results = []
    ember.backends.cudnn.allow_tf32 = False  # exact float32 for the comparison
    ember.backends.cudnn.enabled = cudnn  # without cuDNN installed, both run im2col
    try:
        for device in ("cpu", "cuda"):
            x, w, b = (t.detach().to(device, dtype).detach().requires_grad_() for t in (x0, w0, b0))
            y = fn(x, w, b, **kw)
            (y * y).sum().backward()
            results.append([t.detach().cpu() for t in (y, x.grad, w.grad, b.grad)])
    finally:
        ember.backends.cudnn.allow_tf32 = True
        ember.backends.cudnn.enabled = True
    tol = 1e-4 if dtype == ember.float32 else 1e-10
    for a, b in zip(*results, strict=True):
        assert ember.allclose(a, b, rtol=tol, atol=tol)


def test_cudnn_loads_where_its_wheel_is_installed():
    wheel = any(os.path.exists(os.path.join(p, "nvidia", "cudnn", "lib", "libcudnn.so.9")) for p in sys.path)
    if wheel:
        assert ember.backends.cudnn.is_available(), ember.backends.cudnn.unavailable_reason()
        assert ember.backends.cudnn.version() >= 90000
    else:
        assert not ember.backends.cudnn.is_available() and ember.backends.cudnn.version() is None
        assert "cuDNN" in ember.backends.cudnn.unavailable_reason()


def test_linalg_runs_on_the_host_and_returns_device_tensors():
    g = ember.Generator().manual_seed(10)
    a = ember.randn(3, 4, 4, generator=g, dtype=ember.float64)
    spd = a @ a.mT + 4 * ember.eye(4, dtype=ember.float64)
    b = ember.randn(3, 4, 2, generator=g, dtype=ember.float64)
    cases = [
        lambda m, r: ember.linalg.solve(m, r),
        lambda m, r: ember.linalg.cholesky(m),
        lambda m, r: ember.linalg.inv(m),
        lambda m, r: ember.linalg.det(m),
        lambda m, r: ember.linalg.eigh(m).eigenvalues,
        lambda m, r: ember.linalg.svdvals(m),
        lambda m, r: ember.linalg.qr(m).R.abs(),
        lambda m, r: ember.linalg.lstsq(m, r).solution,
        lambda m, r: ember.linalg.solve_triangular(ember.linalg.cholesky(m), r, upper=False),
    ]
    for f in cases:
        got = f(spd.cuda(), b.cuda())
        assert got.is_cuda
        assert ember.allclose(got.cpu(), f(spd, b), rtol=1e-8, atol=1e-8)
    with pytest.raises(RuntimeError, match="same device"):
        ember.linalg.solve(spd.cuda(), b)
    x = spd.cuda().requires_grad_()
    ember.linalg.inv(x).sum().backward()
    assert x.grad.is_cuda
