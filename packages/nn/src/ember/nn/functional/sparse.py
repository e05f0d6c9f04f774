"""embedding_bag: reductions of bags of embedding rows (PyTorch's signature)."""

import ember
from ember.nn.functional.linear import embedding


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):  # fmt: skip
    """Sums, means or maxima of bags of embedding rows: a 2-D ``input`` is one bag per row, a 1-D one is cut into
    bags at ``offsets``.

    Example:

    >>> import ember.nn.functional as F
    >>> weight = ember.arange(12.0).reshape(4, 3)
    >>> F.embedding_bag(ember.tensor([0, 1, 2]), weight, ember.tensor([0, 1]), mode="sum")
    tensor([[ 0.,  1.,  2.],
            [ 9., 11., 13.]])
    """
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' "
            f"(got mode='{mode}'). Please open a feature request on GitHub."
        )
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length "
                f"sequences. However, found offsets of type {type(offsets).__name__}"
            )
        bounds = [(i * input.shape[1], (i + 1) * input.shape[1]) for i in range(input.shape[0])]
        input = input.reshape(-1)
        per_sample_weights = per_sample_weights.reshape(-1) if per_sample_weights is not None else None
    elif input.ndim == 1:
        if offsets is None or offsets.ndim != 1:
            raise ValueError(f"offsets has to be a 1D Tensor but got {None if offsets is None else offsets.ndim}")
        offs = [int(o) for o in offsets.tolist()]
        if not include_last_offset:
            offs.append(input.shape[0])
        bounds = list(zip(offs[:-1], offs[1:], strict=True))
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}")
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    if max_norm is not None:  # renormalises the looked-up rows of weight in place, as embedding does
        embedding(input, weight, None, max_norm, norm_type)
    rows = []
    for start, stop in bounds:
        bag = input[start:stop]
        w = per_sample_weights[start:stop] if per_sample_weights is not None else None
        if padding_idx is not None:
            keep = bag != padding_idx
            bag, w = bag[keep], (w[keep] if w is not None else None)
        if bag.numel() == 0:
            rows.append(ember.zeros(weight.shape[1], dtype=weight.dtype, device=weight.device))
            continue
        vecs = weight.index_select(0, bag)
        if w is not None:
            vecs = vecs * w.unsqueeze(1)
        rows.append({"sum": vecs.sum, "mean": vecs.mean, "max": vecs.amax}[mode](0))
    if not rows:
        return ember.zeros(0, weight.shape[1], dtype=weight.dtype, device=weight.device)
    return ember.stack(rows)
