"""ember.nn against torch.nn: identical weights (copied through state_dict), same input; forward
output, input gradient and every parameter gradient compared, in train and eval mode."""

import os

import numpy as np
import pytest
from oracle import torch

import ember
import ember.nn as enn
from ember import safetensors

tnn = torch.nn


def to_ember(t):
    return ember.tensor(t.detach().numpy())


def load_from_torch(e_mod, t_mod):
    """Loads torch's state_dict (as NumPy arrays) into the ember module: strict, so keys must match."""
    result = e_mod.load_state_dict({k: to_ember(v) for k, v in t_mod.state_dict().items()})
    assert result.missing_keys == [] and result.unexpected_keys == []


def _outputs(out):
    if isinstance(out, tuple):
        flat = []
        for o in out:
            flat += _outputs(o)
        return flat
    return [] if out is None else [out]


def check(e_mod, t_mod, *inputs, train=True, no_grad=(), rtol=1e-7, atol=1e-9, kwargs=None):
    """no_grad: positions of float inputs that are not differentiated (targets torch rejects)."""
    e_mod, t_mod = e_mod.double(), t_mod.double()
    load_from_torch(e_mod, t_mod)
    e_mod.train(train)
    t_mod.train(train)
    kwargs = kwargs or {}
    grad = [x.dtype.kind == "f" and i not in no_grad for i, x in enumerate(inputs)]
    t_in = [torch.tensor(x, requires_grad=g) for x, g in zip(inputs, grad, strict=True)]
    e_in = [ember.tensor(x, requires_grad=g) for x, g in zip(inputs, grad, strict=True)]
    t_out = _outputs(t_mod(*t_in, **kwargs))
    e_out = _outputs(e_mod(*e_in, **{k: to_ember(v) if isinstance(v, torch.Tensor) else v for k, v in kwargs.items()}))
    assert len(t_out) == len(e_out)
    for t, e in zip(t_out, e_out, strict=True):
        np.testing.assert_allclose(e.detach().numpy(), t.detach().numpy(), rtol=rtol, atol=atol)
    weights = [np.cos(np.arange(t.numel())).reshape(tuple(t.shape)) for t in t_out]
    sum(((t * torch.tensor(w)).sum() for t, w in zip(t_out, weights, strict=True)), torch.tensor(0.0)).backward()
    sum(((e * ember.tensor(w)).sum() for e, w in zip(e_out, weights, strict=True)), ember.tensor(0.0)).backward()
    for t, e in zip(t_in, e_in, strict=True):
        if t.requires_grad:
            np.testing.assert_allclose(e.grad.numpy(), t.grad.numpy(), rtol=rtol, atol=atol)
    t_params = dict(t_mod.named_parameters())
    e_params = dict(e_mod.named_parameters())
    assert list(t_params) == list(e_params)
    for name, tp in t_params.items():
        if tp.grad is None:
            assert e_params[name].grad is None, name
            continue
        np.testing.assert_allclose(e_params[name].grad.numpy(), tp.grad.numpy(), rtol=rtol, atol=atol, err_msg=name)
    for (name, tb), eb in zip(t_mod.named_buffers(), e_mod.buffers(), strict=True):
        np.testing.assert_allclose(eb.numpy(), tb.numpy(), rtol=rtol, atol=atol, err_msg=name)


rng = np.random.default_rng(0)


def x(*shape):
    return rng.standard_normal(shape)


