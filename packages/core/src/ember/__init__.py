"""ember: N-dimensional tensors with PyTorch's API, on a small C++ core.

`import ember` loads only the core (tensors, dtypes, ops). Autograd, layers,
optimizers and data loading are the sub-packages ember.autograd, ember.nn,
ember.optim and ember.data, each its own distribution.
"""

import os as _os
import sys as _sys

# The sub-packages are installed by other distributions, possibly elsewhere
# on sys.path (editable installs): search every ember/ folder, as
# pkgutil.extend_path would, without its 20 ms of imports.
__path__ += [
    _p
    for _p in (_os.path.join(_entry, __name__) for _entry in _sys.path if isinstance(_entry, str))
    if _p not in __path__ and _os.path.isdir(_p)
]

__version__ = "0.1.0"


def _preload_openblas():
    # Installed wheels find the BLAS by RUNPATH ($ORIGIN/../scipy_openblas32/lib).
    # Editable builds live elsewhere, so load it by path; the dynamic linker
    # then resolves the core library's dependency to this copy by its soname.
    import ctypes
    import importlib.util
    import os

    spec = importlib.util.find_spec("scipy_openblas32")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("ember-core needs the scipy-openblas32 package: `pip install scipy-openblas32`")
    lib_dir = os.path.join(spec.submodule_search_locations[0], "lib")
    for name in os.listdir(lib_dir):
        if name.startswith("libscipy_openblas") and ".so" in name:
            ctypes.CDLL(os.path.join(lib_dir, name), mode=ctypes.RTLD_GLOBAL)


try:
    from ember import _C
except ImportError as e:
    if "libscipy_openblas" not in str(e):
        raise
    _preload_openblas()
    from ember import _C

# Where the CUDA backend, when first used, finds cuBLAS and cuDNN: the
# nvidia-cublas and nvidia-cudnn wheels' folders in site-packages (installed
# wheels also find them by RUNPATH).
_C._cuda_set_library_dirs(
    [
        _p
        for _entry in _sys.path
        if isinstance(_entry, str)
        for _p in (_os.path.join(_entry, "nvidia", "cu13", "lib"), _os.path.join(_entry, "nvidia", "cudnn", "lib"))
        if _os.path.isdir(_p)
    ]
)

# Before anything takes a reference to an op: autograd's recording wrappers.
from ember._recording import wrap_differentiable_ops as _wrap_differentiable_ops  # noqa: E402

_wrap_differentiable_ops()

from ember._C import (  # noqa: E402
    OutOfMemoryError,
    Tensor,
    abs,
    acos,
    acosh,
    add,
    addcdiv,
    addcmul,
    allclose,
    asin,
    asinh,
    atan,
    atan2,
    atanh,
    bfloat16,
    bitwise_and,
    bitwise_left_shift,
    bitwise_not,
    bitwise_or,
    bitwise_right_shift,
    bitwise_xor,
    bool,
    can_cast,
    ceil,
    celu,
    clamp,
    clamp_max,
    clamp_min,
    clip,
    complex64,
    complex128,
    copysign,
    cos,
    cosh,
    device,
    digamma,
    div,
    dtype,
    eq,
    equal,
    erf,
    erfc,
    erfinv,
    exp,
    exp2,
    expm1,
    float16,
    float32,
    float64,
    floor,
    floor_divide,
    fmax,
    fmin,
    fmod,
    frac,
    from_numpy,
    ge,
    get_num_threads,
    gt,
    hypot,
    int8,
    int16,
    int32,
    int64,
    isclose,
    isfinite,
    isinf,
    isnan,
    isneginf,
    isposinf,
    le,
    lerp,
    lgamma,
    log,
    log1p,
    log2,
    log10,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logit,
    lt,
    matmul,
    maximum,
    minimum,
    mul,
    nan_to_num,
    ne,
    neg,
    pow,
    promote_types,
    reciprocal,
    relu,
    remainder,
    result_type,
    round,
    rsqrt,
    selu,
    set_num_threads,
    sgn,
    sigmoid,
    sign,
    signbit,
    sin,
    sinh,
    sqrt,
    square,
    sub,
    tan,
    tanh,
    true_divide,
    trunc,
    uint8,
    where,
)
from ember._creation import (  # noqa: E402
    arange,
    empty,
    full,
    get_default_dtype,
    ones,
    set_default_dtype,
    tensor,
    zeros,
)
from ember._layout import contiguous_format, layout, memory_format, preserve_format, strided  # noqa: E402
from ember._packages import SUBPACKAGES as _SUBPACKAGES  # noqa: E402
from ember._packages import install_missing_finder as _install_missing_finder  # noqa: E402
from ember._tensor import Size  # noqa: E402

