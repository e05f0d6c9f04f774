"""SGD with momentum, dampening, Nesterov momentum and weight decay."""

from .optimizer import Optimizer, _check_range, _grad_with_l2


class SGD(Optimizer):
    """Stochastic gradient descent, with optional momentum, Nesterov momentum and weight decay.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.SGD([w], lr=0.1)
    >>> loss = (w ** 2).sum()
    >>> loss.backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    _scalar_state = ()  # PyTorch's SGD keeps no step count

    def __init__(
        self,
        params,
        lr=1e-3,
        momentum=0,
        dampening=0,
        weight_decay=0,
        nesterov=False,
        *,
        maximize=False,
        foreach=None,
        differentiable=False,
        fused=None,
    ):
        _check_range(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check_range(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        _check_range(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
            foreach=foreach,
            differentiable=differentiable,
            fused=fused,
        )
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        if group["momentum"] == 0:
            return {}
        return {"momentum_buffer": p.grad.detach().clone()}  # the first step's buffer is the gradient

    def _update(self, group, param, grad, state, step):
        grad = _grad_with_l2(group, param, grad)
        momentum = group["momentum"]
        if momentum != 0:
            buf = state["momentum_buffer"]
            if step == 1:
                buf.copy_(grad)
            else:
                buf.mul_(momentum).add_(grad, alpha=1 - group["dampening"])
            grad = grad.add(buf, alpha=momentum) if group["nesterov"] else buf
        param.add_(grad, alpha=-group["lr"])
