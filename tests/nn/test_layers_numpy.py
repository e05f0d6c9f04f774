"""Core layers against independent NumPy references (float64)."""

import numpy as np
import pytest

import ember
import ember.nn as nn
import ember.nn.functional as F


def np_(t):
    return t.detach().numpy()


def sigmoid(v):
    return 1 / (1 + np.exp(-v))


@pytest.mark.parametrize("shape", [(5,), (4, 5), (2, 3, 5), (0, 5)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear(rng, shape, bias):
    lin = nn.Linear(5, 3, bias=bias).double()
    x = rng.standard_normal(shape)
    expected = x @ np_(lin.weight).T + (np_(lin.bias) if bias else 0)
    np.testing.assert_allclose(np_(lin(ember.tensor(x))), expected, rtol=1e-12, atol=1e-12)


def conv2d_ref(x, w, b, stride, padding, dilation, groups):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh = (x.shape[2] - dilation * (kh - 1) - 1) // stride + 1
    ow = (x.shape[3] - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((n, o, oh, ow))
    og = o // groups
    for oc in range(o):
        g = oc // og
        for i in range(oh):
            for j in range(ow):
                for ci in range(cg):
                    for p in range(kh):
                        for q in range(kw):
                            out[:, oc, i, j] += (
                                x[:, g * cg + ci, i * stride + p * dilation, j * stride + q * dilation]
                                * w[oc, ci, p, q]
                            )
        out[:, oc] += b[oc]
    return out


@pytest.mark.parametrize(
    "stride, padding, dilation, groups", [(1, 0, 1, 1), (2, 1, 1, 1), (1, 2, 2, 1), (1, 1, 1, 2), (2, 0, 1, 4)]
)
def test_conv2d(rng, stride, padding, dilation, groups):
    conv = nn.Conv2d(4, 4, 3, stride=stride, padding=padding, dilation=dilation, groups=groups).double()
    x = rng.standard_normal((2, 4, 7, 6))
    expected = conv2d_ref(x, np_(conv.weight), np_(conv.bias), stride, padding, dilation, groups)
    np.testing.assert_allclose(np_(conv(ember.tensor(x))), expected, rtol=1e-10, atol=1e-12)


def test_conv2d_transposed_input(rng):
    """A non-contiguous (transposed) input gives the same result as its contiguous copy."""
    conv = nn.Conv2d(3, 2, 2).double()
    x = ember.tensor(rng.standard_normal((1, 3, 5, 4))).transpose(2, 3)
    np.testing.assert_allclose(np_(conv(x)), np_(conv(x.contiguous())), rtol=1e-12)


def test_batchnorm_training_statistics_and_eval(rng):
    bn = nn.BatchNorm2d(3, momentum=0.2).double()
    with ember.no_grad():
        bn.weight.copy_(ember.tensor([1.0, 2.0, 0.5], dtype=ember.float64))
        bn.bias.copy_(ember.tensor([0.0, -1.0, 3.0], dtype=ember.float64))
    x = rng.standard_normal((4, 3, 2, 5)) * 3 + 1
    out = np_(bn(ember.tensor(x)))
    mean = x.mean((0, 2, 3))
    var = x.var((0, 2, 3))
    w, b = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 3.0])
    ref = (x - mean[:, None, None]) / np.sqrt(var[:, None, None] + 1e-5) * w[:, None, None] + b[:, None, None]
    np.testing.assert_allclose(out, ref, rtol=1e-10, atol=1e-12)
    n = x.size // 3
    np.testing.assert_allclose(np_(bn.running_mean), 0.2 * mean, rtol=1e-12)
    np.testing.assert_allclose(np_(bn.running_var), 0.8 + 0.2 * var * n / (n - 1), rtol=1e-12)
    assert int(bn.num_batches_tracked) == 1
    bn.eval()
    rm, rv = np_(bn.running_mean), np_(bn.running_var)
    ref = (x - rm[:, None, None]) / np.sqrt(rv[:, None, None] + 1e-5) * w[:, None, None] + b[:, None, None]
    np.testing.assert_allclose(np_(bn(ember.tensor(x))), ref, rtol=1e-10, atol=1e-12)


def test_batchnorm_momentum_none_is_cumulative_average(rng):
    bn = nn.BatchNorm1d(2, momentum=None).double()
    batches = [rng.standard_normal((6, 2)) + i for i in range(3)]
    for b in batches:
        bn(ember.tensor(b))
    np.testing.assert_allclose(np_(bn.running_mean), np.mean([b.mean(0) for b in batches], 0), rtol=1e-12)


def lstm_ref(x, params, hidden):
    w_ih, w_hh, b_ih, b_hh = params
    h = np.zeros((x.shape[1], hidden))
    c = np.zeros_like(h)
    outs = []
    for t in range(x.shape[0]):
        gates = x[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh
        i, f, g, o = np.split(gates, 4, axis=1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
        outs.append(h)
    return np.stack(outs), h, c


def test_lstm_two_layers(rng):
    lstm = nn.LSTM(3, 4, num_layers=2).double()
    x = rng.standard_normal((6, 2, 3))
    out, (h, c) = lstm(ember.tensor(x))
    p0 = [np_(getattr(lstm, f"{n}_l0")) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    p1 = [np_(getattr(lstm, f"{n}_l1")) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    o0, h0, c0 = lstm_ref(x, p0, 4)
    o1, h1, c1 = lstm_ref(o0, p1, 4)
    np.testing.assert_allclose(np_(out), o1, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np_(h), np.stack([h0, h1]), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np_(c), np.stack([c0, c1]), rtol=1e-10, atol=1e-12)


def test_lstm_packed_sequence_stops_each_sequence_at_its_length(rng):
    lstm = nn.LSTM(3, 4).double()
    x = rng.standard_normal((5, 2, 3))
    packed = nn.utils.rnn.pack_padded_sequence(ember.tensor(x), [5, 3])
    out, (h, _) = lstm(packed)
    padded, lengths = nn.utils.rnn.pad_packed_sequence(out)
    params = [np_(getattr(lstm, f"{n}_l0")) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    o_short, h_short, _ = lstm_ref(x[:3, 1:2], params, 4)
    np.testing.assert_allclose(np_(padded)[:3, 1], o_short[:, 0], rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(np_(padded)[3:, 1], 0)
    np.testing.assert_allclose(np_(h)[0, 1], h_short[0], rtol=1e-10, atol=1e-12)
    assert lengths.tolist() == [5, 3]


def test_multihead_attention(rng):
    mha = nn.MultiheadAttention(6, 2).double()
    q, k, v = rng.standard_normal((4, 2, 6)), rng.standard_normal((3, 2, 6)), rng.standard_normal((3, 2, 6))
    mask = np.array([[False, False, True]] * 4)
    out, weights = mha(ember.tensor(q), ember.tensor(k), ember.tensor(v), attn_mask=ember.tensor(mask))
    W, B = np_(mha.in_proj_weight), np_(mha.in_proj_bias)
    Q, K, V = q @ W[:6].T + B[:6], k @ W[6:12].T + B[6:12], v @ W[12:].T + B[12:]
    heads, ws = [], []
    for h in range(2):
        s = slice(3 * h, 3 * h + 3)
        scores = np.einsum("lnd,snd->nls", Q[..., s], K[..., s]) / np.sqrt(3)
        scores = np.where(mask, -np.inf, scores)
        a = np.exp(scores - scores.max(-1, keepdims=True))
        a /= a.sum(-1, keepdims=True)
        ws.append(a)
        heads.append(np.einsum("nls,snd->lnd", a, V[..., s]))
    expected = np.concatenate(heads, -1) @ np_(mha.out_proj.weight).T + np_(mha.out_proj.bias)
    np.testing.assert_allclose(np_(out), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(np_(weights), np.mean(ws, 0), rtol=1e-10, atol=1e-12)


def test_scaled_dot_product_attention_causal(rng):
    q, k, v = (rng.standard_normal((2, 3, 4, 5)) for _ in range(3))
    out = F.scaled_dot_product_attention(ember.tensor(q), ember.tensor(k), ember.tensor(v), is_causal=True)
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(5)
    scores = np.where(np.tril(np.ones((4, 4), bool)), scores, -np.inf)
    a = np.exp(scores - scores.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    np.testing.assert_allclose(np_(out), a @ v, rtol=1e-10, atol=1e-12)


def log_softmax(v, axis):
    m = v.max(axis, keepdims=True)
    return v - m - np.log(np.exp(v - m).sum(axis, keepdims=True))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_indices_weights_ignore_index_smoothing(rng, reduction):
    x = rng.standard_normal((6, 4))
    t = np.array([0, 3, -100, 2, 1, 3])
    w = np.array([1.0, 2.0, 0.5, 1.5])
    eps = 0.1
    out = F.cross_entropy(ember.tensor(x), ember.tensor(t), ember.tensor(w), reduction=reduction, label_smoothing=eps)
    lp = log_softmax(x, 1)
    keep = t != -100
    ts = np.where(keep, t, 0)
    nll = -lp[np.arange(6), ts] * w[ts] * keep
    smooth = -(lp * w).sum(1) * keep / 4
    if reduction == "none":
        ref = (1 - eps) * nll + eps * smooth
    elif reduction == "sum":
        ref = (1 - eps) * nll.sum() + eps * smooth.sum()
    else:
        denom = (w[ts] * keep).sum()
        ref = ((1 - eps) * nll.sum() + eps * smooth.sum()) / denom
    np.testing.assert_allclose(np_(out), ref, rtol=1e-10, atol=1e-12)


def test_cross_entropy_class_probabilities_and_spatial(rng):
    x = rng.standard_normal((2, 3, 4))
    p = rng.random((2, 3, 4))
    out = F.cross_entropy(ember.tensor(x), ember.tensor(p))
    np.testing.assert_allclose(np_(out), -(log_softmax(x, 1) * p).sum(1).mean(), rtol=1e-10)
    t = rng.integers(0, 3, (2, 4))
    out = F.cross_entropy(ember.tensor(x), ember.tensor(t), reduction="none")
    lp = log_softmax(x, 1)
    ref = -np.take_along_axis(lp, t[:, None], 1)[:, 0]
    np.testing.assert_allclose(np_(out), ref, rtol=1e-10)


def test_embedding_padding_row_gets_no_gradient():
    emb = nn.Embedding(5, 3, padding_idx=0)
    assert np.all(np_(emb.weight)[0] == 0)
    idx = ember.tensor([[0, 2, 0], [4, 2, 1]])
    out = emb(idx)
    np.testing.assert_array_equal(np_(out), np_(emb.weight)[[[0, 2, 0], [4, 2, 1]]])
    out.sum().backward()
    np.testing.assert_array_equal(emb.weight.grad.numpy()[:, 0], [0, 1, 2, 0, 1])


def test_dropout_scales_kept_and_is_identity_in_eval():
    drop = nn.Dropout(0.25)
    x = ember.ones(10000)
    y = np_(drop(x))
    assert set(np.unique(y).tolist()) <= {0.0, np.float32(1 / 0.75).item()} and abs((y == 0).mean() - 0.25) < 0.03
    drop.eval()
    assert drop(x) is x


def test_rrelu_training_slopes_lie_in_range_and_eval_uses_their_mean():
    m = nn.RReLU(0.1, 0.3)
    x = -ember.ones(1000)
    slopes = -np_(m(x))
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.03
    m.eval()
    np.testing.assert_allclose(np_(m(x)), -0.2, rtol=1e-6)


def test_interpolate_linear_align_corners_is_numpy_interp(rng):
    x = rng.standard_normal((1, 2, 5))
    out = F.interpolate(ember.tensor(x), size=9, mode="linear", align_corners=True)
    ref = np.stack([np.interp(np.linspace(0, 4, 9), np.arange(5), x[0, c]) for c in range(2)])[None]
    np.testing.assert_allclose(np_(out), ref, rtol=1e-12, atol=1e-12)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 3), st.integers(1, 2), st.integers(1, 3), st.integers(1, 2), st.integers(0, 2), st.integers(1, 2),
    st.integers(1, 2), st.integers(3, 7), st.integers(3, 7),
)  # fmt: skip
def test_conv2d_geometry_hypothesis(k, groups, cg, og, padding, stride, dilation, h, w):
    """Any geometry whose output is non-empty matches the direct sum; the others raise."""
    rng = np.random.default_rng(k * 100 + h * 10 + w)
    x = rng.standard_normal((2, groups * cg, h, w))
    weight = rng.standard_normal((groups * og, cg, k, k))
    bias = rng.standard_normal(groups * og)
    out_h = (h + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    out_w = (w + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    args = (ember.tensor(x), ember.tensor(weight), ember.tensor(bias), stride, padding, dilation, groups)
    if out_h <= 0 or out_w <= 0:
        with pytest.raises(
            RuntimeError, match=r"conv2d: [Cc]alculated padded input size per channel: .* [Kk]ernel size"
        ):
            F.conv2d(*args)
        return
    expected = conv2d_ref(x, weight, bias, stride, padding, dilation, groups)
    np.testing.assert_allclose(np_(F.conv2d(*args)), expected, rtol=1e-10, atol=1e-10)