# isort: split
from ember import (  # noqa: E402
    _autograd_slots,  # noqa: F401  (Tensor.grad, detach, backward, ...)
    _tensor_extra,  # noqa: F401  (Tensor.double, .H, .ravel, __deepcopy__, ...)
)
from ember._grad_mode import (  # noqa: E402
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)

# isort: split
# View ops (share their input's storage; reshape/flatten copy only when no view fits).
from ember._C import (  # noqa: E402
    UntypedStorage,
    as_strided,
    broadcast_shapes,
    broadcast_tensors,
    broadcast_to,
    diagonal,
    flatten,
    imag,
    moveaxis,
    movedim,
    narrow,
    permute,
    real,
    reshape,
    select,
    squeeze,
    swapaxes,
    swapdims,
    t,
    transpose,
    unbind,
    unflatten,
    unsqueeze,
    view_as_complex,
    view_as_real,
)

# PyTorch spells these two ways.
half, float, double = float16, float32, float64
cfloat, cdouble = complex64, complex128
short, int, long = int16, int32, int64

# Creation, dtype info and interop (issue "Tensor core I").
from ember._C import from_dlpack  # noqa: E402
from ember._creation import (  # noqa: E402
    as_tensor,
    empty_like,
    eye,
    full_like,
    linspace,
    logspace,
    ones_like,
    zeros_like,
)
from ember._dtype_info import finfo, iinfo, is_complex, is_floating_point, is_tensor  # noqa: E402

# isort: split
# Shape ops (issue "Tensor core II"): joins, splits (views), flips, repeats,
# triangles and diagonals, constant_pad_nd (ember._C.pad is nn.functional.pad's primitive).
from ember._C import (  # noqa: E402
    atleast_1d,
    atleast_2d,
    atleast_3d,
    block_diag,
    cartesian_prod,
    cat,
    chunk,
    column_stack,
    concat,
    concatenate,
    diag,
    diag_embed,
    diagflat,
    dsplit,
    dstack,
    flip,
    fliplr,
    flipud,
    hsplit,
    hstack,
    kron,
    repeat_interleave,
    roll,
    rot90,
    row_stack,
    split,
    split_with_sizes,
    stack,
    tensor_split,
    tile,
    tril,
    tril_indices,
    triu,
    triu_indices,
    vsplit,
    vstack,
)
from ember._shape_composites import constant_pad_nd, meshgrid  # noqa: E402  (recorded; ember's warning)
from ember._tensor_extra import cross  # noqa: E402  (torch.cross: linalg.cross with dim=None's old default)

# isort: split
# Random numbers (issue "Tensor core II": random).
from ember import random  # noqa: E402
from ember._C import Generator, default_generator  # noqa: E402
from ember._random import (  # noqa: E402
    bernoulli,
    multinomial,
    normal,
    poisson,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
)
from ember.random import get_rng_state, initial_seed, manual_seed, seed, set_rng_state  # noqa: E402

# isort: split
# Indexing (Tensor core II: indexing); ember.where(cond), the one-argument form, is bound with them.
from ember._C import (  # noqa: E402
    argwhere,
    gather,
    index_add,
    index_copy,
    index_fill,
    index_put,
    index_select,
    masked_fill,
    masked_scatter,
    masked_select,
    nonzero,
    put,
    scatter,
    scatter_add,
    scatter_reduce,
    take,
    take_along_dim,
)