LAYERS = [
    ("Linear", lambda m: m.Linear(5, 3), [x(4, 5)]),
    ("Linear_3d_nobias", lambda m: m.Linear(5, 3, bias=False), [x(2, 4, 5)]),
    ("Bilinear", lambda m: m.Bilinear(3, 4, 2), [x(5, 3), x(5, 4)]),
    ("Conv1d", lambda m: m.Conv1d(2, 3, 3, stride=2, padding=1), [x(2, 2, 9)]),
    ("Conv2d", lambda m: m.Conv2d(4, 6, 3, padding=1, groups=2), [x(2, 4, 5, 5)]),
    ("Conv2d_dilated", lambda m: m.Conv2d(2, 3, (3, 2), stride=(2, 1), dilation=(1, 2)), [x(1, 2, 7, 6)]),
    ("Conv2d_same_reflect", lambda m: m.Conv2d(2, 2, 3, padding="same", padding_mode="reflect"), [x(1, 2, 5, 5)]),
    ("Conv2d_circular", lambda m: m.Conv2d(2, 2, 3, padding=1, padding_mode="circular"), [x(1, 2, 5, 4)]),
    ("Conv3d", lambda m: m.Conv3d(1, 2, 2), [x(1, 1, 3, 3, 3)]),
    ("ConvTranspose1d", lambda m: m.ConvTranspose1d(2, 3, 3, stride=2, padding=1, output_padding=1), [x(2, 2, 4)]),
    ("ConvTranspose2d", lambda m: m.ConvTranspose2d(4, 2, 3, stride=2, groups=2), [x(1, 4, 3, 3)]),
    ("MaxPool2d", lambda m: m.MaxPool2d(2), [x(2, 3, 4, 4)]),
    ("MaxPool2d_pad", lambda m: m.MaxPool2d(3, 2, 1), [x(1, 2, 5, 5)]),
    ("MaxPool1d", lambda m: m.MaxPool1d(3, 2), [x(2, 2, 7)]),
    ("AvgPool2d", lambda m: m.AvgPool2d(3, 2, 1), [x(1, 2, 5, 5)]),
    ("AvgPool2d_nopadcount", lambda m: m.AvgPool2d(3, 2, 1, count_include_pad=False), [x(1, 2, 5, 5)]),
    ("MaxPool2d_ceil", lambda m: m.MaxPool2d(3, 2, 1, ceil_mode=True), [x(1, 2, 6, 7)]),
    ("MaxPool1d_ceil_dilated", lambda m: m.MaxPool1d(2, 3, 0, dilation=2, ceil_mode=True), [x(1, 2, 8)]),
    ("AvgPool2d_ceil", lambda m: m.AvgPool2d(3, 2, 1, ceil_mode=True), [x(1, 2, 6, 7)]),
    (
        "AvgPool2d_ceil_nopadcount",
        lambda m: m.AvgPool2d(2, 2, 1, ceil_mode=True, count_include_pad=False),
        [x(1, 2, 5, 6)],
    ),  # fmt: skip
    ("AvgPool1d_ceil", lambda m: m.AvgPool1d(3, 2, ceil_mode=True), [x(1, 2, 6)]),
    ("AvgPool3d_divisor", lambda m: m.AvgPool3d(2, 1, divisor_override=3), [x(1, 1, 3, 3, 3)]),
    ("AdaptiveAvgPool2d", lambda m: m.AdaptiveAvgPool2d((3, 2)), [x(1, 2, 7, 5)]),
    ("AdaptiveMaxPool1d", lambda m: m.AdaptiveMaxPool1d(3), [x(1, 2, 7)]),
    ("LPPool2d", lambda m: m.LPPool2d(2, 2), [np.abs(x(1, 2, 4, 4)) + 0.1]),
    ("BatchNorm1d", lambda m: m.BatchNorm1d(3), [x(5, 3)]),
    ("BatchNorm2d", lambda m: m.BatchNorm2d(3), [x(4, 3, 2, 2)]),
    ("BatchNorm2d_cumulative", lambda m: m.BatchNorm2d(3, momentum=None), [x(4, 3, 2, 2)]),
    ("BatchNorm3d_noaffine", lambda m: m.BatchNorm3d(2, affine=False), [x(2, 2, 2, 2, 2)]),
    ("InstanceNorm2d", lambda m: m.InstanceNorm2d(3, affine=True), [x(2, 3, 4, 4)]),
    ("LayerNorm", lambda m: m.LayerNorm((3, 4)), [x(2, 3, 4)]),
    ("GroupNorm", lambda m: m.GroupNorm(2, 4), [x(3, 4, 5)]),
    ("RMSNorm", lambda m: m.RMSNorm(4, eps=1e-6), [x(3, 4)]),
    ("LocalResponseNorm", lambda m: m.LocalResponseNorm(3), [x(2, 5, 4)]),
    ("Embedding", lambda m: m.Embedding(10, 3, padding_idx=1), [np.array([[1, 2, 3], [4, 1, 9]])]),
    ("EmbeddingBag", lambda m: m.EmbeddingBag(10, 3, mode="sum"), [np.array([[1, 2, 3], [4, 1, 9]])]),
    ("RNN", lambda m: m.RNN(3, 4, 2, nonlinearity="relu"), [x(5, 2, 3)]),
    ("LSTM", lambda m: m.LSTM(3, 4, 2, bidirectional=True), [x(5, 2, 3)]),
    ("LSTM_proj_batch_first", lambda m: m.LSTM(3, 5, batch_first=True, proj_size=2), [x(2, 5, 3)]),
    ("LSTM_unbatched", lambda m: m.LSTM(3, 4), [x(5, 3)]),
    ("GRU", lambda m: m.GRU(3, 4, 2, bidirectional=True, batch_first=True), [x(2, 5, 3)]),
    ("RNNCell", lambda m: m.RNNCell(3, 4), [x(2, 3), x(2, 4)]),
    ("LSTMCell", lambda m: m.LSTMCell(3, 4), [x(2, 3)]),
    ("GRUCell", lambda m: m.GRUCell(3, 4), [x(2, 3), x(2, 4)]),
    ("MultiheadAttention", lambda m: m.MultiheadAttention(8, 2), [x(4, 2, 8), x(5, 2, 8), x(5, 2, 8)]),
    (
        "MultiheadAttention_kv",
        lambda m: m.MultiheadAttention(8, 2, kdim=3, vdim=5, add_bias_kv=True, add_zero_attn=True, batch_first=True),
        [x(2, 4, 8), x(2, 5, 3), x(2, 5, 5)],
    ),  # fmt: skip
    ("TransformerEncoderLayer", lambda m: m.TransformerEncoderLayer(8, 2, 16, dropout=0.0), [x(5, 2, 8)]),
    (
        "TransformerEncoderLayer_gelu_normfirst",
        lambda m: m.TransformerEncoderLayer(
            8, 2, 16, dropout=0.0, activation="gelu", norm_first=True, batch_first=True
        ),
        [x(2, 5, 8)],
    ),  # fmt: skip
    ("TransformerDecoderLayer", lambda m: m.TransformerDecoderLayer(8, 2, 16, dropout=0.0), [x(4, 2, 8), x(5, 2, 8)]),
    ("PReLU", lambda m: m.PReLU(3), [x(2, 3, 4)]),
    (
        "spectral_norm_Linear",
        lambda m: (torch.nn.utils.parametrizations if m is tnn else enn.utils.parametrizations).spectral_norm(
            m.Linear(3, 4), n_power_iterations=2
        ),
        [x(2, 3)],
    ),
    (
        "spectral_norm_ConvTranspose1d",
        lambda m: (torch.nn.utils.parametrizations if m is tnn else enn.utils.parametrizations).spectral_norm(
            m.ConvTranspose1d(2, 3, 2)
        ),
        [x(1, 2, 5)],
    ),
    (
        "weight_norm_Linear",
        lambda m: (torch.nn.utils.parametrizations if m is tnn else enn.utils.parametrizations).weight_norm(
            m.Linear(3, 4)
        ),
        [x(2, 3)],
    ),
    (
        "weight_norm_Conv1d_dim1",
        lambda m: (torch.nn.utils.parametrizations if m is tnn else enn.utils.parametrizations).weight_norm(
            m.Conv1d(2, 3, 2), dim=1
        ),
        [x(1, 2, 5)],
    ),
    ("Flatten", lambda m: m.Flatten(), [x(2, 3, 4)]),
    ("Unflatten", lambda m: m.Unflatten(1, (2, 2)), [x(3, 4)]),
    ("PixelShuffle", lambda m: m.PixelShuffle(2), [x(1, 8, 2, 3)]),
    ("PixelUnshuffle", lambda m: m.PixelUnshuffle(2), [x(1, 2, 4, 6)]),
    ("Upsample", lambda m: m.Upsample(scale_factor=2), [x(1, 2, 3, 3)]),
    ("Upsample_bilinear", lambda m: m.Upsample(scale_factor=1.7, mode="bilinear"), [x(1, 2, 3, 4)]),
    (
        "Upsample_bilinear_corners",
        lambda m: m.Upsample(size=(5, 7), mode="bilinear", align_corners=True),
        [x(1, 2, 3, 4)],
    ),  # fmt: skip
    ("Upsample_linear_down", lambda m: m.Upsample(size=3, mode="linear"), [x(1, 2, 7)]),
    ("Upsample_trilinear", lambda m: m.Upsample(scale_factor=2, mode="trilinear"), [x(1, 1, 2, 3, 2)]),
    ("Upsample_nearest_exact", lambda m: m.Upsample(size=(5, 3), mode="nearest-exact"), [x(1, 2, 3, 4)]),
    ("Upsample_nearest_size", lambda m: m.Upsample(size=(5, 3)), [x(1, 2, 3, 4)]),
    ("Fold", lambda m: m.Fold((4, 5), 2), [x(1, 12, 12)]),
    ("Unfold", lambda m: m.Unfold((2, 3), padding=1, stride=2), [x(2, 3, 4, 5)]),
    ("ReflectionPad2d", lambda m: m.ReflectionPad2d((1, 2, 0, 1)), [x(1, 2, 3, 4)]),
    ("ReplicationPad1d", lambda m: m.ReplicationPad1d(2), [x(1, 2, 3)]),
    ("CircularPad2d", lambda m: m.CircularPad2d(1), [x(1, 2, 3, 3)]),
    ("ConstantPad3d", lambda m: m.ConstantPad3d(1, 2.5), [x(1, 2, 2, 2)]),
    ("ZeroPad2d", lambda m: m.ZeroPad2d((1, 0, 2, 1)), [x(1, 2, 2)]),
    ("CosineSimilarity", lambda m: m.CosineSimilarity(), [x(3, 4), x(3, 4)]),
    ("PairwiseDistance", lambda m: m.PairwiseDistance(), [x(3, 4), x(3, 4)]),
]
ACTIVATIONS = ["ReLU", "ReLU6", "ELU", "CELU", "SELU", "LeakyReLU", "GELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid",
               "Hardtanh", "Sigmoid", "Tanh", "LogSigmoid", "Softplus", "Softshrink", "Hardshrink", "Tanhshrink",
               "Softsign", "GLU", "Identity"]  # fmt: skip
