"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode.

Context managers and decorators, as in PyTorch. The switches themselves are
thread-local flags in the core, which the op wrappers read without Python.
"""

import functools
import inspect

from ember import _C

is_grad_enabled = _C.is_grad_enabled
is_inference_mode_enabled = _C.is_inference_mode_enabled


class _Mode:
    """Base: subclasses set the flags in _enter and put them back in _exit."""

    def __call__(self, fn):
        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def generator(*args, **kwargs):
                gen = fn(*args, **kwargs)
                with self.clone():
                    request = gen.send(None)
                while True:
                    try:
                        response = yield request
                    except GeneratorExit:
                        gen.close()
                        raise
                    except BaseException as e:  # noqa: BLE001 - re-thrown into the generator
                        with self.clone():
                            request = gen.throw(e)
                    else:
                        with self.clone():
                            request = gen.send(response)

            return generator

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)

        return wrapper

    def clone(self):
        return type(self)()

    def __enter__(self):
        self._saved = (_C.is_grad_enabled(), _C.is_inference_mode_enabled())
        self._enter()
        return self

    def __exit__(self, *exc):
        grad, inference = self._saved
        _C._set_grad_enabled(grad)
        _C._set_inference_mode(inference)
        return False


class no_grad(_Mode):
    """Ops inside record nothing for autograd: results never require grad.

    Example:

    >>> w = ember.ones(2, requires_grad=True)
    >>> with ember.no_grad():
    ...     y = w * 2
    >>> y.requires_grad
    False
    """

    def _enter(self):
        _C._set_grad_enabled(False)


class enable_grad(_Mode):
    """Turns recording back on inside a no_grad region.

    Example:

    >>> w = ember.ones(2, requires_grad=True)
    >>> with ember.no_grad():
    ...     with ember.enable_grad():
    ...         y = w * 2
    >>> y.requires_grad
    True
    """

    def _enter(self):
        _C._set_grad_enabled(True)


class set_grad_enabled(_Mode):
    """set_grad_enabled(mode): as a call it switches at once; as a context it restores on exit.

    Example:

    >>> w = ember.ones(2, requires_grad=True)
    >>> with ember.set_grad_enabled(False):
    ...     y = w * 2
    >>> y.requires_grad
    False
    >>> ember.is_grad_enabled()
    True
    """

    def __init__(self, mode):
        self.mode = bool(mode)
        self._saved = (_C.is_grad_enabled(), _C.is_inference_mode_enabled())
        _C._set_grad_enabled(self.mode)

    def __call__(self, fn):
        # As a decorator it must not switch the mode now, only inside fn.
        _C._set_grad_enabled(self._saved[0])
        return super().__call__(fn)

    def clone(self):
        return type(self)(self.mode)

    def __enter__(self):
        return self

    def _enter(self):
        _C._set_grad_enabled(self.mode)


class inference_mode(_Mode):
    """Like no_grad, and tensors made inside are inference tensors, which can never join a graph.

    Example:

    >>> w = ember.ones(2, requires_grad=True)
    >>> with ember.inference_mode():
    ...     y = w * 2
    >>> y.requires_grad, y.is_inference()
    (False, True)
    """

    def __init__(self, mode=True):
        self.mode = bool(mode)

    def clone(self):
        return type(self)(self.mode)

    def _enter(self):
        if self.mode:
            _C._set_grad_enabled(False)
            _C._set_inference_mode(True)
        else:
            _C._set_inference_mode(False)
