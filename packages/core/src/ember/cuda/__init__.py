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
    """Whether a CUDA device can be used.

    Example:

    >>> ember.cuda.is_available() == (ember.cuda.device_count() > 0)
    True
    """
    return _C._cuda_is_available()


def unavailable_reason():
    """Why is_available() is False ('' when it is True).

    Example:

    >>> (ember.cuda.unavailable_reason() == "") == ember.cuda.is_available()
    True
    """
    return _C._cuda_unavailable_reason()


def device_count():
    """The number of CUDA devices (0 without CUDA).

    Example:

    >>> n = ember.cuda.device_count()
    >>> n > 0 if ember.cuda.is_available() else n == 0
    True
    """
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
    """The index of the current CUDA device.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     ok = 0 <= ember.cuda.current_device() < ember.cuda.device_count()
    >>> ok
    True
    """
    return _C._cuda_current_device()


def set_device(device):
    """Makes `device` the current CUDA device (a negative index does nothing, as PyTorch).

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     ember.cuda.set_device(0)
    ...     ok = ember.cuda.current_device() == 0
    >>> ok
    True
    """
    index = _index(device)
    if index >= 0:
        _C._cuda_set_device(index)


class device:
    """Context manager that makes a device current inside its block.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     with ember.cuda.device(0):
    ...         ok = ember.cuda.current_device() == 0
    >>> ok
    True
    """

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
    """The name of a CUDA device (the current one by default).

    Example:

    >>> name = ember.cuda.get_device_name(0) if ember.cuda.is_available() else ""
    >>> isinstance(name, str)
    True
    """
    return _C._cuda_device_name(_index(device))


def get_device_capability(device=None):
    """(major, minor) compute capability.

    Example:

    >>> major, minor = ember.cuda.get_device_capability(0) if ember.cuda.is_available() else (0, 0)
    >>> major >= 0 and minor >= 0
    True
    """
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
    """The properties of a CUDA device: name, memory, compute capability, multiprocessors.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     props = ember.cuda.get_device_properties(0)
    ...     ok = props.total_memory > 0 and props.name == ember.cuda.get_device_name(0)
    >>> ok
    True
    """
    return _DeviceProperties(_index(device))


def synchronize(device=None):
    """Waits for all work queued on the device.

    Example:

    >>> device = "cuda" if ember.cuda.is_available() else "cpu"
    >>> y = ember.ones(3, device=device) * 2
    >>> if ember.cuda.is_available():
    ...     ember.cuda.synchronize()
    >>> y.cpu()
    tensor([2., 2., 2.])
    """
    _C._cuda_synchronize(None if device is None else _index(device))


# Memory: ember's caching allocator keeps freed device blocks for reuse.
def memory_stats(device=None):
    """Counters of the caching allocator, under PyTorch's key names.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     stats = ember.cuda.memory_stats()
    ...     ok = stats["allocated_bytes.all.current"] == ember.cuda.memory_allocated()
    >>> ok
    True
    """
    return _C._cuda_memory_stats(_index(device))


def memory_allocated(device=None):
    """Bytes occupied by tensors on the device.

    Example:

    >>> grew = True
    >>> if ember.cuda.is_available():
    ...     before = ember.cuda.memory_allocated()
    ...     x = ember.empty(1024, device="cuda")
    ...     grew = ember.cuda.memory_allocated() - before >= 4096
    >>> grew
    True
    """
    return memory_stats(device)["allocated_bytes.all.current"]


def max_memory_allocated(device=None):
    """The peak of memory allocated to tensors on a device since start or the last reset, in bytes.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     x = ember.empty(1024, device="cuda")
    ...     ok = ember.cuda.max_memory_allocated() >= ember.cuda.memory_allocated() >= 4096
    >>> ok
    True
    """
    return memory_stats(device)["allocated_bytes.all.peak"]


def memory_reserved(device=None):
    """Bytes the caching allocator holds from the driver (in use or cached).

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     x = ember.empty(1024, device="cuda")
    ...     ok = ember.cuda.memory_reserved() >= ember.cuda.memory_allocated()
    >>> ok
    True
    """
    return memory_stats(device)["reserved_bytes.all.current"]


def max_memory_reserved(device=None):
    """The peak of memory held by the caching allocator on a device, in bytes.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     ok = ember.cuda.max_memory_reserved() >= ember.cuda.memory_reserved()
    >>> ok
    True
    """
    return memory_stats(device)["reserved_bytes.all.peak"]


def reset_peak_memory_stats(device=None):
    """Resets the peaks that ``max_memory_allocated`` and ``max_memory_reserved`` report.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     x = ember.empty(1 << 20, device="cuda")
    ...     del x
    ...     ember.cuda.reset_peak_memory_stats()
    ...     ok = ember.cuda.max_memory_allocated() == ember.cuda.memory_allocated()
    >>> ok
    True
    """
    _C._cuda_reset_peak_memory_stats(_index(device))


def empty_cache():
    """Gives cached, unused device memory back to the driver.

    Example:

    >>> ember.cuda.empty_cache()
    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     x = ember.empty(1 << 20, device="cuda")
    ...     del x
    ...     ember.cuda.empty_cache()
    ...     ok = ember.cuda.memory_reserved() >= ember.cuda.memory_allocated()
    >>> ok
    True
    """
    _C._cuda_empty_cache()


def manual_seed(seed):
    """ember.manual_seed(seed): PyTorch code calls this; random draws on CUDA
    tensors are not implemented yet."""
    import ember

    ember.manual_seed(seed)


manual_seed_all = manual_seed