LAYERS += [(a, lambda m, a=a: getattr(m, a)(), [x(3, 4) * 3]) for a in ACTIVATIONS]
LAYERS += [
    ("Threshold", lambda m: m.Threshold(0.1, 20.0), [x(3, 4)]),
    ("Softmax", lambda m: m.Softmax(1), [x(3, 4)]),
    ("Softmin", lambda m: m.Softmin(0), [x(3, 4)]),
    ("LogSoftmax", lambda m: m.LogSoftmax(-1), [x(3, 4)]),
    ("GELU_tanh", lambda m: m.GELU("tanh"), [x(3, 4)]),
    ("RReLU_eval", lambda m: m.RReLU(), [x(3, 4)]),
]
LAYERS += [  # the rest of the layer list not covered above or in test_parity_nn.py
    ("MaxPool3d", lambda m: m.MaxPool3d(2, stride=1, padding=1, ceil_mode=True), [x(1, 2, 3, 4, 3)]),
    ("AdaptiveAvgPool1d", lambda m: m.AdaptiveAvgPool1d(3), [x(2, 3, 7)]),
    ("AdaptiveAvgPool3d", lambda m: m.AdaptiveAvgPool3d((2, 3, 1)), [x(1, 2, 5, 4, 3)]),
    ("AdaptiveMaxPool2d", lambda m: m.AdaptiveMaxPool2d((2, 3)), [x(1, 2, 5, 7)]),
    ("AdaptiveMaxPool3d", lambda m: m.AdaptiveMaxPool3d(2), [x(1, 2, 5, 4, 3)]),
    ("LPPool1d", lambda m: m.LPPool1d(2, 3, stride=2), [np.abs(x(2, 3, 9)) + 0.1]),
    ("LPPool3d", lambda m: m.LPPool3d(3, 2), [np.abs(x(1, 2, 4, 4, 4)) + 0.1]),
    ("InstanceNorm3d", lambda m: m.InstanceNorm3d(2, affine=True, track_running_stats=True), [x(2, 2, 3, 3, 2)]),
    ("ZeroPad1d", lambda m: m.ZeroPad1d((2, 1)), [x(1, 2, 3)]),
    ("ZeroPad3d", lambda m: m.ZeroPad3d(1), [x(1, 1, 2, 2, 2)]),
    ("ConstantPad1d", lambda m: m.ConstantPad1d(2, -1.5), [x(2, 3)]),
    ("ConstantPad2d", lambda m: m.ConstantPad2d((1, 0, 2, 1), 0.5), [x(1, 2, 2, 3)]),
    ("ReflectionPad1d", lambda m: m.ReflectionPad1d((2, 1)), [x(1, 2, 4)]),
    ("ReflectionPad3d", lambda m: m.ReflectionPad3d(1), [x(1, 1, 3, 3, 3)]),
    ("ReplicationPad2d", lambda m: m.ReplicationPad2d((1, 2, 2, 0)), [x(1, 2, 3, 3)]),
    ("ReplicationPad3d", lambda m: m.ReplicationPad3d(1), [x(1, 1, 2, 3, 2)]),
    ("CircularPad1d", lambda m: m.CircularPad1d((1, 2)), [x(1, 2, 4)]),
    ("CircularPad3d", lambda m: m.CircularPad3d(1), [x(1, 1, 2, 3, 3)]),
    ("Dropout1d_eval", lambda m: m.Dropout1d(0.5), [x(2, 3, 4)]),
    ("Dropout2d_eval", lambda m: m.Dropout2d(0.5), [x(2, 3, 4, 4)]),
    ("Dropout3d_eval", lambda m: m.Dropout3d(0.5), [x(2, 3, 2, 2, 2)]),
    ("AlphaDropout_eval", lambda m: m.AlphaDropout(0.5), [x(3, 4)]),
]


