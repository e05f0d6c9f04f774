"""gradcheck (float64, finite differences) of the functional forms: their backward comes from autograd
through the ops they are composed of, so this checks the compositions end to end."""

import numpy as np
import pytest

import ember
import ember.nn.functional as F
from ember.autograd import gradcheck

rng = np.random.default_rng(1)


def t(*shape, positive=False, low=None):
    v = rng.standard_normal(shape)
    if positive:
        v = np.abs(v) + 0.1
    if low is not None:
        v = rng.random(shape) * 0.8 + 0.1
    return ember.tensor(v, requires_grad=True)


def idx(high, *shape):
    return ember.tensor(rng.integers(0, high, shape))


TARGET = idx(4, 5)  # fixed: gradcheck calls each function many times


CASES = [
    ("linear", lambda x, w, b: F.linear(x, w, b), lambda: (t(3, 4), t(2, 4), t(2))),
    ("bilinear", lambda a, b, w: F.bilinear(a, b, w), lambda: (t(3, 2), t(3, 4), t(5, 2, 4))),
    ("conv1d", lambda x, w: F.conv1d(x, w, stride=2, padding=1), lambda: (t(1, 2, 7), t(3, 2, 3))),
    ("conv2d", lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=2), lambda: (t(1, 4, 4, 4), t(2, 2, 3, 3), t(2))),
    ("conv_transpose2d", lambda x, w: F.conv_transpose2d(x, w, stride=2), lambda: (t(1, 2, 3, 3), t(2, 3, 2, 2))),
    ("max_pool2d", lambda x: F.max_pool2d(x, 2), lambda: (t(1, 2, 4, 4),)),
    ("avg_pool2d", lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False), lambda: (t(1, 2, 5, 5),)),
    ("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (2, 3)), lambda: (t(1, 2, 5, 7),)),
    ("max_pool2d_indices", lambda x: F.max_pool2d(x, 3, 2, 1, return_indices=True)[0], lambda: (t(1, 2, 5, 5),)),
    ("max_pool1d_ceil", lambda x: F.max_pool1d(x, 2, ceil_mode=True), lambda: (t(2, 5),)),
    ("adaptive_max_pool2d", lambda x: F.adaptive_max_pool2d(x, (2, None)), lambda: (t(1, 2, 5, 3),)),
    ("lp_pool2d", lambda x: F.lp_pool2d(x, 2, 2), lambda: (t(1, 2, 4, 4),)),
    (
        "max_unpool2d",
        lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
        lambda: (t(1, 2, 4, 4),),
    ),  # fmt: skip
    ("interpolate_bicubic", lambda x: F.interpolate(x, size=(4, 5), mode="bicubic"), lambda: (t(1, 2, 3, 3),)),
    ("interpolate_area", lambda x: F.interpolate(x, scale_factor=0.5, mode="area"), lambda: (t(1, 2, 4, 6),)),
    ("batch_norm", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), lambda: (t(4, 3, 2), t(3), t(3))),
    (
        "batch_norm_running",
        lambda x, w: F.batch_norm(
            x, ember.zeros(3, dtype=ember.float64), ember.ones(3, dtype=ember.float64), w, training=True
        ),
        lambda: (t(4, 3, 2), t(3)),
    ),
    (
        "batch_norm_eval",
        lambda x, w: F.batch_norm(
            x, ember.zeros(3, dtype=ember.float64), ember.full((3,), 2.0, dtype=ember.float64), w
        ),
        lambda: (t(4, 3), t(3)),
    ),
    (
        "instance_norm_running",
        lambda x, w: F.instance_norm(
            x, ember.zeros(3, dtype=ember.float64), ember.ones(3, dtype=ember.float64), w, use_input_stats=True
        ),
        lambda: (t(2, 3, 5), t(3)),
    ),  # fmt: skip
    ("layer_norm", lambda x, w, b: F.layer_norm(x, (4,), w, b), lambda: (t(3, 4), t(4), t(4))),
    ("group_norm", lambda x, w, b: F.group_norm(x, 2, w, b), lambda: (t(2, 4, 3), t(4), t(4))),
    ("instance_norm", lambda x: F.instance_norm(x), lambda: (t(2, 3, 5),)),
    ("rms_norm", lambda x, w: F.rms_norm(x, (4,), w), lambda: (t(3, 4), t(4))),
    ("embedding", lambda w: F.embedding(ember.tensor([[0, 2], [2, 1]]), w), lambda: (t(3, 4),)),
    (
        "sdpa",
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
        lambda: (t(2, 3, 4), t(2, 3, 4), t(2, 3, 4)),
    ),  # fmt: skip
    ("glu", lambda x: F.glu(x), lambda: (t(3, 4),)),
    ("prelu", lambda x, w: F.prelu(x, w), lambda: (t(2, 3, 4), t(3))),
    ("softsign", F.softsign, lambda: (t(5),)),
    ("logsigmoid", F.logsigmoid, lambda: (t(5),)),
    ("softmin", lambda x: F.softmin(x, 1), lambda: (t(2, 4),)),
    ("normalize", lambda x: F.normalize(x), lambda: (t(3, 4),)),
    ("cosine_similarity", lambda a, b: F.cosine_similarity(a, b), lambda: (t(3, 4), t(3, 4))),
    ("pairwise_distance", lambda a, b: F.pairwise_distance(a, b), lambda: (t(3, 4), t(3, 4))),
    ("pad_reflect", lambda x: F.pad(x, (1, 2), mode="reflect"), lambda: (t(1, 2, 4),)),
    ("interpolate_bilinear", lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear"), lambda: (t(1, 2, 3, 2),)),
    ("pixel_shuffle", lambda x: F.pixel_shuffle(x, 2), lambda: (t(1, 4, 2, 3),)),
    ("fold", lambda x: F.fold(x, (3, 4), 2), lambda: (t(1, 8, 6),)),
    ("unfold", lambda x: F.unfold(x, 2, padding=1), lambda: (t(1, 2, 3, 3),)),
    ("cross_entropy", lambda x: F.cross_entropy(x, TARGET, label_smoothing=0.1), lambda: (t(5, 4),)),
    (
        "nll_loss",
        lambda x: F.nll_loss(x, TARGET, weight=ember.tensor([1.0, 2.0, 3.0, 4.0], dtype=ember.float64)),
        lambda: (t(5, 4),),
    ),  # fmt: skip
    ("mse_loss", F.mse_loss, lambda: (t(3, 4), t(3, 4))),
    ("l1_loss", F.l1_loss, lambda: (t(3, 4), t(3, 4))),
    ("huber_loss", lambda a, b: F.huber_loss(a, b, delta=0.5), lambda: (t(3, 4), t(3, 4))),
    ("binary_cross_entropy", F.binary_cross_entropy, lambda: (t(3, 4, low=True), t(3, 4, low=True))),
    ("bce_with_logits", lambda x, y: F.binary_cross_entropy_with_logits(x, y), lambda: (t(3, 4), t(3, 4, low=True))),
    ("kl_div", lambda a, b: F.kl_div(a, b, reduction="batchmean"), lambda: (t(3, 4), t(3, 4, positive=True))),
    ("gaussian_nll", F.gaussian_nll_loss, lambda: (t(3, 4), t(3, 4), t(3, 4, positive=True))),
    ("triplet_margin", F.triplet_margin_loss, lambda: (t(3, 4), t(3, 4), t(3, 4))),
    (
        "ctc_loss",
        lambda lp: F.ctc_loss(lp, ember.tensor([[1, 2, 2], [3, 1, 0]]), [5, 4], [3, 1]),
        lambda: (t(5, 2, 4),),
    ),
    ("multi_margin", lambda x: F.multi_margin_loss(x, TARGET, p=2), lambda: (t(5, 4),)),
]

