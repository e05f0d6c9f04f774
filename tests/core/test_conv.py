"""Convolutions (conv1d/2d/3d, conv_transpose*, convolution) and their backward
op (ember._C._nn.convolution_backward) against the direct-sum references in
nn_ref.py; gradients by finite differences in float64."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nn_ref import conv_ref, conv_transpose_ref, numerical_grad

import ember

nn = ember._C._nn
CONV = {1: ember.conv1d, 2: ember.conv2d, 3: ember.conv3d}
CONV_T = {1: ember.conv_transpose1d, 2: ember.conv_transpose2d, 3: ember.conv_transpose3d}
TOL = {ember.float32: (1e-4, 1e-4), ember.float64: (1e-10, 1e-10)}
NP = {ember.float32: np.float32, ember.float64: np.float64}

# (spatial, input spatial size, kernel, stride, padding, dilation, groups, C, O)
CASES = [
    (1, (9,), (3,), 1, 0, 1, 1, 3, 4),
    (1, (10,), (4,), 2, 1, 2, 2, 4, 6),
    (2, (7, 6), (3, 3), 1, 1, 1, 1, 3, 5),
    (2, (8, 9), (3, 2), (2, 1), (1, 0), (1, 2), 2, 4, 6),
    (2, (6, 6), (3, 3), 2, 1, 1, 4, 4, 4),  # depthwise
    (2, (5, 5), (1, 1), 1, 0, 1, 1, 6, 3),  # pointwise: read in place
    (2, (5, 4), (1, 1), 2, 1, 1, 3, 6, 3),
    (2, (4, 4), (5, 5), 1, 2, 1, 1, 2, 2),  # kernel larger than the input, padding makes it fit
    # more output channels than C/groups * kernel: the weight gradient's product is not transposed
    (2, (4, 5), (1, 1), 1, 0, 1, 1, 2, 8),
    (2, (5, 4), (3, 3), 1, 1, 1, 1, 1, 12),
    (3, (5, 4, 6), (2, 3, 2), (1, 2, 1), (1, 0, 1), (2, 1, 1), 2, 2, 4),
]


def case_id(c):
    return f"{c[0]}d-in{c[1]}-k{c[2]}-s{c[3]}-p{c[4]}-d{c[5]}-g{c[6]}"


def make(rng, c, dtype=np.float64, batch=2):
    n, size, k, _, _, _, groups, cin, cout = c
    x = rng.standard_normal((batch, cin, *size)).astype(dtype)
    w = rng.standard_normal((cout, cin // groups, *k)).astype(dtype)
    b = rng.standard_normal(cout).astype(dtype)
    return x, w, b


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
@pytest.mark.parametrize("c", CASES, ids=case_id)
def test_conv_matches_reference(c, dtype):
    rng = np.random.default_rng(0)
    n, _, _, stride, padding, dilation, groups, _, _ = c
    x, w, b = make(rng, c, NP[dtype])
    for bias in (b, None):
        got = CONV[n](
            ember.tensor(x),
            ember.tensor(w),
            None if bias is None else ember.tensor(bias),
            stride=stride,
            padding=padding,
            dilation=dilation,
            groups=groups,
        )
        want = conv_ref(x.astype(np.float64), w.astype(np.float64), bias, stride, padding, dilation, groups)
        assert got.dtype == dtype and tuple(got.shape) == want.shape
        np.testing.assert_allclose(got.numpy(), want, *TOL[dtype])


def test_convolution_is_the_primitive():
    rng = np.random.default_rng(1)
    x, w, b = make(rng, CASES[3])
    got = ember.convolution(ember.tensor(x), ember.tensor(w), ember.tensor(b), [2, 1], [1, 0], [1, 2], False, [0, 0], 2)
    np.testing.assert_allclose(got.numpy(), conv_ref(x, w, b, (2, 1), (1, 0), (1, 2), 2), 1e-10, 1e-10)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_conv_unbatched_input(n):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, *[5] * n))
    w = rng.standard_normal((4, 3, *[2] * n))
    got = CONV[n](ember.tensor(x), ember.tensor(w), padding=1)
    assert tuple(got.shape) == (4, *[6] * n)
    np.testing.assert_allclose(got.numpy(), conv_ref(x[None], w, padding=1)[0], 1e-10, 1e-10)


@pytest.mark.parametrize(
    "k,dilation", [((3, 3), 1), ((2, 4), 1), ((3, 2), (2, 3)), ((4, 1), 1)], ids=["odd", "even", "dilated", "mixed"]
)
def test_conv_padding_same_and_valid(k, dilation):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 3, 7, 8))
    w = rng.standard_normal((2, 3, *k))
    got = ember.conv2d(ember.tensor(x), ember.tensor(w), padding="same", dilation=dilation)
    assert tuple(got.shape) == (2, 2, 7, 8)
    # 'same': total padding dilation*(k-1), the odd element on the right.
    d = (dilation, dilation) if isinstance(dilation, int) else dilation
    total = [d[i] * (k[i] - 1) for i in range(2)]
    xp = np.pad(x, [(0, 0), (0, 0)] + [(t // 2, t - t // 2) for t in total])
    np.testing.assert_allclose(got.numpy(), conv_ref(xp, w, dilation=dilation), 1e-10, 1e-10)
    valid = ember.conv2d(ember.tensor(x), ember.tensor(w), padding="valid", dilation=dilation)
    np.testing.assert_allclose(valid.numpy(), conv_ref(x, w, dilation=dilation), 1e-10, 1e-10)


@pytest.mark.parametrize("dtype", [ember.float16, ember.bfloat16], ids=str)
def test_conv_16bit_computes_in_float32(dtype):
    rng = np.random.default_rng(4)
    x = ember.tensor(rng.standard_normal((2, 3, 6, 6))).to(dtype)
    w = ember.tensor(rng.standard_normal((4, 3, 3, 3))).to(dtype)
    got = ember.conv2d(x, w, padding=1)
    assert got.dtype == dtype
    want = conv_ref(x.to(ember.float64).numpy(), w.to(ember.float64).numpy(), padding=1)
    # one rounding of the float32 result to the 16-bit type
    want16 = ember.tensor(want.astype(np.float32)).to(dtype).to(ember.float64).numpy()
    np.testing.assert_allclose(got.to(ember.float64).numpy(), want16, rtol=1e-2, atol=1e-2)


def test_conv_non_contiguous_inputs():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 6, 9, 3))
    w = rng.standard_normal((3, 5, 3, 4))
    ex = ember.tensor(x).permute(0, 3, 2, 1)[:, :, ::2]  # (2, 3, 5, 6), strided
    ew = ember.tensor(w).transpose(2, 3).transpose(0, 1)[:4]  # (4, 3, 4, 3)... sliced
    assert not ex.is_contiguous() and not ew.is_contiguous()
    xn, wn = ex.numpy(), ew.numpy()
    got = ember.conv2d(ex, ew, padding=(1, 2), stride=(1, 2))
    np.testing.assert_allclose(got.numpy(), conv_ref(xn, wn, padding=(1, 2), stride=(1, 2)), 1e-10, 1e-10)
    b = ember.tensor(rng.standard_normal(8))[::2]
    got = ember.conv2d(ex, ew, b)
    np.testing.assert_allclose(got.numpy(), conv_ref(xn, wn, b.numpy()), 1e-10, 1e-10)


def test_conv_empty_batch_and_channels():
    w = ember.tensor(np.ones((4, 3, 3, 3)))
    out = ember.conv2d(ember.zeros(0, 3, 5, 5, dtype=ember.float64), w)
    assert tuple(out.shape) == (0, 4, 3, 3)
    # no input channels: the output is the bias
    out = ember.conv2d(ember.zeros(2, 0, 5, 5), ember.zeros(4, 0, 3, 3), ember.tensor([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(out.numpy(), np.broadcast_to(np.arange(1.0, 5.0).reshape(1, 4, 1, 1), (2, 4, 3, 3)))


def test_conv_threads_over_the_batch_match_one_thread():
    rng = np.random.default_rng(6)
    x = ember.tensor(rng.standard_normal((8, 16, 16, 16)).astype(np.float32))
    w = ember.tensor(rng.standard_normal((16, 16, 3, 3)).astype(np.float32))
    gy = ember.tensor(rng.standard_normal((8, 16, 16, 16)).astype(np.float32))
    threads = ember.get_num_threads()
    try:
        results = []
        for n in (1, 2):
            ember.set_num_threads(n)
            y = ember.conv2d(x, w, padding=1)
            gx, gw, gb = nn.convolution_backward(gy, x, w, [1], [1], [1], False, [0], 1, [True, True, True])
            results.append([t.numpy() for t in (y, gx, gw, gb)])
    finally:
        ember.set_num_threads(threads)
    for a, b in zip(*results, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(results[0][0], conv_ref(x.numpy(), w.numpy(), padding=1), rtol=1e-4, atol=1e-3)


# (spatial, input size, kernel, stride, padding, output_padding, dilation, groups, C_in, C_out)
T_CASES = [
    (1, (5,), (3,), 2, 1, 1, 1, 1, 2, 3),
    (2, (4, 3), (3, 2), (2, 1), (1, 0), (1, 0), 1, 1, 3, 2),
    (2, (3, 4), (3, 3), 2, 0, 0, (2, 1), 2, 4, 6),
    (2, (4, 4), (2, 2), 3, 1, 2, 1, 4, 4, 4),
    (3, (3, 2, 3), (2, 2, 3), (2, 1, 1), (0, 1, 1), (1, 0, 0), 1, 1, 2, 3),
]


@pytest.mark.parametrize("dtype", [ember.float32, ember.float64], ids=str)
@pytest.mark.parametrize("c", T_CASES, ids=lambda c: f"{c[0]}d-in{c[1]}-k{c[2]}-s{c[3]}-g{c[7]}")
def test_conv_transpose_matches_reference(c, dtype):
    n, size, k, stride, padding, out_pad, dilation, groups, cin, cout = c
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, cin, *size)).astype(NP[dtype])
    w = rng.standard_normal((cin, cout // groups, *k)).astype(NP[dtype])
    b = rng.standard_normal(cout).astype(NP[dtype])
    got = CONV_T[n](ember.tensor(x), ember.tensor(w), ember.tensor(b), stride, padding, out_pad, groups, dilation)
    want = conv_transpose_ref(x.astype(np.float64), w.astype(np.float64), b, stride, padding, out_pad, groups, dilation)
    assert got.dtype == dtype and tuple(got.shape) == want.shape
    np.testing.assert_allclose(got.numpy(), want, *TOL[dtype])
    unbatched = CONV_T[n](ember.tensor(x[0]), ember.tensor(w), None, stride, padding, out_pad, groups, dilation)
    np.testing.assert_allclose(unbatched.numpy(), want[0] - b.reshape(-1, *[1] * n), *TOL[dtype])


def check_backward(x, w, b, stride, padding, dilation, transposed, output_padding, groups):
    """convolution_backward's three gradients against finite differences of sum(conv * r)."""
    ex, ew = ember.tensor(x), ember.tensor(w)

    def forward(xa, wa, ba):
        return ember.convolution(
            ember.tensor(xa),
            ember.tensor(wa),
            ember.tensor(ba),
            stride,
            padding,
            dilation,
            transposed,
            output_padding,
            groups,
        ).numpy()

    y = forward(x, w, b)
    r = np.random.default_rng(8).standard_normal(y.shape)
    gx, gw, gb = nn.convolution_backward(
        ember.tensor(r), ex, ew, stride, padding, dilation, transposed, output_padding, groups, [True, True, True]
    )
    np.testing.assert_allclose(gx.numpy(), numerical_grad(lambda a: forward(a, w, b), x.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gw.numpy(), numerical_grad(lambda a: forward(x, a, b), w.copy(), r), 1e-6, 1e-6)
    np.testing.assert_allclose(gb.numpy(), numerical_grad(lambda a: forward(x, w, a), b.copy(), r), 1e-6, 1e-6)
    # output_mask leaves the unwanted gradients out (None)
    parts = nn.convolution_backward(
        ember.tensor(r), ex, ew, stride, padding, dilation, transposed, output_padding, groups, [False, True, False]
    )
    assert parts[0] is None and parts[2] is None
    np.testing.assert_array_equal(parts[1].numpy(), gw.numpy())


@pytest.mark.parametrize("c", CASES, ids=case_id)
def test_convolution_backward_by_finite_differences(c):
    n, _, _, stride, padding, dilation, groups, _, _ = c
    x, w, b = make(np.random.default_rng(9), c, batch=2)
    expand = lambda v: [v] * n if isinstance(v, int) else list(v)  # noqa: E731
    check_backward(x, w, b, expand(stride), expand(padding), expand(dilation), False, [0] * n, groups)


@pytest.mark.parametrize("c", T_CASES, ids=lambda c: f"{c[0]}d-in{c[1]}-k{c[2]}-s{c[3]}-g{c[7]}")
def test_convolution_backward_transposed_by_finite_differences(c):
    n, size, k, stride, padding, out_pad, dilation, groups, cin, cout = c
    rng = np.random.default_rng(10)
    x = rng.standard_normal((2, cin, *size))
    w = rng.standard_normal((cin, cout // groups, *k))
    b = rng.standard_normal(cout)
    expand = lambda v: [v] * n if isinstance(v, int) else list(v)  # noqa: E731
    check_backward(x, w, b, expand(stride), expand(padding), expand(dilation), True, expand(out_pad), groups)


def test_convolution_backward_16bit_and_shape_check():
    x = ember.ones(1, 2, 4, 4, dtype=ember.bfloat16)
    w = ember.ones(3, 2, 3, 3, dtype=ember.bfloat16)
    gy = ember.ones(1, 3, 2, 2, dtype=ember.bfloat16)
    gx, gw, gb = nn.convolution_backward(gy, x, w, [1], [0], [1], False, [0], 1, [True, True, True])
    assert gx.dtype == gw.dtype == gb.dtype == ember.bfloat16
    np.testing.assert_array_equal(gw.to(ember.float32).numpy(), np.full((3, 2, 3, 3), 4.0))
    np.testing.assert_array_equal(gb.to(ember.float32).numpy(), np.full(3, 4.0))
    with pytest.raises(RuntimeError, match=r"convolution_backward: expected grad_output of size \[1, 3, 2, 2\]"):
        nn.convolution_backward(ember.ones(1, 3, 3, 3, dtype=ember.bfloat16), x, w, [1], [0], [1], False, [0], 1)


@settings(max_examples=40, deadline=None)
@given(
    size=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    k=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    stride=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    dilation=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    groups=st.sampled_from([1, 2]),
    seed=st.integers(0, 2**16),
)
def test_conv2d_hypothesis(size, k, stride, padding, dilation, groups, seed):
    fits = all(size[i] + 2 * padding[i] >= dilation[i] * (k[i] - 1) + 1 for i in range(2))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, 2 * groups, *size))
    w = rng.standard_normal((2 * groups, 2, *k))
    args = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    if not fits:
        with pytest.raises(RuntimeError, match="conv2d: calculated padded input size"):
            ember.conv2d(ember.tensor(x), ember.tensor(w), **args)
        return
    got = ember.conv2d(ember.tensor(x), ember.tensor(w), **args)
    np.testing.assert_allclose(got.numpy(), conv_ref(x, w, None, stride, padding, dilation, groups), 1e-10, 1e-10)


def test_im2col_and_col2im():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 3, 6, 5))
    k, d, p, s = (2, 3), (2, 1), (1, 1), (2, 1)
    col = nn.im2col(ember.tensor(x), k, d, p, s)
    # im2col is a convolution with one-hot kernels: row (c, i, j) picks x[c] at kernel offset (i, j)
    eye = np.eye(3 * 6).reshape(3 * 6, 3, 2, 3)
    want = conv_ref(x, eye, None, s, p, d).reshape(2, 18, -1)
    np.testing.assert_allclose(col.numpy(), want, 1e-12, 1e-12)
    unbatched = nn.im2col(ember.tensor(x[0]), k, d, p, s)
    np.testing.assert_array_equal(unbatched.numpy(), col.numpy()[0])
    # col2im is im2col's adjoint: <im2col(x), c> == <x, col2im(c)>
    c = rng.standard_normal(col.shape)
    back = nn.col2im(ember.tensor(c), (6, 5), k, d, p, s)
    assert tuple(back.shape) == x.shape
    np.testing.assert_allclose(np.sum(col.numpy() * c), np.sum(x * back.numpy()), 1e-10)
    with pytest.raises(RuntimeError, match="col2im: given output_size"):
        nn.col2im(ember.tensor(c), (7, 5), k, d, p, s)
    with pytest.raises(RuntimeError, match="im2col: expected 3D or 4D"):
        nn.im2col(ember.tensor(x[0, 0]), k, d, p, s)