@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
@pytest.mark.parametrize("make, inputs", [(m, i) for _, m, i in LAYERS], ids=[n for n, _, _ in LAYERS])
def test_layer_matches_torch(make, inputs, train):
    torch.manual_seed(0)
    t_mod = make(tnn)
    e_mod = make(enn)
    if isinstance(t_mod, (tnn.RReLU, tnn.modules.dropout._DropoutNd)):
        train = False  # they sample in training: checked by test_dropout_family_in_training below and in tests/nn
    check(e_mod, t_mod, *inputs, train=train)


@pytest.mark.parametrize("name, shape", [("Dropout1d", (40, 30, 6)), ("Dropout2d", (40, 30, 2, 3)),
                                         ("Dropout3d", (40, 30, 2, 1, 3))])  # fmt: skip
def test_dropout_family_in_training_drops_whole_channels_like_torch(name, shape):
    """Random masks differ between libraries, so their laws are compared: whole channels kept (scaled by 1 / (1 - p))
    or zeroed, at the same rate as torch's."""
    data = np.abs(x(*shape)) + 0.5
    rates = []
    for m, T in ((tnn, torch), (enn, ember)):
        T.manual_seed(0)
        out = getattr(m, name)(0.3)(T.tensor(data)).detach().numpy().reshape(*shape[:2], -1)
        kept = (out != 0).all(-1)
        assert (kept | (out == 0).all(-1)).all(), m  # per channel: all or nothing
        np.testing.assert_allclose(out[kept], (data.reshape(out.shape)[kept] / 0.7), rtol=1e-12)
        rates.append(kept.mean())
    assert abs(rates[0] - rates[1]) < 0.05 and abs(rates[1] - 0.7) < 0.05


