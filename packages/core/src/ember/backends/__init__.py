"""ember.backends: switches for the compute libraries behind ember, as torch.backends."""

from . import cuda

__all__ = ["cuda"]
