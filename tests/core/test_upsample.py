"""Upsampling (ember._C._nn.upsample_*) against per-dim interpolation matrices
built from PyTorch's coordinate rules, values PyTorch gave for small cases,
and the backward ops by finite differences."""

import numpy as np
import pytest
from nn_ref import numerical_grad

import ember

nn = ember._C._nn
T = ember.tensor


def source(o, scale, align_corners, cubic=False):
    if align_corners:
        return scale * o
    s = scale * (o + 0.5) - 0.5
    return s if cubic or s >= 0 else 0.0


A = -0.75  # PyTorch's bicubic coefficient


def cubic1(x):
    return ((A + 2) * x - (A + 3)) * x * x + 1


def cubic2(x):
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A


def matrix(mode, n_in, n_out, align_corners, scale=None, ftype=np.float64):
    """(n_out, n_in) matrix that interpolates one dim."""
    m = np.zeros((n_out, n_in))
    inv = ftype(1.0 / scale) if scale else ftype(n_in) / ftype(n_out)
    if align_corners:
        ratio = ftype(n_in - 1) / ftype(n_out - 1) if n_out > 1 else ftype(0)
    else:
        ratio = inv
    for o in range(n_out):
        if mode == "nearest":
            i = (
                o
                if n_out == n_in
                else o // 2
                if n_out == 2 * n_in
                else min(int(np.floor(np.float32(o) * np.float32(inv))), n_in - 1)
            )
            m[o, i] = 1
        elif mode == "nearest-exact":
            m[o, min(int(np.floor((np.float32(o) + np.float32(0.5)) * np.float32(inv))), n_in - 1)] = 1
        elif mode == "linear":
            if n_in == n_out:
                m[o, o] = 1
                continue
            real = source(ftype(o), ratio, align_corners)
            i0 = int(real)
            i1 = i0 + (1 if i0 < n_in - 1 else 0)
            lam = min(max(real - i0, 0), 1)
            m[o, i0] += 1 - lam
            m[o, i1] += lam
        else:  # cubic, A = -0.75, taps clamped to the edge
            real = source(ftype(o), ratio, align_corners, cubic=True)
            base = np.floor(real)
            t = real - base
            for j, w in zip(range(-1, 3), (cubic2(t + 1), cubic1(t), cubic1(1 - t), cubic2(2 - t)), strict=True):
                m[o, min(max(int(base) + j, 0), n_in - 1)] += w
    return m


def upsample_ref(x, mode, out_size, align_corners, scales=None):
    n = len(out_size)
    y = x.astype(np.float64)
    for d in range(n):
        m = matrix(mode, x.shape[2 + d], out_size[d], align_corners, None if scales is None else scales[d])
        y = np.moveaxis(np.tensordot(m, np.moveaxis(y, 2 + d, 0), axes=(1, 0)), 0, 2 + d)
    return y


VARIANTS = [
    ("upsample_nearest1d", "nearest", (2, 3, 5), (8,), False),
    ("upsample_nearest2d", "nearest", (2, 2, 3, 4), (5, 8), False),
    ("upsample_nearest2d", "nearest", (1, 2, 5, 4), (3, 3), False),  # downsampling
    ("upsample_nearest3d", "nearest", (1, 2, 2, 3, 2), (3, 6, 5), False),
    ("upsample_nearest_exact1d", "nearest-exact", (2, 3, 5), (8,), False),
    ("upsample_nearest_exact2d", "nearest-exact", (1, 2, 5, 4), (3, 7), False),
    ("upsample_nearest_exact3d", "nearest-exact", (1, 2, 2, 3, 2), (4, 6, 3), False),
    ("upsample_linear1d", "linear", (2, 3, 5), (9,), False),
    ("upsample_linear1d", "linear", (2, 3, 5), (9,), True),
    ("upsample_bilinear2d", "linear", (2, 2, 3, 4), (5, 7), False),
    ("upsample_bilinear2d", "linear", (2, 2, 3, 4), (5, 7), True),
    ("upsample_bilinear2d", "linear", (1, 1, 6, 5), (4, 3), False),
    ("upsample_trilinear3d", "linear", (1, 2, 2, 3, 2), (3, 5, 4), False),
    ("upsample_trilinear3d", "linear", (1, 2, 2, 3, 2), (3, 5, 4), True),
    ("upsample_bicubic2d", "cubic", (2, 2, 3, 4), (5, 7), False),
    ("upsample_bicubic2d", "cubic", (2, 2, 3, 4), (5, 7), True),
]


def call(name, x, size, align, scales=()):
    if "nearest" in name:
        return getattr(nn, name)(x, size, *scales)
    return getattr(nn, name)(x, size, align, *scales)


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: f"{v[0]}-{v[2]}-{v[3]}-{v[4]}")
def test_upsample_matches_reference(v, dtype):
    name, mode, shape, size, align = v
    x = np.random.default_rng(0).standard_normal(shape)
    got = call(name, T(x).to(dtype), size, align)
    assert got.dtype == dtype and tuple(got.shape) == shape[:2] + size
    tol = 1e-5 if dtype == ember.float32 else 1e-12
    np.testing.assert_allclose(got.numpy(), upsample_ref(x, mode, size, align), tol, tol)