def test_alpha_dropout_in_training_keeps_mean_and_variance_like_torch():
    data = x(200, 100)
    for m, T in ((tnn, torch), (enn, ember)):
        T.manual_seed(0)
        out = m.AlphaDropout(0.2)(T.tensor(data)).detach().numpy()
        assert abs(out.mean() - data.mean()) < 0.03 and abs(out.std() / data.std() - 1) < 0.03, m
        _, counts = np.unique(out, return_counts=True)
        assert counts.max() / out.size == pytest.approx(0.2, abs=0.01), m  # the dropped ones share one value


def target(kind, shape, n=None):
    if kind == "index":
        return rng.integers(0, n, shape)
    if kind == "sign":
        return np.where(rng.random(shape) < 0.5, -1.0, 1.0)
    if kind == "prob":
        return rng.random(shape)
    return rng.standard_normal(shape)


def _t(m, values):
    """A float64 tensor of the library that m (torch.nn or ember.nn) belongs to."""
    return torch.tensor(values, dtype=torch.float64) if m is tnn else ember.tensor(values, dtype=ember.float64)


def _losses():
    logits = x(6, 5)
    out = []
    for red in ("mean", "sum", "none"):
        out += [
            (f"L1_{red}", lambda m, r=red: m.L1Loss(reduction=r), [x(3, 4), x(3, 4)]),
            (f"MSE_{red}", lambda m, r=red: m.MSELoss(reduction=r), [x(3, 4), x(3, 4)]),
            (f"CE_{red}", lambda m, r=red: m.CrossEntropyLoss(reduction=r), [logits, target("index", (6,), 5)]),
            (
                f"CE_weight_ignore_smooth_{red}",
                lambda m, r=red: m.CrossEntropyLoss(
                    weight=torch.arange(1.0, 6.0) if m is tnn else ember.arange(1.0, 6.0),
                    ignore_index=2,
                    label_smoothing=0.1,
                    reduction=r,
                ),
                [logits, np.array([0, 2, 4, 1, 2, 3])],
            ),  # fmt: skip
            (
                f"CE_probs_{red}",
                lambda m, r=red: m.CrossEntropyLoss(reduction=r, label_smoothing=0.2),
                [logits, np.abs(x(6, 5))],
            ),  # fmt: skip
            (
                f"CE_spatial_{red}",
                lambda m, r=red: m.CrossEntropyLoss(reduction=r),
                [x(2, 3, 4), target("index", (2, 4), 3)],
            ),
            (f"NLL_{red}", lambda m, r=red: m.NLLLoss(reduction=r), [logits, target("index", (6,), 5)]),
            (
                f"NLL_weight_ignore_{red}",
                lambda m, r=red: m.NLLLoss(weight=_t(m, [0.5, 1.0, 2.0, 1.5, 3.0]), ignore_index=1, reduction=r),
                [logits, np.array([0, 1, 4, 1, 2, 3])],
            ),  # fmt: skip
            (
                f"CE_probs_weight_{red}",
                lambda m, r=red: m.CrossEntropyLoss(weight=_t(m, [0.5, 1.0, 2.0, 1.5, 3.0]), reduction=r),
                [logits, np.abs(x(6, 5))],
            ),  # fmt: skip
            (
                f"BCE_weight_{red}",
                lambda m, r=red: m.BCELoss(weight=_t(m, [1.0, 2.0, 0.5, 3.0]), reduction=r),
                [rng.random((3, 4)) * 0.9 + 0.05, target("prob", (3, 4))],
            ),  # fmt: skip
            (
                f"MultiMargin_weight_{red}",
                lambda m, r=red: m.MultiMarginLoss(weight=_t(m, [0.5, 1.0, 2.0, 1.5, 3.0]), reduction=r),
                [logits, target("index", (6,), 5)],
            ),  # fmt: skip
            (
                f"BCE_{red}",
                lambda m, r=red: m.BCELoss(reduction=r),
                [rng.random((3, 4)) * 0.9 + 0.05, target("prob", (3, 4))],
            ),
            (
                f"BCEWithLogits_{red}",
                lambda m, r=red: m.BCEWithLogitsLoss(
                    reduction=r,
                    pos_weight=(torch if m is tnn else ember).tensor(
                        [1.0, 2.0, 0.5, 3.0], dtype=(torch if m is tnn else ember).float64
                    ),
                ),
                [x(3, 4) * 4, target("prob", (3, 4))],
            ),  # fmt: skip
            (f"Huber_{red}", lambda m, r=red: m.HuberLoss(reduction=r, delta=0.7), [x(3, 4), x(3, 4)]),
            (f"SmoothL1_{red}", lambda m, r=red: m.SmoothL1Loss(reduction=r, beta=0.5), [x(3, 4), x(3, 4)]),
            (f"SoftMargin_{red}", lambda m, r=red: m.SoftMarginLoss(reduction=r), [x(3, 4), target("sign", (3, 4))]),
            (
                f"MultiLabelSoftMargin_{red}",
                lambda m, r=red: m.MultiLabelSoftMarginLoss(reduction=r),
                [x(3, 4), target("index", (3, 4), 2).astype(float)],
            ),  # fmt: skip
            (
                f"MultiMargin_{red}",
                lambda m, r=red: m.MultiMarginLoss(p=2, margin=0.7, reduction=r),
                [logits, target("index", (6,), 5)],
            ),  # fmt: skip
            (
                f"HingeEmbedding_{red}",
                lambda m, r=red: m.HingeEmbeddingLoss(reduction=r),
                [x(3, 4), target("sign", (3, 4))],
            ),
            (
                f"CosineEmbedding_{red}",
                lambda m, r=red: m.CosineEmbeddingLoss(margin=0.2, reduction=r),
                [x(4, 3), x(4, 3), target("sign", (4,))],
            ),  # fmt: skip
            (
                f"MarginRanking_{red}",
                lambda m, r=red: m.MarginRankingLoss(margin=0.1, reduction=r),
                [x(5), x(5), target("sign", (5,))],
            ),  # fmt: skip
            (
                f"TripletMargin_{red}",
                lambda m, r=red: m.TripletMarginLoss(swap=True, reduction=r),
                [x(4, 3), x(4, 3), x(4, 3)],
            ),
            (
                f"PoissonNLL_{red}",
                lambda m, r=red: m.PoissonNLLLoss(full=True, reduction=r),
                [x(3, 4), np.abs(x(3, 4)) * 3],
            ),
            (
                f"PoissonNLL_nolog_{red}",
                lambda m, r=red: m.PoissonNLLLoss(log_input=False, reduction=r),
                [np.abs(x(3, 4)) + 0.1, np.abs(x(3, 4))],
            ),  # fmt: skip
            (
                f"GaussianNLL_{red}",
                lambda m, r=red: m.GaussianNLLLoss(full=True, reduction=r),
                [x(3, 4), x(3, 4), np.abs(x(3, 4)) + 0.1],
            ),  # fmt: skip
        ]
    for red in ("mean", "sum", "none", "batchmean"):
        out += [
            (
                f"KLDiv_{red}",
                lambda m, r=red: m.KLDivLoss(reduction=r),
                [np.log(rng.random((3, 4))), rng.random((3, 4))],
            ),
            (f"KLDiv_log_{red}", lambda m, r=red: m.KLDivLoss(reduction=r, log_target=True), [x(3, 4), x(3, 4)]),
        ]
    return out


