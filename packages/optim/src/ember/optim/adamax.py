"""Adamax: Adam with the infinity norm."""

import ember

from ._adam_family import adam_defaults, adam_moments
from .optimizer import Optimizer


class Adamax(Optimizer):
    """Adamax: Adam with the infinity norm of past gradients in place of the second moment.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.Adamax([w], lr=0.1)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        defaults = adam_defaults(
            lr,
            betas,
            eps,
            weight_decay,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"exp_avg": ember.zeros_like(p), "exp_inf": ember.zeros_like(p)}

    def _update(self, group, param, grad, state, step):
        (beta1, beta2), exp_avg, exp_inf = group["betas"], state["exp_avg"], state["exp_inf"]
        grad = adam_moments(group, param, grad, state, second_moment=False)
        exp_inf.mul_(beta2).maximum_(grad.abs().add_(group["eps"]))
        param.addcdiv_(exp_avg, exp_inf, value=-group["lr"] / (1 - beta1**step))
