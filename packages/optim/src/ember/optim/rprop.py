"""Rprop: resilient backpropagation (sign-based steps)."""

import ember

from .optimizer import Optimizer, _check_range


class Rprop(Optimizer):
    """Resilient backpropagation: per-parameter step sizes that grow while the gradient's sign holds and shrink when it
    flips.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.Rprop([w], lr=0.1)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        etas=(0.5, 1.2),
        step_sizes=(1e-6, 50),
        *,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        _check_range(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check_range(0.0 < etas[0] < 1.0 < etas[1], f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(
            lr=lr,
            etas=etas,
            step_sizes=step_sizes,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"prev": ember.zeros_like(p), "step_size": ember.full_like(p, group["lr"])}

    def _update(self, group, param, grad, state, step):
        (eta_minus, eta_plus), (size_min, size_max) = group["etas"], group["step_sizes"]
        if group["maximize"]:
            grad = -grad
        trend = grad.mul(state["prev"]).sign()
        factor = ember.where(trend > 0, eta_plus, ember.where(trend < 0, eta_minus, 1.0)).to(grad.dtype)
        step_size = state["step_size"].mul_(factor).clamp_(size_min, size_max)
        grad = ember.where(trend < 0, 0.0, grad).to(grad.dtype)  # a sign change: no step, forget the gradient
        param.addcmul_(grad.sign(), step_size, value=-1)
        state["prev"].copy_(grad)
