"""The default random number generator's seed and state (PyTorch's torch.random).

Generators are counter-based (Philox4x32-10): a state is the seed and an
offset, 16 bytes; see native/include/ember/generator.h.
"""

import contextlib

from ember import _C

Generator = _C.Generator
default_generator = _C.default_generator


def manual_seed(seed):
    """Seeds the default generator (and rewinds it); returns it.

    Example:

    >>> _ = ember.manual_seed(42)
    >>> a = ember.rand(3)
    >>> _ = ember.manual_seed(42)
    >>> ember.equal(a, ember.rand(3))
    True
    """
    return default_generator.manual_seed(int(seed))


def seed():
    """Seeds the default generator from the OS's entropy; returns the seed.

    Example:

    >>> s = ember.seed()
    >>> s == ember.initial_seed()
    True
    """
    return default_generator.seed()


def initial_seed():
    """The default generator's seed.

    Example:

    >>> _ = ember.manual_seed(7)
    >>> ember.initial_seed()
    7
    """
    return default_generator.initial_seed()


def get_rng_state():
    """The default generator's state, a uint8 tensor.

    Example:

    >>> _ = ember.manual_seed(0)
    >>> state = ember.get_rng_state()
    >>> state.dtype, state.shape
    (ember.uint8, ember.Size([16]))
    >>> a = ember.rand(2)
    >>> ember.set_rng_state(state)
    >>> ember.equal(a, ember.rand(2))
    True
    """
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restores a state from get_rng_state().

    Example:

    >>> state = ember.get_rng_state()
    >>> a = ember.randn(3)
    >>> ember.set_rng_state(state)
    >>> ember.equal(a, ember.randn(3))
    True
    """
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, device_type="cpu"):
    """Restores the default generator's state on exit, so draws inside don't
    change the numbers drawn after. (ember has no CUDA generators yet:
    `devices` must be empty or None.)

    Example:

    >>> _ = ember.manual_seed(0)
    >>> with ember.random.fork_rng():
    ...     _ = ember.rand(5)
    >>> a = ember.rand(1)
    >>> _ = ember.manual_seed(0)
    >>> ember.equal(a, ember.rand(1))
    True
    """
    if devices:
        raise NotImplementedError("fork_rng: ember has no CUDA generators in this build; pass devices=None")
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)
