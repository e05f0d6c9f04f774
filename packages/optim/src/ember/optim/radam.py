"""RAdam: Adam with a rectified adaptive learning rate."""

import math

import ember

from ._adam_family import adam_defaults, adam_moments
from .optimizer import Optimizer


class RAdam(Optimizer):
    """Rectified Adam: Adam whose adaptive step is turned on gradually as its variance estimate becomes reliable.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.RAdam([w], lr=0.1)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        decoupled_weight_decay=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
    ):
        defaults = adam_defaults(
            lr,
            betas,
            eps,
            weight_decay,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            decoupled_weight_decay=decoupled_weight_decay,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"exp_avg": ember.zeros_like(p), "exp_avg_sq": ember.zeros_like(p)}

    def _update(self, group, param, grad, state, step):
        lr, (beta1, beta2) = group["lr"], group["betas"]
        grad = adam_moments(group, param, grad, state)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        bias1, bias2 = 1 - beta1**step, 1 - beta2**step
        corrected = exp_avg / bias1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias2
        if rho_t > 5.0:  # the variance is tractable: rectified adaptive step
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            adaptive = math.sqrt(bias2) / exp_avg_sq.sqrt().add_(group["eps"])
            param.add_(corrected * lr * adaptive * rect, alpha=-1.0)
        else:
            param.add_(corrected * lr, alpha=-1.0)
