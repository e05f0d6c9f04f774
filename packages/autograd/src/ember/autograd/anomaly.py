"""Anomaly detection: NaN in backward raises, naming the forward op and where it was made."""

import warnings

_state = {"enabled": False, "check_nan": True}


def enabled():
    return _state["enabled"]


def check(node, grads):
    """Raises if node returned NaN gradients, after warning with the forward op's traceback."""
    if not _state["check_nan"]:
        return
    for i, g in enumerate(grads):
        if g is not None and (g.dtype.is_floating_point or g.dtype.is_complex) and bool(g.isnan().any()):
            trace = getattr(node, "trace", None)
            if trace:
                warnings.warn(
                    f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                    + "".join(trace),
                    RuntimeWarning,
                    stacklevel=2,
                )
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")


class set_detect_anomaly:
    """set_detect_anomaly(mode, check_nan=True): switches anomaly detection now, or inside a with block.

    Example:

    >>> with ember.autograd.set_detect_anomaly(True):
    ...     print(ember.autograd.is_anomaly_enabled())
    True
    >>> ember.autograd.is_anomaly_enabled()
    False
    """

    def __init__(self, mode, check_nan=True):
        self._prev = dict(_state)
        _state["enabled"] = bool(mode)
        _state["check_nan"] = bool(check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _state.update(self._prev)
        return False


class detect_anomaly:
    """Context manager and decorator: records forward tracebacks and checks backward for NaN.

    Example:

    >>> import warnings
    >>> x = ember.tensor([0.0], requires_grad=True)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     with ember.autograd.detect_anomaly():
    ...         (x.sqrt() * 0).sum().backward()
    Traceback (most recent call last):
        ...
    RuntimeError: Function 'SqrtBackward0' returned nan values in its 0th output.
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        warnings.warn(
            "Anomaly Detection has been enabled. This mode will increase the runtime and should only be "
            "enabled for debugging.",
            UserWarning,
            stacklevel=2,
        )
        self._prev = dict(_state)
        _state["enabled"] = True
        _state["check_nan"] = self.check_nan
        return self

    def __exit__(self, *exc):
        _state.update(self._prev)
        return False

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.check_nan):
                return fn(*args, **kwargs)

        return wrapper


def is_anomaly_enabled():
    """Whether anomaly detection (``detect_anomaly``) is on.

    Example:

    >>> ember.autograd.is_anomaly_enabled()
    False
    >>> with ember.autograd.set_detect_anomaly(True):
    ...     print(ember.autograd.is_anomaly_enabled())
    True
    """
    return _state["enabled"]


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection also checks backward results for NaN.

    Example:

    >>> with ember.autograd.set_detect_anomaly(True, check_nan=False):
    ...     print(ember.autograd.is_anomaly_check_nan_enabled())
    False
    >>> ember.autograd.is_anomaly_check_nan_enabled()
    True
    """
    return _state["check_nan"]
