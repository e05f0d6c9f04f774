"""nn primitives against PyTorch: forward values, and the backward ops'
results against torch.autograd's gradients of the same forward, across
stride/padding/dilation/groups combinations."""

import itertools

import numpy as np
import pytest
from oracle import torch

import ember

nn = ember._C._nn
F = torch.nn.functional


def grads(fn, inputs, grad_output):
    """torch.autograd's gradients of fn(*inputs) for grad_output (None where an input needs none)."""
    ts = [None if a is None else torch.from_numpy(a).requires_grad_() for a in inputs]
    out = fn(*ts)
    need = [t for t in ts if t is not None]
    g = torch.autograd.grad(out, need, torch.from_numpy(grad_output))
    it = iter(g)
    return out.detach().numpy(), [None if t is None else next(it).numpy() for t in ts]


# spatial dims, stride, padding, dilation, groups; torch rejects padding='same'
# with stride > 1 (tests/core checks ember does too)
CONV_COMBOS = [
    c for c in itertools.product([1, 2, 3], [1, 2], [0, 1, "same"], [1, 2], [1, 2]) if not (c[2] == "same" and c[1] > 1)
]


@pytest.mark.parametrize("n,stride,padding,dilation,groups", CONV_COMBOS)
def test_conv_and_backward_match_torch(n, stride, padding, dilation, groups):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 4, *[7, 6, 5][:n]))
    w = rng.standard_normal((6, 4 // groups, *[3, 2, 3][:n]))
    b = rng.standard_normal(6)
    tconv = getattr(torch, f"conv{n}d")
    args = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    y = getattr(ember, f"conv{n}d")(ember.tensor(x), ember.tensor(w), ember.tensor(b), **args)
    ty = tconv(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **args).numpy()
    np.testing.assert_allclose(y.numpy(), ty, 1e-10, 1e-10)
    if padding == "same":
        return  # 'same' is conv on an explicitly padded input: the backward op sees numbers
    r = rng.standard_normal(ty.shape)
    _, (gx, gw, gb) = grads(lambda a, c, d: tconv(a, c, d, **args), [x, w, b], r)
    got = nn.convolution_backward(ember.tensor(r), ember.tensor(x), ember.tensor(w), [stride] * n, [padding] * n,
                                  [dilation] * n, False, [0] * n, groups, [True, True, True])  # fmt: skip
    for e, t in zip(got, (gx, gw, gb), strict=True):
        np.testing.assert_allclose(e.numpy(), t, 1e-10, 1e-10)


@pytest.mark.parametrize(
    "n,stride,padding,output_padding,dilation,groups",
    [(1, 2, 1, 1, 1, 1), (2, 2, 0, 1, 1, 2), (2, 3, 1, 2, 1, 1), (2, 1, 1, 0, 2, 2), (3, 2, 1, 1, 1, 1)],
)
def test_conv_transpose_and_backward_match_torch(n, stride, padding, output_padding, dilation, groups):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 4, *[4, 3, 3][:n]))
    w = rng.standard_normal((4, 6 // groups, *[3, 2, 2][:n]))
    b = rng.standard_normal(6)
    tfn = getattr(torch, f"conv_transpose{n}d")
    args = (stride, padding, output_padding, groups, dilation)
    y = getattr(ember, f"conv_transpose{n}d")(ember.tensor(x), ember.tensor(w), ember.tensor(b), *args)
    r = rng.standard_normal(tuple(y.shape))
    ty, (gx, gw, gb) = grads(lambda a, c, d: tfn(a, c, d, *args), [x, w, b], r)
    np.testing.assert_allclose(y.numpy(), ty, 1e-10, 1e-10)
    got = nn.convolution_backward(ember.tensor(r), ember.tensor(x), ember.tensor(w), [stride] * n, [padding] * n,
                                  [dilation] * n, True, [output_padding] * n, groups, [True, True, True])  # fmt: skip
    for e, t in zip(got, (gx, gw, gb), strict=True):
        np.testing.assert_allclose(e.numpy(), t, 1e-10, 1e-10)


POOL_COMBOS = list(itertools.product([1, 2, 3], [2, 3], [1, 2], [0, 1], [1, 2], [False, True]))


@pytest.mark.parametrize("n,k,stride,padding,dilation,ceil_mode", POOL_COMBOS)
def test_max_pool_matches_torch(n, k, stride, padding, dilation, ceil_mode):
    x = np.random.default_rng(2).standard_normal((2, 3, *[9, 8, 7][:n]))
    tfn = {1: torch.max_pool1d_with_indices, 2: F.max_pool2d_with_indices, 3: F.max_pool3d_with_indices}[n]
    efn = {1: ember.max_pool1d_with_indices, 2: nn.max_pool2d_with_indices, 3: nn.max_pool3d_with_indices}[n]
    tout, tidx = tfn(torch.from_numpy(x), k, stride, padding, dilation, ceil_mode)
    out, idx = efn(ember.tensor(x), k, stride, padding, dilation, ceil_mode)
    np.testing.assert_array_equal(out.numpy(), tout.numpy())
    np.testing.assert_array_equal(idx.numpy(), tidx.numpy())
    r = np.random.default_rng(3).standard_normal(tout.shape)
    _, (gx,) = grads(lambda a: tfn(a, k, stride, padding, dilation, ceil_mode)[0], [x], r)
    back = getattr(nn, f"max_pool{n}d_with_indices_backward")
    got = back(ember.tensor(r), ember.tensor(x), k, stride, padding, dilation, ceil_mode, idx)
    np.testing.assert_allclose(got.numpy(), gx, 1e-12, 1e-12)


@pytest.mark.parametrize("n,k,stride,padding,ceil_mode,include,divisor", [
    c for c in itertools.product([1, 2, 3], [2, 3], [1, 2], [0, 1], [False, True], [False, True], [None, 5])
    if not (c[0] == 1 and c[6])  # avg_pool1d has no divisor_override
])  # fmt: skip
def test_avg_pool_matches_torch(n, k, stride, padding, ceil_mode, include, divisor):
    x = np.random.default_rng(4).standard_normal((2, 3, *[9, 8, 7][:n]))
    if n == 1:
        tfn = lambda a: F.avg_pool1d(a, k, stride, padding, ceil_mode, include)  # noqa: E731
        out = ember.avg_pool1d(ember.tensor(x), k, stride, padding, ceil_mode, include)
    else:
        tf = F.avg_pool2d if n == 2 else F.avg_pool3d
        tfn = lambda a: tf(a, k, stride, padding, ceil_mode, include, divisor)  # noqa: E731
        out = getattr(nn, f"avg_pool{n}d")(ember.tensor(x), k, stride, padding, ceil_mode, include, divisor)
    r = np.random.default_rng(5).standard_normal(tuple(out.shape))
    ty, (gx,) = grads(tfn, [x], r)
    np.testing.assert_allclose(out.numpy(), ty, 1e-12, 1e-12)
    back = getattr(nn, f"avg_pool{n}d_backward")
    got = back(ember.tensor(r), ember.tensor(x), k, stride, padding, ceil_mode, include, divisor)
    np.testing.assert_allclose(got.numpy(), gx, 1e-12, 1e-12)


@pytest.mark.parametrize("n,size", [(1, (4,)), (1, (11,)), (2, (3, 5)), (2, (9, 2)), (3, (2, 3, 4)), (3, (5, 1, 9))])
def test_adaptive_pools_match_torch(n, size):
    x = np.random.default_rng(6).standard_normal((2, 3, *[9, 8, 7][:n]))
    r = np.random.default_rng(7).standard_normal((2, 3, *size))
    tavg = getattr(F, f"adaptive_avg_pool{n}d")
    ty, (gx,) = grads(lambda a: tavg(a, size), [x], r)
    eavg = ember.adaptive_avg_pool1d if n == 1 else getattr(nn, f"adaptive_avg_pool{n}d")
    np.testing.assert_allclose(eavg(ember.tensor(x), size).numpy(), ty, 1e-12, 1e-12)
    got = getattr(nn, f"adaptive_avg_pool{n}d_backward")(ember.tensor(r), ember.tensor(x))
    np.testing.assert_allclose(got.numpy(), gx, 1e-12, 1e-12)
    tmax = getattr(F, f"adaptive_max_pool{n}d")
    tout, tidx = tmax(torch.from_numpy(x), size, return_indices=True)
    emax = ember.adaptive_max_pool1d if n == 1 else getattr(nn, f"adaptive_max_pool{n}d")
    out, idx = emax(ember.tensor(x), size)
    np.testing.assert_array_equal(out.numpy(), tout.numpy())
    np.testing.assert_array_equal(idx.numpy(), tidx.numpy())
    _, (gx,) = grads(lambda a: tmax(a, size), [x], r)
    got = getattr(nn, f"adaptive_max_pool{n}d_backward")(ember.tensor(r), ember.tensor(x), idx)
    np.testing.assert_allclose(got.numpy(), gx, 1e-12, 1e-12)


@pytest.mark.parametrize("train", [True, False])
def test_norms_and_backward_match_torch(train):
    rng = np.random.default_rng(8)
    x, w, b = rng.standard_normal((4, 3, 5, 2)), rng.standard_normal(3), rng.standard_normal(3)
    rm, rv = rng.standard_normal(3), rng.random(3) + 0.5
    r = rng.standard_normal(x.shape)
    # batch norm: values, saved stats, running stats, gradients
    trm, trv = torch.from_numpy(rm.copy()), torch.from_numpy(rv.copy())
    ty, (gx, gw, gb) = grads(lambda a, c, d: F.batch_norm(a, trm, trv, c, d, train, 0.1, 1e-5), [x, w, b], r)
    erm, erv = ember.tensor(rm.copy()), ember.tensor(rv.copy())
    y, sm, si = ember.native_batch_norm(ember.tensor(x), ember.tensor(w), ember.tensor(b), erm, erv, train, 0.1, 1e-5)
    np.testing.assert_allclose(y.numpy(), ty, 1e-10, 1e-10)
    np.testing.assert_allclose(erm.numpy(), trm.numpy(), 1e-12)
    np.testing.assert_allclose(erv.numpy(), trv.numpy(), 1e-12)
    got = nn.native_batch_norm_backward(ember.tensor(r), ember.tensor(x), ember.tensor(w), ember.tensor(rm), ember.tensor(rv), sm, si, train, 1e-5, [True, True, True])  # fmt: skip
    for e, t in zip(got, (gx, gw, gb), strict=True):
        np.testing.assert_allclose(e.numpy(), t, 1e-10, 1e-10)
    # layer norm over the last two dims
    lw, lb = rng.standard_normal((5, 2)), rng.standard_normal((5, 2))
    ty, (gx, gw, gb) = grads(lambda a, c, d: F.layer_norm(a, [5, 2], c, d), [x, lw, lb], r)
    y, mean, rstd = ember.native_layer_norm(ember.tensor(x), [5, 2], ember.tensor(lw), ember.tensor(lb), 1e-5)
    np.testing.assert_allclose(y.numpy(), ty, 1e-10, 1e-10)
    got = nn.native_layer_norm_backward(ember.tensor(r), ember.tensor(x), [5, 2], mean, rstd, ember.tensor(lw), ember.tensor(lb), [True, True, True])  # fmt: skip
    for e, t in zip(got, (gx, gw, gb), strict=True):
        np.testing.assert_allclose(e.numpy(), t, 1e-10, 1e-10)
    # group norm, 3 groups of 1 channel... and instance norm
    x6 = rng.standard_normal((2, 6, 3, 2))
    r6 = rng.standard_normal(x6.shape)
    w6, b6 = rng.standard_normal(6), rng.standard_normal(6)
    ty, (gx, gw, gb) = grads(lambda a, c, d: F.group_norm(a, 3, c, d), [x6, w6, b6], r6)
    y, mean, rstd = ember.native_group_norm(ember.tensor(x6), ember.tensor(w6), ember.tensor(b6), 2, 6, 6, 3, 1e-5)
    np.testing.assert_allclose(y.numpy(), ty, 1e-10, 1e-10)
    got = nn.native_group_norm_backward(ember.tensor(r6), ember.tensor(x6), mean, rstd, ember.tensor(w6), 2, 6, 6, 3, [True, True, True])  # fmt: skip
    for e, t in zip(got, (gx, gw, gb), strict=True):
        np.testing.assert_allclose(e.numpy(), t, 1e-10, 1e-10)
    ti = F.instance_norm(torch.from_numpy(x6), torch.from_numpy(np.zeros(6)), torch.from_numpy(np.ones(6)), torch.from_numpy(w6), torch.from_numpy(b6), use_input_stats=True)  # fmt: skip
    ei = ember.instance_norm(ember.tensor(x6), ember.tensor(w6), ember.tensor(b6), ember.zeros(6, dtype=ember.float64), ember.ones(6, dtype=ember.float64), True, 0.1, 1e-5, False)  # fmt: skip
    np.testing.assert_allclose(ei.numpy(), ti.numpy(), 1e-10, 1e-10)


UPSAMPLE = [
    ("nearest", "upsample_nearest1d", (5,), (8,), None),
    ("nearest", "upsample_nearest2d", (3, 4), (7, 5), None),
    ("nearest", "upsample_nearest3d", (2, 3, 4), (3, 5, 9), None),
    ("nearest-exact", "upsample_nearest_exact1d", (5,), (8,), None),
    ("nearest-exact", "upsample_nearest_exact2d", (5, 4), (3, 7), None),
    ("nearest-exact", "upsample_nearest_exact3d", (2, 3, 4), (3, 5, 9), None),
    ("linear", "upsample_linear1d", (5,), (8,), False),
    ("linear", "upsample_linear1d", (5,), (3,), True),
    ("bilinear", "upsample_bilinear2d", (3, 4), (7, 5), False),
    ("bilinear", "upsample_bilinear2d", (3, 4), (7, 5), True),
    ("trilinear", "upsample_trilinear3d", (2, 3, 4), (3, 5, 9), False),
    ("bicubic", "upsample_bicubic2d", (3, 4), (7, 5), False),
    ("bicubic", "upsample_bicubic2d", (3, 4), (7, 5), True),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("mode,name,size,out,align", UPSAMPLE, ids=lambda v: str(v))
def test_upsample_matches_torch(mode, name, size, out, align, dtype):
    x = np.random.default_rng(9).standard_normal((2, 3, *size)).astype(dtype)
    r = np.random.default_rng(10).standard_normal((2, 3, *out)).astype(dtype)
    ty, (gx,) = grads(lambda a: F.interpolate(a, size=out, mode=mode, align_corners=align), [x], r)
    args = () if align is None else (align,)
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(getattr(nn, name)(ember.tensor(x), out, *args).numpy(), ty, tol, tol)
    got = getattr(nn, name + "_backward")(ember.tensor(r), out, x.shape, *args)
    np.testing.assert_allclose(got.numpy(), gx, tol, tol)
    # scale_factor: the scales reach the kernel and set the source coordinates
    ts = F.interpolate(torch.from_numpy(x), scale_factor=1.7, mode=mode, align_corners=align).numpy()
    got = getattr(nn, name)(ember.tensor(x), ts.shape[2:], *args, *(1.7,) * len(size))
    np.testing.assert_allclose(got.numpy(), ts, tol, tol)


def test_embedding_and_pixel_shuffle_match_torch():
    rng = np.random.default_rng(11)
    weight, idx = rng.standard_normal((7, 3)), np.array([[1, 3, 3], [6, 0, 3]])
    r = rng.standard_normal((2, 3, 3))
    for padding_idx, scale in [(-1, False), (3, True)]:
        ty, (gw,) = grads(
            lambda w, p=padding_idx, s=scale: F.embedding(torch.from_numpy(idx), w, p if p >= 0 else None, scale_grad_by_freq=s), [weight], r
        )  # fmt: skip
        np.testing.assert_array_equal(ember.embedding(ember.tensor(weight), ember.tensor(idx)).numpy(), ty)
        got = nn.embedding_dense_backward(ember.tensor(r), ember.tensor(idx), 7, padding_idx, scale)
        np.testing.assert_allclose(got.numpy(), gw, 1e-12, 1e-12)
    x = rng.standard_normal((2, 3, 8, 4, 6))
    np.testing.assert_array_equal(
        ember.pixel_shuffle(ember.tensor(x), 2).numpy(), torch.pixel_shuffle(torch.from_numpy(x), 2).numpy()
    )
    np.testing.assert_array_equal(
        ember.pixel_unshuffle(ember.tensor(x), 2).numpy(), torch.pixel_unshuffle(torch.from_numpy(x), 2).numpy()
    )


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.int64, np.float32])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_pool_integers_and_padding_only_windows_match_torch(n, dtype):
    x = np.random.default_rng(12).integers(0, 100, (2, 3, *[5, 1, 4][:n])).astype(dtype)
    # dilation 2 over padding 1 with kernel 2 gives windows that miss the input along dim 1 of size 1
    tfn = {1: torch.max_pool1d_with_indices, 2: F.max_pool2d_with_indices, 3: F.max_pool3d_with_indices}[n]
    efn = {1: ember.max_pool1d_with_indices, 2: nn.max_pool2d_with_indices, 3: nn.max_pool3d_with_indices}[n]
    tout, tidx = tfn(torch.from_numpy(x), 2, 1, 1, 2, False)
    out, idx = efn(ember.tensor(x), 2, 1, 1, 2, False)
    np.testing.assert_array_equal(out.numpy(), tout.numpy())
    np.testing.assert_array_equal(idx.numpy(), tidx.numpy())
