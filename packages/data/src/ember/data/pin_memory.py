"""Page-locked ("pinned") host memory for faster copies to a GPU.

This build of ember has no CUDA, so the DataLoader warns once and skips
pinning, as PyTorch does without an accelerator. When ember.cuda exists,
available() turns true and pin_memory() pins every tensor of a batch
through Tensor.pin_memory(); nothing else needs to change."""

import collections.abc
import copy
import sys

import ember


def available():
    """True when a CUDA device is there to pin memory for."""
    cuda = sys.modules.get("ember.cuda") or getattr(ember, "__dict__", {}).get("cuda")
    return cuda is not None and cuda.is_available()


def pin_memory(data, device=None):
    """data with each tensor in it pinned, containers rebuilt as collate does."""
    if isinstance(data, ember.Tensor):
        return data.pin_memory(device) if device else data.pin_memory()
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, collections.abc.Mapping):
        pinned = {k: pin_memory(v, device) for k, v in data.items()}
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update(pinned)
                return clone
            return type(data)(pinned)
        except TypeError:
            return pinned
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(pin_memory(v, device) for v in data))
    if isinstance(data, tuple):
        return [pin_memory(v, device) for v in data]
    if isinstance(data, collections.abc.Sequence):
        try:
            return type(data)([pin_memory(v, device) for v in data])
        except TypeError:
            return [pin_memory(v, device) for v in data]
    if hasattr(data, "pin_memory"):
        return data.pin_memory()
    return data