LOSSES = _losses()


@pytest.mark.filterwarnings("ignore:reduction")
@pytest.mark.parametrize("make, inputs", [(m, i) for _, m, i in LOSSES], ids=[n for n, _, _ in LOSSES])
def test_loss_matches_torch(make, inputs):
    t_mod, e_mod = make(tnn), make(enn)
    # the target (last input) is not differentiated, except GaussianNLL's last input, the variance
    check(e_mod, t_mod, *inputs, no_grad=() if isinstance(t_mod, tnn.GaussianNLLLoss) else (len(inputs) - 1,))


def test_default_initialisation_matches_torch_distribution():
    """Default weights and biases are uniform on torch's bounds (its largest draw sits just under the bound):
    ember's stay within them and, where there are enough draws to tell, have a uniform's std."""
    torch.manual_seed(0)
    ember.manual_seed(0)
    for make in (lambda m: m.Linear(400, 300), lambda m: m.Conv2d(16, 32, 3), lambda m: m.LSTM(50, 64)):
        for (name, tp), ep in zip(make(tnn).named_parameters(), make(enn).parameters(), strict=True):
            t, e = tp.detach().numpy(), ep.detach().numpy()
            assert t.shape == e.shape, name
            bound = np.abs(t).max()
            assert np.abs(e).max() <= bound * 1.02, name
            if e.size >= 1000:
                assert e.std() == pytest.approx(bound / np.sqrt(3), rel=0.05), name


def _ks_statistic(a, b):
    """The two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs."""
    a, b = np.sort(a.ravel()), np.sort(b.ravel())
    grid = np.concatenate([a, b])
    return np.abs(np.searchsorted(a, grid, "right") / a.size - np.searchsorted(b, grid, "right") / b.size).max()


