"""Loss functions of nn.functional, composed of core ops (autograd differentiates them)."""

import math
import warnings

import ember
from ember.nn.functional.linear import pairwise_distance

_REDUCTIONS = ("none", "mean", "sum")


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _check_reduction(reduction, extra=()):
    if reduction not in _REDUCTIONS + tuple(extra):
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _warn_size(input, target):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(
            f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
            "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
            stacklevel=3,
        )


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """The mean (or sum) absolute difference.

    Example:

    >>> import ember.nn.functional as F
    >>> F.l1_loss(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 4.0]))
    tensor(1.)
    """
    _check_reduction(reduction)
    _warn_size(input, target)
    loss = (input - target).abs()
    return _reduce(loss if weight is None else loss * weight, reduction)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """The mean (or sum) squared difference.

    Example:

    >>> import ember.nn.functional as F
    >>> F.mse_loss(ember.tensor([1.0, 2.0]), ember.tensor([1.0, 4.0]))
    tensor(2.)
    """
    _check_reduction(reduction)
    _warn_size(input, target)
    d = input - target
    loss = d * d
    return _reduce(loss if weight is None else loss * weight, reduction)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """Squared error below ``delta``, linear above it (scaled by ``delta``).

    Example:

    >>> import ember.nn.functional as F
    >>> F.huber_loss(ember.tensor([0.0, 0.0]), ember.tensor([0.5, 3.0]))
    tensor(1.3125)
    """
    _check_reduction(reduction)
    _warn_size(input, target)
    d = (input - target).abs()
    loss = ember.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    return _reduce(loss if weight is None else loss * weight, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """Squared error (divided by ``beta``) below ``beta``, absolute error minus ``beta / 2`` above it.

    Example:

    >>> import ember.nn.functional as F
    >>> F.smooth_l1_loss(ember.tensor([0.0, 0.0]), ember.tensor([0.5, 3.0]))
    tensor(1.3125)
    """
    _check_reduction(reduction)
    _warn_size(input, target)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    d = (input - target).abs()
    if beta == 0.0:
        return _reduce(d, reduction)
    return _reduce(ember.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def _flatten_classes(input, target):
    """(N, C, d...) and (N, d...) as (M, C) and (M,); (C,) and () as (1, C) and (1,)."""
    if input.ndim == 1:
        return input.unsqueeze(0), target.reshape(1)
    c = input.shape[1]
    return input.movedim(1, -1).reshape(-1, c), target.reshape(-1)


def _check_nll_shapes(input, target):
    if input.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {input.ndim})")
    if input.ndim >= 2 and target.ndim >= 1 and input.shape[0] != target.shape[0]:
        raise ValueError(
            f"Expected input batch_size ({input.shape[0]}) to match target batch_size ({target.shape[0]})."
        )
    expected = (input.shape[0], *input.shape[2:]) if input.ndim >= 2 else ()
    if tuple(target.shape) != tuple(expected):
        raise RuntimeError(f"Expected target size {list(expected)}, got {list(target.shape)}")


def _check_class_weight(weight, input):
    c = input.shape[1] if input.ndim >= 2 else input.shape[0]
    if weight is not None and (weight.ndim != 1 or weight.shape[0] != c):
        raise RuntimeError(
            f"weight tensor should be defined either for all {c} classes or no classes but got weight tensor of "
            f"shape: {list(weight.shape)}"
        )


def _nll_2d(input, target, ignore_index, reduction):
    """(N, C) without class weights when every target is a class (none ignored): gather and reduce, two
    recorded ops; None where the general path is needed."""
    lo, hi = target.aminmax()
    lo, hi = int(lo), int(hi)
    if lo < 0 or hi >= input.shape[1] or lo <= ignore_index <= hi:
        return None  # out of range (the general path raises naming the target) or maybe ignored
    picked = input.gather(1, target.unsqueeze(1))
    return picked.sum().mul(-1.0 if reduction == "sum" else -1.0 / target.shape[0])


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """The negative log-likelihood of the target classes, given log-probabilities.

    Example:

    >>> import ember.nn.functional as F
    >>> F.nll_loss(ember.tensor([[-0.5, -1.0]]), ember.tensor([1]))
    tensor(1.)
    """
    _check_reduction(reduction)
    if target.dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype}")
    _check_nll_shapes(input, target)
    _check_class_weight(weight, input)
    if input.ndim == 2 and weight is None and reduction != "none" and target.numel():
        fast = _nll_2d(input, target, ignore_index, reduction)
        if fast is not None:
            return fast
    x, t = _flatten_classes(input, target)
    c = x.shape[1]
    keep = t != ignore_index
    safe = ember.where(keep, t, ember.zeros_like(t))
    if t.numel():
        bad = (safe < 0) | (safe >= c)
        if bool(bad.any()):
            raise IndexError(f"Target {int(t[bad.nonzero()[0, 0]])} is out of bounds.")
    picked = x.gather(1, safe.unsqueeze(1)).squeeze(1)
    w = keep.to(x.dtype) if weight is None else weight.index_select(0, safe) * keep.to(x.dtype)
    loss = -picked * w
    if reduction == "none":
        return loss.reshape(target.shape)
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / w.sum()


