"""PackedSequence and pad/pack helpers (PyTorch's layout: time-major data, batch_sizes per step)."""

from collections import namedtuple

import ember


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """The data of a batch of variable-length sequences packed time step by time step, with the batch size at each
    step.

    Example:

    >>> import ember.nn as nn
    >>> packed = nn.utils.rnn.pack_sequence([ember.tensor([1.0, 2.0, 3.0]), ember.tensor([4.0, 5.0])])
    >>> packed.data
    tensor([1., 4., 2., 5., 3.])
    >>> packed.batch_sizes
    tensor([2, 2, 1])
    """

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        return type(self)(self.data.to(*args, **kwargs), self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    @property
    def is_cuda(self):
        return False

    def is_pinned(self):
        return False


def _invert(perm):
    out = ember.empty_like(perm)
    return out.scatter(0, perm, ember.arange(perm.numel(), dtype=perm.dtype))


def _lengths_list(lengths):
    return [int(x) for x in (lengths.tolist() if isinstance(lengths, ember.Tensor) else lengths)]


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Packs a padded batch of sequences with the given lengths into a ``PackedSequence``.

    Example:

    >>> import ember.nn as nn
    >>> padded = ember.tensor([[1.0, 4.0], [2.0, 5.0], [3.0, 0.0]])
    >>> packed = nn.utils.rnn.pack_padded_sequence(padded, [3, 2])
    >>> packed.data, packed.batch_sizes
    (tensor([1., 4., 2., 5., 3.]), tensor([2, 2, 1]))
    """
    lengths = _lengths_list(lengths)
    if enforce_sorted:
        if any(lengths[i] < lengths[i + 1] for i in range(len(lengths) - 1)):
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
                "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement "
                "if you do not need ONNX exportability."
            )
        sorted_indices = None
    else:
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        sorted_indices = ember.tensor(order, dtype=ember.int64)
        lengths = [lengths[i] for i in order]
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    if any(n <= 0 for n in lengths):
        raise RuntimeError(
            "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0"
        )
    if batch_first:
        input = input.transpose(0, 1)
    steps = []
    batch_sizes = []
    for t in range(lengths[0]):
        b = sum(1 for n in lengths if n > t)
        batch_sizes.append(b)
        steps.append(input.select(0, t).narrow(0, 0, b))
    return PackedSequence(ember.cat(steps), ember.tensor(batch_sizes, dtype=ember.int64), sorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Unpacks a ``PackedSequence`` into a padded tensor and the sequences' lengths.

    Example:

    >>> import ember.nn as nn
    >>> packed = nn.utils.rnn.pack_sequence([ember.tensor([1.0, 2.0, 3.0]), ember.tensor([4.0])])
    >>> padded, lengths = nn.utils.rnn.pad_packed_sequence(packed, batch_first=True)
    >>> padded
    tensor([[1., 2., 3.],
            [4., 0., 0.]])
    >>> lengths
    tensor([3, 1])
    """
    data, batch_sizes = sequence.data, _lengths_list(sequence.batch_sizes)
    max_batch, steps = batch_sizes[0], len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError(
                "Expected total_length to be at least the length of the longest sequence in input, but got "
                f"total_length={total_length} and max sequence length being {steps}"
            )
        steps_out = total_length
    else:
        steps_out = steps
    rows, offset = [], 0
    for b in batch_sizes:
        chunk = data.narrow(0, offset, b)
        if b < max_batch:
            pad = ember.full((max_batch - b, *data.shape[1:]), padding_value, dtype=data.dtype)
            chunk = ember.cat([chunk, pad])
        rows.append(chunk)
        offset += b
    for _ in range(steps_out - steps):
        rows.append(ember.full((max_batch, *data.shape[1:]), padding_value, dtype=data.dtype))
    out = ember.stack(rows)  # (T, B, *)
    lengths = [sum(1 for b in batch_sizes if b > i) for i in range(max_batch)]
    lengths = ember.tensor(lengths, dtype=ember.int64)
    if sequence.unsorted_indices is not None:
        out = out.index_select(1, sequence.unsorted_indices)
        lengths = lengths.index_select(0, sequence.unsorted_indices)
    if batch_first:
        out = out.transpose(0, 1)
    return out, lengths


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stacks variable-length sequences into one tensor, padding them with ``padding_value``.

    Example:

    >>> from ember.nn.utils.rnn import pad_sequence
    >>> pad_sequence([ember.tensor([1, 2, 3]), ember.tensor([4])], batch_first=True)
    tensor([[1, 2, 3],
            [4, 0, 0]])
    """
    if padding_side not in ("left", "right"):
        raise ValueError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    max_len = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        extra = max_len - s.shape[0]
        if extra:
            pad = ember.full((extra, *s.shape[1:]), padding_value, dtype=s.dtype)
            s = ember.cat([s, pad] if padding_side == "right" else [pad, s])
        padded.append(s)
    return ember.stack(padded, 0 if batch_first else 1)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Splits a padded tensor back into sequences of the given lengths.

    Example:

    >>> import ember.nn as nn
    >>> padded = ember.tensor([[1.0, 2.0, 3.0], [4.0, 0.0, 0.0]])
    >>> nn.utils.rnn.unpad_sequence(padded, ember.tensor([3, 1]), batch_first=True)
    [tensor([1., 2., 3.]), tensor([4.])]
    """
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    return [padded_sequences.select(0, i).narrow(0, 0, n) for i, n in enumerate(_lengths_list(lengths))]


def pack_sequence(sequences, enforce_sorted=True):
    """Packs a list of variable-length sequences into a ``PackedSequence``.

    Example:

    >>> import ember.nn as nn
    >>> packed = nn.utils.rnn.pack_sequence([ember.tensor([1.0, 2.0]), ember.tensor([3.0])])
    >>> packed.data, packed.batch_sizes
    (tensor([1., 3., 2.]), tensor([2, 1]))
    """
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """Unpacks a ``PackedSequence`` into a list of variable-length sequences.

    Example:

    >>> import ember.nn as nn
    >>> packed = nn.utils.rnn.pack_sequence([ember.tensor([1.0, 2.0]), ember.tensor([3.0])])
    >>> nn.utils.rnn.unpack_sequence(packed)
    [tensor([1., 2.]), tensor([3.])]
    """
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
