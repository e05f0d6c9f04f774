"""weight_norm as a parametrization (PyTorch's torch.nn.utils.parametrizations.weight_norm)."""

from ember.nn.modules.module import Module
from ember.nn.utils import parametrize


def _norm_except_dim(v, dim):
    if dim == -1 or dim is None:
        return v.norm()
    dims = [d for d in range(v.ndim) if d != dim % v.ndim]
    return v.norm(2, dims, keepdim=True)


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return weight_v * (weight_g / _norm_except_dim(weight_v, self.dim))

    def right_inverse(self, weight):
        return _norm_except_dim(weight, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module