INIT_LAYERS = {
    "Linear": lambda m: m.Linear(60, 50),
    "Bilinear": lambda m: m.Bilinear(20, 30, 10),
    "Conv1d": lambda m: m.Conv1d(8, 16, 5),
    "Conv2d": lambda m: m.Conv2d(8, 16, 3, groups=2),
    "Conv3d": lambda m: m.Conv3d(4, 8, 3),
    "ConvTranspose1d": lambda m: m.ConvTranspose1d(16, 8, 5),
    "ConvTranspose2d": lambda m: m.ConvTranspose2d(16, 8, 3),
    "ConvTranspose3d": lambda m: m.ConvTranspose3d(8, 4, 3),
    "BatchNorm2d": lambda m: m.BatchNorm2d(16),
    "InstanceNorm1d": lambda m: m.InstanceNorm1d(16, affine=True, track_running_stats=True),
    "LayerNorm": lambda m: m.LayerNorm((4, 8)),
    "GroupNorm": lambda m: m.GroupNorm(4, 16),
    "RMSNorm": lambda m: m.RMSNorm(16),
    "Embedding": lambda m: m.Embedding(100, 20, padding_idx=3),
    "EmbeddingBag": lambda m: m.EmbeddingBag(100, 20),
    "PReLU": lambda m: m.PReLU(8),
    "RNN": lambda m: m.RNN(20, 30, num_layers=2),
    "LSTM_proj": lambda m: m.LSTM(20, 30, bidirectional=True, proj_size=10),
    "GRU": lambda m: m.GRU(20, 30),
    "RNNCell": lambda m: m.RNNCell(20, 30),
    "LSTMCell": lambda m: m.LSTMCell(20, 30),
    "GRUCell": lambda m: m.GRUCell(20, 30),
    "MultiheadAttention": lambda m: m.MultiheadAttention(32, 4),
    "MultiheadAttention_kv": lambda m: m.MultiheadAttention(32, 4, kdim=16, vdim=24, add_bias_kv=True),
    "TransformerEncoderLayer": lambda m: m.TransformerEncoderLayer(32, 4, 64),
    "TransformerDecoderLayer": lambda m: m.TransformerDecoderLayer(32, 4, 64),
    "Transformer": lambda m: m.Transformer(32, 4, 1, 1, 64),
}


@pytest.mark.parametrize("make", INIT_LAYERS.values(), ids=INIT_LAYERS.keys())
def test_every_layers_default_initialisation_has_torchs_distribution(make):
    """Per parameter and buffer: constants equal, random draws from the same distribution (two-sample KS test at
    the 0.1% level, seeded so it is deterministic)."""
    torch.manual_seed(0)
    ember.manual_seed(1)
    t_mod, e_mod = make(tnn), make(enn)
    t_state, e_state = t_mod.state_dict(), e_mod.state_dict()
    assert list(t_state) == list(e_state)
    for name, tv in t_state.items():
        t, e = tv.numpy(), e_state[name].numpy()
        assert t.shape == e.shape and t.dtype == e.dtype, name
        if t.size and (t == t.ravel()[0]).all():
            np.testing.assert_array_equal(e, t, err_msg=name)
            continue
        critical = 1.95 * np.sqrt((t.size + e.size) / (t.size * e.size))
        assert _ks_statistic(t, e) < critical, name
    if isinstance(t_mod, tnn.Embedding):  # its padding row starts at zero
        assert (e_mod.weight[3] == 0).all()


class _CNN:
    @staticmethod
    def make(m):
        return m.Sequential(m.Conv2d(1, 8, 3, padding=1), m.BatchNorm2d(8), m.ReLU(), m.MaxPool2d(2), m.Flatten(),
                            m.Linear(8 * 4 * 4, 10))  # fmt: skip


MODELS = [
    ("MLP", lambda m: m.Sequential(m.Linear(6, 16), m.ReLU(), m.Dropout(0.5), m.Linear(16, 3)), x(4, 6)),
    ("CNN_BatchNorm", _CNN.make, x(3, 1, 8, 8)),
    ("LSTM", lambda m: m.LSTM(4, 8, num_layers=2), x(5, 3, 4)),
    (
        "TransformerEncoder",
        lambda m: m.TransformerEncoder(m.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2, m.LayerNorm(8)),
        x(2, 5, 8),
    ),  # fmt: skip
]


