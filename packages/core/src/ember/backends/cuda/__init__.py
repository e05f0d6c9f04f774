"""ember.backends.cuda: `matmul.allow_tf32` lets float32 matrix products use
TF32 tensor cores (about 10 mantissa bits in the products); off by default, as
PyTorch."""

from ember import _C


class _MatmulFlags:
    def __init__(self):
        self._allow_tf32 = False

    @property
    def allow_tf32(self):
        return self._allow_tf32

    @allow_tf32.setter
    def allow_tf32(self, value):
        self._allow_tf32 = bool(value)
        _C._cuda_set_allow_tf32(self._allow_tf32)


matmul = _MatmulFlags()


def is_built():
    """Whether this build of ember has a CUDA backend (a device may still be missing)."""
    return "no CUDA backend" not in _C._cuda_unavailable_reason()
