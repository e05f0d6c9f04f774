"""Batch, layer, group and instance norm (with saved statistics) and their
backward ops, embedding and its dense backward, pixel (un)shuffle: against
NumPy, gradients by finite differences in float64."""

import numpy as np
import pytest
from nn_ref import numerical_grad

import ember

nn = ember._C._nn
EPS = 1e-5
T = ember.tensor


def bn_ref(x, w, b, mean, var, eps=EPS):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps)
    if w is not None:
        y = y * w.reshape(shape)
    if b is not None:
        y = y + b.reshape(shape)
    return y


@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 5), (2, 3, 4, 5), (2, 2, 3, 2, 2)], ids=str)
@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm_training_and_eval(shape, affine):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    C = shape[1]
    w, b = (rng.standard_normal(C), rng.standard_normal(C)) if affine else (None, None)
    rm, rv = rng.standard_normal(C), rng.random(C) + 0.5
    erm, erv = T(rm.copy()), T(rv.copy())
    y, mean, invstd = ember.native_batch_norm(
        T(x), w if w is None else T(w), b if b is None else T(b), erm, erv, True, 0.1, EPS
    )
    axes = (0,) + tuple(range(2, x.ndim))
    bm, bv = x.mean(axes), x.var(axes)
    np.testing.assert_allclose(y.numpy(), bn_ref(x, w, b, bm, bv), 1e-10, 1e-10)
    np.testing.assert_allclose(mean.numpy(), bm, 1e-12)
    np.testing.assert_allclose(invstd.numpy(), 1 / np.sqrt(bv + EPS), 1e-12)
    n = x.size // C
    # running stats updated in place with momentum; the variance unbiased
    np.testing.assert_allclose(erm.numpy(), 0.9 * rm + 0.1 * bm, 1e-12)
    np.testing.assert_allclose(erv.numpy(), 0.9 * rv + 0.1 * bv * n / (n - 1), 1e-12)
    # eval: the running stats, no saved statistics
    y, mean, invstd = ember.native_batch_norm(
        T(x), w if w is None else T(w), b if b is None else T(b), T(rm), T(rv), False, 0.1, EPS
    )
    np.testing.assert_allclose(y.numpy(), bn_ref(x, w, b, rm, rv), 1e-10, 1e-10)
    assert tuple(mean.shape) == (0,) and tuple(invstd.shape) == (0,)
    y2 = ember.batch_norm(
        T(x), w if w is None else T(w), b if b is None else T(b), T(rm), T(rv), False, 0.1, EPS, False
    )
    np.testing.assert_array_equal(y2.numpy(), y.numpy())


