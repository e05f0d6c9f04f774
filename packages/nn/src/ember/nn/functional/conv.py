"""Convolution and pooling as compositions (window views via unfold, then 2-D GEMM or reductions).

The native primitives (ember.conv2d, ember.max_pool2d, ..., on the `conv` branch) are not
in the core this package was built against; these compositions stand in for them.
"""

import math

import ember
from ember.nn.functional.linear import _cpad


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def _check_rank(input, n, name, what="input"):
    if input.ndim not in (n + 1, n + 2):
        raise RuntimeError(
            f"{name}: Expected {n + 1}D (unbatched) or {n + 2}D (batched) {what}, but got input of size: "
            f"{list(input.shape)}"
        )
    return input.ndim == n + 2


def _windows(x, kernel, stride, dilation):
    """x (N, C, *spatial) -> (N, C, *out, *kernel): each output position's input window (a view)."""
    n = len(kernel)
    for d in range(n):
        eff = dilation[d] * (kernel[d] - 1) + 1
        x = x.unfold(2 + d, eff, stride[d])
        if dilation[d] > 1:
            x = _step_last(x, dilation[d])
    return x


def _step_last(x, step):
    idx = ember.arange(0, x.shape[-1], step, device=x.device)
    return x.index_select(x.ndim - 1, idx)


def _convnd(input, weight, bias, stride, padding, dilation, groups, n, name):
    batched = _check_rank(input, n, name)
    x = input if batched else input.unsqueeze(0)
    stride, dilation = _tuple(stride, n), _tuple(dilation, n)
    kernel = tuple(weight.shape[2:])
    c_in = x.shape[1]
    if c_in != weight.shape[1] * groups:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input{list(x.shape)} to have "
            f"{weight.shape[1] * groups} channels, but got {c_in} channels instead"
        )
    if padding == "valid":
        padding = (0,) * n
    elif padding == "same":
        total = [dilation[d] * (kernel[d] - 1) for d in range(n)]
        pads = []
        for d in reversed(range(n)):
            pads += [total[d] // 2, total[d] - total[d] // 2]
        x = _cpad(x, pads)
        padding = (0,) * n
    padding = _tuple(padding, n)
    if any(padding):
        x = _cpad(x, [p for d in reversed(range(n)) for p in (padding[d], padding[d])])
    eff = [dilation[d] * (kernel[d] - 1) + 1 for d in range(n)]
    if any(eff[d] > x.shape[2 + d] for d in range(n)):
        raise RuntimeError(
            f"{name}: Calculated padded input size per channel: ({' x '.join(str(s) for s in x.shape[2:])}). "
            f"Kernel size: ({' x '.join(map(str, eff))}). Kernel size can't be greater than actual input size"
        )
    win = _windows(x, kernel, stride, dilation)  # (N, C, *out, *k)
    N, out_sp = x.shape[0], tuple(win.shape[2 : 2 + n])
    # (N, *out, C, *k): rows of the im2col matrix
    perm = [0] + list(range(2, 2 + n)) + [1] + list(range(2 + n, 2 + 2 * n))
    cols = win.permute(*perm)
    rows = N * math.prod(out_sp)
    cg = c_in // groups
    og = weight.shape[0] // groups
    outs = []
    for g in range(groups):
        cg_cols = cols.narrow(1 + n, g * cg, cg) if groups > 1 else cols
        w = weight.narrow(0, g * og, og) if groups > 1 else weight
        outs.append(cg_cols.reshape(rows, cg * math.prod(kernel)).matmul(w.reshape(og, -1).t()))
    out = outs[0] if groups == 1 else ember.cat(outs, 1)
    if bias is not None:
        out = out + bias
    out = out.reshape(N, *out_sp, weight.shape[0]).movedim(-1, 1)
    return out if batched else out.squeeze(0)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 2, "conv2d")


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 3, "conv3d")


