"""Adam (with AMSGrad and optionally decoupled weight decay) and AdamW."""

import math

import ember

from ._adam_family import adam_defaults, adam_moments
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam: steps from bias-corrected running averages of the gradient and its square.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.Adam([w], lr=0.1)
    >>> opt.zero_grad()
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        amsgrad=False,
        *,
        foreach=None,
        maximize=False,
        capturable=False,
        differentiable=False,
        fused=None,
        decoupled_weight_decay=False,
    ):
        defaults = adam_defaults(
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        state = {"exp_avg": ember.zeros_like(p), "exp_avg_sq": ember.zeros_like(p)}
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = ember.zeros_like(p)
        return state

    def _update(self, group, param, grad, state, step):
        lr, (beta1, beta2) = group["lr"], group["betas"]
        adam_moments(group, param, grad, state)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        if group["amsgrad"]:
            second = state["max_exp_avg_sq"].maximum_(exp_avg_sq)
        else:
            second = exp_avg_sq
        # param -= lr / bias1 * exp_avg / (sqrt(second) / sqrt(bias2) + eps), with
        # sqrt(bias2) moved out of the denominator (equal up to rounding, one
        # pass less over memory), and as div and add_ rather than addcdiv_,
        # which the core runs about 2x slower
        bias2_sqrt = math.sqrt(1 - beta2**step)
        denom = second.sqrt().add_(group["eps"] * bias2_sqrt)
        param.add_(ember.div(exp_avg, denom, out=denom), alpha=-lr * bias2_sqrt / (1 - beta1**step))


class AdamW(Adam):
    """Adam with decoupled weight decay (the decay is applied to the weights, not added to the gradient).

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8500, -1.8000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=1e-2,
        amsgrad=False,
        *,
        maximize=False,
        foreach=None,
        capturable=False,
        differentiable=False,
        fused=None,
    ):
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )
