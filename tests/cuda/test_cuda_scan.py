"""cumsum, cumprod, logcumsumexp, cummax and cummin on the device give the
CPU's results along every dim: integers, cummax/cummin (values and indices)
and short rows exactly; long float rows within rounding, since they are
scanned in parallel rather than left to right."""

import numpy as np
import pytest
from cuda_layouts import layouts

import ember

pytestmark = pytest.mark.cuda

FLOATS = [ember.float32, ember.float64, ember.float16, ember.bfloat16]
INTS = [ember.int64, ember.int32, ember.int16, ember.int8, ember.uint8, ember.bool]

# Short rows (a thread each), rows over one block tile (256) and many tiles.
SHAPES = [(), (0,), (1,), (6,), (3, 0), (5, 9), (3, 40, 2), (2, 300), (2, 5000)]


def sample(shape, dtype, seed=0, specials=True):
    rng = np.random.default_rng(seed)
    if dtype == ember.bool:
        return ember.tensor(np.asarray(rng.integers(0, 2, shape), dtype=bool))
    if dtype.is_floating_point:
        # near 1 so long products neither vanish nor overflow; ties for cummax
        x = np.asarray(1 + rng.integers(-8, 8, shape) / 256, dtype=np.float64)
        flat = x.reshape(-1)
        if specials and flat.size > 10:
            flat[[3, 7]] = [np.nan, -np.inf]
        return ember.tensor(x).to(dtype)
    lo = 0 if dtype == ember.uint8 else -3
    return ember.tensor(np.asarray(rng.integers(lo, 4, shape))).to(dtype)


def dims(x):
    return range(-max(x.dim(), 1), max(x.dim(), 1))


def assert_close(dev, host, exact):
    assert dev.is_cuda and dev.dtype == host.dtype and dev.shape == host.shape
    got, want = dev.cpu().to(ember.float64).numpy(), host.to(ember.float64).numpy()
    if exact or not host.dtype.is_floating_point:
        np.testing.assert_array_equal(got, want)
        return
    tol = {ember.float64: 1e-12, ember.float32: 1e-4, ember.float16: 1e-2, ember.bfloat16: 5e-2}[host.dtype]
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True)


@pytest.mark.parametrize("dtype", FLOATS + INTS, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("op", ["cumsum", "cumprod"])
def test_cumsum_cumprod_match_cpu(dtype, shape, op):
    fn = getattr(ember, op)
    for x in layouts(sample(shape, dtype, specials=op == "cumsum")):
        d = x.cuda()
        for dim in dims(x):
            short = x.dim() == 0 or x.shape[dim] <= 32
            assert_close(fn(d, dim), fn(x, dim), exact=short)
            assert fn(d, dim).is_contiguous()
            if dtype != ember.bool:
                assert_close(fn(d, dim, dtype=ember.float64), fn(x, dim, dtype=ember.float64), exact=short)


@pytest.mark.parametrize("dtype", [ember.int64, ember.int32, ember.int8])
def test_integer_overflow_wraps_as_on_the_cpu(dtype):
    x = ember.full((3, 700), 3, dtype=dtype)
    for op in (ember.cumsum, ember.cumprod):
        assert_close(op(x.cuda(), 1, dtype=dtype), op(x, 1, dtype=dtype), exact=True)


@pytest.mark.parametrize("dtype", FLOATS + [d for d in INTS if d != ember.bool], ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("op", ["cummax", "cummin"])
def test_cummax_cummin_match_cpu_exactly(dtype, shape, op):
    fn = getattr(ember, op)
    for x in layouts(sample(shape, dtype, seed=1)):
        d = x.cuda()
        for dim in dims(x):
            host, dev = fn(x, dim), fn(d, dim)
            assert_close(dev.values, host.values, exact=True)
            assert_close(dev.indices, host.indices, exact=True)


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_logcumsumexp_matches_cpu(dtype, shape):
    for x in layouts(sample(shape, dtype, seed=2)):
        d = x.cuda()
        for dim in dims(x):
            assert_close(ember.logcumsumexp(d, dim), ember.logcumsumexp(x, dim), exact=False)


def test_errors_name_the_op():
    with pytest.raises(NotImplementedError, match="cumsum: no CUDA kernel"):
        ember.cumsum(ember.ones(3, dtype=ember.complex64).cuda(), 0)
    with pytest.raises(NotImplementedError, match="cummax"):
        ember.cummax(ember.ones(3, dtype=ember.complex64).cuda(), 0)
    with pytest.raises(IndexError):
        ember.cumsum(ember.ones(3, device="cuda"), 1)
