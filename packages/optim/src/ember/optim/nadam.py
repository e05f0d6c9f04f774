"""NAdam: Adam with Nesterov momentum (and optionally decoupled weight decay)."""

import ember

from ._adam_family import adam_defaults, adam_moments
from .optimizer import Optimizer, _check_range


class NAdam(Optimizer):
    """Adam with Nesterov momentum.

    Example:

    >>> w = ember.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = ember.optim.NAdam([w], lr=0.1)
    >>> (w ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8944, -1.8944], requires_grad=True)
    """

    _scalar_state = ("step", "mu_product")

    def __init__(
        self,
        params,
        lr=2e-3,
        betas=(0.9, 0.999),
        eps=1e-8,
        weight_decay=0,
        momentum_decay=4e-3,
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
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
        )
        _check_range(0.0 <= momentum_decay, f"Invalid momentum_decay value: {momentum_decay}")
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        return {"mu_product": ember.tensor(1.0), "exp_avg": ember.zeros_like(p), "exp_avg_sq": ember.zeros_like(p)}

    def _update(self, group, param, grad, state, step):
        lr, (beta1, beta2) = group["lr"], group["betas"]
        grad = adam_moments(group, param, grad, state)
        decay = group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * decay))
        mu_product = state["mu_product"].mul_(mu).item()  # float32, as PyTorch keeps it
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        denom = exp_avg_sq.div(1 - beta2**step).sqrt_().add_(group["eps"])
        param.addcdiv_(grad, denom, value=-lr * (1 - mu) / (1 - mu_product))
        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1 - mu_product * mu_next))
