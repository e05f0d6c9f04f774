"""PyTorch as the oracle: torch itself, and ember <-> torch conversions.

The `parity` nox session installs torch==2.13.0 and sets EMBER_PARITY=1,
which makes a missing torch an error; elsewhere the parity tests skip and say
why.
"""

import functools
import os

import numpy as np
import pytest

import ember

if os.environ.get("EMBER_PARITY"):
    import torch
else:
    torch = pytest.importorskip("torch", reason="the parity tests need torch==2.13.0 (`nox -s parity` installs it)")

TORCH_VERSION = "2.13.0"

TORCH_DTYPE = {
    ember.bool: torch.bool,
    ember.uint8: torch.uint8,
    ember.int8: torch.int8,
    ember.int16: torch.int16,
    ember.int32: torch.int32,
    ember.int64: torch.int64,
    ember.float16: torch.float16,
    ember.bfloat16: torch.bfloat16,
    ember.float32: torch.float32,
    ember.float64: torch.float64,
    ember.complex64: torch.complex64,
    ember.complex128: torch.complex128,
}
EMBER_DTYPE = {t: e for e, t in TORCH_DTYPE.items()}
DTYPES = tuple(TORCH_DTYPE)


def dtype_id(d):
    return str(d).replace("ember.", "")


def to_numpy(t):
    """An ember or torch tensor as a NumPy array (bfloat16 widened to float32)."""
    if isinstance(t, torch.Tensor):
        t = t.detach()
        return (t.float() if t.dtype == torch.bfloat16 else t).numpy()
    return (t.to(ember.float32) if t.dtype == ember.bfloat16 else t).numpy()


def pair(values, dtype):
    """(ember tensor, torch tensor) of `dtype` holding the NumPy array `values`
    (bfloat16: float32 values that bfloat16 holds exactly)."""
    values = np.array(values, order="C")
    e = ember.tensor(values).to(dtype)
    if dtype == ember.bfloat16:
        # bit for bit: torch's float32 -> bfloat16 conversion makes every NaN negative
        bits = np.asarray((values.astype(np.float32).view(np.uint32) >> 16).astype(np.uint16))  # 0-d stays an array
        return e, torch.from_numpy(bits.view(np.int16)).view(torch.bfloat16)
    return e, torch.from_numpy(values.copy()).to(TORCH_DTYPE[dtype])


F = torch.nn.functional
# op_db names whose torch spelling isn't torch.<name> (op_db's toplevel) or F.<name>.
TORCH_SPELLING = {
    "div_trunc": lambda a, b: torch.div(a, b, rounding_mode="trunc"),
    "div_floor": lambda a, b: torch.div(a, b, rounding_mode="floor"),
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    # F.elu has no scale / input_scale; the aten op does
    "elu": lambda x, alpha=1.0, scale=1.0, input_scale=1.0: torch._C._nn.elu(x, alpha, scale, input_scale),
}


def torch_op(op):
    """torch's function for an op_db entry."""
    fn = TORCH_SPELLING.get(op.name) or getattr(torch if op.toplevel else F, op.function_name)
    if op.kwargs and op.name not in ("div_trunc", "div_floor"):  # those spell their mode above
        return functools.partial(fn, **op.kwargs)
    return fn
