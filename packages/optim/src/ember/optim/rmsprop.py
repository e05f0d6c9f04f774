"""RMSprop (centered, with momentum)."""

import ember

from .optimizer import Optimizer, _check_range, _ema_, _grad_with_l2


class RMSprop(Optimizer):
    """RMSprop: steps divided by the root of a running average of squared gradients.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.RMSprop([w], lr=0.01)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.9000, -1.9000], requires_grad=True)
    """

    def __init__(
        self,
        params,
        lr=1e-2,
        alpha=0.99,
        eps=1e-8,
        weight_decay=0,
        momentum=0,
        centered=False,
        capturable=False,
        foreach=None,
        maximize=False,
        differentiable=False,
    ):
        _check_range(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check_range(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check_range(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        _check_range(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check_range(0.0 <= alpha, f"Invalid alpha value: {alpha}")
        defaults = dict(
            lr=lr,
            momentum=momentum,
            alpha=alpha,
            eps=eps,
            centered=centered,
            weight_decay=weight_decay,
            capturable=capturable,
            foreach=foreach,
            maximize=maximize,
            differentiable=differentiable,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        state = {"square_avg": ember.zeros_like(p)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = ember.zeros_like(p)
        if group["centered"]:
            state["grad_avg"] = ember.zeros_like(p)
        return state

    def _update(self, group, param, grad, state, step):
        alpha = group["alpha"]
        grad = _grad_with_l2(group, param, grad)
        square_avg = state["square_avg"].mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if group["centered"]:
            grad_avg = _ema_(state["grad_avg"], grad, 1 - alpha)
            avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
        else:
            avg = square_avg.sqrt()
        avg = avg.add_(group["eps"])
        if group["momentum"] > 0:
            buf = state["momentum_buffer"].mul_(group["momentum"]).addcdiv_(grad, avg)
            param.add_(buf, alpha=-group["lr"])
        else:
            param.addcdiv_(grad, avg, value=-group["lr"])
