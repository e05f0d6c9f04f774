"""clip_grad_norm_, clip_grad_value_, get_total_norm, clip_grads_with_norm_."""

import ember


def _grads(parameters):
    if isinstance(parameters, ember.Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The ``norm_type``-norm of all the given tensors taken together.

    Example:

    >>> import ember.nn as nn
    >>> nn.utils.get_total_norm([ember.tensor([3.0]), ember.tensor([4.0])])
    tensor(5.)
    >>> nn.utils.get_total_norm([ember.tensor([3.0, -4.0])], norm_type=1)
    tensor(7.)
    """
    if isinstance(tensors, ember.Tensor):
        tensors = [tensors]
    tensors = list(tensors)
    if not tensors:
        return ember.tensor(0.0)
    norms = ember.stack([t.detach().norm(norm_type) for t in tensors])
    total = norms.amax() if norm_type == float("inf") else norms.norm(norm_type)
    if error_if_nonfinite and not bool(total.isfinite()):
        raise RuntimeError(
            f"The total norm of order {float(norm_type)} for gradients from `parameters` is non-finite, so it cannot "
            "be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set "
            "`error_if_nonfinite=False`"
        )
    return total


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scales the parameters' gradients by ``max_norm / total_norm`` when that is below one, in place.

    Example:

    >>> import ember.nn as nn
    >>> w = nn.Parameter(ember.zeros(2))
    >>> w.grad = ember.tensor([3.0, 4.0])
    >>> total = nn.utils.get_total_norm([w.grad])
    >>> nn.utils.clip_grads_with_norm_([w], max_norm=1.0, total_norm=total)
    >>> w.grad
    tensor([0.6000, 0.8000])
    """
    coef = (max_norm / (total_norm + 1e-6)).clamp(max=1.0)
    with ember.no_grad():
        for g in _grads(parameters):
            g.mul_(coef.to(g.dtype))


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scales the gradients so their joint norm is at most ``max_norm``; returns the norm before clipping.

    Example:

    >>> import ember.nn as nn
    >>> p = ember.zeros(2, requires_grad=True)
    >>> p.grad = ember.tensor([3.0, 4.0])
    >>> nn.utils.clip_grad_norm_([p], max_norm=1.0)
    tensor(5.)
    >>> p.grad
    tensor([0.6000, 0.8000])
    """
    if isinstance(parameters, ember.Tensor):
        parameters = [parameters]
    parameters = list(parameters)
    grads = _grads(parameters)
    total = get_total_norm(grads, float(norm_type), error_if_nonfinite)
    if grads:
        clip_grads_with_norm_(parameters, max_norm, total)
    return total


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamps each gradient element to ``[-clip_value, clip_value]``, in place.

    Example:

    >>> import ember.nn as nn
    >>> p = ember.zeros(2, requires_grad=True)
    >>> p.grad = ember.tensor([-3.0, 0.5])
    >>> nn.utils.clip_grad_value_([p], 1.0)
    >>> p.grad
    tensor([-1.0000,  0.5000])
    """
    with ember.no_grad():
        for g in _grads(parameters):
            g.clamp_(-clip_value, clip_value)
