"""CUDA streams and events, as torch.cuda.Stream / Event."""

import contextlib

from ember import _C


def _device_index(device):
    from ember.cuda import _index

    return _index(device)


class Stream:
    """A queue of device work. Stream() makes a new one on the current (or
    given) device; work queued on one stream runs in order, independently of
    other streams.

    Example:

    >>> y = ember.ones(4) * 2
    >>> if ember.cuda.is_available():
    ...     s = ember.cuda.Stream()
    ...     with ember.cuda.stream(s):
    ...         y = ember.ones(4, device="cuda") * 2
    ...     s.synchronize()
    >>> y.sum().item()
    8.0
    """

    def __init__(self, device=None, priority=0, *, _handle=None):
        self.device_index = _device_index(device)
        self._owned = _handle is None
        self.cuda_stream = _C._cuda_stream_create(self.device_index, priority) if _handle is None else _handle

    def __del__(self):
        if getattr(self, "_owned", False) and self.cuda_stream:
            try:
                _C._cuda_stream_destroy(self.cuda_stream)
            except Exception:  # interpreter shutdown
                pass

    @property
    def device(self):
        return _C.device(f"cuda:{self.device_index}")

    def synchronize(self):
        _C._cuda_stream_synchronize(self.cuda_stream)

    def query(self):
        """True when all work queued on the stream has finished."""
        return _C._cuda_stream_query(self.cuda_stream)

    def record_event(self, event=None):
        event = Event() if event is None else event
        event.record(self)
        return event

    def wait_event(self, event):
        _C._cuda_stream_wait_event(self.cuda_stream, event._handle)

    def wait_stream(self, stream):
        """Work queued here after this call waits for the work queued on `stream` so far."""
        self.wait_event(stream.record_event())

    def __eq__(self, other):
        return isinstance(other, Stream) and (self.cuda_stream, self.device_index) == (
            other.cuda_stream,
            other.device_index,
        )

    def __hash__(self):
        return hash((self.cuda_stream, self.device_index))

    def __repr__(self):
        return f"<ember.cuda.Stream device=cuda:{self.device_index} cuda_stream={self.cuda_stream:#x}>"


class Event:
    """A marker in a stream's work: record it, then wait for it or time between two.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     start, end = ember.cuda.Event(enable_timing=True), ember.cuda.Event(enable_timing=True)
    ...     start.record()
    ...     y = ember.ones(1000, device="cuda").sum()
    ...     end.record()
    ...     end.synchronize()
    ...     ok = start.elapsed_time(end) >= 0
    >>> ok
    True
    """

    def __init__(self, enable_timing=False, blocking=False, interprocess=False):
        if interprocess:
            raise NotImplementedError("Event: interprocess events are not supported")
        self._handle = _C._cuda_event_create(bool(enable_timing))

    def __del__(self):
        if getattr(self, "_handle", 0):
            try:
                _C._cuda_event_destroy(self._handle)
            except Exception:
                pass

    def record(self, stream=None):
        stream = current_stream() if stream is None else stream
        _C._cuda_event_record(self._handle, stream.cuda_stream)

    def wait(self, stream=None):
        (current_stream() if stream is None else stream).wait_event(self)

    def query(self):
        return _C._cuda_event_query(self._handle)

    def synchronize(self):
        _C._cuda_event_synchronize(self._handle)

    def elapsed_time(self, end_event):
        """Milliseconds between this event and end_event (both recorded, timing enabled)."""
        return _C._cuda_event_elapsed_ms(self._handle, end_event._handle)


def current_stream(device=None):
    """The stream that work on a device is queued on now.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     ok = ember.cuda.current_stream() == ember.cuda.default_stream()
    >>> ok
    True
    """
    index = _device_index(device)
    return Stream(index, _handle=_C._cuda_current_stream(index))


def default_stream(device=None):
    """The default (null) stream of a device.

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     ok = ember.cuda.default_stream().cuda_stream == 0
    >>> ok
    True
    """
    return Stream(_device_index(device), _handle=0)


@contextlib.contextmanager
def stream(s):
    """Makes `s` the current stream of its device inside the block (None: no change).

    Example:

    >>> ok = True
    >>> if ember.cuda.is_available():
    ...     s = ember.cuda.Stream()
    ...     with ember.cuda.stream(s):
    ...         ok = ember.cuda.current_stream() == s
    ...     ok = ok and ember.cuda.current_stream() != s
    >>> ok
    True
    """
    if s is None:
        yield
        return
    previous = _C._cuda_current_stream(s.device_index)
    _C._cuda_set_current_stream(s.device_index, s.cuda_stream)
    try:
        yield s
    finally:
        _C._cuda_set_current_stream(s.device_index, previous)