@pytest.mark.parametrize("make, data", [(m, d) for _, m, d in MODELS], ids=[n for n, _, _ in MODELS])
def test_torch_checkpoint_loads_and_gives_same_outputs(make, data, tmp_path):
    """A torch model trained one step (so BatchNorm stats move) loads into ember and gives its outputs."""
    torch.manual_seed(0)
    t_model = make(tnn)
    t_model.train()
    out = t_model(torch.tensor(data, dtype=torch.float32))
    (out[0] if isinstance(out, tuple) else out).sum().backward()
    with torch.no_grad():
        for p in t_model.parameters():
            p -= 0.1 * p.grad
    t_model.eval()
    # exported as NumPy arrays, then through ember's own safetensors writer and reader
    np.savez(tmp_path / "model.npz", **{k: v.numpy() for k, v in t_model.state_dict().items()})
    with np.load(tmp_path / "model.npz") as arrays:
        state = {k: ember.tensor(arrays[k]) for k in arrays.files}
    safetensors.save_file(state, str(tmp_path / "model.safetensors"))
    e_model = make(enn)
    e_model.load_state_dict(safetensors.load_file(str(tmp_path / "model.safetensors")))
    e_model.eval()
    t_out = t_model(torch.tensor(data, dtype=torch.float32))
    e_out = e_model(ember.tensor(data, dtype=ember.float32))
    t_out = t_out[0] if isinstance(t_out, tuple) else t_out
    e_out = e_out[0] if isinstance(e_out, tuple) else e_out
    np.testing.assert_allclose(e_out.detach().numpy(), t_out.detach().numpy(), rtol=1e-4, atol=1e-5)
    # and back: ember's state_dict has torch's keys and values
    assert list(e_model.state_dict()) == list(t_model.state_dict())
    # a file torch itself wrote with the safetensors package loads the same
    if os.environ.get("EMBER_PARITY"):  # the parity session installs it: missing there is an error
        import safetensors.torch as st
    else:
        st = pytest.importorskip("safetensors.torch", reason="needs the safetensors package")
    st.save_file({k: v.contiguous() for k, v in t_model.state_dict().items()}, str(tmp_path / "torch.safetensors"))
    e_model2 = make(enn)
    e_model2.load_state_dict(safetensors.load_file(str(tmp_path / "torch.safetensors")))
    e_out2 = e_model2.eval()(ember.tensor(data, dtype=ember.float32))
    e_out2 = e_out2[0] if isinstance(e_out2, tuple) else e_out2
    np.testing.assert_array_equal(e_out2.detach().numpy(), e_out.detach().numpy())


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
@pytest.mark.parametrize("concatenated", [False, True])
def test_ctc_loss_matches_torch(reduction, concatenated):
    """Compared through log_softmax: torch's ctc gradient w.r.t. log_probs folds in the softmax Jacobian
    (it equals the true gradient only after log_softmax's backward); ember's is the true gradient."""
    x = rng.standard_normal((7, 3, 5))
    targets = np.array([[1, 2, 2], [3, 1, 0], [4, 4, 4]])
    in_lens, tgt_lens = [7, 5, 6], [3, 2, 0]
    if concatenated:
        targets = np.array([1, 2, 2, 3, 1])
    t_x, e_x = torch.tensor(x, requires_grad=True), ember.tensor(x, requires_grad=True)
    t_loss = torch.nn.functional.ctc_loss(t_x.log_softmax(2), torch.tensor(targets), in_lens, tgt_lens,
                                          reduction=reduction)  # fmt: skip
    e_loss = enn.CTCLoss(reduction=reduction)(e_x.log_softmax(2), ember.tensor(targets), in_lens, tgt_lens)
    np.testing.assert_allclose(e_loss.detach().numpy(), t_loss.detach().numpy(), rtol=1e-10, atol=1e-12)
    t_loss.sum().backward()
    e_loss.sum().backward()
    np.testing.assert_allclose(e_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN"])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_packed_sequences_and_initial_state_match_torch(mode, enforce_sorted):
    torch.manual_seed(0)
    t_rnn = getattr(tnn, mode)(3, 4, num_layers=2, bidirectional=True).double()
    e_rnn = getattr(enn, mode)(3, 4, num_layers=2, bidirectional=True).double()
    load_from_torch(e_rnn, t_rnn)
    data = x(5, 3, 3)
    lengths = [5, 3, 2] if enforce_sorted else [3, 5, 2]
    h0 = x(4, 3, 4)
    t_x, e_x = torch.tensor(data, requires_grad=True), ember.tensor(data, requires_grad=True)
    t_h, e_h = torch.tensor(h0, requires_grad=True), ember.tensor(h0, requires_grad=True)
    t_state = (t_h, torch.tensor(h0)) if mode == "LSTM" else t_h
    e_state = (e_h, ember.tensor(h0)) if mode == "LSTM" else e_h
    t_out, t_hn = t_rnn(tnn.utils.rnn.pack_padded_sequence(t_x, lengths, enforce_sorted=enforce_sorted), t_state)
    e_out, e_hn = e_rnn(enn.utils.rnn.pack_padded_sequence(e_x, lengths, enforce_sorted=enforce_sorted), e_state)
    t_pad, _ = tnn.utils.rnn.pad_packed_sequence(t_out)
    e_pad, _ = enn.utils.rnn.pad_packed_sequence(e_out)
    np.testing.assert_allclose(e_pad.detach().numpy(), t_pad.detach().numpy(), rtol=1e-10, atol=1e-12)
    t_hn = t_hn[0] if mode == "LSTM" else t_hn
    e_hn = e_hn[0] if mode == "LSTM" else e_hn
    np.testing.assert_allclose(e_hn.detach().numpy(), t_hn.detach().numpy(), rtol=1e-10, atol=1e-12)
    (t_pad.sum() + t_hn.sum()).backward()
    (e_pad.sum() + e_hn.sum()).backward()
    np.testing.assert_allclose(e_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(e_h.grad.numpy(), t_h.grad.numpy(), rtol=1e-9, atol=1e-11)


def test_embedding_max_norm_renormalises_looked_up_rows_like_torch():
    torch.manual_seed(0)
    t_emb, e_emb = tnn.Embedding(6, 4, max_norm=1.0).double(), enn.Embedding(6, 4, max_norm=1.0).double()
    load_from_torch(e_emb, t_emb)
    idx = np.array([[0, 2, 2], [5, 1, 0]])
    t_out, e_out = t_emb(torch.tensor(idx)), e_emb(ember.tensor(idx))
    np.testing.assert_allclose(e_out.detach().numpy(), t_out.detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(e_emb.weight.detach().numpy(), t_emb.weight.detach().numpy(), rtol=1e-6)
