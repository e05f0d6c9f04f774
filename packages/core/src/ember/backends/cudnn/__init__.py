"""ember.backends.cudnn, as PyTorch's: CUDA convolutions run through cuDNN
when the nvidia-cudnn wheel is installed (``pip install ember-core[cuda]``),
else as im2col + cuBLAS GEMMs. `enabled` (default True) chooses between them;
`allow_tf32` (default True, as PyTorch's) lets float32 convolutions use TF32
tensor cores; `is_available()` and `version()` say whether cuDNN loaded, and
`unavailable_reason()` why not."""

import sys
import types

from ember import _C


class _CudnnModule(types.ModuleType):
    _allow_tf32 = True
    _enabled = True

    @property
    def allow_tf32(self):
        return self._allow_tf32

    @allow_tf32.setter
    def allow_tf32(self, value):
        type(self)._allow_tf32 = bool(value)
        _C._cuda_set_conv_allow_tf32(bool(value))

    @property
    def enabled(self):
        return self._enabled

    @enabled.setter
    def enabled(self, value):
        type(self)._enabled = bool(value)
        _C._cuda_set_cudnn_enabled(bool(value))

    @staticmethod
    def is_available():
        return _C._cuda_cudnn_version() != 0

    @staticmethod
    def version():
        """cuDNN's version as an int (e.g. 92801), or None when it is not available."""
        return _C._cuda_cudnn_version() or None

    @staticmethod
    def unavailable_reason():
        return "" if _C._cuda_cudnn_version() else _C._cuda_cudnn_unavailable_reason()


sys.modules[__name__].__class__ = _CudnnModule
