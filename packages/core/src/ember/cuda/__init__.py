"""ember.cuda: NVIDIA GPUs, as torch.cuda.

The CUDA backend is a separate native library that ember loads the first
time a CUDA device is touched; on a machine without it, or without a driver or
a device, `is_available()` is False and `unavailable_reason()` says why."""

from ember import _C

from .streams import Event, Stream, current_stream, default_stream, stream

OutOfMemoryError = _C.OutOfMemoryError

__all__ = [
    "Event",
    "OutOfMemoryError",
    "Stream",
    "current_device",
    "current_stream",
    "default_stream",
    "device",
    "device_count",
    "empty_cache",
    "get_device_capability",
    "get_device_name",
    "get_device_properties",
    "is_available",
    "max_memory_allocated",
    "max_memory_reserved",
    "memory_allocated",
    "memory_reserved",
    "memory_stats",
    "reset_peak_memory_stats",
    "set_device",
    "stream",
    "synchronize",
    "unavailable_reason",
]


def is_available():
    """Whether a CUDA device can be used."""
    return _C._cuda_is_available()


def unavailable_reason():
    """Why is_available() is False ('' when it is True)."""
    return _C._cuda_unavailable_reason()


def device_count():
    """The number of CUDA devices (0 without CUDA)."""
    return _C._cuda_device_count()


def _index(device):
    """A device argument (None, int, 'cuda:1', ember.device) as an index."""
    if device is None:
        return current_device()
    if isinstance(device, int):
        return device
    d = _C.device(str(device)) if not isinstance(device, _C.device) else device
    if d.type != "cuda":
        raise ValueError(f"expected a cuda device, got '{d}'")
    return current_device() if d.index is None else d.index


def current_device():
    """The index of the current CUDA device."""
    return _C._cuda_current_device()


def set_device(device):
    """Makes `device` the current CUDA device (a negative index does nothing, as PyTorch)."""
    index = _index(device)
    if index >= 0:
        _C._cuda_set_device(index)


class device:
    """Context manager that makes a device current inside its block."""

    def __init__(self, device):
        self.idx = -1 if device is None else _index(device)
        self.prev_idx = -1

    def __enter__(self):
        if self.idx >= 0:
            self.prev_idx = current_device()
            if self.prev_idx != self.idx:
                _C._cuda_set_device(self.idx)
        return self

    def __exit__(self, *exc):
        if self.idx >= 0 and self.prev_idx != self.idx:
            _C._cuda_set_device(self.prev_idx)
        return False


def get_device_name(device=None):
    """The name of a CUDA device (the current one by default)."""
    return _C._cuda_device_name(_index(device))


def get_device_capability(device=None):
    """(major, minor) compute capability."""
    return _C._cuda_capability(_index(device))


class _DeviceProperties:
    def __init__(self, index):
        self.name = _C._cuda_device_name(index)
        self.major, self.minor = _C._cuda_capability(index)
        self.total_memory = _C._cuda_total_memory(index)

    def __repr__(self):
        return (
            f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
            f"total_memory={self.total_memory // (1 << 20)}MB)"
        )


def get_device_properties(device=None):
    """The properties of a CUDA device: name, memory, compute capability, multiprocessors."""
    return _DeviceProperties(_index(device))


def synchronize(device=None):
    """Waits for all work queued on the device."""
    _C._cuda_synchronize(None if device is None else _index(device))


# Memory: ember's caching allocator keeps freed device blocks for reuse.
def memory_stats(device=None):
    """Counters of the caching allocator, under PyTorch's key names."""
    return _C._cuda_memory_stats(_index(device))


def memory_allocated(device=None):
    """Bytes occupied by tensors on the device."""
    return memory_stats(device)["allocated_bytes.all.current"]


def max_memory_allocated(device=None):
    """The peak of memory allocated to tensors on a device since start or the last reset, in bytes."""
    return memory_stats(device)["allocated_bytes.all.peak"]


def memory_reserved(device=None):
    """Bytes the caching allocator holds from the driver (in use or cached)."""
    return memory_stats(device)["reserved_bytes.all.current"]


def max_memory_reserved(device=None):
    """The peak of memory held by the caching allocator on a device, in bytes."""
    return memory_stats(device)["reserved_bytes.all.peak"]


def reset_peak_memory_stats(device=None):
    """Resets the peaks that ``max_memory_allocated`` and ``max_memory_reserved`` report."""
    _C._cuda_reset_peak_memory_stats(_index(device))


def empty_cache():
    """Gives cached, unused device memory back to the driver."""
    _C._cuda_empty_cache()


def manual_seed(seed):
    """ember.manual_seed(seed): PyTorch code calls this; random draws on CUDA
    tensors are not implemented yet."""
    import ember

    ember.manual_seed(seed)


manual_seed_all = manual_seed
