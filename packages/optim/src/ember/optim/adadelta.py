"""Adadelta."""

import ember

from .optimizer import Optimizer, _check_range, _grad_with_l2


class Adadelta(Optimizer):
    """Adadelta: step sizes from running averages of squared gradients and squared updates.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.Adadelta([w], lr=1.0)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9968, -1.9968], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1.0,
        rho=0.9,
        eps=1e-6,
        weight_decay=0,
        foreach=None,
        *,
        capturable=False,
        maximize=False,
        differentiable=False,
    ):
        _check_range(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check_range(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        _check_range(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check_range(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(
            lr=lr,
            rho=rho,
            eps=eps,
            weight_decay=weight_decay,
            maximize=maximize,
            capturable=capturable,
            foreach=foreach,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"square_avg": ember.zeros_like(p), "acc_delta": ember.zeros_like(p)}

    def _update(self, group, param, grad, state, step):
        rho, eps = group["rho"], group["eps"]
        grad = _grad_with_l2(group, param, grad)
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
        std = square_avg.add(eps).sqrt_()
        delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
        acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
        param.add_(delta, alpha=-group["lr"])