@pytest.mark.parametrize("train", [True, False])
def test_batch_norm_backward_by_finite_differences(train):
    rng = np.random.default_rng(1)
    x, w, b = rng.standard_normal((3, 2, 2, 3)), rng.standard_normal(2), rng.standard_normal(2)
    rm, rv = rng.standard_normal(2), rng.random(2) + 0.5

    def forward(xa, wa, ba):
        stats = (None, None) if train else (T(rm), T(rv))
        return ember.native_batch_norm(T(xa), T(wa), T(ba), *stats, train, 0.1, EPS)[0].numpy()

    r = rng.standard_normal(x.shape)
    _, sm, si = ember.native_batch_norm(
        T(x), T(w), T(b), None if train else T(rm), None if train else T(rv), train, 0.1, EPS
    )
    gi, gw, gb = nn.native_batch_norm_backward(T(r), T(x), T(w), T(rm), T(rv), sm, si, train, EPS, [True, True, True])
    np.testing.assert_allclose(gi.numpy(), numerical_grad(lambda a: forward(a, w, b), x.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gw.numpy(), numerical_grad(lambda a: forward(x, a, b), w.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gb.numpy(), numerical_grad(lambda a: forward(x, w, a), b.copy(), r), 1e-6, 1e-6)
    # no weight: as weight 1; output_mask drops gradients
    gi1, gw1, gb1 = nn.native_batch_norm_backward(
        T(r), T(x), None, T(rm), T(rv), sm, si, train, EPS, [True, False, False]
    )
    assert gw1 is None and gb1 is None
    gi_ones = nn.native_batch_norm_backward(
        T(r), T(x), T(np.ones(2)), T(rm), T(rv), sm, si, train, EPS, [True, False, False]
    )[0]
    np.testing.assert_allclose(gi1.numpy(), gi_ones.numpy(), 1e-12)


def test_batch_norm_16bit_and_errors():
    x = T(np.random.default_rng(2).standard_normal((4, 3, 2))).to(ember.float16)
    y, mean, invstd = ember.native_batch_norm(x, None, None, None, None, True, 0.1, EPS)
    assert y.dtype == mean.dtype == invstd.dtype == ember.float16
    xf = x.to(ember.float64).numpy()
    np.testing.assert_allclose(
        y.to(ember.float64).numpy(), bn_ref(xf, None, None, xf.mean((0, 2)), xf.var((0, 2))), 1e-2, 1e-2
    )
    xx = ember.ones(2, 4, 5, 5)
    with pytest.raises(
        RuntimeError, match=r"native_batch_norm: weight should contain 4 elements \(one per channel\), not \[3\]"
    ):
        ember.native_batch_norm(xx, ember.ones(3), None, None, None, True, 0.1, EPS)
    with pytest.raises(
        RuntimeError, match="native_batch_norm: running_mean and running_var must be given when training=False"
    ):
        ember.native_batch_norm(xx, None, None, None, None, False, 0.1, EPS)
    with pytest.raises(RuntimeError, match=r"native_batch_norm: expected input with at least 2 dims"):
        ember.native_batch_norm(ember.ones(5), None, None, None, None, True, 0.1, EPS)
    with pytest.raises(NotImplementedError, match="native_batch_norm: expected a floating-point input"):
        ember.native_batch_norm(xx.to(ember.int64), None, None, None, None, True, 0.1, EPS)


def ln_ref(x, k, w, b, eps=EPS):
    axes = tuple(range(x.ndim - k, x.ndim))
    mean, var = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    y = (x - mean) / np.sqrt(var + eps)
    return y * (1 if w is None else w) + (0 if b is None else b), mean, 1 / np.sqrt(var + eps)


@pytest.mark.parametrize("shape,normalized", [((4, 5), (5,)), ((2, 3, 4), (3, 4)), ((3, 2, 2, 3), (3,)), ((6,), (6,))])
def test_layer_norm(shape, normalized):
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal(shape), rng.standard_normal(normalized), rng.standard_normal(normalized)
    y, mean, rstd = ember.native_layer_norm(T(x), normalized, T(w), T(b), EPS)
    ry, rmean, rrstd = ln_ref(x, len(normalized), w, b)
    np.testing.assert_allclose(y.numpy(), ry, 1e-10, 1e-10)
    assert tuple(mean.shape) == rmean.shape  # the normalized dims kept as size 1
    np.testing.assert_allclose(mean.numpy(), rmean, 1e-12, 1e-12)
    np.testing.assert_allclose(rstd.numpy(), rrstd, 1e-12)
    np.testing.assert_allclose(
        ember.layer_norm(T(x), normalized).numpy(), ln_ref(x, len(normalized), None, None)[0], 1e-10, 1e-10
    )
    # non-contiguous input
    xt = T(np.ascontiguousarray(np.swapaxes(x, 0, -1))).transpose(0, -1) if x.ndim > 1 else T(x)
    np.testing.assert_allclose(ember.layer_norm(xt, normalized, T(w), T(b)).numpy(), ry, 1e-10, 1e-10)


def test_layer_norm_backward_by_finite_differences():
    rng = np.random.default_rng(4)
    x, w, b = rng.standard_normal((3, 2, 4)), rng.standard_normal((2, 4)), rng.standard_normal((2, 4))

    def forward(xa, wa, ba):
        return ember.native_layer_norm(T(xa), [2, 4], T(wa), T(ba), EPS)[0].numpy()

    r = rng.standard_normal(x.shape)
    _, mean, rstd = ember.native_layer_norm(T(x), [2, 4], T(w), T(b), EPS)
    gi, gw, gb = nn.native_layer_norm_backward(T(r), T(x), [2, 4], mean, rstd, T(w), T(b), [True, True, True])
    np.testing.assert_allclose(gi.numpy(), numerical_grad(lambda a: forward(a, w, b), x.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gw.numpy(), numerical_grad(lambda a: forward(x, a, b), w.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gb.numpy(), numerical_grad(lambda a: forward(x, w, a), b.copy(), r), 1e-6, 1e-6)
    _, gw0, gb0 = nn.native_layer_norm_backward(T(r), T(x), [2, 4], mean, rstd, None, None, [True, True, True])
    assert gw0 is None and gb0 is None


def test_layer_norm_errors():
    x = ember.ones(2, 4, 5, 5)
    with pytest.raises(
        RuntimeError,
        match=r"native_layer_norm: given normalized_shape=\[4\], expected input with shape \[\*, 4\], but got input of size\[2, 4, 5, 5\]",
    ):
        ember.native_layer_norm(x, [4], None, None, EPS)
    with pytest.raises(
        RuntimeError,
        match=r"layer_norm: expected weight to be of same shape as normalized_shape, but got weight of shape \[5\] and normalized_shape = \[5, 5\]",
    ):
        ember.layer_norm(x, [5, 5], ember.ones(5))


def gn_ref(x, G, w, b, eps=EPS):
    N, C = x.shape[:2]
    xg = x.reshape(N, G, -1)
    mean, var = xg.mean(-1, keepdims=True), xg.var(-1, keepdims=True)
    y = ((xg - mean) / np.sqrt(var + eps)).reshape(x.shape)
    shape = (1, C) + (1,) * (x.ndim - 2)
    if w is not None:
        y = y * w.reshape(shape) + b.reshape(shape)
    return y, mean.reshape(N, G), (1 / np.sqrt(var + eps)).reshape(N, G)


@pytest.mark.parametrize("shape,G", [((2, 4, 3, 3), 2), ((3, 6, 5), 3), ((2, 4), 4), ((1, 4, 2, 2, 2), 1)], ids=str)
def test_group_norm(shape, G):
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal(shape), rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    N, C = shape[:2]
    HxW = x.size // (N * C)
    y, mean, rstd = ember.native_group_norm(T(x), T(w), T(b), N, C, HxW, G, EPS)
    ry, rmean, rrstd = gn_ref(x, G, w, b)
    np.testing.assert_allclose(y.numpy(), ry, 1e-10, 1e-10)
    np.testing.assert_allclose(mean.numpy(), rmean, 1e-12, 1e-12)
    np.testing.assert_allclose(rstd.numpy(), rrstd, 1e-12)
    np.testing.assert_allclose(ember.group_norm(T(x), G).numpy(), gn_ref(x, G, None, None)[0], 1e-10, 1e-10)


def test_group_norm_backward_by_finite_differences():
    rng = np.random.default_rng(6)
    x, w, b = rng.standard_normal((2, 4, 3)), rng.standard_normal(4), rng.standard_normal(4)

    def forward(xa, wa, ba):
        return ember.native_group_norm(T(xa), T(wa), T(ba), 2, 4, 3, 2, EPS)[0].numpy()

    r = rng.standard_normal(x.shape)
    _, mean, rstd = ember.native_group_norm(T(x), T(w), T(b), 2, 4, 3, 2, EPS)
    gi, gw, gb = nn.native_group_norm_backward(T(r), T(x), mean, rstd, T(w), 2, 4, 3, 2, [True, True, True])
    np.testing.assert_allclose(gi.numpy(), numerical_grad(lambda a: forward(a, w, b), x.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gw.numpy(), numerical_grad(lambda a: forward(x, a, b), w.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gb.numpy(), numerical_grad(lambda a: forward(x, w, a), b.copy(), r), 1e-6, 1e-6)


def test_group_norm_errors():
    x = ember.ones(2, 4, 5, 5)
    with pytest.raises(
        RuntimeError,
        match=r"group_norm: expected number of channels in input to be divisible by num_groups, but got input of shape \[2, 4, 5, 5\] and num_groups=3",
    ):
        ember.group_norm(x, 3)
    with pytest.raises(
        RuntimeError,
        match=r"group_norm: expected weight to be a vector of size equal to the number of channels in input, but got weight of shape \[3\]",
    ):
        ember.group_norm(x, 2, ember.ones(3))


def test_instance_norm():
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal((3, 2, 4, 5)), rng.standard_normal(2), rng.standard_normal(2)
    rm, rv = np.zeros(2), np.ones(2)
    erm, erv = T(rm.copy()), T(rv.copy())
    y = ember.instance_norm(T(x), T(w), T(b), erm, erv, True, 0.1, EPS, False)
    mean, var = x.mean((2, 3), keepdims=True), x.var((2, 3), keepdims=True)
    want = (x - mean) / np.sqrt(var + EPS) * w.reshape(1, 2, 1, 1) + b.reshape(1, 2, 1, 1)
    np.testing.assert_allclose(y.numpy(), want, 1e-10, 1e-10)
    np.testing.assert_allclose(erm.numpy(), 0.9 * rm + 0.1 * mean.reshape(3, 2).mean(0), 1e-12)
    np.testing.assert_allclose(erv.numpy(), 0.9 * rv + 0.1 * (var * 20 / 19).reshape(3, 2).mean(0), 1e-12)
    # eval with running stats
    y = ember.instance_norm(T(x), None, None, T(rm + 1), T(rv * 2), False, 0.1, EPS, False)
    np.testing.assert_allclose(y.numpy(), (x - 1) / np.sqrt(2 + EPS), 1e-10, 1e-10)


@pytest.mark.parametrize("idx_dtype", [ember.int64, ember.int32], ids=str)
def test_embedding_and_dense_backward(idx_dtype):
    rng = np.random.default_rng(8)
    weight = rng.standard_normal((6, 3))
    idx = np.array([[0, 2, 5], [2, 2, 1]])
    got = ember.embedding(T(weight), T(idx).to(idx_dtype))
    np.testing.assert_array_equal(got.numpy(), weight[idx])
    np.testing.assert_array_equal(ember.embedding(T(weight), T(3)).numpy(), weight[3])  # 0-d indices
    g = rng.standard_normal((2, 3, 3))
    for padding_idx in (-1, 2):
        for scale in (False, True):
            back = nn.embedding_dense_backward(T(g), T(idx).to(idx_dtype), 6, padding_idx, scale)
            want = np.zeros((6, 3))
            counts = np.bincount(idx.ravel(), minlength=6)
            for i, row in zip(idx.ravel(), g.reshape(-1, 3), strict=True):
                if i != padding_idx:
                    want[i] += row / (counts[i] if scale else 1)
            np.testing.assert_allclose(back.numpy(), want, 1e-12, 1e-12)
    with pytest.raises(IndexError):
        ember.embedding(T(weight), T([[0, 7]]))
    with pytest.raises(
        RuntimeError,
        match="embedding: expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int",
    ):
        ember.embedding(T(weight), T([[0.0, 1.0]]))


def test_pixel_shuffle_and_unshuffle():
    x = np.arange(2 * 8 * 2 * 3, dtype=np.float64).reshape(2, 8, 2, 3)
    y = ember.pixel_shuffle(T(x), 2)
    want = x.reshape(2, 2, 2, 2, 2, 3).transpose(0, 1, 4, 2, 5, 3).reshape(2, 2, 4, 6)
    np.testing.assert_array_equal(y.numpy(), want)
    np.testing.assert_array_equal(ember.pixel_unshuffle(y, 2).numpy(), x)
    np.testing.assert_array_equal(ember.pixel_shuffle(T(x[0]), 2).numpy(), want[0])  # 3-D input
    with pytest.raises(
        RuntimeError,
        match=r"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size\(-3\)=8 is not divisible by 9",
    ):
        ember.pixel_shuffle(T(x), 3)
    with pytest.raises(
        RuntimeError, match=r"pixel_unshuffle expects width to be divisible by downscale_factor, but input.size\(-1\)=3"
    ):
        ember.pixel_unshuffle(T(x), 2)
    with pytest.raises(RuntimeError, match="pixel_shuffle expects input to have at least 3 dimensions"):
        ember.pixel_shuffle(T(x[0, 0]), 2)


@pytest.mark.parametrize(
    "dtype",
    [ember.bool, ember.uint8, ember.int32, ember.int64, ember.float16, ember.bfloat16, ember.float32, ember.complex64],
    ids=str,
)
def test_embedding_and_pixel_shuffle_take_any_dtype(dtype):
    """Lookups and shuffles move elements: every dtype works, as in torch."""
    values = np.arange(48).reshape(1, 12, 2, 2) % 3 // 2  # 0s and 1s: bool holds them too
    x = ember.tensor(values).to(dtype)
    y = ember.pixel_shuffle(x, 2)
    assert y.dtype == dtype
    want = values.reshape(1, 3, 2, 2, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(1, 3, 4, 4)
    np.testing.assert_array_equal(y.to(ember.int64).numpy() if dtype != ember.complex64 else y.real.numpy(), want)
    np.testing.assert_array_equal(ember.pixel_unshuffle(y, 2).to(ember.complex64).numpy(), values.astype(np.complex64))
    w = x.reshape(12, 4)
    e = ember.embedding(w, ember.tensor([3, 0]))
    assert e.dtype == dtype
    np.testing.assert_array_equal(e.to(ember.complex64).numpy(), values.reshape(12, 4)[[3, 0]].astype(np.complex64))
