"""Adagrad."""

import ember

from .optimizer import Optimizer, _check_range, _grad_with_l2


class Adagrad(Optimizer):
    """Adagrad: each parameter's step is scaled by the root of its summed squared gradients.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.Adagrad([w], lr=0.1)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        lr_decay=0,
        weight_decay=0,
        initial_accumulator_value=0,
        eps=1e-10,
        foreach=None,
        *,
        maximize=False,
        differentiable=False,
        fused=None,
    ):
        _check_range(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check_range(0.0 <= lr_decay, f"Invalid lr_decay value: {lr_decay}")
        _check_range(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check_range(
            0.0 <= initial_accumulator_value, f"Invalid initial_accumulator_value value: {initial_accumulator_value}"
        )
        _check_range(0.0 <= eps, f"Invalid epsilon value: {eps}")
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            eps=eps,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            fused=fused,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"sum": ember.full_like(p, group["initial_accumulator_value"])}

    def _update(self, group, param, grad, state, step):
        grad = _grad_with_l2(group, param, grad)
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        total = state["sum"].addcmul_(grad, grad, value=1)
        param.addcdiv_(grad, total.sqrt().add_(group["eps"]), value=-clr)