@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: f"{v[0]}-{v[2]}-{v[3]}-{v[4]}")
def test_upsample_backward_by_finite_differences(v):
    name, _, shape, size, align = v
    x = np.random.default_rng(1).standard_normal(shape)
    r = np.random.default_rng(2).standard_normal(shape[:2] + size)
    args = () if "nearest" in name else (align,)
    got = getattr(nn, name + "_backward")(T(r), size, shape, *args)
    want = numerical_grad(lambda a: call(name, T(a), size, align).numpy(), x.copy(), r)
    np.testing.assert_allclose(got.numpy(), want, 1e-6, 1e-6)


def test_upsample_values_from_pytorch():
    x = T(np.arange(6.0).reshape(1, 1, 2, 3))
    torch_values = {  # torch.nn.functional.interpolate of this x, float64
        ("bilinear", False): [0.0, 0.625, 1.375, 2.0, 1.5, 2.125, 2.875, 3.5, 3.0, 3.625, 4.375, 5.0],
        ("bilinear", True): [0.0, 2 / 3, 4 / 3, 2.0, 1.5, 13 / 6, 17 / 6, 3.5, 3.0, 11 / 3, 13 / 3, 5.0],
    }
    for (_, align), want in torch_values.items():
        np.testing.assert_allclose(nn.upsample_bilinear2d(x, (3, 4), align).numpy().ravel(), want, 1e-12, 1e-12)
    bicubic = [-0.356416666666666, 0.055583333333333, 0.739583333333334, 1.423583333333333, 1.835583333333335,
               1.403999999999999, 1.815999999999998, 2.5, 3.183999999999999, 3.596000000000001,
               3.164416666666666, 3.576416666666665, 4.260416666666668, 4.944416666666667, 5.356416666666669]  # fmt: skip
    np.testing.assert_allclose(nn.upsample_bicubic2d(x, (3, 5), False).numpy().ravel(), bicubic, 1e-12, 1e-12)
    nearest = [0, 0, 1, 1, 2, 0, 0, 1, 1, 2, 3, 3, 4, 4, 5]
    np.testing.assert_array_equal(nn.upsample_nearest2d(x, (3, 5)).numpy().ravel(), nearest)
    # interpolate(scale_factor=1.7) passes the scales, which set the source coordinates
    scaled = [0.0, 0.3823529411764706, 0.9705882352941178, 1.5588235294117647, 2.0, 1.147058823529412,
              1.5294117647058827, 2.11764705882353, 2.7058823529411766, 3.1470588235294117, 2.9117647058823533,
              3.2941176470588243, 3.882352941176471, 4.470588235294118, 4.911764705882353]  # fmt: skip
    got = nn.upsample_bilinear2d(x, (3, 5), False, 1.7, 1.7)
    np.testing.assert_allclose(got.numpy().ravel(), scaled, 1e-12, 1e-12)
    got = nn.upsample_bilinear2d(x, (3, 5), align_corners=False, scales_h=1.7, scales_w=1.7)
    np.testing.assert_allclose(got.numpy().ravel(), scaled, 1e-12, 1e-12)


def test_upsample_16bit_and_errors():
    x = T(np.arange(6.0).reshape(1, 1, 2, 3)).to(ember.bfloat16)
    got = nn.upsample_bilinear2d(x, (3, 4), False)
    assert got.dtype == ember.bfloat16
    np.testing.assert_allclose(
        got.to(ember.float32).numpy().ravel(),
        [0.0, 0.625, 1.375, 2.0, 1.5, 2.125, 2.875, 3.5, 3.0, 3.625, 4.375, 5.0],
        1e-2,
    )
    with pytest.raises(
        RuntimeError,
        match=r"upsample_nearest2d: input and output sizes should be greater than 0, but got input \[2, 3\] and output \[0, 3\]",
    ):
        nn.upsample_nearest2d(x, (0, 3))
    with pytest.raises(RuntimeError, match=r"upsample_nearest2d: expected 4D input"):
        nn.upsample_nearest2d(x[0], (2, 3))
    with pytest.raises(RuntimeError, match=r"upsample_nearest2d: it is expected output_size to have 2 elements"):
        nn.upsample_nearest2d(x, (2, 3, 4))
    with pytest.raises(TypeError, match="upsample_bilinear2d\\(\\): argument 'align_corners' must be bool"):
        nn.upsample_bilinear2d(x, (2, 3), None)
    with pytest.raises(
        RuntimeError, match=r"upsample_bilinear2d_backward: expected grad_output of size \[1, 1, 4, 4\]"
    ):
        nn.upsample_bilinear2d_backward(ember.ones(1, 1, 3, 3), (4, 4), (1, 1, 2, 3), False)