# isort: split
# Reductions and ops along a dim (these names shadow Python's sum/max/min/all/any
# inside this module only: nothing below uses the builtins).
from ember._C import (  # noqa: E402
    all,
    amax,
    amin,
    aminmax,
    any,
    argmax,
    argmin,
    count_nonzero,
    cummax,
    cummin,
    cumprod,
    cumsum,
    diff,
    log_softmax,
    logcumsumexp,
    logsumexp,
    max,
    mean,
    min,
    nanmean,
    nansum,
    norm,
    prod,
    return_types,
    softmax,
    std,
    std_mean,
    sum,
    var,
    var_mean,
)

# isort: split
# Products and ember.linalg (issue 5: linear algebra).
from ember import linalg  # noqa: E402

# Sorting and search, and the statistics built on them (Tensor core II: sorting).
from ember._C import (  # noqa: E402  # noqa: E402
    addbmm,
    addmm,
    addmv,
    addr,
    argsort,
    baddbmm,
    bincount,
    bmm,
    bucketize,
    cdist,
    conj_physical,
    dot,
    ger,
    histc,
    isin,
    kthvalue,
    median,
    mm,
    mode,
    msort,
    mv,
    nanmedian,
    nanquantile,
    outer,
    quantile,
    searchsorted,
    sort,
    topk,
    trace,
    unique,
    unique_consecutive,
    vdot,
)
from ember._linalg_torch import det, inverse, logdet, matrix_exp, matrix_power, pinverse, slogdet  # noqa: E402
from ember._products import chain_matmul, einsum, inner, tensordot  # noqa: E402

# isort: split
# nn primitives (issue 5): what torch has at top level; the rest (im2col,
# upsample_*, backward ops, avg_pool2d, ...) is ember._C._nn, as torch._C._nn.
from ember._C import (  # noqa: E402
    adaptive_avg_pool1d,
    adaptive_max_pool1d,
    avg_pool1d,
    batch_norm,
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
    convolution,
    embedding,
    group_norm,
    instance_norm,
    layer_norm,
    max_pool1d,
    max_pool1d_with_indices,
    max_pool2d,
    max_pool3d,
    native_batch_norm,
    native_group_norm,
    native_layer_norm,
    pixel_shuffle,
    pixel_unshuffle,
)

# The decompositions are Python functions: autograd records them as wholes too.
from ember._recording import wrap_python_ops as _wrap_python_ops  # noqa: E402

_wrap_python_ops(linalg, _sys.modules[__name__], Tensor)
# After the wrapping: the native ops' docstrings (ember/_docs), for help() and the API reference.
from ember._docs import attach as _attach_docs  # noqa: E402

_attach_docs()
_install_missing_finder()


# Imported on first use, to keep `import ember` fast.
# name: (module, attribute in it; None for the module itself). Save and load
# (ember.serialization, ember.safetensors) cost ~25 ms of imports (json,
# pickle, base64), so they wait for their first use.
_LAZY = {
    "set_printoptions": ("ember._tensor_str", "set_printoptions"),
    "save": ("ember.serialization", "save"),
    "load": ("ember.serialization", "load"),
    "safetensors": ("ember.safetensors", None),
    "cuda": ("ember.cuda", None),
    "backends": ("ember.backends", None),
    "save_safetensors": ("ember.safetensors", "save_file"),
    "load_safetensors": ("ember.safetensors", "load_file"),
}


def __getattr__(name):
    import importlib

    if name in _LAZY:
        module, attribute = _LAZY[name]
        value = importlib.import_module(module)
        return value if attribute is None else getattr(value, attribute)
    # `ember.nn` without `import ember.nn` first: import it, or explain which
    # distribution provides it.
    if name in _SUBPACKAGES:
        return importlib.import_module(f"ember.{name}")
    raise AttributeError(f"module 'ember' has no attribute {name!r}")
