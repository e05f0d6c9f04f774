"""What Adam, AdamW, RAdam, NAdam and Adamax share: constructor checks and
defaults, and the start of each step (weight decay, first moment, and for
all but Adamax the second moment)."""

from .optimizer import _check_common, _ema_, _grad_with_l2


def adam_defaults(lr, betas, eps, weight_decay, **options):
    """The group defaults after PyTorch's checks: lr, eps, weight_decay >= 0 and betas in [0, 1)."""
    _check_common(lr, eps, weight_decay, betas)
    return dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, **options)


def adam_moments(group, param, grad, state, second_moment=True):
    """Weight decay (decoupled: param shrinks by lr * wd; else L2 on the gradient),
    then exp_avg (and exp_avg_sq) in place; returns the gradient the rule uses."""
    beta1, beta2 = group["betas"]
    if group.get("decoupled_weight_decay"):
        if group["weight_decay"] != 0:
            param.mul_(1 - group["lr"] * group["weight_decay"])
        grad = _grad_with_l2(group, param, grad, weight_decay=0)
    else:
        grad = _grad_with_l2(group, param, grad)
    _ema_(state["exp_avg"], grad, 1 - beta1)
    if second_moment:
        state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    return grad
