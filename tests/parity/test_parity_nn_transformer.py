"""The Transformer stack's is_causal hints and masks against torch: same weights, same outputs and gradients.

A hint with a mask: the mask is used where weights or a padding mask are involved, else the hint wins (torch then
runs the causal kernel, whatever the mask says); a hint without a mask raises; a stack given exactly the causal
mask detects it."""

import numpy as np
import pytest
from oracle import torch
from test_parity_nn_layers import check

import ember
import ember.nn as enn

tnn = torch.nn
rng = np.random.default_rng(1)
L = 5
CAUSAL = tnn.Transformer.generate_square_subsequent_mask(L, dtype=torch.float64)
ZERO = torch.zeros(L, L, dtype=torch.float64)  # not causal: with the hint it must be overridden, or used
PAD = torch.zeros(2, L, dtype=torch.float64)  # additive, as the masks (torch warns on mixed kinds)
PAD[0, -1] = float("-inf")  # the first sample's last key is padding


def x(*shape):
    return rng.standard_normal(shape)


def mha(m):
    return m.MultiheadAttention(8, 2, batch_first=True)


def enc_layer(m, **kw):
    return m.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True, **kw)


def dec_layer(m, **kw):
    return m.TransformerDecoderLayer(8, 2, 16, dropout=0.0, batch_first=True, **kw)


def encoder(m):
    return m.TransformerEncoder(enc_layer(m), 2, m.LayerNorm(8), enable_nested_tensor=False)


def decoder(m):
    return m.TransformerDecoder(dec_layer(m), 2, m.LayerNorm(8))


def transformer(m):
    return m.Transformer(8, 2, 1, 2, 16, dropout=0.0, batch_first=True)


S, T, M = x(2, L, 8), x(2, L, 8), x(2, L, 8)
CASES = [
    ("mha_mask_and_hint_with_weights", mha, [S, S, S], dict(attn_mask=CAUSAL, is_causal=True)),
    ("mha_hint_wins_over_mask", mha, [S, S, S], dict(attn_mask=ZERO, is_causal=True, need_weights=False)),
    ("mha_hint_with_padding_uses_mask", mha, [S, S, S],
     dict(attn_mask=ZERO, is_causal=True, need_weights=False, key_padding_mask=PAD)),
    ("mha_hint_weights_uses_mask", mha, [S, S, S], dict(attn_mask=ZERO, is_causal=True)),
    ("encoder_layer_hint", enc_layer, [S], dict(src_mask=ZERO, is_causal=True)),
    ("encoder_layer_norm_first_hint", lambda m: enc_layer(m, norm_first=True), [S],
     dict(src_mask=ZERO, is_causal=True)),
    ("encoder_layer_causal_mask", enc_layer, [S], dict(src_mask=CAUSAL)),
    ("encoder_hint", encoder, [S], dict(mask=ZERO, is_causal=True)),
    ("encoder_detects_causal_mask", encoder, [S], dict(mask=CAUSAL)),
    ("encoder_padding", encoder, [S], dict(mask=CAUSAL, src_key_padding_mask=PAD)),
    ("decoder_layer_hints", dec_layer, [T, M], dict(tgt_mask=ZERO, tgt_is_causal=True, memory_mask=ZERO,
                                                    memory_is_causal=True)),
    ("decoder_layer_norm_first_hints", lambda m: dec_layer(m, norm_first=True), [T, M],
     dict(tgt_mask=ZERO, tgt_is_causal=True)),
    ("decoder_hint", decoder, [T, M], dict(tgt_mask=ZERO, tgt_is_causal=True)),
    ("decoder_detects_causal_mask", decoder, [T, M], dict(tgt_mask=CAUSAL, memory_key_padding_mask=PAD)),
    ("transformer_hints", transformer, [S, T], dict(src_mask=ZERO, src_is_causal=True, tgt_mask=ZERO,
                                                    tgt_is_causal=True)),
    ("transformer_masks", transformer, [S, T], dict(src_mask=CAUSAL, tgt_mask=CAUSAL, memory_mask=ZERO,
                                                    src_key_padding_mask=PAD, tgt_key_padding_mask=PAD)),
]  # fmt: skip


@pytest.mark.parametrize("train", [True, False], ids=["train", "eval"])
@pytest.mark.parametrize("make, inputs, kwargs", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_masks_and_causal_hints_match_torch(make, inputs, kwargs, train):
    torch.manual_seed(0)
    t_mod, e_mod = make(tnn), make(enn)
    check(e_mod, t_mod, *inputs, train=train, kwargs=kwargs)


NO_MASK = [
    ("mha", mha, [S, S, S], dict(is_causal=True)),
    ("encoder_layer", enc_layer, [S], dict(is_causal=True)),
    ("encoder", encoder, [S], dict(is_causal=True)),
    ("decoder_layer_tgt", dec_layer, [T, M], dict(tgt_is_causal=True)),
    ("decoder_layer_memory", dec_layer, [T, M], dict(memory_is_causal=True)),
    ("decoder", decoder, [T, M], dict(tgt_is_causal=True)),
    ("transformer_src", transformer, [S, T], dict(src_is_causal=True)),
    ("transformer_tgt", transformer, [S, T], dict(tgt_is_causal=True)),
]


@pytest.mark.parametrize("make, inputs, kwargs", [c[1:] for c in NO_MASK], ids=[c[0] for c in NO_MASK])
def test_causal_hint_without_mask_raises_like_torch(make, inputs, kwargs):
    t_mod, e_mod = make(tnn), make(enn)
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint") as t_err:
        t_mod(*(torch.tensor(v, dtype=torch.float32) for v in inputs), **kwargs)
    with pytest.raises(RuntimeError) as e_err:
        e_mod(*(ember.tensor(v, dtype=ember.float32) for v in inputs), **kwargs)
    assert str(e_err.value) == str(t_err.value)


@pytest.mark.parametrize("src, tgt", [(x(2, L, 8), x(1, L, 8)), (x(2, L, 4), x(2, L, 4))], ids=["batch", "features"])
def test_transformer_rejects_mismatched_src_and_tgt_like_torch(src, tgt):
    t_mod, e_mod = transformer(tnn), transformer(enn)
    with pytest.raises(RuntimeError) as t_err:
        t_mod(torch.tensor(src, dtype=torch.float32), torch.tensor(tgt, dtype=torch.float32))
    with pytest.raises(RuntimeError) as e_err:
        e_mod(ember.tensor(src, dtype=ember.float32), ember.tensor(tgt, dtype=ember.float32))
    assert str(e_err.value) == str(t_err.value)
