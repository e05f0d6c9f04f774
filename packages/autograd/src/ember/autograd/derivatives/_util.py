"""Small helpers shared by the formulas."""

import ember
from ember import _C

Tensor = _C.Tensor


def conj(x):
    """The complex conjugate of a complex tensor; real tensors and numbers as they are."""
    if not (isinstance(x, Tensor) and x.dtype.is_complex):
        return x
    parts = ember.view_as_real(x.contiguous())
    sign = ember.tensor([1.0, -1.0], dtype=parts.dtype, device=parts.device)
    return ember.view_as_complex((parts * sign).contiguous())


def mT(x):
    """The last two dims swapped (x itself below two dims)."""
    return x.transpose(-2, -1) if x.dim() >= 2 else x


def is_tensor(x):
    """A tensor argument, saved or seen only as its TensorMeta."""
    from ember.autograd.graph import TensorMeta

    return isinstance(x, Tensor | TensorMeta)
