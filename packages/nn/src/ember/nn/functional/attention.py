"""scaled_dot_product_attention and multi_head_attention_forward."""

import math

import ember
from ember.nn.functional._matmul import bmm
from ember.nn.functional.linear import _cpad, dropout, linear


def _as_additive_mask(mask, dtype):
    """A boolean mask (True = attend) as 0/-inf, a float mask as it is."""
    if mask is None:
        return None
    if mask.dtype == ember.bool:
        return ember.zeros(mask.shape, dtype=dtype, device=mask.device).masked_fill(mask.logical_not(), float("-inf"))
    return mask


def _causal_mask(L, S, like):
    """Additive (1, L, S) mask: query i attends keys 0..i (the top-left aligned causal mask of PyTorch's SDPA)."""
    allowed = ember.ones(L, S, dtype=ember.bool, device=like.device).tril()
    return _as_additive_mask(allowed, like.dtype).unsqueeze(0)


def scaled_dot_product_attention(
    query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False
):
    """``softmax(query @ key.T * scale + mask) @ value``, with optional causal masking and dropout.

    Example:

    >>> import ember.nn.functional as F
    >>> q = k = ember.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    >>> v = ember.tensor([[[1.0, 2.0], [3.0, 4.0]]])
    >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)
    tensor([[[1.0000, 2.0000],
             [2.3395, 3.3395]]])
    """
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    L, S = query.shape[-2], key.shape[-2]
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    if enable_gqa and key.shape[-3] != query.shape[-3]:
        rep = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(rep, -3)
        value = value.repeat_interleave(rep, -3)
    lead = ember.broadcast_shapes(query.shape[:-2], key.shape[:-2])
    q = query.expand(*lead, L, query.shape[-1])
    k = key.expand(*lead, S, key.shape[-1])
    v = value.expand(*lead, S, value.shape[-1])
    scores = bmm(q * scale, k.transpose(-2, -1))
    if is_causal:
        causal = ember.ones(L, S, dtype=ember.bool, device=scores.device).tril()
        scores = scores.masked_fill(causal.logical_not(), float("-inf"))
    mask = _as_additive_mask(attn_mask, scores.dtype)
    if mask is not None:
        scores = scores + mask
    weights = scores.softmax(-1)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    return bmm(weights, v)


def _in_projection(query, key, value, in_proj_weight, in_proj_bias, q_w, k_w, v_w, b_q, b_k, b_v):
    if in_proj_weight is not None:
        w_q, w_k, w_v = in_proj_weight.chunk(3)
        if in_proj_bias is not None:
            b_q, b_k, b_v = in_proj_bias.chunk(3)
        else:
            b_q = b_k = b_v = None
        if key is value and query is key:
            return linear(query, in_proj_weight, in_proj_bias).chunk(3, -1)
    else:
        w_q, w_k, w_v = q_w, k_w, v_w
    return linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)


def multi_head_attention_forward(
    query,
    key,
    value,
    embed_dim_to_check,
    num_heads,
    in_proj_weight,
    in_proj_bias,
    bias_k,
    bias_v,
    add_zero_attn,
    dropout_p,
    out_proj_weight,
    out_proj_bias,
    training=True,
    key_padding_mask=None,
    need_weights=True,
    attn_mask=None,
    use_separate_proj_weight=False,
    q_proj_weight=None,
    k_proj_weight=None,
    v_proj_weight=None,
    static_k=None,
    static_v=None,
    average_attn_weights=True,
    is_causal=False,
):
    """Inputs are (L, N, E) or unbatched (L, E), as in PyTorch.

    Example:

    >>> import ember.nn as nn
    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> mha = nn.MultiheadAttention(4, 2)
    >>> x = ember.ones(3, 1, 4)
    >>> out, weights = F.multi_head_attention_forward(x, x, x, 4, 2, mha.in_proj_weight, mha.in_proj_bias,
    ...     None, None, False, 0.0, mha.out_proj.weight, mha.out_proj.bias)
    >>> out.shape, weights.shape
    (ember.Size([3, 1, 4]), ember.Size([1, 3, 3]))
    """
    batched = query.ndim == 3
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer module method "
            "`generate_square_subsequent_mask` to create this mask."
        )
    # Without a padding mask or weights to return, the hint wins over the mask's values (PyTorch then calls the
    # causal kernel), so the mask is replaced by the causal one over all keys, added below.
    causal_hint = is_causal and key_padding_mask is None and not need_weights
    if causal_hint:
        attn_mask = None
    if use_separate_proj_weight:
        biases = in_proj_bias.chunk(3) if in_proj_bias is not None else (None, None, None)
        q, k, v = _in_projection(query, key, value, None, None, q_proj_weight, k_proj_weight, v_proj_weight, *biases)
    else:
        q, k, v = _in_projection(query, key, value, in_proj_weight, in_proj_bias, None, None, None, None, None, None)
    if attn_mask is not None and attn_mask.dtype == ember.bool:  # here True means "may not attend"
        attn_mask = attn_mask.logical_not()
    attn_mask = _as_additive_mask(attn_mask, q.dtype)
    if attn_mask is not None and attn_mask.ndim == 2:
        attn_mask = attn_mask.unsqueeze(0)
    if bias_k is not None and bias_v is not None:
        k = ember.cat([k, bias_k.expand(1, bsz, embed_dim)])
        v = ember.cat([v, bias_v.expand(1, bsz, embed_dim)])
        if attn_mask is not None:
            attn_mask = _cpad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = _cpad(key_padding_mask, (0, 1))
    # (L, N, E) -> (N * H, L, D)
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = static_k if static_k is not None else k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    v = static_v if static_v is not None else v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    if add_zero_attn:
        k = ember.cat([k, ember.zeros(bsz * num_heads, 1, head_dim, dtype=k.dtype, device=k.device)], 1)
        v = ember.cat([v, ember.zeros(bsz * num_heads, 1, head_dim, dtype=v.dtype, device=v.device)], 1)
        if attn_mask is not None:
            attn_mask = _cpad(attn_mask, (0, 1))
        if key_padding_mask is not None:
            key_padding_mask = _cpad(key_padding_mask, (0, 1))
    src_len = k.shape[1]
    if key_padding_mask is not None:
        kpm = _as_additive_mask(key_padding_mask.logical_not() if key_padding_mask.dtype == ember.bool
                                else key_padding_mask, q.dtype)  # fmt: skip
        kpm = kpm.reshape(bsz, 1, 1, src_len).expand(bsz, num_heads, 1, src_len).reshape(bsz * num_heads, 1, src_len)
        attn_mask = kpm if attn_mask is None else attn_mask + kpm
    scores = bmm(q * (1.0 / math.sqrt(head_dim)), k.transpose(-2, -1))
    if causal_hint:
        attn_mask = _causal_mask(tgt_len, src_len, q)
    if attn_mask is not None:
        scores = scores + attn_mask
    weights = scores.softmax(-1)
    if training and dropout_p > 0.0:
        weights = dropout(weights, dropout_p, True)
    out = bmm(weights, v)  # (N * H, L, D)
    out = out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
    out = linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, embed_dim)
    if not batched:
        out = out.squeeze(1)
    if not need_weights:
        return out, None
    weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.mean(1)
    if not batched:
        weights = weights.squeeze(0)
    return out, weights
