"""linear, bilinear, dropout family, embedding, padding and distances."""

import ember
from ember import _C

_addmm = ember.addmm


def linear(input, weight, bias=None):
    """``input @ weight.T + bias``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.linear(ember.tensor([[1.0, 2.0]]), ember.tensor([[1.0, 1.0], [0.0, 1.0]]), ember.tensor([0.5, 0.5]))
    tensor([[3.5000, 2.5000]])
    """
    if input.ndim == 2 and weight.ndim == 2 and input.shape[1] == weight.shape[1]:
        # the common case as one recorded product: bias + input @ weight.T (its formula gives all three grads)
        return input.matmul(weight.t()) if bias is None else _addmm(bias, input, weight.t())
    if input.ndim == 0:
        raise RuntimeError("linear: input must be at least 1-D, got a 0-d tensor")
    if input.shape[-1] != weight.shape[-1]:
        raise RuntimeError(
            f"linear: input of shape {list(input.shape)} cannot be multiplied by weight of shape "
            f"{list(weight.shape)} (expected input.shape[-1] == {weight.shape[-1]})"
        )
    if weight.ndim == 1:
        out = (input * weight).sum(-1)
        return out if bias is None else out + bias
    if input.ndim == 1:
        out = weight.matmul(input)
        return out if bias is None else out + bias
    lead = input.shape[:-1]
    x = input.reshape(-1, input.shape[-1])
    out = x.matmul(weight.t()) if bias is None else _addmm(bias, x, weight.t())
    return out.reshape(*lead, weight.shape[0])


def bilinear(input1, input2, weight, bias=None):
    # y_o = sum_ij x1_i W_oij x2_j: (N, i) @ (i, o*j) then times x2 over j
    """``input1 @ weight @ input2 + bias`` for each output feature.

    Example:

    >>> import ember.nn.functional as F
    >>> F.bilinear(ember.tensor([[1.0, 2.0]]), ember.tensor([[3.0]]), ember.ones(1, 2, 1))
    tensor([[9.]])
    """
    out_f, in1, in2 = weight.shape
    if input1.shape[-1] != in1 or input2.shape[-1] != in2:
        raise RuntimeError(
            f"bilinear: input1 and input2 must have {in1} and {in2} features, got {input1.shape[-1]} and "
            f"{input2.shape[-1]}"
        )
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    t = x1.matmul(weight.permute(1, 0, 2).reshape(in1, out_f * in2)).reshape(-1, out_f, in2)
    out = (t * x2.unsqueeze(1)).sum(-1)
    if bias is not None:
        out = out + bias
    return out.reshape(*lead, out_f)


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def dropout(input, p=0.5, training=True, inplace=False):
    """In training, zeroes each element with probability ``p`` and scales the others by ``1 / (1 - p)``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.dropout(ember.ones(3), p=0.5, training=False)
    tensor([1., 1., 1.])
    """
    _check_p(p)
    if not training or p == 0.0:
        return input
    if p == 1.0:
        out = input * 0
    else:
        mask = ember.empty_like(input).bernoulli_(1 - p)
        out = input * mask * (1.0 / (1 - p))
    return input.copy_(out) if inplace else out


def _feature_dropout(input, p, training, inplace, batched_ndim, name):
    _check_p(p)
    if input.ndim not in (batched_ndim, batched_ndim - 1):
        raise RuntimeError(
            f"{name}: Expected {batched_ndim - 1}D or {batched_ndim}D input, but received a {input.ndim}D input."
        )
    if not training or p == 0.0:
        return input
    shape = list(input.shape[: input.ndim - batched_ndim + 2]) + [1] * (batched_ndim - 2)
    mask = ember.empty(shape, dtype=input.dtype, device=input.device).bernoulli_(1 - p)
    out = input * mask * (1.0 / (1 - p)) if p < 1 else input * 0
    return input.copy_(out) if inplace else out


