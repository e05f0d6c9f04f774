"""ASGD: averaged stochastic gradient descent."""

import ember

from .optimizer import Optimizer, _check_common, _grad_with_l2


class ASGD(Optimizer):
    """Averaged stochastic gradient descent.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.ASGD([w], lr=0.1)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    _scalar_state = ("step", "eta", "mu")

    def __init__(
        self,
        params,
        lr=1e-2,
        lambd=1e-4,
        alpha=0.75,
        t0=1e6,
        weight_decay=0,
        foreach=None,
        maximize=False,
        differentiable=False,
        capturable=False,
    ):
        _check_common(lr, 0.0, weight_decay)
        defaults = dict(
            lr=lr,
            lambd=lambd,
            alpha=alpha,
            t0=t0,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
            capturable=capturable,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"eta": ember.tensor(float(group["lr"])), "mu": ember.tensor(1.0), "ax": ember.zeros_like(p)}

    def _update(self, group, param, grad, state, step):
        lr, lambd = group["lr"], group["lambd"]
        grad = _grad_with_l2(group, param, grad)
        eta, mu = state["eta"].item(), state["mu"].item()
        param.mul_(1 - lambd * eta)
        param.add_(grad, alpha=-eta)
        if mu != 1:
            state["ax"].add_(param.sub(state["ax"]).mul_(mu))
        else:
            state["ax"].copy_(param)
        state["eta"].fill_(lr / ((1 + lambd * lr * step) ** group["alpha"]))
        state["mu"].fill_(1 / max(1, step - group["t0"]))
