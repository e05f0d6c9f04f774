"""ember.backends: switches for the compute libraries behind ember, as torch.backends."""

from . import cuda, cudnn

__all__ = ["cuda", "cudnn"]
