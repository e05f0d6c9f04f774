"""Pooling (max with indices, avg, adaptive, lp) and the backward ops against
the window references in nn_ref.py; gradients by finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nn_ref import adaptive_pool_ref, avg_pool_ref, max_pool_ref, numerical_grad, pool_windows

import ember

nn = ember._C._nn
MAX = {1: ember.max_pool1d, 2: ember.max_pool2d, 3: ember.max_pool3d}
MAX_IDX = {1: ember.max_pool1d_with_indices, 2: nn.max_pool2d_with_indices, 3: nn.max_pool3d_with_indices}
MAX_BACK = {n: getattr(nn, f"max_pool{n}d_with_indices_backward") for n in (1, 2, 3)}
AVG = {1: ember.avg_pool1d, 2: nn.avg_pool2d, 3: nn.avg_pool3d}
AVG_BACK = {n: getattr(nn, f"avg_pool{n}d_backward") for n in (1, 2, 3)}
AD_AVG = {1: ember.adaptive_avg_pool1d, 2: nn.adaptive_avg_pool2d, 3: nn.adaptive_avg_pool3d}
AD_AVG_BACK = {n: getattr(nn, f"adaptive_avg_pool{n}d_backward") for n in (1, 2, 3)}
AD_MAX = {1: ember.adaptive_max_pool1d, 2: nn.adaptive_max_pool2d, 3: nn.adaptive_max_pool3d}
AD_MAX_BACK = {n: getattr(nn, f"adaptive_max_pool{n}d_backward") for n in (1, 2, 3)}
FLOATS = [ember.float32, ember.float64]
NP = {ember.float32: np.float32, ember.float64: np.float64}

# (input shape, kernel, stride, padding, dilation, ceil_mode)
MAX_CASES = [
    ((2, 3, 9), (3,), (2,), (1,), (1,), False),
    ((1, 2, 10), (2,), (3,), (0,), (2,), True),
    ((2, 8), (3,), (1,), (0,), (1,), False),  # unbatched
    ((2, 3, 7, 6), (2, 2), (2, 2), (0, 0), (1, 1), False),
    ((2, 2, 7, 8), (3, 2), (2, 3), (1, 1), (1, 2), True),
    ((1, 2, 6, 5), (3, 3), (1, 2), (1, 0), (2, 1), False),
    ((3, 5, 5), (2, 2), (2, 2), (1, 1), (1, 1), True),  # unbatched
    ((1, 2, 4, 5, 6), (2, 3, 2), (2, 1, 2), (1, 1, 0), (1, 1, 2), True),
    ((2, 4, 4, 4), (2, 2, 2), (2, 2, 2), (0, 0, 0), (1, 1, 1), False),  # unbatched 3-D
]


def max_id(c):
    return f"{len(c[1])}d-{c[0]}-k{c[1]}-s{c[2]}-p{c[3]}-d{c[4]}-{'ceil' if c[5] else 'floor'}"


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", MAX_CASES, ids=max_id)
def test_max_pool_with_indices(c, dtype):
    shape, k, s, p, d, ceil = c
    n = len(k)
    x = np.random.default_rng(0).standard_normal(shape).astype(NP[dtype])
    out, idx = MAX_IDX[n](ember.tensor(x), k, s, p, d, ceil)
    want, want_idx = max_pool_ref(x, k, s, p, d, ceil)
    assert out.dtype == dtype and idx.dtype == ember.int64
    np.testing.assert_array_equal(out.numpy(), want)
    np.testing.assert_array_equal(idx.numpy(), want_idx)
    np.testing.assert_array_equal(MAX[n](ember.tensor(x), k, s, p, d, ceil).numpy(), want)


@pytest.mark.parametrize("c", MAX_CASES, ids=max_id)
def test_max_pool_backward_by_finite_differences(c):
    shape, k, s, p, d, ceil = c
    n = len(k)
    x = np.random.default_rng(1).standard_normal(shape)
    out, idx = MAX_IDX[n](ember.tensor(x), k, s, p, d, ceil)
    r = np.random.default_rng(2).standard_normal(tuple(out.shape))
    got = MAX_BACK[n](ember.tensor(r), ember.tensor(x), k, s, p, d, ceil, idx)
    want = numerical_grad(lambda a: MAX[n](ember.tensor(a), k, s, p, d, ceil).numpy(), x.copy(), r)
    np.testing.assert_allclose(got.numpy(), want, 1e-6, 1e-6)


def test_max_pool_nan_and_infinities():
    nan, inf = np.nan, np.inf
    x = np.array([[[1.0, nan, 3.0, nan, -inf, -inf, -inf, -inf, -inf, 2.0, nan, nan]]])
    out, idx = ember.max_pool1d_with_indices(ember.tensor(x), 3, 3)
    # as torch: NaN wins (the last of several), a window of -inf gives its first index
    np.testing.assert_array_equal(out.numpy(), [[[nan, nan, -inf, nan]]])
    np.testing.assert_array_equal(idx.numpy(), [[[1, 3, 6, 11]]])


def test_max_pool_defaults_and_16bit():
    x = ember.tensor(np.arange(32.0).reshape(1, 2, 4, 4)).to(ember.bfloat16)
    out = ember.max_pool2d(x, 2)  # stride defaults to the kernel
    assert out.dtype == ember.bfloat16
    np.testing.assert_array_equal(out.to(ember.float32).numpy(), [[[[5, 7], [13, 15]], [[21, 23], [29, 31]]]])
    t = ember.tensor(np.arange(16.0).reshape(1, 1, 4, 4))[:, :, ::2, :]  # non-contiguous
    np.testing.assert_array_equal(ember.max_pool2d(t, (1, 2)).numpy(), [[[[1, 3], [9, 11]]]])


# (input shape, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
AVG_CASES = [
    ((2, 3, 9), (3,), (2,), (1,), False, True, None),
    ((1, 2, 10), (4,), (3,), (2,), True, False, None),
    ((2, 7), (2,), (2,), (1,), True, True, None),
    ((2, 3, 7, 6), (2, 2), (2, 2), (0, 0), False, True, None),
    ((2, 2, 7, 8), (3, 2), (2, 3), (1, 1), True, True, None),
    ((1, 2, 7, 8), (3, 2), (2, 3), (1, 1), True, False, None),
    ((1, 2, 6, 5), (3, 3), (1, 2), (1, 0), False, True, 5),
    ((1, 2, 4, 5, 6), (2, 3, 2), (2, 1, 2), (1, 1, 0), True, False, None),
    ((2, 4, 4, 5), (2, 2, 3), (1, 2, 2), (1, 0, 1), False, True, 3),
]


def avg_id(c):
    return f"{len(c[1])}d-{c[0]}-k{c[1]}-s{c[2]}-p{c[3]}-{'ceil' if c[4] else 'floor'}-{c[5]}-{c[6]}"


def avg_call(n, x, c):
    _, k, s, p, ceil, include, div = c
    if n == 1:
        return AVG[1](x, k, s, p, ceil, include)
    return AVG[n](x, k, s, p, ceil, include, div)


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", AVG_CASES, ids=avg_id)
def test_avg_pool(c, dtype):
    shape, k, s, p, ceil, include, div = c
    n = len(k)
    x = np.random.default_rng(3).standard_normal(shape).astype(NP[dtype])
    got = avg_call(n, ember.tensor(x), c)
    want = avg_pool_ref(x.astype(np.float64), k, s, p, ceil, include, div)
    assert got.dtype == dtype
    np.testing.assert_allclose(got.numpy(), want, 1e-5 if dtype == ember.float32 else 1e-12, 1e-6)


@pytest.mark.parametrize("c", AVG_CASES, ids=avg_id)
def test_avg_pool_backward_by_finite_differences(c):
    shape, k, s, p, ceil, include, div = c
    n = len(k)
    x = np.random.default_rng(4).standard_normal(shape)
    out = avg_call(n, ember.tensor(x), c)
    r = np.random.default_rng(5).standard_normal(tuple(out.shape))
    got = AVG_BACK[n](ember.tensor(r), ember.tensor(x), k, s, p, ceil, include, div)
    want = numerical_grad(lambda a: avg_call(n, ember.tensor(a), c).numpy(), x.copy(), r)
    np.testing.assert_allclose(got.numpy(), want, 1e-6, 1e-6)


# (input shape, output size)
ADAPTIVE_CASES = [
    ((2, 3, 10), (4,)),
    ((3, 7), (7,)),
    ((2, 2, 7, 5), (3, 2)),
    ((2, 5, 9), (4, 4)),
    ((1, 2, 5, 6, 7), (2, 3, 4)),
    ((2, 3, 3, 3), (5, 1, 2)),  # unbatched 3-D, output larger than input along one dim
]


@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("c", ADAPTIVE_CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_adaptive_pools(c, dtype):
    shape, out_size = c
    n = len(out_size)
    x = np.random.default_rng(6).standard_normal(shape).astype(NP[dtype])
    avg = AD_AVG[n](ember.tensor(x), out_size)
    np.testing.assert_allclose(avg.numpy(), adaptive_pool_ref(x.astype(np.float64), out_size, np.mean), 1e-5, 1e-6)
    mx, idx = AD_MAX[n](ember.tensor(x), out_size)
    np.testing.assert_array_equal(mx.numpy(), adaptive_pool_ref(x, out_size, np.max).astype(x.dtype))
    # indices are flat over each plane and point at the maxima
    flat = x.reshape(x.shape[: x.ndim - n] + (-1,))
    np.testing.assert_array_equal(
        np.take_along_axis(flat, idx.numpy().reshape(flat.shape[:-1] + (-1,)), -1).reshape(mx.shape), mx.numpy()
    )


@pytest.mark.parametrize("c", ADAPTIVE_CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def test_adaptive_backward_by_finite_differences(c):
    shape, out_size = c
    n = len(out_size)
    x = np.random.default_rng(7).standard_normal(shape)
    r = np.random.default_rng(8).standard_normal(tuple(AD_AVG[n](ember.tensor(x), out_size).shape))
    got = AD_AVG_BACK[n](ember.tensor(r), ember.tensor(x))
    want = numerical_grad(lambda a: AD_AVG[n](ember.tensor(a), out_size).numpy(), x.copy(), r)
    np.testing.assert_allclose(got.numpy(), want, 1e-6, 1e-6)
    _, idx = AD_MAX[n](ember.tensor(x), out_size)
    got = AD_MAX_BACK[n](ember.tensor(r), ember.tensor(x), idx)
    want = numerical_grad(lambda a: AD_MAX[n](ember.tensor(a), out_size)[0].numpy(), x.copy(), r)
    np.testing.assert_allclose(got.numpy(), want, 1e-6, 1e-6)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_lp_pool(n):
    x = np.abs(np.random.default_rng(9).standard_normal((2, 3) + (6,) * n))
    k = (3,) * n
    for p in (2.0, 3.0):
        got = getattr(nn, f"lp_pool{n}d")(ember.tensor(x), p, k, 2)
        mean = avg_pool_ref(x**p, k, (2,) * n, (0,) * n, False, True)
        want = (mean * 3**n) ** (1 / p)
        np.testing.assert_allclose(got.numpy(), want, 1e-10, 1e-10)


def test_pool_errors():
    x = ember.ones(2, 4, 5, 5)
    cases = [
        (
            lambda: ember.max_pool2d(x, 3, padding=2),
            "max_pool2d: pad should be at most half of effective kernel size, but got pad=2, kernel_size=3 and dilation=1",
        ),
        (
            lambda: ember.max_pool2d(x, 7),
            r"max_pool2d: given input size \[5, 5\], the calculated output size \[0, 0\] is too small",
        ),
        (lambda: ember.max_pool2d(x, 2, stride=0), r"max_pool2d: stride should be greater than zero"),
        (lambda: ember.max_pool2d(x, 0), r"max_pool2d: kernel size should be greater than zero"),
        (lambda: ember.max_pool2d(x, 2, padding=-1), r"max_pool2d: pad must be non-negative"),
        (
            lambda: ember.max_pool2d(x[0, 0, 0], 2),
            r"max_pool2d: expected 3D or 4D \(batch mode\) input, but got input of size \[5\]",
        ),
        (
            lambda: ember.max_pool2d(ember.ones(2, 0, 4, 4), 2),
            r"max_pool2d: expected input with non-zero sizes except for the batch dim",
        ),
        (lambda: nn.avg_pool2d(x, 3, padding=2), "avg_pool2d: pad should be at most half"),
        (lambda: nn.avg_pool2d(x, 2, divisor_override=0), "avg_pool2d: divisor must be not zero"),
        (lambda: ember.adaptive_avg_pool1d(x, 3), r"adaptive_avg_pool1d: expected 2D or 3D \(batch mode\) input"),
        (
            lambda: nn.adaptive_avg_pool2d(x, (3, -1)),
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0",
        ),
        (
            lambda: ember.max_pool2d(x, (2, 2, 2)),
            "max_pool2d: expected kernel_size to be a single integer value or a list of 2 values",
        ),
        (
            lambda: nn.avg_pool2d_backward(ember.ones(2, 4, 3, 3), x, 2, 2, 0, False, True),
            r"avg_pool2d_backward: expected grad_output of size \[2, 4, 2, 2\]",
        ),
    ]
    for fn, message in cases:
        with pytest.raises(RuntimeError, match=message):
            fn()
    with pytest.raises(IndexError, match=r"max_pool2d_with_indices_backward: indices must lie in \[0, 25\)"):
        nn.max_pool2d_with_indices_backward(ember.ones(2, 4, 2, 2), x, 2, 2, 0, 1, False, ember.full((2, 4, 2, 2), 25))
    with pytest.raises(NotImplementedError, match="max_pool2d: expected a floating-point input"):
        ember.max_pool2d(x.to(ember.bool), 2)
    with pytest.raises(NotImplementedError, match="avg_pool2d: expected a floating-point input"):
        nn.avg_pool2d(x.to(ember.int32), 2)
    with pytest.raises(NotImplementedError, match="max_pool1d: not implemented for int64"):  # as torch
        ember.max_pool1d(ember.ones(2, 5, dtype=ember.int64), 2)
    # an output size of 0 is allowed for adaptive pools
    assert tuple(nn.adaptive_avg_pool2d(x, (0, 3)).shape) == (2, 4, 0, 3)
    assert tuple(ember.max_pool2d(ember.ones(0, 4, 5, 5), 2).shape) == (0, 4, 2, 2)


@settings(max_examples=60, deadline=None)
@given(
    size=st.tuples(st.integers(1, 8), st.integers(1, 8)),
    k=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    pad=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    ceil_mode=st.booleans(),
    count_include_pad=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_pool2d_hypothesis(size, k, stride, pad, dilation, ceil_mode, count_include_pad, seed):
    x = np.random.default_rng(seed).standard_normal((2, 3, *size))
    ex = ember.tensor(x)
    # max: the padding must fit in half the dilated kernel and leave an output
    extent = [dilation[i] * (k[i] - 1) + 1 for i in range(2)]
    if any(pad[i] > extent[i] // 2 for i in range(2)):
        with pytest.raises(RuntimeError, match="max_pool2d: pad should be at most half of effective kernel size"):
            ember.max_pool2d(ex, k, stride, pad, dilation, ceil_mode)
    elif not all(pool_windows(size[i], k[i], stride[i], pad[i], dilation[i], ceil_mode) for i in range(2)):
        with pytest.raises(RuntimeError, match="max_pool2d: given input size .* is too small"):
            ember.max_pool2d(ex, k, stride, pad, dilation, ceil_mode)
    else:
        out, idx = nn.max_pool2d_with_indices(ex, k, stride, pad, dilation, ceil_mode)
        want, want_idx = max_pool_ref(x, k, stride, pad, dilation, ceil_mode)
        np.testing.assert_array_equal(out.numpy(), want)
        np.testing.assert_array_equal(idx.numpy(), want_idx)
    if any(pad[i] > k[i] // 2 for i in range(2)):
        with pytest.raises(RuntimeError, match="avg_pool2d: pad should be at most half"):
            nn.avg_pool2d(ex, k, stride, pad, ceil_mode, count_include_pad)
    elif not all(pool_windows(size[i], k[i], stride[i], pad[i], 1, ceil_mode) for i in range(2)):
        with pytest.raises(RuntimeError, match="avg_pool2d: given input size .* is too small"):
            nn.avg_pool2d(ex, k, stride, pad, ceil_mode, count_include_pad)
    else:
        got = nn.avg_pool2d(ex, k, stride, pad, ceil_mode, count_include_pad)
        want = avg_pool_ref(x, k, stride, pad, ceil_mode, count_include_pad)
        np.testing.assert_allclose(got.numpy(), want, 1e-12, 1e-12)


@pytest.mark.parametrize("dtype", [ember.uint8, ember.int8, ember.int16, ember.int32, ember.int64], ids=str)
@pytest.mark.parametrize("c", [MAX_CASES[0], MAX_CASES[4], MAX_CASES[7]], ids=max_id)
def test_max_pool_keeps_integer_dtypes(c, dtype):
    shape, k, s, p, d, ceil = c
    n = len(k)
    x = np.random.default_rng(10).integers(0, 100, shape).astype(np.int64)
    out, idx = MAX_IDX[n](ember.tensor(x).to(dtype), k, s, p, d, ceil)
    want, want_idx = max_pool_ref(x, k, s, p, d, ceil)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out.to(ember.int64).numpy(), want)
    # ties: the first index of the maximum, as the reference (and torch) keep it
    np.testing.assert_array_equal(idx.numpy(), want_idx)
    if n > 1:
        np.testing.assert_array_equal(MAX[n](ember.tensor(x).to(dtype), k, s, p, d, ceil).to(ember.int64).numpy(), want)
