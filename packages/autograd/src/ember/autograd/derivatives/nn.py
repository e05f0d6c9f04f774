"""Formulas of the nn primitives (conv, pools, norms, embedding, pixel shuffle): each calls the core's backward op.

Only registered when the core has the primitives (the `conv` branch's ops), so a
core without them still imports ember.autograd.
"""

import ember
from ember import _C
from ember.autograd.formula import derivative

_nn = getattr(_C, "_nn", None)


def _op(name):
    return getattr(_C, name, None) or getattr(_nn, name)


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _conv_geometry(input, weight, padding, dilation, n):
    """Explicit symmetric padding for convolution_backward, and the input padded on the right when 'same' is odd."""
    dilation = _tuple(dilation, n)
    if padding == "valid":
        return input, (0,) * n, None
    if padding != "same":
        return input, _tuple(padding, n), None
    total = [dilation[d] * (weight.shape[2 + d] - 1) for d in range(n)]
    left = tuple(t // 2 for t in total)
    extra = [t - 2 * (t // 2) for t in total]
    if not any(extra):
        return input, left, None
    pads = []
    for d in reversed(range(n)):
        pads += [0, extra[d]]
    return _C.pad(input, pads, "constant", 0), left, extra


def _conv_backward(grad, input, weight, stride, padding, dilation, groups, n, transposed, output_padding, needs):
    batched = input.dim() == n + 2
    x = input if batched else input.unsqueeze(0)
    g = grad if batched else grad.unsqueeze(0)
    x, pad, extra = (x, _tuple(padding, n), None) if transposed else _conv_geometry(x, weight, padding, dilation, n)
    gi, gw, gb = _nn.convolution_backward(
        g, x, weight, _tuple(stride, n), pad, _tuple(dilation, n), transposed, _tuple(output_padding, n), groups,
        (needs[0], needs[1], len(needs) > 2 and needs[2]),
    )  # fmt: skip
    if gi is not None and extra is not None:
        for d in range(n):
            gi = gi.narrow(2 + d, 0, gi.shape[2 + d] - extra[d])
    if gi is not None and not batched:
        gi = gi.squeeze(0)
    return gi, gw, gb


def _register_conv(n):
    @derivative(f"conv{n}d", inputs=("input", "weight", "bias"), save=("input", "weight"))
    def conv_backward(grad, input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, *, needs):
        return _conv_backward(grad, input, weight, stride, padding, dilation, groups, n, False, 0, needs)

    @derivative(f"conv_transpose{n}d", inputs=("input", "weight", "bias"), save=("input", "weight"))
    def conv_transpose_backward(grad, input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                                dilation=1, *, needs):  # fmt: skip
        return _conv_backward(grad, input, weight, stride, padding, dilation, groups, n, True, output_padding, needs)


@derivative("convolution", inputs=("input", "weight", "bias"), save=("input", "weight"))
def convolution_backward(grad, input, weight, bias, stride, padding, dilation, transposed, output_padding, groups,
                         *, needs):  # fmt: skip
    n = weight.dim() - 2
    return _conv_backward(grad, input, weight, stride, padding, dilation, groups, n, transposed, output_padding, needs)


def _register_pools(n):
    @derivative(f"max_pool{n}d", save=("input",))
    def max_pool_backward(grad, input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
        with ember.no_grad():
            _, indices = _op(f"max_pool{n}d_with_indices")(input, kernel_size, stride, padding, dilation, ceil_mode)
        return getattr(_nn, f"max_pool{n}d_with_indices_backward")(
            grad, input, kernel_size, stride, padding, dilation, ceil_mode, indices
        )

    @derivative(f"avg_pool{n}d", save=("input",))
    def avg_pool_backward(grad, input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True,
                          divisor_override=None):  # fmt: skip
        return getattr(_nn, f"avg_pool{n}d_backward")(
            grad, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override
        )

    @derivative(f"adaptive_avg_pool{n}d", save=("input",))
    def adaptive_avg_pool_backward(grad, input, output_size):
        return getattr(_nn, f"adaptive_avg_pool{n}d_backward")(grad, input)

    # the indices (second output, integer) come back as the saved result: no second pass over the input
    @derivative(f"max_pool{n}d_with_indices", save=("input",))
    def max_pool_with_indices_backward(grad, input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False,
                                       *, result):  # fmt: skip
        return getattr(_nn, f"max_pool{n}d_with_indices_backward")(
            grad[0], input, kernel_size, stride, padding, dilation, ceil_mode, result[1]
        )

    @derivative(f"adaptive_max_pool{n}d", save=("input",))
    def adaptive_max_pool_backward(grad, input, output_size, *, result):
        return getattr(_nn, f"adaptive_max_pool{n}d_backward")(grad[0], input, result[1])

    avg_pool_bwd = getattr(_nn, f"avg_pool{n}d_backward")

    # out = s^(1/p) with s the window sum of x^p (PyTorch's avg_pool times the kernel size, clipped at 0), so
    # d out/d x = out^(1-p) x^(p-1) through the avg_pool backward; zero where the window's s is not positive.
    @derivative(f"lp_pool{n}d", save=("input",))
    def lp_pool_backward(grad, input, norm_type, kernel_size, stride=None, ceil_mode=False, *, result):
        k = 1
        for size in _tuple(kernel_size, n):
            k *= size
        stride = () if stride is None else stride
        positive = result > 0
        g_sum = ember.where(positive, grad * result.pow(1 - norm_type), 0.0) * k
        g = avg_pool_bwd(g_sum, input, kernel_size, stride, 0, ceil_mode, True, None)
        return g * input.pow(norm_type - 1)


def _register_norms():
    @derivative("layer_norm", inputs=("input", "weight", "bias"), save=("input", "weight", "bias"))
    def layer_norm_backward(grad, input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True,
                            *, needs):  # fmt: skip
        with ember.no_grad():
            _, mean, rstd = _op("native_layer_norm")(input, normalized_shape, weight, bias, eps)
        return _nn.native_layer_norm_backward(
            grad, input, normalized_shape, mean, rstd, weight, bias, (needs[0], needs[1], needs[2])
        )

    def _group_norm_composed(grad, input, weight, groups, eps, needs):
        """group norm's gradients in recorded ops, for create_graph=True: the native backward op has no
        derivative of its own, so using it there would silently cut the second derivative off."""
        n, c = input.shape[0], input.shape[1]
        x = input.reshape(n, groups, -1)
        centred = x - x.mean(-1, keepdim=True)
        rstd = (centred.square().mean(-1, keepdim=True) + eps).rsqrt()
        xhat = centred * rstd
        g = grad if weight is None else grad * weight.reshape([1, c] + [1] * (input.dim() - 2))
        g = g.reshape(n, groups, -1)
        g_in = rstd * (g - g.mean(-1, keepdim=True) - xhat * (g * xhat).mean(-1, keepdim=True))
        dims = [0, *range(2, input.dim())]
        g_w = (grad * xhat.reshape(input.shape)).sum(dims) if needs[1] and weight is not None else None
        g_b = grad.sum(dims) if len(needs) > 2 and needs[2] else None
        return g_in.reshape(input.shape) if needs[0] else None, g_w, g_b

    def _creating_graph(*tensors):
        return ember.is_grad_enabled() and any(isinstance(t, _C.Tensor) and t.requires_grad for t in tensors)

    @derivative("group_norm", inputs=("input", "weight", "bias"), save=("input", "weight", "bias"))
    def group_norm_backward(grad, input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True, *, needs):
        if _creating_graph(grad, input, weight):
            return _group_norm_composed(grad, input, weight, num_groups, eps, needs)
        n, c = input.shape[0], input.shape[1]
        hxw = input.numel() // max(n * c, 1)
        with ember.no_grad():
            _, mean, rstd = _op("native_group_norm")(input, weight, bias, n, c, hxw, num_groups, eps)
        return _nn.native_group_norm_backward(
            grad, input, mean, rstd, weight, n, c, hxw, num_groups, (needs[0], needs[1], needs[2])
        )

    # The native ops return (output, mean, rstd): their formulas reuse those instead of recomputing them.
    @derivative("native_layer_norm", inputs=("input", "weight", "bias"), save=("input", "weight", "bias"))
    def native_layer_norm_backward(grad, input, normalized_shape, weight, bias, eps, *, result, needs):
        return _nn.native_layer_norm_backward(
            grad[0], input, normalized_shape, result[1], result[2], weight, bias, (needs[0], needs[1], needs[2])
        )

    @derivative("native_group_norm", inputs=("input", "weight", "bias"), save=("input", "weight"))
    def native_group_norm_backward(grad, input, weight, bias, N, C, HxW, group, eps, *, result, needs):
        if _creating_graph(grad[0], input, weight):
            return _group_norm_composed(grad[0], input, weight, group, eps, needs)
        return _nn.native_group_norm_backward(
            grad[0], input, result[1], result[2], weight, N, C, HxW, group, (needs[0], needs[1], needs[2])
        )

    # The running stats are read back only in eval mode; in training mode the forward moves them in place
    # (after the recorder saved them), so callers that record pass them as None there (nn.functional does).
    @derivative(
        "native_batch_norm",
        inputs=("input", "weight", "bias"),
        save=("input", "weight", "running_mean", "running_var"),
    )
    def native_batch_norm_backward(grad, input, weight, bias, running_mean, running_var, training, momentum, eps,
                                   *, result, needs):  # fmt: skip
        mean, invstd = (result[1], result[2]) if training else (None, None)
        return _nn.native_batch_norm_backward(
            grad[0], input, weight, running_mean, running_var, mean, invstd, training, eps,
            (needs[0], needs[1], needs[2]),
        )  # fmt: skip

    # Instance norm is batch norm of the (1, N*C, *) view with the per-channel weight repeated N times.
    @derivative(
        "instance_norm",
        inputs=("input", "weight", "bias"),
        save=("input", "weight", "running_mean", "running_var"),
    )
    def instance_norm_backward(grad, input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps,
                               cudnn_enabled, *, needs):  # fmt: skip
        n, c = input.shape[0], input.shape[1]
        x = input.reshape(1, n * c, -1)
        w = None if weight is None else weight.repeat(n)
        if use_input_stats:
            mean = x.mean([0, 2])
            invstd = (x.var([0, 2], correction=0) + eps).rsqrt()
            rm = rv = None
        else:
            mean = invstd = None
            rm, rv = running_mean.repeat(n), running_var.repeat(n)
        gi, gw, gb = _nn.native_batch_norm_backward(
            grad.reshape(1, n * c, -1), x, w, rm, rv, mean, invstd, use_input_stats, eps,
            (needs[0], needs[1] and w is not None, needs[2]),
        )  # fmt: skip
        gi = None if gi is None else gi.reshape(input.shape)
        gw = None if gw is None else gw.reshape(n, c).sum(0)
        gb = None if gb is None else gb.reshape(n, c).sum(0)
        return gi, gw, gb

    # running stats are read in eval mode (train=False), so they are saved too
    @derivative(
        "batch_norm", inputs=("input", "weight", "bias"), save=("input", "weight", "running_mean", "running_var")
    )
    def batch_norm_backward(grad, input, weight, bias, running_mean, running_var, training, momentum, eps,
                            cudnn_enabled, *, needs):  # fmt: skip
        # The saved statistics are recomputed from the input: the forward already moved the running ones.
        dims = [0] + list(range(2, input.dim()))
        if training or running_mean is None:
            save_mean = input.mean(dims)
            save_invstd = (input.var(dims, correction=0) + eps).rsqrt()
            train = True
        else:
            save_mean = save_invstd = None
            train = False
        return _nn.native_batch_norm_backward(
            grad, input, weight, running_mean, running_var, save_mean, save_invstd, train, eps,
            (needs[0], needs[1], needs[2]),
        )  # fmt: skip


if _nn is not None and hasattr(_nn, "convolution_backward"):
    for _n in (1, 2, 3):
        _register_conv(_n)
        _register_pools(_n)
    _register_norms()

    @derivative("embedding", inputs=("weight",), save=("indices",))
    def embedding_backward(grad, weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
        return _nn.embedding_dense_backward(grad, indices, weight.shape[0], padding_idx, scale_grad_by_freq)

    @derivative("pixel_shuffle", save=())
    def pixel_shuffle_backward(grad, input, upscale_factor):
        return _op("pixel_unshuffle")(grad, upscale_factor)

    @derivative("pixel_unshuffle", save=())
    def pixel_unshuffle_backward(grad, input, downscale_factor):
        return _op("pixel_shuffle")(grad, downscale_factor)

    from ember.autograd.derivatives import nn_backward  # noqa: F401  (upsample, im2col/col2im, double backward)
