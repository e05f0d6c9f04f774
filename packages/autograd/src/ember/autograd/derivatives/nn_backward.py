"""Formulas of the linear nn primitives (upsample, im2col/col2im) and of the pools' and embedding's
backward ops (so create_graph=True differentiates through a pool's or an embedding's gradient).

Each is the adjoint of a linear map: the forward op's backward op, or the forward op itself.
Imported by derivatives/nn.py when the core has the nn primitives.
"""

import ember
from ember import _C
from ember.autograd.formula import derivative

_nn = _C._nn


def _op(name):
    return getattr(_C, name, None) or getattr(_nn, name)


def _register_upsample(name):
    forward, backward = getattr(_nn, name), getattr(_nn, name + "_backward")

    # the trailing arguments ([align_corners,] scales...) are the same for the op and its backward
    @derivative(name, save=())
    def upsample_backward(grad, input, output_size, *rest, **kwargs):
        return backward(grad, output_size, input.shape, *rest, **kwargs)

    @derivative(name + "_backward", inputs=("grad_output",), save=())
    def upsample_double_backward(grad, grad_output, output_size, input_size, *rest, **kwargs):
        return forward(grad, output_size, *rest, **kwargs)


for _mode, _dims in (("nearest", "123"), ("nearest_exact", "123"), ("linear", "1"), ("bilinear", "2"),
                     ("trilinear", "3"), ("bicubic", "2")):  # fmt: skip
    for _d in _dims:
        _register_upsample(f"upsample_{_mode}{_d}d")


@derivative("im2col", save=())
def im2col_backward(grad, input, kernel_size, dilation, padding, stride):
    return _nn.col2im(grad, tuple(input.shape[-2:]), kernel_size, dilation, padding, stride)


@derivative("col2im", save=())
def col2im_backward(grad, input, output_size, kernel_size, dilation, padding, stride):
    return _nn.im2col(grad, kernel_size, dilation, padding, stride)


def _register_pool_backward(n):
    avg_pool = _op(f"avg_pool{n}d")
    adaptive_avg_pool = _op(f"adaptive_avg_pool{n}d")

    @derivative(f"avg_pool{n}d_backward", inputs=("grad_output", "self"), save=())
    def avg_pool_double_backward(grad, grad_output, self, kernel_size, stride, padding, ceil_mode, count_include_pad,
                                 divisor_override=None):  # fmt: skip
        extra = () if n == 1 else (divisor_override,)
        return avg_pool(grad, kernel_size, stride, padding, ceil_mode, count_include_pad, *extra), None

    @derivative(f"adaptive_avg_pool{n}d_backward", inputs=("grad_output", "self"), save=())
    def adaptive_avg_pool_double_backward(grad, grad_output, self):
        return adaptive_avg_pool(grad, tuple(grad_output.shape[-n:])), None

    @derivative(f"max_pool{n}d_with_indices_backward", inputs=("grad_output", "self"), save=("indices",))
    def max_pool_double_backward(grad, grad_output, self, kernel_size, stride, padding, dilation, ceil_mode, indices):
        return _spatial_gather(grad, indices, n), None

    @derivative(f"adaptive_max_pool{n}d_backward", inputs=("grad_output", "self"), save=("indices",))
    def adaptive_max_pool_double_backward(grad, grad_output, self, indices):
        return _spatial_gather(grad, indices, n), None


def _spatial_gather(grad, indices, n):
    """grad (the pool input's shape) read at each output's flat index into its n spatial dims."""
    lead = grad.shape[: grad.dim() - n]
    flat = grad.reshape(*lead, -1)
    return flat.gather(-1, indices.reshape(*lead, -1)).reshape(indices.shape)


for _n in (1, 2, 3):
    _register_pool_backward(_n)


@derivative("embedding_dense_backward", inputs=("grad_output",), save=("indices",))
def embedding_dense_double_backward(grad, grad_output, indices, num_weights, padding_idx, scale_grad_by_freq):
    flat = indices.reshape(-1)
    out = grad.index_select(0, flat)
    keep = None
    if padding_idx >= 0:
        keep = (flat != padding_idx).to(grad.dtype)
    if scale_grad_by_freq:
        counts = ember.bincount(flat, minlength=num_weights).to(grad.dtype)
        inv = 1.0 / counts.index_select(0, flat)
        keep = inv if keep is None else keep * inv
    if keep is not None:
        out = out * keep.unsqueeze(1)
    return out.reshape(grad_output.shape)