def dropout1d(input, p=0.5, training=True, inplace=False):
    """In training, zeroes whole channels of ``(N, C, L)`` input with probability ``p``.

    Example:

    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> F.dropout1d(ember.ones(1, 4, 2), 0.5).sum(-1)
    tensor([[0., 0., 4., 4.]])
    """
    return _feature_dropout(input, p, training, inplace, 3, "dropout1d")


def dropout2d(input, p=0.5, training=True, inplace=False):
    """In training, zeroes whole channels of ``(N, C, H, W)`` input with probability ``p``.

    Example:

    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> F.dropout2d(ember.ones(1, 4, 2, 2), 0.5).sum((-2, -1))
    tensor([[0., 0., 8., 8.]])
    """
    return _feature_dropout(input, p, training, inplace, 4, "dropout2d")


def dropout3d(input, p=0.5, training=True, inplace=False):
    """In training, zeroes whole channels of ``(N, C, D, H, W)`` input with probability ``p``.

    Example:

    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> F.dropout3d(ember.ones(1, 4, 1, 2, 2), 0.5).sum((-3, -2, -1))
    tensor([[0., 0., 8., 8.]])
    """
    return _feature_dropout(input, p, training, inplace, 5, "dropout3d")


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout that keeps the mean and variance of SELU activations.

    Example:

    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> F.alpha_dropout(ember.ones(2, 3), 0.5, training=True).shape
    ember.Size([2, 3])
    >>> F.alpha_dropout(ember.ones(3), 0.5)
    tensor([1., 1., 1.])
    """
    _check_p(p)
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * 0
    alpha_p = -_SELU_ALPHA * _SELU_SCALE
    keep = ember.empty_like(input).bernoulli_(1 - p)
    a = ((1 - p) * (1 + p * alpha_p**2)) ** -0.5
    b = -a * alpha_p * p
    out = (input * keep + alpha_p * (1 - keep)) * a + b
    return input.copy_(out) if inplace else out


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels.

    Example:

    >>> import ember.nn.functional as F
    >>> _ = ember.manual_seed(0)
    >>> F.feature_alpha_dropout(ember.ones(1, 4, 3), 0.5, training=True).shape
    ember.Size([1, 4, 3])
    >>> F.feature_alpha_dropout(ember.ones(3), 0.5)
    tensor([1., 1., 1.])
    """
    _check_p(p)
    if not training or p == 0.0:
        return input
    alpha_p = -_SELU_ALPHA * _SELU_SCALE
    keep = ember.empty(
        list(input.shape[:2]) + [1] * (input.ndim - 2), dtype=input.dtype, device=input.device
    ).bernoulli_(1 - p)
    a = ((1 - p) * (1 + p * alpha_p**2)) ** -0.5
    b = -a * alpha_p * p
    out = (input * keep + alpha_p * (1 - keep)) * a + b
    return input.copy_(out) if inplace else out


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False):
    """Rows of ``weight`` picked by the integer ``input`` (``padding_idx`` rows get no gradient).

    Example:

    >>> import ember.nn.functional as F
    >>> F.embedding(ember.tensor([2, 0]), ember.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]))
    tensor([[2., 2.],
            [0., 0.]])
    """
    if input.dtype not in (ember.int64, ember.int32):
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; "
            f"but got {input.type()} instead (while checking arguments for embedding)"
        )
    n = weight.shape[0]
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < n, "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -n, "Padding_idx must be within num_embeddings"
            padding_idx = n + padding_idx
    if input.numel() and (int(input.max()) >= n or int(input.min()) < 0):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        with ember.no_grad():
            idx = input.reshape(-1)
            rows = weight.index_select(0, idx)
            norms = rows.norm(norm_type, 1, keepdim=True)
            scale = ember.where(norms > max_norm, max_norm / (norms + 1e-7), ember.ones_like(norms))
            weight.index_copy_(0, idx, rows * scale)
    # the native op leaves the padding row out of the gradient (its formula calls embedding_dense_backward)
    return ember.embedding(weight, input, -1 if padding_idx is None else padding_idx, scale_grad_by_freq, sparse)


