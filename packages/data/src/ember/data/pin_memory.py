"""Page-locked ("pinned") host memory for faster, asynchronous copies to a
CUDA device.

Without a usable CUDA device the DataLoader warns and passes batches
through unpinned, as PyTorch does without an accelerator. With one, the
single-process loader pins each batch as it hands it out, and the
multi-process loader pins in a thread (multiprocess.pin_loop) while the
training loop works on the previous batch."""

import collections.abc
import copy

import ember


def available():
    """True when a CUDA device is there to pin memory for."""
    return ember.cuda.is_available()


def device_index(pin_memory_device):
    """The CUDA device index a DataLoader's pin_memory_device names: None
    for "" (the current device), else the index of a "cuda" or "cuda:N"
    device. Any other device type is a ValueError: ember pins host memory
    for CUDA copies only."""
    if not isinstance(pin_memory_device, str):
        raise TypeError(
            f"DataLoader: pin_memory_device should be a string such as 'cuda' or 'cuda:1', got {pin_memory_device!r}"
        )
    if not pin_memory_device:
        return None
    try:
        device = ember.device(pin_memory_device)
    except ValueError as e:
        raise ValueError(f"DataLoader: pin_memory_device={pin_memory_device!r} is not a device: {e}") from None
    if device.type != "cuda":
        raise ValueError(
            f"DataLoader: pin_memory_device={pin_memory_device!r} is a {device.type!r} device; "
            "ember pins memory for CUDA devices only (use 'cuda' or 'cuda:N')"
        )
    return ember.cuda.current_device() if device.index is None else device.index


def pin_memory(data, device=None):
    """data with every tensor in it (or object with a pin_memory() method)
    pinned, containers rebuilt as the same types. `device` is the CUDA
    device index the caller has made current; it is passed down for
    custom pin functions and otherwise unused."""
    if hasattr(data, "pin_memory"):  # ember.Tensor, or a custom batch type
        return data.pin_memory()
    if isinstance(data, (str, bytes)):
        return data
    if isinstance(data, collections.abc.Mapping):
        pinned = {k: pin_memory(v, device) for k, v in data.items()}
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)  # keeps a subclass's other state (defaultdict's factory)
                clone.update(pinned)
                return clone
            return type(data)(pinned)
        except TypeError:
            return pinned
    if isinstance(data, tuple):
        if hasattr(data, "_fields"):  # a namedtuple
            return type(data)(*(pin_memory(v, device) for v in data))
        return type(data)(pin_memory(v, device) for v in data)
    if isinstance(data, collections.abc.Sequence):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for i, v in enumerate(data):
                    clone[i] = pin_memory(v, device)
                return clone
            return type(data)([pin_memory(v, device) for v in data])
        except TypeError:
            return [pin_memory(v, device) for v in data]
    return data


def pin_on(data, index):
    """pin_memory(data) with CUDA device `index` current (None: as it is)."""
    if index is None:
        return pin_memory(data)
    with ember.cuda.device(index):
        return pin_memory(data, index)
