"""NumPy references for the nn primitives (convolution, pooling, norms,
upsampling), written as direct sums over windows, and a finite-difference
gradient to check the backward ops by."""

import itertools

import numpy as np


def tup(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def conv_ref(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Cross-correlation of x (N, C, *sp) with w (O, C/groups, *k): a sum over kernel offsets of strided slices."""
    n = w.ndim - 2
    stride, padding, dilation = tup(stride, n), tup(padding, n), tup(dilation, n)
    xp = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in padding])
    out_sp = [(xp.shape[2 + i] - dilation[i] * (w.shape[2 + i] - 1) - 1) // stride[i] + 1 for i in range(n)]
    N, C = x.shape[:2]
    out_c = w.shape[0]
    cg, og = C // groups, out_c // groups
    out = np.zeros((N, out_c, *out_sp), dtype=np.float64)
    for k in np.ndindex(*w.shape[2:]):
        sl = tuple(
            slice(k[i] * dilation[i], k[i] * dilation[i] + stride[i] * (out_sp[i] - 1) + 1, stride[i]) for i in range(n)
        )
        patch = xp[(slice(None), slice(None)) + sl]
        for g in range(groups):
            wk = w[(slice(g * og, (g + 1) * og), slice(None)) + k]
            out[:, g * og : (g + 1) * og] += np.einsum("nc...,oc->no...", patch[:, g * cg : (g + 1) * cg], wk)
    if b is not None:
        out += b.reshape(1, -1, *[1] * n)
    return out


def conv_transpose_ref(x, w, b=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed convolution: each input element scatters w (C_in, C_out/groups, *k) into the output."""
    n = w.ndim - 2
    stride, padding, dilation = tup(stride, n), tup(padding, n), tup(dilation, n)
    output_padding = tup(output_padding, n)
    N, C = x.shape[:2]
    cg, og = C // groups, w.shape[1]
    full = [
        (x.shape[2 + i] - 1) * stride[i] + dilation[i] * (w.shape[2 + i] - 1) + 1 + output_padding[i] for i in range(n)
    ]
    out = np.zeros((N, og * groups, *[f + padding[i] for i, f in enumerate(full)]), dtype=np.float64)
    for k in np.ndindex(*w.shape[2:]):
        sl = tuple(
            slice(k[i] * dilation[i], k[i] * dilation[i] + stride[i] * (x.shape[2 + i] - 1) + 1, stride[i])
            for i in range(n)
        )
        for g in range(groups):
            wk = w[(slice(g * cg, (g + 1) * cg), slice(None)) + k]
            contrib = np.einsum("nc...,co->no...", x[:, g * cg : (g + 1) * cg], wk)
            out[(slice(None), slice(g * og, (g + 1) * og)) + sl] += contrib
    crop = tuple(slice(padding[i], full[i] - padding[i]) for i in range(n))
    out = out[(slice(None), slice(None)) + crop]
    if b is not None:
        out = out + b.reshape(1, -1, *[1] * n)
    return out


def pool_windows(in_size, kernel, stride, padding, dilation, ceil_mode):
    """Per output index of one dim: the input indices its window covers (inside the input) and the window's
    start, as PyTorch's output-size rule gives them."""
    eff = dilation * (kernel - 1) + 1
    num = in_size + 2 * padding - eff
    out = (-(-num // stride) if ceil_mode else num // stride) + 1
    if ceil_mode and (out - 1) * stride >= in_size + padding:
        out -= 1
    windows = []
    for o in range(out):
        start = o * stride - padding
        first = start + dilation * (-(-max(-start, 0) // dilation))  # the first tap at or after 0
        windows.append(
            (start, [start + j * dilation for j in range(kernel) if 0 <= start + j * dilation < in_size], first)
        )
    return windows


def max_pool_ref(x, kernel, stride, padding, dilation, ceil_mode):
    """(values, flat indices) of max pooling over x's last len(kernel) dims; NaN wins. As PyTorch, a
    window starts from -inf (the lowest integer) at its first tap's position, which a window of padding
    alone keeps (dilation can step over the input)."""
    n = len(kernel)
    sp = x.shape[-n:]
    wins = [pool_windows(sp[i], kernel[i], stride[i], padding[i], dilation[i], ceil_mode) for i in range(n)]
    lead = x.shape[:-n]
    out = np.zeros(lead + tuple(len(w) for w in wins), dtype=x.dtype)
    idx = np.zeros(out.shape, dtype=np.int64)
    for lo in np.ndindex(*lead):
        for o in np.ndindex(*out.shape[len(lead) :]):
            best = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
            where = 0
            for i in range(n):
                where = where * sp[i] + wins[i][o[i]][2]
            for taps in itertools.product(*[wins[i][o[i]][1] for i in range(n)]):
                v = x[lo + taps]
                if v > best or np.isnan(v):
                    best, where = v, int(np.ravel_multi_index(taps, sp))
            out[lo + o], idx[lo + o] = best, where
    return out, idx


def avg_pool_ref(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override=None):
    n = len(kernel)
    sp = x.shape[-n:]
    wins = [pool_windows(sp[i], kernel[i], stride[i], padding[i], 1, ceil_mode) for i in range(n)]
    lead = x.shape[:-n]
    out = np.zeros(lead + tuple(len(w) for w in wins), dtype=np.float64)
    for o in np.ndindex(*out.shape[len(lead) :]):
        taps = [wins[i][o[i]][1] for i in range(n)]
        total = x[(Ellipsis,) + np.ix_(*taps)].sum(axis=tuple(range(-n, 0)))
        if divisor_override:
            div = divisor_override
        elif count_include_pad:
            div = np.prod([min(wins[i][o[i]][0] + kernel[i], sp[i] + padding[i]) - wins[i][o[i]][0] for i in range(n)])
        else:
            div = np.prod([len(t) for t in taps])
        out[(Ellipsis,) + o] = total / div
    return out


def adaptive_ranges(in_size, out_size):
    return [range(o * in_size // out_size, -(-(o + 1) * in_size // out_size)) for o in range(out_size)]


def adaptive_pool_ref(x, out_size, reduce):
    """reduce(window values) over PyTorch's adaptive windows [floor(o*in/out), ceil((o+1)*in/out))."""
    n = len(out_size)
    sp = x.shape[-n:]
    ranges = [adaptive_ranges(sp[i], out_size[i]) for i in range(n)]
    lead = x.shape[:-n]
    out = np.zeros(lead + tuple(out_size), dtype=np.float64)
    for o in np.ndindex(*out_size):
        block = x[(Ellipsis,) + np.ix_(*[list(ranges[i][o[i]]) for i in range(n)])]
        out[(Ellipsis,) + o] = reduce(block.reshape(lead + (-1,)), -1)
    return out


def numerical_grad(f, x, weights, eps=1e-6):
    """d/dx of sum(f(x) * weights) by central differences (x: float64 NumPy array)."""
    g = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        old = x[i]
        x[i] = old + eps
        hi = np.sum(f(x) * weights)
        x[i] = old - eps
        lo = np.sum(f(x) * weights)
        x[i] = old
        g[i] = (hi - lo) / (2 * eps)
    return g