SIGN3 = ember.tensor([1.0, -1.0, 1.0], dtype=ember.float64)
CAUSAL = ember.full((4, 4), float("-inf"), dtype=ember.float64).triu(1)
CASES += [  # the rest of the functional list: attention, 3-D ops, bags, losses and activations
    ("sdpa_causal", lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
     lambda: (t(2, 4, 3), t(2, 4, 3), t(2, 4, 3))),
    ("sdpa_mask", lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=ember.tensor([[True, False, True]] * 4)),
     lambda: (t(2, 4, 3), t(2, 3, 3), t(2, 3, 3))),
    ("multi_head_attention", lambda q, w, b, ow: F.multi_head_attention_forward(
        q, q, q, 4, 2, w, b, None, None, False, 0.0, ow, None, attn_mask=CAUSAL, is_causal=True,
        need_weights=False)[0], lambda: (t(4, 2, 4), t(12, 4), t(12), t(4, 4))),
    ("embedding_bag", lambda w, psw: F.embedding_bag(ember.tensor([0, 2, 2, 3]), w, ember.tensor([0, 1]),
                                                     mode="sum", per_sample_weights=psw), lambda: (t(4, 3), t(4))),
    ("embedding_bag_max", lambda w: F.embedding_bag(ember.tensor([[0, 2], [3, 1]]), w, mode="max"),
     lambda: (t(4, 3),)),
    ("conv3d", lambda x, w: F.conv3d(x, w, None, 1, 1), lambda: (t(1, 2, 3, 3, 2), t(2, 2, 2, 2, 2))),
    ("conv_transpose3d", lambda x, w: F.conv_transpose3d(x, w, None, 2), lambda: (t(1, 2, 2, 2, 2), t(2, 1, 2, 1, 2))),
    ("max_pool3d", lambda x: F.max_pool3d(x, 2, 1), lambda: (t(1, 1, 3, 3, 3),)),
    ("avg_pool1d", lambda x: F.avg_pool1d(x, 3, 2, 1, count_include_pad=False), lambda: (t(1, 2, 6),)),
    ("avg_pool3d", lambda x: F.avg_pool3d(x, 2, 1), lambda: (t(1, 1, 3, 3, 2),)),
    ("local_response_norm", lambda x: F.local_response_norm(x, 2), lambda: (t(1, 4, 3),)),
    ("pad_replicate", lambda x: F.pad(x, (1, 2), mode="replicate"), lambda: (t(1, 2, 3),)),
    ("pad_circular", lambda x: F.pad(x, (1, 1, 2, 0), mode="circular"), lambda: (t(1, 1, 3, 3),)),
    ("smooth_l1", lambda a, b: F.smooth_l1_loss(a, b, beta=0.5), lambda: (t(3, 4), t(3, 4))),
    ("soft_margin", lambda a: F.soft_margin_loss(a, ember.ones(3, 4, dtype=ember.float64)), lambda: (t(3, 4),)),
    ("multilabel_soft_margin", lambda a: F.multilabel_soft_margin_loss(a, (TARGET[:3, None] > 1).double()),
     lambda: (t(3, 4),)),
    ("hinge_embedding", lambda a: F.hinge_embedding_loss(a, SIGN3), lambda: (t(3),)),
    ("cosine_embedding", lambda a, b: F.cosine_embedding_loss(a, b, SIGN3, margin=0.1), lambda: (t(3, 4), t(3, 4))),
    ("margin_ranking", lambda a, b: F.margin_ranking_loss(a, b, SIGN3, margin=0.1), lambda: (t(3), t(3))),
    ("poisson_nll", lambda a, b: F.poisson_nll_loss(a, b, full=True), lambda: (t(3, 4), t(3, 4, positive=True))),
    ("cross_entropy_probs", lambda a, p: F.cross_entropy(a, p, label_smoothing=0.2),
     lambda: (t(3, 4), t(3, 4, positive=True))),
] + [
    (name, getattr(F, name), lambda: (t(3, 4),))
    for name in ("elu", "selu", "celu", "gelu", "silu", "mish", "softplus", "hardtanh", "hardswish", "hardsigmoid",
                 "tanhshrink", "softshrink", "hardshrink", "leaky_relu", "relu6")
] + [(name, lambda x, name=name: getattr(F, name)(x, 1), lambda: (t(3, 4),)) for name in ("log_softmax", "softmax")]  # fmt: skip


