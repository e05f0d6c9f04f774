"""Shape functions whose native binding can't be used as is: constant_pad_nd is
not recorded for autograd, and meshgrid's missing-indexing warning names torch.
Both go through the recorded native ops."""

import warnings

from ember import _C

_pad = _C.pad  # recorded
_meshgrid = _C.meshgrid  # recorded


def constant_pad_nd(input, pad, value=0):
    """Pads input with value: pad holds (before, after) pairs from the last dim back.

    >>> ember.constant_pad_nd(ember.tensor([1, 2]), (1, 2), 9)
    tensor([9, 1, 2, 9, 9])
    """
    if value != 0 and input.requires_grad and _C.is_grad_enabled():
        # pad's gradient formula runs pad on element numbers, where a fill other
        # than 0 would read as one: pad with 0, then write the fill outside.
        inside = _pad(input.new_ones(input.shape, dtype=_C.bool), pad, "constant", False)
        return _C.where(inside, _pad(input, pad, "constant", 0), value)
    return _pad(input, pad, "constant", value)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors: indexing "ij" (the default; a warning says to pass it) or "xy".

    >>> ember.meshgrid(ember.tensor([1, 2]), ember.tensor([3, 4, 5]), indexing="ij")[1]
    tensor([[3, 4, 5],
            [3, 4, 5]])
    """
    if indexing is None:
        warnings.warn(
            "ember.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    return _meshgrid(*tensors, indexing=indexing)