def test_conv_errors():
    x = ember.ones(2, 4, 5, 5)
    w = ember.ones(6, 4, 3, 3)
    cases = [
        (
            lambda: ember.conv2d(x, ember.ones(6, 3, 3, 3), groups=2),
            r"conv2d: given groups=2, weight of size \[6, 3, 3, 3\], expected input\[2, 4, 5, 5\] to have 6 channels, but got 4",
        ),
        (
            lambda: ember.conv2d(x, ember.ones(6, 1, 3, 3), groups=4),
            r"conv2d: given groups=4, expected weight to be divisible by 4 at dimension 0",
        ),
        (
            lambda: ember.conv2d(x, ember.ones(6, 4, 7, 7)),
            r"conv2d: calculated padded input size per channel: \[5, 5\].*Kernel size can't be greater",
        ),
        (lambda: ember.conv2d(x, w, padding=-1), r"conv2d: negative padding is not supported"),
        (lambda: ember.conv2d(x, w, stride=0), r"conv2d: non-positive stride is not supported"),
        (lambda: ember.conv2d(x, w, dilation=(1, 0)), r"conv2d: non-positive dilation"),
        (lambda: ember.conv2d(x, w, groups=0), r"conv2d: non-positive groups"),
        (
            lambda: ember.conv2d(x[0, 0], w),
            r"conv2d: expected 3D \(unbatched\) or 4D \(batched\) input, but got input of size: \[5, 5\]",
        ),
        (
            lambda: ember.conv1d(x, w),
            r"conv1d: expected 2D \(unbatched\) or 3D \(batched\) input, but got input of size: \[2, 4, 5, 5\]",
        ),
        (
            lambda: ember.conv2d(x, w, stride=(1, 1, 1)),
            r"conv2d: expected stride to be a single integer value or a list of 2 values",
        ),
        (
            lambda: ember.conv2d(x, w, padding="same", stride=2),
            r"conv2d: padding='same' is not supported for strided convolutions",
        ),
        (lambda: ember.conv2d(x, w, padding="full"), r"conv2d: invalid padding string: 'full'"),
        (
            lambda: ember.conv2d(x, w, ember.ones(5)),
            r"conv2d: given weight of size \[6, 4, 3, 3\], expected bias to be 1-dimensional with 6 elements, but got bias of size \[5\]",
        ),
        (
            lambda: ember.conv2d(x.to(ember.float64), w),
            r"conv2d: expected weight to have dtype float64 as the input, but got float32",
        ),
        (
            lambda: ember.conv2d(x, ember.ones(0, 4, 3, 3)),
            r"conv2d: given groups=1, expected weight to be at least 1 at dimension 0",
        ),
        (
            lambda: ember.conv_transpose2d(x, ember.ones(4, 3, 3, 3), output_padding=1),
            r"conv_transpose2d: output padding must be smaller than either stride or dilation",
        ),
        (
            lambda: ember.convolution(x[0], w, None, [1], [0], [1], False, [0], 1),
            r"convolution: expected input of 4 dims",
        ),
    ]
    for fn, message in cases:
        with pytest.raises(RuntimeError, match=message):
            fn()
    huge = ember.zeros(1, 1, 1, 1).expand(1, 1, 50_000, 50_000)  # no memory behind it: the check comes first
    with pytest.raises(RuntimeError, match="conv2d: input of size .* needs a matrix dimension of .* 32-bit limit"):
        ember.conv2d(huge, ember.ones(1, 1, 1, 1))
    with pytest.raises(NotImplementedError, match="conv2d: expected a floating-point input"):
        ember.conv2d(x.to(ember.int64), w.to(ember.int64))
    with pytest.raises(TypeError, match="conv2d\\(\\): argument 'stride' must be int or tuple of ints"):
        ember.conv2d(x, w, stride=1.5)