@pytest.mark.parametrize("fn, make", [(f, m) for _, f, m in CASES], ids=[n for n, _, _ in CASES])
def test_gradcheck(fn, make):
    assert gradcheck(fn, make(), eps=1e-6, atol=1e-5, rtol=1e-3)


GRADGRAD = [
    ("max_pool2d", lambda x: F.max_pool2d(x, 2, 1), lambda: (t(1, 2, 3, 3),)),
    ("conv2d", lambda x, w, b: F.conv2d(x, w, b, 2, 1), lambda: (t(1, 2, 4, 4), t(3, 2, 3, 3), t(3))),
    ("layer_norm", lambda x, w, b: F.layer_norm(x, (4,), w, b), lambda: (t(3, 4), t(4), t(4))),
    ("batch_norm", lambda x, w: F.batch_norm(x, None, None, w, None, True), lambda: (t(4, 3, 2), t(3))),
    (
        "batch_norm_eval",
        lambda x, w: F.batch_norm(x, ember.zeros(3, dtype=ember.float64), ember.ones(3, dtype=ember.float64), w),
        lambda: (t(4, 3), t(3)),
    ),
    ("conv_transpose1d", lambda x, w: F.conv_transpose1d(x, w, None, 2, 1, 1, 2), lambda: (t(1, 4, 3), t(4, 1, 3))),
    ("avg_pool2d", lambda x: F.avg_pool2d(x, 2, 1, 1), lambda: (t(1, 2, 3, 3),)),
    ("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 2), lambda: (t(1, 2, 5),)),
    ("adaptive_max_pool1d", lambda x: F.adaptive_max_pool1d(x, 2), lambda: (t(1, 2, 5),)),
    ("bilinear", lambda x: F.interpolate(x, size=(3, 4), mode="bilinear"), lambda: (t(1, 1, 2, 3),)),
    ("nearest", lambda x: F.interpolate(x, scale_factor=2), lambda: (t(1, 1, 2),)),
    ("unfold", lambda x: F.unfold(x, 2) ** 2, lambda: (t(1, 2, 3, 3),)),
    ("embedding", lambda w: F.embedding(ember.tensor([0, 2, 2]), w, padding_idx=0) ** 2, lambda: (t(3, 2),)),
]


@pytest.mark.parametrize("fn, make", [(f, m) for _, f, m in GRADGRAD], ids=[n for n, _, _ in GRADGRAD])
def test_gradgradcheck_through_the_backward_ops(fn, make):
    # the first backward calls the core's *_backward ops; these differentiate through them
    assert ember.autograd.gradgradcheck(fn, make(), eps=1e-6, atol=1e-5, rtol=1e-3)


def test_rnn_cells_gradcheck():
    from ember import nn

    for cell in (nn.RNNCell(3, 2), nn.LSTMCell(3, 2), nn.GRUCell(3, 2)):
        cell = cell.double()
        params = list(cell.parameters())

        names = tuple(n for n, _ in cell.named_parameters())

        def fn(x, *ps, cell=cell, names=names):
            for name, p in zip(names, ps, strict=True):
                cell._parameters[name] = p
            out = cell(x)
            return out[0] if isinstance(out, tuple) else out

        assert gradcheck(fn, (t(2, 3), *[ember.tensor(p.detach().numpy(), requires_grad=True) for p in params]))