# The convolution y = B(x, W) is bilinear, so its backward op (gI, gW, gB) = (B_x*(gO; W), B_W*(gO; x), sum gO)
# is linear in gO and in each of x, W: pairing with (ggI, ggW, ggB) gives
# d/d gO = B(ggI, W) + B(x, ggW) + ggB, d/d x = B_x*(gO; ggW), d/d W = B_W*(gO; ggI).
@derivative("convolution_backward", inputs=("grad_output", "input", "weight"))
def convolution_double_backward(grad, grad_output, input, weight, stride, padding, dilation, transposed,
                                output_padding, groups, output_mask=(True, True, True), *, needs):  # fmt: skip
    gg_i, gg_w, gg_b = grad
    geometry = (stride, padding, dilation, transposed, output_padding, groups)
    d_go = d_x = d_w = None
    if needs[0]:
        terms = []
        if gg_i is not None:
            terms.append(_C.convolution(gg_i, weight, None, *geometry))
        if gg_w is not None:
            terms.append(_C.convolution(input, gg_w, None, *geometry))
        if gg_b is not None:
            terms.append(gg_b.reshape([1, -1] + [1] * (grad_output.dim() - 2)).expand(grad_output.shape))
        d_go = sum(terms[1:], terms[0]) if terms else None
    if needs[1] and gg_w is not None:
        d_x = _nn.convolution_backward(grad_output, input, gg_w, *geometry, (True, False, False))[0]
    if needs[2] and gg_i is not None:
        d_w = _nn.convolution_backward(grad_output, gg_i, weight, *geometry, (False, True, False))[1]
    return d_go, d_x, d_w


def _through(op, first, primals, grads, needs):
    """Derivatives of first(*primals) (the backward op, restated in recorded ember ops) paired with grads:
    autograd differentiates the restatement. Second order only: the primals enter as fresh leaves."""
    from ember.autograd.api import grad as autograd_grad

    if ember.is_grad_enabled() and any(isinstance(g, _C.Tensor) and g.requires_grad for g in (*primals, *grads)):
        # create_graph through this would be a third derivative, which the fresh leaves would silently cut off
        raise NotImplementedError(f"derivative for '{op}' is implemented to second order only (no third derivative)")
    with ember.enable_grad():
        leaves = [
            p.detach().requires_grad_() if isinstance(p, _C.Tensor) and n else p
            for p, n in zip(primals, needs, strict=True)
        ]
        outs = first(*leaves)
    pairs = [(o, g) for o, g in zip(outs, grads, strict=True) if o is not None and g is not None and o.requires_grad]
    wanted = [leaf for leaf, n in zip(leaves, needs, strict=True) if n and isinstance(leaf, _C.Tensor)]
    if not pairs or not wanted:
        return tuple(None for _ in needs)
    got = iter(autograd_grad([o for o, _ in pairs], wanted, [g for _, g in pairs], allow_unused=True))
    return tuple(next(got) if n and isinstance(p, _C.Tensor) else None for p, n in zip(primals, needs, strict=True))


def _affine_backward(g_out, xhat, weight, dims, reduce_dims):
    """(gI, gW, gB) of y = xhat * weight + bias with xhat normalised over dims; rstd folded in by the caller."""
    gx = g_out if weight is None else g_out * weight
    g_in = gx - gx.mean(dims, keepdim=True) - xhat * (gx * xhat).mean(dims, keepdim=True)
    g_w = None if weight is None else (g_out * xhat).sum(reduce_dims)
    return g_in, g_w, g_out.sum(reduce_dims)


@derivative(
    "native_layer_norm_backward", inputs=("grad_out", "input", "weight"), save=("grad_out", "input", "weight", "rstd")
)
def native_layer_norm_double_backward(grad, grad_out, input, normalized_shape, mean, rstd, weight, bias, output_mask,
                                      *, needs):  # fmt: skip
    k = len(normalized_shape)
    dims = list(range(input.dim() - k, input.dim()))
    lead = list(range(input.dim() - k))
    var0 = input.detach().var(dims, correction=0, keepdim=True)
    eps = (rstd.detach().reshape(var0.shape).pow(-2) - var0).detach()  # the forward's eps, row by row

    def first(g, x, w):
        mu = x.mean(dims, keepdim=True)
        r = (x.var(dims, correction=0, keepdim=True) + eps).rsqrt()
        xhat = (x - mu) * r
        g_in, g_w, g_b = _affine_backward(g, xhat, w, dims, lead)
        return g_in * r, g_w, g_b

    return _through("native_layer_norm_backward", first, (grad_out, input, weight), grad, needs)


@derivative(
    "native_batch_norm_backward",
    inputs=("grad_out", "input", "weight"),
    save=("grad_out", "input", "weight", "running_mean", "running_var"),
)
def native_batch_norm_double_backward(grad, grad_out, input, weight, running_mean, running_var, save_mean,
                                      save_invstd, train, eps, output_mask, *, needs):  # fmt: skip
    dims = [0] + list(range(2, input.dim()))
    shape = [1, -1] + [1] * (input.dim() - 2)

    def first(g, x, w):
        w_b = None if w is None else w.reshape(shape)
        if train:
            mu = x.mean(dims, keepdim=True)
            r = (x.var(dims, correction=0, keepdim=True) + eps).rsqrt()
            g_in, g_w, g_b = _affine_backward(g, (x - mu) * r, w_b, dims, dims)
            return g_in * r, g_w, g_b
        r = (running_var + eps).rsqrt().reshape(shape)
        xhat = (x - running_mean.reshape(shape)) * r
        g_in = g * r if w_b is None else g * w_b * r
        return g_in, None if w is None else (g * xhat).sum(dims), g.sum(dims)

    return _through("native_batch_norm_backward", first, (grad_out, input, weight), grad, needs)
