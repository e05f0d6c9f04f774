"""ember.backends.cudnn: `allow_tf32` lets float32 convolutions on CUDA use TF32
tensor cores; on by default, as PyTorch's. ember's CUDA convolutions are
im2col + cuBLAS GEMMs (cuDNN is not used yet); the flag keeps PyTorch's name."""

import sys
import types

from ember import _C


class _CudnnModule(types.ModuleType):
    _allow_tf32 = True

    @property
    def allow_tf32(self):
        return self._allow_tf32

    @allow_tf32.setter
    def allow_tf32(self, value):
        type(self)._allow_tf32 = bool(value)
        _C._cuda_set_conv_allow_tf32(bool(value))

    enabled = False  # cuDNN itself is not used

    @staticmethod
    def is_available():
        return False


sys.modules[__name__].__class__ = _CudnnModule
