"""ctc_loss: the CTC forward (alpha) recursion in log space over ember ops, vectorised over the batch.

A large negative number stands for log(0): with -inf, logsumexp of an all-impossible
set has a NaN gradient; with -1e30 it stays finite and its weight vanishes.
"""

import ember

_NEG = -1e30


def _lengths(v):
    return [int(x) for x in (v.tolist() if isinstance(v, ember.Tensor) else v)]


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """The connectionist temporal classification loss (log-probabilities of shape ``(T, N, C)``).

    Example:

    >>> import ember.nn.functional as F
    >>> log_probs = ember.full((4, 1, 3), 1 / 3).log()
    >>> F.ctc_loss(log_probs, ember.tensor([[1, 2]]), ember.tensor([4]), ember.tensor([2]))
    tensor(0.8432)
    """
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    batched = log_probs.ndim == 3
    lp = log_probs if batched else log_probs.unsqueeze(1)
    T, N, C = lp.shape
    in_lens, tgt_lens = _lengths(input_lengths), _lengths(target_lengths)
    if len(in_lens) != N or len(tgt_lens) != N:
        raise RuntimeError(f"ctc_loss: expected {N} input and target lengths, got {len(in_lens)} and {len(tgt_lens)}")
    # Per sample target labels, from a (N, S) padded tensor or one concatenated 1-D tensor.
    if targets.ndim == 2 or not batched:
        rows = targets if targets.ndim == 2 else targets.unsqueeze(0)
        labels = [rows[n].tolist()[: tgt_lens[n]] for n in range(N)]
    else:
        flat, labels, offset = targets.tolist(), [], 0
        for n in range(N):
            labels.append(flat[offset : offset + tgt_lens[n]])
            offset += tgt_lens[n]
    for n, lab in enumerate(labels):
        bad = [c for c in lab if not 0 <= c < C or c == blank]
        if bad:
            raise IndexError(
                f"ctc_loss: target {bad[0]} of sample {n} is not a class: expected 0 <= target < {C} (the classes "
                f"of log_probs of shape {tuple(log_probs.shape)}) and not the blank {blank}"
            )
    L = 2 * max(tgt_lens, default=0) + 1
    ext, skip = [], []
    for lab in labels:
        e = [blank]
        for c in lab:
            e += [c, blank]
        s = [False, False] + [i % 2 == 1 and e[i] != e[i - 2] for i in range(2, len(e))]
        ext.append(e + [blank] * (L - len(e)))
        skip.append(s + [False] * (L - len(s)))
    ext = ember.tensor(ext, dtype=ember.int64)
    skip = ember.tensor(skip)
    neg = ember.full((N, L), _NEG, dtype=lp.dtype, device=lp.device)
    col = ember.full((N, 1), _NEG, dtype=lp.dtype, device=lp.device)
    col2 = ember.full((N, 2), _NEG, dtype=lp.dtype, device=lp.device)
    start = ember.zeros(N, L, dtype=ember.bool)
    start[:, :2] = True
    emit0 = lp.select(0, 0).gather(1, ext)
    alpha = ember.where(start, emit0, neg)
    in_t = ember.tensor(in_lens, dtype=ember.int64).unsqueeze(1)
    for t in range(1, T):
        prev1 = ember.cat([col, alpha.narrow(1, 0, L - 1)], 1)
        prev2 = ember.where(skip, ember.cat([col2, alpha.narrow(1, 0, L - 2)], 1), neg) if L > 2 else neg
        step = ember.stack([alpha, prev1, prev2]).logsumexp(0) + lp.select(0, t).gather(1, ext)
        alpha = ember.where(in_t > t, step, alpha)
    ends = ember.tensor([[2 * n, max(2 * n - 1, 0)] for n in tgt_lens], dtype=ember.int64)
    last = alpha.gather(1, ends)
    same = ember.tensor([[False, n == 0] for n in tgt_lens])  # an empty target ends at position 0 only
    loss = -ember.where(same, ember.full_like(last, _NEG), last).logsumexp(1)
    if zero_infinity:
        loss = ember.where(loss > 1e29, ember.zeros_like(loss), loss)
    if reduction == "none":
        return loss if batched else loss.squeeze(0)
    if reduction == "sum":
        return loss.sum()
    denom = ember.tensor([max(n, 1) for n in tgt_lens], dtype=lp.dtype, device=lp.device)
    return (loss / denom).mean()
