"""Pooling and upsampling on the device against the CPU, forward and backward
(through autograd), over dtypes and layouts. The device kernels visit windows
and taps in the CPU's order, so max pools (values with ties and NaN, and their
indices) must be equal; sums are compared within a few float32 roundings.
Max pool gradients are summed with atomics on the device: the incoming
gradients are small integers here, so every order sums them exactly."""

import numpy as np
import pytest
from cuda_layouts import layouts

import ember
import ember.nn.functional as F

pytestmark = pytest.mark.cuda

FLOATS = [ember.float32, ember.float64, ember.float16, ember.bfloat16]
INTS = [ember.int64, ember.int32, ember.int16, ember.int8, ember.uint8]
# rtol, atol of sums per dtype (16-bit results are float32 sums rounded once more)
TOL = {ember.float32: (1e-6, 1e-6), ember.float64: (1e-13, 1e-13), ember.float16: (1e-3, 1e-3),
       ember.bfloat16: (1e-2, 1e-2)}  # fmt: skip


def ties(shape, dtype, seed=0):
    """Few distinct values (many ties in each window); floats also get a NaN and -inf."""
    rng = np.random.default_rng(seed)
    if not dtype.is_floating_point:
        lo = 0 if dtype == ember.uint8 else -4
        return ember.tensor(rng.integers(lo, 5, shape)).to(dtype)
    x = rng.integers(-4, 5, shape).astype(np.float64) / 2
    flat = x.reshape(-1)
    if flat.size > 8:
        flat[rng.choice(flat.size, 2, replace=False)] = [np.nan, -np.inf]
    return ember.tensor(x).to(dtype)


def normal(shape, dtype, seed=0):
    return ember.tensor(np.random.default_rng(seed).standard_normal(shape)).to(dtype)


def grad_ints(y):
    """A gradient for y whose sums are exact in any order."""
    return ember.tensor(np.random.default_rng(1).integers(-3, 4, tuple(y.shape)).astype(np.float64)).to(y.dtype)


def as_np(t):
    return t.detach().cpu().to(ember.float64).numpy()


def assert_equal(dev, host):
    assert dev.is_cuda and dev.dtype == host.dtype and dev.shape == host.shape
    np.testing.assert_array_equal(as_np(dev), as_np(host))


def assert_close(dev, host):
    assert dev.is_cuda and dev.dtype == host.dtype and dev.shape == host.shape
    rtol, atol = TOL[host.dtype]
    np.testing.assert_allclose(as_np(dev), as_np(host), rtol=rtol, atol=atol)


def run(fn, x, grad_of=None, device="cpu"):
    """fn's outputs on `device` and, with grad_of (output -> gradient), the input's gradient."""
    d = x.to(device)
    if grad_of is None:
        return fn(d), None
    d = d.detach().requires_grad_()
    out = fn(d)
    first = out[0] if isinstance(out, tuple) else out
    first.backward(grad_of(first).to(device))
    return out, d.grad


def both(fn, x, grad_of=None):
    """(device outputs, device gradient), (CPU outputs, CPU gradient) for each layout of x."""
    for layout in layouts(x):
        yield run(fn, layout, grad_of, "cuda"), run(fn, layout, grad_of)


# (n, input shape, kernel, stride, padding, dilation, ceil_mode)
MAX_CASES = [
    (1, (2, 3, 9), 3, 2, 1, 1, False),
    (1, (1, 2, 10), 2, 3, 0, 2, True),
    (1, (2, 8), 3, 1, 0, 1, False),  # unbatched
    (2, (2, 3, 7, 6), 2, 2, 0, 1, False),
    (2, (2, 2, 7, 8), (3, 2), (2, 3), (1, 1), (1, 2), True),
    (2, (1, 2, 6, 5), (3, 3), (1, 2), (1, 0), (2, 1), False),  # overlapping windows
    (2, (3, 5, 5), 2, 2, 1, 1, True),  # unbatched
    (2, (2, 4, 33, 40), 3, 1, 1, 1, False),
    (3, (1, 2, 4, 5, 6), (2, 3, 2), (2, 1, 2), (1, 1, 0), (1, 1, 2), True),
    (3, (2, 4, 4, 4), 2, 2, 0, 1, False),  # unbatched 3-D
]
MAX_POOL = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}


def case_id(c):
    return f"{c[0]}d-{c[1]}-k{c[2]}-s{c[3]}-p{c[4]}-d{c[5]}-{'ceil' if c[6] else 'floor'}"


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", MAX_CASES, ids=case_id)
def test_max_pool_values_indices_and_gradient_equal_cpu(c, dtype):
    n, shape, k, s, p, d, ceil = c

    def pool(x):
        return MAX_POOL[n](x, k, s, p, d, ceil, return_indices=True)

    for ((dev, dev_idx), dev_grad), ((host, host_idx), host_grad) in both(pool, ties(shape, dtype), grad_ints):
        assert_equal(dev, host)
        assert_equal(dev_idx, host_idx)
        assert_equal(dev_grad, host_grad)
    # without indices (the path that records them for backward when grad is on)
    x = ties(shape, dtype, seed=2)
    assert_equal(MAX_POOL[n](x.cuda(), k, s, p, d, ceil), MAX_POOL[n](x, k, s, p, d, ceil))


