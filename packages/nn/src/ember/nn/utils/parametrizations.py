"""weight_norm and spectral_norm as parametrizations (PyTorch's torch.nn.utils.parametrizations)."""

import ember
from ember.nn import functional as F
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
    """Reparametrises ``module.<name>`` as ``g * v / norm(v)`` (magnitude and direction learned apart).

    Example:

    >>> import ember.nn as nn
    >>> from ember.nn.utils.parametrizations import weight_norm
    >>> layer = weight_norm(nn.Linear(3, 2))
    >>> sorted(name for name, _ in layer.named_parameters())
    ['bias', 'parametrizations.weight.original0', 'parametrizations.weight.original1']
    >>> layer.weight.shape
    ember.Size([2, 3])
    """
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class _SpectralNorm(Module):
    """weight / sigma, sigma estimated by power iteration on the buffers _u, _v (updated in training mode)."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{ndim}, {ndim - 1}] but got {dim})")
        if n_power_iterations <= 0:
            raise ValueError(
                f"Expected n_power_iterations to be positive, but got n_power_iterations={n_power_iterations}"
            )
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            mat = self._reshape_weight_to_matrix(weight)
            h, w = mat.shape
            u = F.normalize(ember.empty(h, dtype=weight.dtype).normal_(0, 1), dim=0, eps=eps)
            v = F.normalize(ember.empty(w, dtype=weight.dtype).normal_(0, 1), dim=0, eps=eps)
            self.register_buffer("_u", u)
            self.register_buffer("_v", v)
            self._power_method(mat, 15)

    def _reshape_weight_to_matrix(self, weight):
        if self.dim != 0:
            weight = weight.movedim(self.dim, 0)
        return weight.flatten(1)

    def _power_method(self, mat, n):
        with ember.no_grad():
            mat = mat.detach()
            for _ in range(n):
                self._u.copy_(F.normalize(mat.matmul(self._v.unsqueeze(1)).squeeze(1), dim=0, eps=self.eps))
                self._v.copy_(F.normalize(mat.t().matmul(self._u.unsqueeze(1)).squeeze(1), dim=0, eps=self.eps))

    def forward(self, weight):
        if weight.ndim == 1:
            return F.normalize(weight, dim=0, eps=self.eps)
        mat = self._reshape_weight_to_matrix(weight)
        if self.training:
            self._power_method(mat, self.n_power_iterations)
        u, v = self._u.clone(), self._v.clone()
        sigma = (u * mat.matmul(v.unsqueeze(1)).squeeze(1)).sum()
        return weight / sigma

    def right_inverse(self, value):
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Reparametrises ``module.<name>`` divided by its largest singular value (estimated by power iteration).

    Example:

    >>> import ember.nn as nn
    >>> from ember.nn.utils.parametrizations import spectral_norm
    >>> _ = ember.manual_seed(0)
    >>> layer = spectral_norm(nn.Linear(4, 4))
    >>> for _ in range(20):
    ...     _ = layer(ember.ones(1, 4))
    >>> round(ember.linalg.matrix_norm(layer.weight, ord=2).item(), 2)
    1.0
    """
    weight = getattr(module, name)
    if dim is None:
        is_transposed = type(module).__name__.startswith("ConvTranspose")
        dim = 1 if is_transposed else 0
    parametrize.register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
