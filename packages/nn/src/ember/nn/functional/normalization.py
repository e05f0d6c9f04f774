"""batch_norm, instance_norm, layer_norm, group_norm over the core's native primitives; rms_norm composed."""

import ember

_native_batch_norm = ember.native_batch_norm
_native_layer_norm = ember.native_layer_norm
_native_group_norm = ember.native_group_norm


def _recording(*tensors):
    return ember.is_grad_enabled() and any(t is not None and t.requires_grad for t in tensors)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Batch normalisation per channel, by the batch's statistics when ``training``, else by the running ones.

    Example:

    >>> import ember.nn.functional as F
    >>> F.batch_norm(ember.tensor([[1.0], [3.0]]), None, None, training=True)
    tensor([[-1.0000],
            [ 1.0000]])
    """
    if input.ndim < 2:
        raise ValueError(f"expected 2D or 3D input (got {input.ndim}D input)")
    if not training or running_mean is None or not _recording(input, weight, bias):
        return _native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)[0]
    count = input.numel() // input.shape[1]
    if count <= 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
    # Recorded with the running stats left out (the recorder saves its arguments before the op moves them in
    # place); they move here from the batch statistics the op returns: var = invstd^-2 - eps, made unbiased.
    out, mean, invstd = _native_batch_norm(input, weight, bias, None, None, True, momentum, eps)
    with ember.no_grad():
        running_mean.mul_(1 - momentum).add_(mean, alpha=momentum)
        running_var.mul_(1 - momentum).add_(invstd.pow(-2).sub_(eps), alpha=momentum * count / (count - 1))
    return out


def instance_norm(
    input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-5
):
    """Normalises each channel of each sample on its own.

    Example:

    >>> import ember.nn.functional as F
    >>> F.instance_norm(ember.tensor([[[1.0, 3.0]]]))
    tensor([[[-1.0000,  1.0000]]])
    """
    if not use_input_stats or running_mean is None or not _recording(input, weight, bias):
        return ember.instance_norm(
            input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, False
        )
    # as batch_norm: the recorded op leaves the running stats alone; they move here (mean over the batch)
    n, c = input.shape[:2]
    with ember.no_grad():
        x = input.reshape(n, c, -1)
        running_mean.mul_(1 - momentum).add_(x.mean(2).mean(0), alpha=momentum)
        running_var.mul_(1 - momentum).add_(x.var(2).mean(0), alpha=momentum)
    return ember.instance_norm(input, weight, bias, None, None, True, momentum, eps, False)


def _check_normalized_shape(input, normalized_shape):
    shape = tuple(normalized_shape)
    if input.ndim < len(shape) or tuple(input.shape[input.ndim - len(shape) :]) != shape:
        raise RuntimeError(
            f"Given normalized_shape={list(shape)}, expected input with shape [*, {', '.join(map(str, shape))}], "
            f"but got input of size{list(input.shape)}"
        )
    return list(range(input.ndim - len(shape), input.ndim))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalises over the last ``len(normalized_shape)`` dimensions.

    Example:

    >>> import ember.nn.functional as F
    >>> F.layer_norm(ember.tensor([[1.0, 3.0]]), (2,))
    tensor([[-1.0000,  1.0000]])
    """
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    return _native_layer_norm(input, normalized_shape, weight, bias, eps)[0]


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """Divides by the root mean square over the last ``len(normalized_shape)`` dimensions.

    Example:

    >>> import ember.nn.functional as F
    >>> F.rms_norm(ember.tensor([[3.0, 4.0]]), (2,))
    tensor([[0.8485, 1.1314]])
    """
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    dims = _check_normalized_shape(input, normalized_shape)
    if eps is None:
        eps = ember.finfo(input.dtype).eps
    out = input * ((input * input).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalises over groups of channels of each sample.

    Example:

    >>> import ember.nn.functional as F
    >>> F.group_norm(ember.tensor([[[1.0], [3.0]]]), 1)
    tensor([[[-1.0000],
             [ 1.0000]]])
    """
    if input.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.ndim}")
    n, c = input.shape[:2]
    if c % num_groups:
        raise RuntimeError(
            f"Expected number of channels in input to be divisible by num_groups, but got input of shape "
            f"{list(input.shape)} and num_groups={num_groups}"
        )
    hxw = input.numel() // (n * c) if n * c else 0
    return _native_group_norm(input, weight, bias, n, c, hxw, num_groups, eps)[0]