@pytest.mark.parametrize("dtype", INTS, ids=str)
def test_max_pool_keeps_integer_dtypes(dtype):
    for n, shape, k, s, p, d, ceil in MAX_CASES:
        for x in layouts(ties(shape, dtype)):
            dev, dev_idx = MAX_POOL[n](x.cuda(), k, s, p, d, ceil, return_indices=True)
            host, host_idx = MAX_POOL[n](x, k, s, p, d, ceil, return_indices=True)
            assert_equal(dev, host)
            assert_equal(dev_idx, host_idx)


# (n, input shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
AVG_CASES = [
    (1, (2, 3, 9), 3, 2, 1, False, True, None),
    (1, (1, 2, 10), 4, 3, 2, True, False, None),
    (1, (2, 8), 3, 1, 0, False, True, None),  # unbatched
    (2, (2, 3, 7, 6), 2, 2, 0, False, True, None),
    (2, (2, 2, 7, 8), (3, 2), (2, 3), (1, 1), True, False, None),
    (2, (2, 2, 7, 8), (3, 2), (2, 1), (1, 1), True, True, 5),
    (2, (2, 4, 33, 40), 3, 1, 1, False, False, None),
    (3, (1, 2, 4, 5, 6), (2, 3, 2), (2, 1, 2), (1, 1, 0), True, False, None),
    (3, (2, 4, 5, 4), 3, 2, 1, False, True, 7),  # unbatched 3-D
]
AVG_POOL = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", AVG_CASES, ids=lambda c: f"{c[0]}d-{c[1]}-k{c[2]}-s{c[3]}-p{c[4]}-{c[5:]}")
def test_avg_pool_and_gradient_match_cpu(c, dtype):
    n, shape, k, s, p, ceil, include, divisor = c
    extra = () if n == 1 else (divisor,)
    if n == 1:
        assert divisor is None

    def pool(x):
        return AVG_POOL[n](x, k, s, p, ceil, include, *extra)

    for (dev, dev_grad), (host, host_grad) in both(pool, normal(shape, dtype), lambda y: normal(y.shape, y.dtype, 3)):
        assert_close(dev, host)
        assert_close(dev_grad, host_grad)


ADAPTIVE_CASES = [
    (1, (2, 3, 10), 4),
    (1, (3, 7), 7),  # unbatched, identity windows
    (2, (2, 3, 7, 9), (3, 4)),
    (2, (1, 2, 5, 5), (8, 3)),  # more outputs than inputs: overlapping windows
    (2, (2, 3, 12, 12), 1),
    (3, (1, 2, 5, 6, 7), (2, 3, 4)),
    (3, (2, 3, 4, 5), (3, 2, 6)),  # unbatched
]
ADAPTIVE_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}
ADAPTIVE_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", ADAPTIVE_CASES, ids=lambda c: f"{c[0]}d-{c[1]}-{c[2]}")
def test_adaptive_pools_match_cpu(c, dtype):
    n, shape, size = c
    for (dev, dev_grad), (host, host_grad) in both(
        lambda x: ADAPTIVE_AVG[n](x, size), normal(shape, dtype), lambda y: normal(y.shape, y.dtype, 4)
    ):
        assert_close(dev, host)
        assert_close(dev_grad, host_grad)
    for ((dev, dev_idx), dev_grad), ((host, host_idx), host_grad) in both(
        lambda x: ADAPTIVE_MAX[n](x, size, return_indices=True), ties(shape, dtype), grad_ints
    ):
        assert_equal(dev, host)
        assert_equal(dev_idx, host_idx)
        assert_equal(dev_grad, host_grad)