def _conv_transposend(input, weight, bias, stride, padding, output_padding, groups, dilation, n, name):
    batched = _check_rank(input, n, name)
    x = input if batched else input.unsqueeze(0)
    stride, padding = _tuple(stride, n), _tuple(padding, n)
    output_padding, dilation = _tuple(output_padding, n), _tuple(dilation, n)
    kernel = tuple(weight.shape[2:])
    # Insert stride-1 zeros between inputs, pad by dilation*(k-1)-padding, convolve with the flipped kernel.
    for d in range(n):
        if stride[d] > 1:
            size = x.shape[2 + d]
            shape = list(x.shape)
            shape[2 + d] = (size - 1) * stride[d] + 1
            idx = ember.arange(0, shape[2 + d], stride[d], device=x.device)
            x = ember.zeros(shape, dtype=x.dtype, device=x.device).index_add(2 + d, idx, x)
    pads = []
    for d in reversed(range(n)):
        p = dilation[d] * (kernel[d] - 1) - padding[d]
        pads += [p, p + output_padding[d]]
    x = _cpad(x, pads)
    c_in = weight.shape[0]
    og = weight.shape[1]
    w = (
        weight.reshape(groups, c_in // groups, og, *kernel)
        .transpose(1, 2)
        .reshape(groups * og, c_in // groups, *kernel)
    )
    w = w.flip(list(range(2, 2 + n)))
    out = _convnd(x, w, bias, 1, 0, dilation, groups, n, name)
    return out if batched else out.squeeze(0)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transposend(
        input, weight, bias, stride, padding, output_padding, groups, dilation, 1, "conv_transpose1d"
    )


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transposend(
        input, weight, bias, stride, padding, output_padding, groups, dilation, 2, "conv_transpose2d"
    )


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transposend(
        input, weight, bias, stride, padding, output_padding, groups, dilation, 3, "conv_transpose3d"
    )


def _pool_geometry(input, kernel_size, stride, padding, dilation, n, name, ceil_mode):
    """(batched input, kernel, stride, dilation, [(left, right) padding per dim]): with ceil_mode the right
    padding grows so that a last partial window exists when it starts inside the input or its left padding."""
    batched = _check_rank(input, n, name)
    x = input if batched else input.unsqueeze(0)
    kernel = _tuple(kernel_size, n)
    stride = kernel if stride is None or stride == [] or stride == () else _tuple(stride, n)
    padding, dilation = _tuple(padding, n), _tuple(dilation, n)
    pads = []
    for d in range(n):
        if padding[d] * 2 > kernel[d]:
            raise RuntimeError(
                f"{name}: pad should be at most half of effective kernel size, but got pad={padding[d]}, "
                f"kernel_size={kernel[d]}"
            )
        size, eff = x.shape[2 + d], dilation[d] * (kernel[d] - 1) + 1
        span = size + 2 * padding[d] - eff
        out = (-(-span // stride[d]) if ceil_mode else span // stride[d]) + 1
        if ceil_mode and (out - 1) * stride[d] >= size + padding[d]:
            out -= 1
        extra = max((out - 1) * stride[d] + eff - (size + 2 * padding[d]), 0)
        pads.append((padding[d], padding[d] + extra))
    return x, batched, kernel, stride, dilation, pads


def _flat_pads(pads):
    return [p for d in reversed(range(len(pads))) for p in pads[d]]


def _max_poolnd(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, n, name):
    if return_indices:
        raise NotImplementedError(f"{name}: return_indices=True is not available in this build")
    x, batched, kernel, stride, dilation, pads = _pool_geometry(
        input, kernel_size, stride, padding, dilation, n, name, ceil_mode
    )
    win = _windows(_cpad(x, _flat_pads(pads), float("-inf")), kernel, stride, dilation)
    out = win.amax(list(range(win.ndim - n, win.ndim)))
    return out if batched else out.squeeze(0)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_poolnd(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 1, "max_pool1d")


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_poolnd(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2, "max_pool2d")


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_poolnd(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 3, "max_pool3d")


def _avg_poolnd(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, n, name):
    x, batched, kernel, stride, dilation, pads = _pool_geometry(
        input, kernel_size, stride, padding, 1, n, name, ceil_mode
    )
    win = _windows(_cpad(x, _flat_pads(pads)), kernel, stride, dilation)
    dims = list(range(win.ndim - n, win.ndim))
    if divisor_override:
        out = win.sum(dims) / divisor_override
    else:
        # The divisor counts the window's taps inside the input, plus those in the padding when
        # count_include_pad (never those a ceil_mode window reaches beyond the padding).
        ones = ember.ones(1, 1, *x.shape[2:], dtype=x.dtype, device=x.device)
        if count_include_pad:
            ones = _cpad(ones, _flat_pads([(p, p) for p, _ in pads]), 1.0)
            count = _cpad(ones, _flat_pads([(0, r - left) for left, r in pads]))
        else:
            count = _cpad(ones, _flat_pads(pads))
        out = win.sum(dims) / _windows(count, kernel, stride, dilation).sum(dims)
    return out if batched else out.squeeze(0)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return _avg_poolnd(input, kernel_size, stride, padding, ceil_mode, count_include_pad, None, 1, "avg_pool1d")


def avg_pool2d(
    input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    return _avg_poolnd(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 2, "avg_pool2d"
    )


def avg_pool3d(
    input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None
):
    return _avg_poolnd(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, 3, "avg_pool3d"
    )


def _adaptive(input, output_size, n, name, reduce):
    batched = _check_rank(input, n, name)
    x = input if batched else input.unsqueeze(0)
    out_size = [x.shape[2 + d] if s is None else s for d, s in enumerate(_tuple(output_size, n))]
    for d in range(n):
        size, o = x.shape[2 + d], out_size[d]
        pieces = []
        for i in range(o):
            start, end = (i * size) // o, -(-((i + 1) * size) // o)
            pieces.append(reduce(x.narrow(2 + d, start, end - start), 2 + d))
        x = ember.stack(pieces, 2 + d)
    return x if batched else x.squeeze(0)


def adaptive_avg_pool1d(input, output_size):
    return _adaptive(input, output_size, 1, "adaptive_avg_pool1d", lambda t, d: t.mean(d))


def adaptive_avg_pool2d(input, output_size):
    return _adaptive(input, output_size, 2, "adaptive_avg_pool2d", lambda t, d: t.mean(d))


def adaptive_avg_pool3d(input, output_size):
    return _adaptive(input, output_size, 3, "adaptive_avg_pool3d", lambda t, d: t.mean(d))


def _no_indices(return_indices, name):
    if return_indices:
        raise NotImplementedError(f"{name}: return_indices=True is not available in this build")


def adaptive_max_pool1d(input, output_size, return_indices=False):
    _no_indices(return_indices, "adaptive_max_pool1d")
    return _adaptive(input, output_size, 1, "adaptive_max_pool1d", lambda t, d: t.amax(d))


def adaptive_max_pool2d(input, output_size, return_indices=False):
    _no_indices(return_indices, "adaptive_max_pool2d")
    return _adaptive(input, output_size, 2, "adaptive_max_pool2d", lambda t, d: t.amax(d))


def adaptive_max_pool3d(input, output_size, return_indices=False):
    _no_indices(return_indices, "adaptive_max_pool3d")
    return _adaptive(input, output_size, 3, "adaptive_max_pool3d", lambda t, d: t.amax(d))


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    k = _tuple(kernel_size, 1)
    out = avg_pool1d(input.pow(norm_type), k, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(math.prod(k)).pow(1.0 / norm_type)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    k = _tuple(kernel_size, 2)
    out = avg_pool2d(input.pow(norm_type), k, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(math.prod(k)).pow(1.0 / norm_type)


def pixel_shuffle(input, upscale_factor):
    r = upscale_factor
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError(
            f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, "
            f"but input.size(-3)={c} is not divisible by {r * r}"
        )
    x = input.reshape(*lead, c // (r * r), r, r, h, w)
    k = len(lead)
    x = x.permute(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return x.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    r = downscale_factor
    *lead, c, h, w = input.shape
    k = len(lead)
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    x = x.permute(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return x.reshape(*lead, c * r * r, h // r, w // r)


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    batched = input.ndim == 4
    x = input if batched else input.unsqueeze(0)
    kernel, dilation, padding, stride = (_tuple(v, 2) for v in (kernel_size, dilation, padding, stride))
    if any(padding):
        x = _cpad(x, [padding[1], padding[1], padding[0], padding[0]])
    win = _windows(x, kernel, stride, dilation)  # (N, C, oh, ow, kh, kw)
    n, c, oh, ow = win.shape[:4]
    out = win.permute(0, 1, 4, 5, 2, 3).reshape(n, c * kernel[0] * kernel[1], oh * ow)
    return out if batched else out.squeeze(0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    batched = input.ndim == 3
    x = input if batched else input.unsqueeze(0)
    out_size, kernel, dilation, padding, stride = (
        _tuple(v, 2) for v in (output_size, kernel_size, dilation, padding, stride)
    )
    n = x.shape[0]
    kk = kernel[0] * kernel[1]
    c = x.shape[1] // kk
    H, W = out_size[0] + 2 * padding[0], out_size[1] + 2 * padding[1]
    oh = (H - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1
    ow = (W - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1
    # Flat target index of every (kernel tap, window) pair; index_add sums overlapping taps.
    ki = ember.arange(kernel[0], device=x.device).reshape(-1, 1, 1, 1) * dilation[0]
    kj = ember.arange(kernel[1], device=x.device).reshape(1, -1, 1, 1) * dilation[1]
    wi = ember.arange(oh, device=x.device).reshape(1, 1, -1, 1) * stride[0]
    wj = ember.arange(ow, device=x.device).reshape(1, 1, 1, -1) * stride[1]
    target = ((ki + wi) * W + (kj + wj)).reshape(-1)
    src = x.reshape(n, c, kk * oh * ow)
    out = ember.zeros(n, c, H * W, dtype=x.dtype, device=x.device).index_add(2, target, src).reshape(n, c, H, W)
    out = out.narrow(2, padding[0], out_size[0]).narrow(3, padding[1], out_size[1])
    return out if batched else out.squeeze(0)


_LINEAR_MODES = {"linear": 1, "bilinear": 2, "trilinear": 3}


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):  # fmt: skip
    """nearest, nearest-exact and (bi/tri)linear, separably per spatial dim through index_select."""
    n = input.ndim - 2
    linear = mode in _LINEAR_MODES
    if mode not in ("nearest", "nearest-exact") and not linear:
        raise NotImplementedError(f"interpolate: mode '{mode}' is not available in this build")
    if linear and _LINEAR_MODES[mode] != n:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {_LINEAR_MODES[mode] + 2}D input")
    if not linear and align_corners is not None:
        raise ValueError(
            "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"
        )
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None:
        sf = _tuple(scale_factor, n)
        size = [int(math.floor(input.shape[2 + d] * sf[d])) for d in range(n)]
    size = _tuple(size, n)
    x = input
    for d in range(n):
        in_s, out_s = x.shape[2 + d], size[d]
        if scale_factor is not None and not recompute_scale_factor:
            scale = 1.0 / _tuple(scale_factor, n)[d]
        else:
            scale = in_s / out_s
        pos = ember.arange(out_s, dtype=ember.float64)
        if not linear:
            src = (pos + 0.5) * scale if mode == "nearest-exact" else pos * scale
            idx = src.floor().to(ember.int64).clamp_max(in_s - 1)
            x = x.index_select(2 + d, idx)
            continue
        if align_corners:
            src = pos * ((in_s - 1) / (out_s - 1)) if out_s > 1 else pos * 0
        else:
            src = ((pos + 0.5) * scale - 0.5).clamp_min(0)
        i0 = src.floor().to(ember.int64).clamp_max(in_s - 1)
        i1 = (i0 + 1).clamp_max(in_s - 1)
        w = (src - i0.to(ember.float64)).to(x.dtype).reshape([out_s] + [1] * (n - 1 - d))
        x = x.index_select(2 + d, i0) * (1 - w) + x.index_select(2 + d, i1) * w
    return x


__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "fold",
    "interpolate",
    "lp_pool1d",
    "lp_pool2d",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "pixel_shuffle",
    "pixel_unshuffle",
    "unfold",
]
