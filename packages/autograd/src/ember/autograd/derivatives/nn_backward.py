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
