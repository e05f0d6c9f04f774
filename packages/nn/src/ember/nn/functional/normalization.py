"""batch_norm, layer_norm, group_norm, instance_norm, rms_norm as compositions of core reductions."""

import ember


def _bcast(t, ndim):
    """A per-channel (C,) tensor shaped to broadcast against (N, C, *)."""
    return t.reshape([1, -1] + [1] * (ndim - 2))


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    if input.ndim < 2:
        raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")
    dims = [0] + list(range(2, input.ndim))
    if training:
        count = input.numel() // input.shape[1]
        if count <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
        mean = input.mean(dims)
        var = input.var(dims, correction=0)
        if running_mean is not None:
            with ember.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach() * momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * (momentum * count / (count - 1)))
    else:
        mean, var = running_mean, running_var
    out = (input - _bcast(mean, input.ndim)) * _bcast((var + eps).rsqrt(), input.ndim)
    if weight is not None:
        out = out * _bcast(weight, input.ndim)
    if bias is not None:
        out = out + _bcast(bias, input.ndim)
    return out


def instance_norm(
    input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-5
):
    n, c = input.shape[:2]
    dims = list(range(2, input.ndim))
    if use_input_stats:
        mean = input.mean(dims, keepdim=True)
        var = input.var(dims, correction=0, keepdim=True)
        if running_mean is not None:
            count = input.numel() // (n * c)
            with ember.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach().reshape(n, c).mean(0) * momentum)
                running_var.mul_(1 - momentum).add_(
                    var.detach().reshape(n, c).mean(0) * (momentum * count / max(count - 1, 1))
                )
    else:
        mean, var = _bcast(running_mean, input.ndim), _bcast(running_var, input.ndim)
    out = (input - mean) * (var + eps).rsqrt()
    if weight is not None:
        out = out * _bcast(weight, input.ndim)
    if bias is not None:
        out = out + _bcast(bias, input.ndim)
    return out


def _check_normalized_shape(input, normalized_shape, name):
    shape = tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(shape) :]) != shape or input.ndim < len(shape):
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape [*, {', '.join(map(str, shape))}], "
            f"but got input of size{list(input.shape)}"
        )
    return list(range(input.ndim - len(shape), input.ndim))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    dims = _check_normalized_shape(input, normalized_shape, "layer_norm")
    mean = input.mean(dims, keepdim=True)
    var = input.var(dims, correction=0, keepdim=True)
    out = (input - mean) * (var + eps).rsqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def rms_norm(input, normalized_shape, weight=None, eps=None):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    dims = _check_normalized_shape(input, normalized_shape, "rms_norm")
    if eps is None:
        eps = ember.finfo(input.dtype).eps
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    n, c = input.shape[:2]
    if c % num_groups:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input of shape "
            f"{list(input.shape)} and num_groups={num_groups}"
        )
    x = input.reshape(n, num_groups, -1)
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, correction=0, keepdim=True)
    out = ((x - mean) * (var + eps).rsqrt()).reshape(input.shape)
    if weight is not None:
        out = out * _bcast(weight, input.ndim)
    if bias is not None:
        out = out + _bcast(bias, input.ndim)
    return out
