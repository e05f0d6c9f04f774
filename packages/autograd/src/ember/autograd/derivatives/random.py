"""Derivatives of the random ops PyTorch differentiates: draws are constants of their parameters,
except normal's mean and std, which shift and scale the draw."""

import ember
from ember import _C
from ember.autograd.formula import derivative

Tensor = _C.Tensor


@derivative("bernoulli", "poisson", "bernoulli_", "uniform_", "normal_", "cauchy_", "exponential_",
            "geometric_", "log_normal_", "random_", save=())  # fmt: skip
def constant_draw_backward(grad, input, *args, **kwargs):
    return grad * 0


@derivative("normal", inputs=("mean", "std"))
def normal_backward(grad, mean, std=1.0, generator=None, out=None, *, result):
    g_mean = grad if isinstance(mean, Tensor) else None
    g_std = None
    if isinstance(std, Tensor):
        m = mean if isinstance(mean, Tensor) else ember.zeros((), dtype=grad.dtype, device=grad.device) + mean
        g_std = grad * (result - m) / std
    return g_mean, g_std
