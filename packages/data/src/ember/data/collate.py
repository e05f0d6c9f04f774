"""Turning a list of samples into a batch (default_collate) and a single
sample's NumPy arrays into tensors (default_convert), with PyTorch's
structure rules: dicts stay dicts, namedtuples stay namedtuples, tuples
become lists, strings stay lists of strings."""

import collections.abc
import copy
import re

import numpy as np

import ember

# NumPy dtypes (byte strings, unicode, objects) that have no tensor form.
_np_str_obj = re.compile(r"[SaUO]")
_ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _rebuild_like(proto, values):
    """A container of proto's type holding `values` (a dict or a list), or a
    plain dict/list when the type cannot be rebuilt that way."""
    try:
        if isinstance(proto, (collections.abc.MutableMapping, collections.abc.MutableSequence)):
            # A copy keeps whatever else the container type carries.
            clone = copy.copy(proto)
            if isinstance(proto, collections.abc.MutableMapping):
                clone.update(values)
            else:
                for i, v in enumerate(values):
                    clone[i] = v
            return clone
        return type(proto)(values)
    except TypeError:
        return values


def default_convert(data):
    """NumPy arrays and scalars inside `data` become tensors; the rest is
    returned as is (the collate_fn when auto-batching is off).

    Example:

    >>> import numpy as np
    >>> from ember.data import default_convert
    >>> default_convert({"x": np.array([1.0, 2.0]), "name": "a"})
    {'x': tensor([1., 2.], dtype=ember.float64), 'name': 'a'}
    """
    kind = type(data)
    if isinstance(data, ember.Tensor):
        return data
    if kind.__module__ == "numpy" and kind.__name__ not in ("str_", "bytes_", "string_"):
        if kind is np.ndarray and _np_str_obj.search(data.dtype.str):
            return data
        return ember.as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return _rebuild_like(data, {k: default_convert(data[k]) for k in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return kind(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return _rebuild_like(data, [default_convert(d) for d in data])
    return data


def collate_tensor_fn(batch, *, collate_fn_map=None):
    return ember.stack(batch, 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    if _np_str_obj.search(batch[0].dtype.str):
        raise TypeError(_ERR.format(batch[0].dtype))
    return ember.stack([ember.as_tensor(b) for b in batch], 0)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    return ember.as_tensor(np.array(batch))


def collate_float_fn(batch, *, collate_fn_map=None):
    return ember.tensor(batch, dtype=ember.float64)


def collate_int_fn(batch, *, collate_fn_map=None):
    return ember.tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    return batch


def collate(batch, *, collate_fn_map=None):
    """Collates `batch` by the type of its first element: an exact or
    isinstance match in collate_fn_map first, then the containers, whose
    elements are collated position by position (or key by key)."""
    elem = batch[0]
    kind = type(elem)
    if collate_fn_map is not None:
        if kind in collate_fn_map:
            return collate_fn_map[kind](batch, collate_fn_map=collate_fn_map)
        for known, fn in collate_fn_map.items():
            if isinstance(elem, known):
                return fn(batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        return _rebuild_like(elem, {k: collate([d[k] for d in batch], collate_fn_map=collate_fn_map) for k in elem})
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return kind(*(collate(s, collate_fn_map=collate_fn_map) for s in zip(*batch, strict=True)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if any(len(e) != size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        columns = [collate(s, collate_fn_map=collate_fn_map) for s in zip(*batch, strict=True)]
        return columns if isinstance(elem, tuple) else _rebuild_like(elem, columns)
    raise TypeError(_ERR.format(kind))


default_collate_fn_map = {
    ember.Tensor: collate_tensor_fn,
    np.ndarray: collate_numpy_array_fn,
    (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
    float: collate_float_fn,
    int: collate_int_fn,
    str: collate_str_fn,
    bytes: collate_str_fn,
}


def default_collate(batch):
    """Stacks tensors, arrays and numbers along a new first dimension and
    recurses into dicts, lists, tuples and namedtuples.

    Example:

    >>> from ember.data import default_collate
    >>> default_collate([(ember.tensor([1.0]), 0), (ember.tensor([2.0]), 1)])
    [tensor([[1.],
            [2.]]), tensor([0, 1])]
    """
    return collate(batch, collate_fn_map=default_collate_fn_map)
