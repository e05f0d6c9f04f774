"""SparseAdam: a name PyTorch users reach for, kept only to say why it can't work."""

from .optimizer import Optimizer


class SparseAdam(Optimizer):
    """Not available: PyTorch's SparseAdam steps on sparse gradients, and ember has
    no sparse tensors. Adam runs the same rule over dense gradients.

    Example:

    >>> w = ember.zeros(2, requires_grad=True)
    >>> ember.optim.SparseAdam([w])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    NotImplementedError: ember.optim.SparseAdam is not available: ember has no sparse tensors ...
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False):
        raise NotImplementedError(
            "ember.optim.SparseAdam is not available: ember has no sparse tensors (so no sparse "
            "gradients for it to step on); use ember.optim.Adam, which applies the same rule to dense gradients"
        )