def test_lp_pool_matches_cpu():
    x = normal((2, 3, 8, 9), ember.float32).abs() + 0.1
    for (dev, dev_grad), (host, host_grad) in both(
        lambda t: F.lp_pool2d(t, 2.0, (3, 2), 2), x, lambda y: normal(y.shape, y.dtype, 5)
    ):
        np.testing.assert_allclose(as_np(dev), as_np(host), rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(as_np(dev_grad), as_np(host_grad), rtol=1e-5, atol=1e-6)


# (input shape, mode, size, scale_factor, align_corners)
INTERPOLATE_CASES = [
    ((2, 3, 5), "nearest", 11, None, None),
    ((2, 3, 8), "nearest", None, 0.6, None),
    ((2, 3, 4, 5), "nearest", None, 2, None),  # the exact 2x path
    ((2, 3, 4, 5), "nearest", (7, 3), None, None),
    ((1, 2, 3, 4, 5), "nearest", None, (1.5, 2.0, 0.7), None),
    ((2, 3, 5), "nearest-exact", 9, None, None),
    ((2, 3, 6, 5), "nearest-exact", None, 1.7, None),
    ((2, 3, 5), "linear", 12, None, False),
    ((2, 3, 7), "linear", 4, None, True),
    ((2, 3, 5), "linear", None, 2.5, False),
    ((2, 3, 4, 6), "bilinear", (9, 5), None, False),
    ((2, 3, 4, 6), "bilinear", (9, 5), None, True),
    ((2, 3, 6, 6), "bilinear", None, 0.5, False),
    ((2, 3, 4, 6), "bicubic", (9, 13), None, False),
    ((2, 3, 4, 6), "bicubic", (3, 8), None, True),
    ((1, 2, 5, 5), "bicubic", None, 1.6, False),  # clamped taps at both borders
    ((1, 2, 3, 4, 5), "trilinear", (5, 7, 4), None, False),
    ((1, 2, 3, 4, 5), "trilinear", (5, 7, 4), None, True),
    ((2, 3, 10, 7), "area", (4, 3), None, None),
    ((2, 3, 4), "linear", 4, None, False),  # same size: the identity taps
]


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", INTERPOLATE_CASES, ids=lambda c: f"{c[1]}-{c[0]}-{c[2]}-{c[3]}-{c[4]}")
def test_interpolate_and_gradient_match_cpu(c, dtype):
    shape, mode, size, scale, align = c

    def resize(x):
        return F.interpolate(x, size=size, scale_factor=scale, mode=mode, align_corners=align)

    for (dev, dev_grad), (host, host_grad) in both(resize, normal(shape, dtype), lambda y: normal(y.shape, y.dtype, 6)):
        assert_close(dev, host)
        assert_close(dev_grad, host_grad)


def test_empty_batch_and_a_large_input():
    x = ember.zeros(0, 3, 6, 6)
    assert F.max_pool2d(x.cuda(), 2).shape == (0, 3, 3, 3)
    assert F.avg_pool2d(x.cuda(), 2).shape == (0, 3, 3, 3)
    assert F.interpolate(x.cuda(), scale_factor=2, mode="bilinear").shape == (0, 3, 12, 12)
    big = normal((8, 16, 128, 96), ember.float32, 7)
    dev, host = F.max_pool2d(big.cuda(), 3, 2, 1, return_indices=True), F.max_pool2d(big, 3, 2, 1, return_indices=True)
    assert_equal(dev[0], host[0])
    assert_equal(dev[1], host[1])
    assert_close(F.avg_pool2d(big.cuda(), 3, 2, 1), F.avg_pool2d(big, 3, 2, 1))
    assert_close(
        F.interpolate(big.cuda(), scale_factor=2, mode="bilinear"), F.interpolate(big, scale_factor=2, mode="bilinear")
    )


def test_errors_name_the_op_and_devices():
    nn = ember._C._nn
    x = normal((1, 2, 6, 6), ember.float32).cuda()
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    with pytest.raises(RuntimeError, match="max_pool2d.*indices on device cuda"):
        nn.max_pool2d_with_indices_backward(ember.ones_like(out), x, 2, 2, 0, 1, False, idx.cpu())
    with pytest.raises(RuntimeError, match="expected grad_output on device cuda"):
        nn.max_pool2d_with_indices_backward(ember.ones_like(out).cpu(), x, 2, 2, 0, 1, False, idx)
    with pytest.raises(IndexError, match="indices must lie in"):
        nn.max_pool2d_with_indices_backward(ember.ones_like(out), x, 2, 2, 0, 1, False, idx + 100)
    with pytest.raises(RuntimeError, match="avg_pool2d.*grad_output on device cuda"):
        nn.avg_pool2d_backward(ember.ones(1, 2, 3, 3), x, 2, 2, 0, False, True, None)
    with pytest.raises(NotImplementedError, match="avg_pool2d: expected a floating-point input"):
        F.avg_pool2d(ember.ones(1, 1, 4, 4, dtype=ember.int64, device="cuda"), 2)
    with pytest.raises(NotImplementedError, match="max_pool2d: expected a floating-point input"):
        F.max_pool2d(ember.ones(1, 1, 4, 4, dtype=ember.bool, device="cuda"), 2)
    with pytest.raises(RuntimeError, match="max_pool2d: .*too small"):
        F.max_pool2d(x, 7)
    with pytest.raises(NotImplementedError, match="upsample_bilinear2d: expected a floating-point input"):
        F.interpolate(ember.ones(1, 1, 2, 2, dtype=ember.int32, device="cuda"), scale_factor=2, mode="bilinear")