def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index=-100,
    reduce=None,
    reduction="mean",
    label_smoothing=0.0,
):
    """Cross-entropy between logits and class indices (or probabilities), with optional weights and label smoothing.

    Example:

    >>> import ember.nn.functional as F
    >>> logits = ember.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    >>> F.cross_entropy(logits, ember.tensor([0, 2]))
    tensor(0.6691)
    >>> F.cross_entropy(logits, ember.tensor([0, 2]), reduction='none')
    tensor([0.2395, 1.0986])
    """
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    _check_class_weight(weight, input)
    class_dim = 0 if input.ndim == 1 else 1
    logp = input.log_softmax(class_dim)
    c = input.shape[class_dim]
    if target.dtype.is_floating_point:  # class probabilities
        if tuple(target.shape) != tuple(input.shape):
            raise RuntimeError(f"Expected target size {list(input.shape)}, got {list(target.shape)}")
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / c
        prod = logp * target
        if weight is not None:
            prod = prod * weight.reshape([c] + [1] * (input.ndim - class_dim - 1))
        loss = -prod.sum(class_dim)
        if reduction == "mean":
            return loss.sum() / (loss.numel() if input.ndim > 1 else 1)
        return _reduce(loss, reduction)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0.0:
        return nll
    x, t = _flatten_classes(logp, target)
    keep = (t != ignore_index).to(x.dtype)
    smooth = -(x if weight is None else x * weight).sum(1) * keep
    if reduction == "none":
        smooth = smooth.reshape(target.shape)
    elif reduction == "sum":
        smooth = smooth.sum()
    else:
        safe = ember.where(t != ignore_index, t, ember.zeros_like(t))
        denom = keep.sum() if weight is None else (weight.index_select(0, safe) * keep).sum()
        smooth = smooth.sum() / denom
    return nll * (1 - label_smoothing) + smooth * (label_smoothing / c)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Binary cross-entropy between probabilities and targets in ``[0, 1]``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.binary_cross_entropy(ember.tensor([0.5, 0.9]), ember.tensor([1.0, 1.0]))
    tensor(0.3993)
    """
    _check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(
            f"Using a target size ({target.shape}) that is different to the input size ({input.shape}) is deprecated. "
            "Please ensure they have the same size."
        )
    if input.numel() and (bool((input < 0).any()) or bool((input > 1).any())):
        raise RuntimeError("all elements of input should be between 0 and 1")
    if target.numel() and (bool((target < 0).any()) or bool((target > 1).any())):
        raise RuntimeError("all elements of target should be between 0 and 1")
    loss = -(target * input.log().clamp_min(-100) + (1 - target) * (1 - input).log().clamp_min(-100))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(
    input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None
):
    """Binary cross-entropy on logits (a sigmoid included, without overflow).

    Example:

    >>> import ember.nn.functional as F
    >>> F.binary_cross_entropy_with_logits(ember.tensor([0.0, 2.0]), ember.tensor([1.0, 1.0]))
    tensor(0.4100)
    """
    _check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    # log(1 + exp(-|x|)) + max(-x, 0) is log(1 + exp(-x)) without overflow
    softplus_neg = (-input.abs()).exp().log1p() + (-input).clamp_min(0)
    if pos_weight is not None:
        loss = (1 - target) * input + (1 + (pos_weight - 1) * target) * softplus_neg
    else:
        loss = (1 - target) * input + softplus_neg
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """The Kullback-Leibler divergence of ``target`` from ``input`` (log-probabilities).

    Example:

    >>> import ember.nn.functional as F
    >>> F.kl_div(ember.log(ember.tensor([0.5, 0.5])), ember.tensor([0.5, 0.5]), reduction='sum')
    tensor(0.)
    """
    _check_reduction(reduction, ("batchmean",))
    if log_target:
        loss = target.exp() * (target - input)
    else:
        # xlogy: 0 where target is 0
        safe = ember.where(target > 0, target, ember.ones_like(target))
        loss = ember.where(target > 0, target * (safe.log() - input), -target * input * 0)
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    if reduction == "mean":
        warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support size."
            "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
            "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
            stacklevel=2,
        )
    return _reduce(loss, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """The two-class logistic loss ``log(1 + exp(-target * input))``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.soft_margin_loss(ember.tensor([0.0, 2.0]), ember.tensor([1.0, -1.0]))
    tensor(1.4100)
    """
    _check_reduction(reduction)
    return _reduce((-target * input).exp().log1p(), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Binary cross-entropy on logits averaged over the classes (multi-label).

    Example:

    >>> import ember.nn.functional as F
    >>> F.multilabel_soft_margin_loss(ember.tensor([[0.0, 0.0]]), ember.tensor([[1.0, 0.0]]))
    tensor(0.6931)
    """
    _check_reduction(reduction)
    from ember.nn.functional.activation import logsigmoid

    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    loss = loss.sum(-1) / input.shape[-1]
    return _reduce(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Multi-class hinge loss around the target class's score.

    Example:

    >>> import ember.nn.functional as F
    >>> F.multi_margin_loss(ember.tensor([[0.1, 0.8, 0.3]]), ember.tensor([1]))
    tensor(0.2667)
    """
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    x = input if input.ndim == 2 else input.unsqueeze(0)
    t = target.reshape(-1)
    c = x.shape[1]
    if t.numel() and (int(t.min()) < 0 or int(t.max()) >= c):
        raise RuntimeError("target out of range")
    picked = x.gather(1, t.unsqueeze(1))
    m = (margin - picked + x).clamp_min(0)
    if p == 2:
        m = m * m
    if weight is not None:
        m = m * weight.index_select(0, t).unsqueeze(1)
    not_target = ember.ones_like(x).scatter(1, t.unsqueeze(1), 0.0)
    loss = (m * not_target).sum(1) / c
    if input.ndim < 2:
        loss = loss.reshape(target.shape)
    return _reduce(loss, reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """``x`` for targets 1, ``max(0, margin - x)`` for targets -1.

    Example:

    >>> import ember.nn.functional as F
    >>> F.hinge_embedding_loss(ember.tensor([0.3, 0.3]), ember.tensor([1.0, -1.0]))
    tensor(0.5000)
    """
    _check_reduction(reduction)
    zeros = ember.zeros_like(input)
    loss = ember.where(target != 1, (margin - input).clamp_min(0), zeros) + ember.where(target != -1, input, zeros)
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"):
    """Pulls pairs together (target 1) or pushes their cosine below ``margin`` (target -1).

    Example:

    >>> import ember.nn.functional as F
    >>> F.cosine_embedding_loss(ember.tensor([[1.0, 0.0]]), ember.tensor([[0.0, 1.0]]), ember.tensor([1.0]))
    tensor(1.)
    """
    _check_reduction(reduction)
    eps = 1e-12
    dim = input1.ndim - 1
    prod = (input1 * input2).sum(dim)
    m1 = (input1 * input1).sum(dim) + eps
    m2 = (input2 * input2).sum(dim) + eps
    cos = prod / (m1 * m2).sqrt()
    zeros = ember.zeros_like(cos)
    loss = ember.where(target == 1, 1 - cos, zeros) + ember.where(target == -1, (cos - margin).clamp_min(0), zeros)
    return _reduce(loss, reduction)


def margin_ranking_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None, reduction="mean"):
    """``max(0, -target * (input1 - input2) + margin)``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.margin_ranking_loss(ember.tensor([1.0, 2.0]), ember.tensor([2.0, 1.0]), ember.tensor([1.0, 1.0]))
    tensor(0.5000)
    """
    _check_reduction(reduction)
    return _reduce((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def triplet_margin_loss(
    anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None, reduce=None, reduction="mean"
):
    """``max(d(anchor, positive) - d(anchor, negative) + margin, 0)`` with the ``p``-norm distance.

    Example:

    >>> import ember.nn.functional as F
    >>> F.triplet_margin_loss(ember.tensor([[0.0, 0.0]]), ember.tensor([[1.0, 0.0]]), ember.tensor([[3.0, 0.0]]))
    tensor(0.)
    """
    _check_reduction(reduction)
    d_pos = pairwise_distance(anchor, positive, p, eps)
    d_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        d_neg = ember.minimum(d_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce((margin + d_pos - d_neg).clamp_min(0), reduction)


def triplet_margin_with_distance_loss(
    anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False, reduction="mean"
):
    """The triplet margin loss with any ``distance_function``.

    Example:

    >>> import ember.nn.functional as F
    >>> a, p, n = ember.tensor([[0.0, 0.0]]), ember.tensor([[1.0, 0.0]]), ember.tensor([[3.0, 0.0]])
    >>> F.triplet_margin_with_distance_loss(a, p, n)
    tensor(0.)
    >>> l1 = lambda x, y: (x - y).abs().sum(-1)
    >>> F.triplet_margin_with_distance_loss(a, p, n, distance_function=l1, margin=3.0)
    tensor(1.)
    """
    _check_reduction(reduction)
    dist = distance_function or pairwise_distance
    d_pos = dist(anchor, positive)
    d_neg = dist(anchor, negative)
    if swap:
        d_neg = ember.minimum(d_neg, dist(positive, negative))
    return _reduce((margin + d_pos - d_neg).clamp_min(0), reduction)


def poisson_nll_loss(
    input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction="mean"
):
    """The negative log-likelihood of ``target`` under a Poisson distribution of rate ``input`` (or ``exp(input)``).

    Example:

    >>> import ember.nn.functional as F
    >>> F.poisson_nll_loss(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 2.0]))
    tensor(0.8591)
    """
    _check_reduction(reduction)
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        safe = ember.where(target > 1, target, ember.ones_like(target))
        stirling = safe * safe.log() - safe + 0.5 * (2 * math.pi * safe).log()
        loss = loss + ember.where(target > 1, stirling, ember.zeros_like(stirling))
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """The negative log-likelihood of ``target`` under normal distributions of mean ``input`` and variance ``var``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.gaussian_nll_loss(ember.tensor([0.0, 1.0]), ember.tensor([1.0, 1.0]), ember.ones(2))
    tensor(0.2500)
    """
    _check_reduction(reduction)
    if isinstance(var, (int, float)):
        var = ember.full_like(input, var)
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (tuple(input.shape[:-1]) == tuple(var.shape[:-1]) and var.shape[-1] == 1):
            raise ValueError("var is of incorrect size")
    if bool((var < 0).any()):
        raise ValueError("var has negative entry/entries")
    # Clamped for stability; the gradient passes as if unclamped, as in PyTorch.
    var = var + (var.detach().clamp_min(eps) - var.detach())
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cosine_embedding_loss",
    "cross_entropy",
    "gaussian_nll_loss",
    "hinge_embedding_loss",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "margin_ranking_loss",
    "mse_loss",
    "multi_margin_loss",
    "multilabel_soft_margin_loss",
    "nll_loss",
    "poisson_nll_loss",
    "smooth_l1_loss",
    "soft_margin_loss",
    "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
]