def one_hot(tensor, num_classes=-1):
    """One-hot encodes integer class indices into a new last dimension of ``num_classes``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.one_hot(ember.tensor([0, 2, 1]), num_classes=3)
    tensor([[1, 0, 0],
            [0, 0, 1],
            [0, 1, 0]])
    """
    if tensor.dtype != ember.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        num_classes = int(tensor.max()) + 1 if tensor.numel() else 0
    if tensor.numel() and (int(tensor.min()) < 0 or int(tensor.max()) >= num_classes):
        raise RuntimeError(
            "Class values must be smaller than num_classes."
            if tensor.numel() and int(tensor.min()) >= 0
            else "Class values must be non-negative."
        )
    out = ember.zeros(*tensor.shape, num_classes, dtype=ember.int64, device=tensor.device)
    return out.scatter(-1, tensor.unsqueeze(-1), 1)


def _cpad(x, pads, value=0):
    """Constant padding through the core's recorded `pad` op (constant_pad_nd is not recorded).

    pad's gradient formula handles a zero fill only, so another fill is added as a constant border."""
    if value != 0 and x.requires_grad:
        return _C.pad(x, list(pads), "constant", 0) + _C.pad(
            ember.zeros_like(x.detach()), list(pads), "constant", value
        )
    return _C.pad(x, list(pads), "constant", value)


def pad(input, pad, mode="constant", value=None):
    """Pads with ``mode`` ``'constant'``, ``'reflect'``, ``'replicate'`` or ``'circular'``; ``pad`` lists (before,
    after) from the last dim backwards.

    Example:

    >>> import ember.nn.functional as F
    >>> F.pad(ember.tensor([[1, 2]]), (1, 1))
    tensor([[0, 1, 2, 0]])
    >>> F.pad(ember.tensor([[[1.0, 2.0, 3.0]]]), (2, 0), mode='reflect')
    tensor([[[3., 2., 1., 2., 3.]]])
    """
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.ndim:
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension")
    if mode == "constant":
        return _cpad(input, list(pad), 0 if value is None else value)
    return _C.pad(input, list(pad), mode)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The ``p``-norm of ``x1 - x2 + eps`` along the last dimension.

    Example:

    >>> import ember.nn.functional as F
    >>> F.pairwise_distance(ember.tensor([[0.0, 0.0]]), ember.tensor([[3.0, 4.0]]))
    tensor([5.0000])
    """
    return (x1 - x2 + eps).norm(p, -1, keepdim=keepdim)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.cosine_similarity(ember.tensor([[1.0, 0.0]]), ember.tensor([[1.0, 1.0]]))
    tensor([0.7071])
    """
    shape = ember.broadcast_shapes(x1.shape, x2.shape)
    x1, x2 = x1.expand(shape), x2.expand(shape)
    n1 = x1.norm(2, dim, keepdim=True).clamp_min(eps)
    n2 = x2.norm(2, dim, keepdim=True).clamp_min(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


def pdist(input, p=2.0):
    """The ``p``-norm distance between each pair of rows of ``input`` (the upper triangle, flattened).

    Example:

    >>> import ember.nn.functional as F
    >>> F.pdist(ember.tensor([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0]]))
    tensor([ 5., 10.,  5.])
    """
    n = input.shape[0]
    i, j = ember.triu_indices(n, n, 1)
    return (input.index_select(0, i) - input.index_select(0, j)).norm(p, -1)


__all__ = [
    "alpha_dropout",
    "bilinear",
    "cosine_similarity",
    "dropout",
    "dropout1d",
    "dropout2d",
    "dropout3d",
    "embedding",
    "feature_alpha_dropout",
    "linear",
    "one_hot",
    "pad",
    "pairwise_distance",
    "pdist",
]
