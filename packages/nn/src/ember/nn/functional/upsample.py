"""interpolate (every mode but antialias) and pixel (un)shuffle over the core's native primitives."""

import math

import ember
from ember import _C

_nn = _C._nn

pixel_shuffle = ember.pixel_shuffle
pixel_unshuffle = ember.pixel_unshuffle

# mode -> (native op prefix, spatial dims it needs or None for any, takes align_corners)
_MODES = {
    "nearest": ("upsample_nearest", None, False),
    "nearest-exact": ("upsample_nearest_exact", None, False),
    "linear": ("upsample_linear", 1, True),
    "bilinear": ("upsample_bilinear", 2, True),
    "trilinear": ("upsample_trilinear", 3, True),
    "bicubic": ("upsample_bicubic", 2, True),
}
_ALL_MODES = "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact"


def _output_size(input, size, scale_factor, n):
    """(output size, scales for the op or None): PyTorch's rounding of input size times scale_factor."""
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    spatial = list(input.shape[2:])
    if size is not None:
        out = list(size) if isinstance(size, tuple | list) else [size] * n
        if len(out) != n:
            raise ValueError(
                f"Input and output must have the same number of spatial dimensions, but got input with spatial "
                f"dimensions of {spatial} and output size of {size}. Please provide input tensor in "
                f"(N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format."
            )
        return out, None
    scales = list(scale_factor) if isinstance(scale_factor, tuple | list) else [scale_factor] * n
    if len(scales) != n:
        raise ValueError(
            f"Input and scale_factor must have the same number of spatial dimensions, but got input with spatial "
            f"dimensions of {spatial} and scale_factor of shape {scale_factor}. Please provide input tensor in "
            f"(N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format."
        )
    return [math.floor(float(spatial[d]) * scales[d]) for d in range(n)], [float(s) for s in scales]


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):  # fmt: skip
    """Resizes to ``size`` or by ``scale_factor``: ``'nearest'``, ``'linear'``, ``'bilinear'``, ``'bicubic'``,
    ``'trilinear'``, ``'area'`` and ``'nearest-exact'``.

    Example:

    >>> import ember.nn.functional as F
    >>> F.interpolate(ember.tensor([[[1.0, 2.0]]]), scale_factor=2, mode='nearest')
    tensor([[[1., 1., 2., 2.]]])
    """
    n = input.ndim - 2
    if mode != "area" and mode not in _MODES or n not in (1, 2, 3) or (mode == "bicubic" and n != 2):
        raise NotImplementedError(
            f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for the modes: "
            f"{_ALL_MODES} (got {mode})"
        )
    takes_align = mode in _MODES and _MODES[mode][2]
    if align_corners is not None and not takes_align:
        raise ValueError(
            "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear"
        )
    if antialias:
        if mode not in ("bilinear", "bicubic") or n != 2:
            raise ValueError(
                "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor "
                "as input"
            )
        raise NotImplementedError(f"interpolate: antialias=True ({mode}) has no native kernel in this build")
    need = _MODES.get(mode, (None, None))[1]
    if need is not None and need != n:
        raise NotImplementedError(f"Got {input.ndim}D input, but {mode} mode needs {need + 2}D input")
    out_size, scales = _output_size(input, size, scale_factor, n)
    if mode == "area":
        return (_C.adaptive_avg_pool1d, _nn.adaptive_avg_pool2d, _nn.adaptive_avg_pool3d)[n - 1](input, out_size)
    if recompute_scale_factor or scales is None:
        scales = [None] * n
    op = getattr(_nn, f"{_MODES[mode][0]}{n}d")
    if takes_align:
        return op(input, out_size, bool(align_corners), *scales)
    return op(input, out_size, *scales)


__all__ = ["interpolate", "pixel_shuffle", "pixel_unshuffle"]
