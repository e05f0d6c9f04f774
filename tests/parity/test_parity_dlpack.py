"""DLPack exchange with torch: ember.from_dlpack(torch_tensor) and
torch.from_dlpack(ember_tensor) share memory, for every dtype and layout."""

import gc

import numpy as np
import pytest
from oracle import DTYPES, EMBER_DTYPE, TORCH_DTYPE, dtype_id, pair, to_numpy, torch

import ember

if not hasattr(ember, "from_dlpack"):
    pytest.skip(
        "ember.from_dlpack is not in this build (it comes with the DLPack work on another branch); "
        "these tests run once it is merged",
        allow_module_level=True,
    )

# (shape, a function making the layout from a contiguous tensor, ember or torch alike)
LAYOUTS = {
    "contiguous": ((3, 4), lambda t: t),
    "transposed": ((4, 3), lambda t: t.t()),
    "stepped": ((3, 8), lambda t: t[:, ::2]),
    "offset": ((4, 5), lambda t: t[1:, 2:]),
    "0-d": ((), lambda t: t),
    "empty": ((0, 3), lambda t: t),
}


def values_for(dtype, shape):
    rng = np.random.default_rng(0)
    v = rng.integers(0, 2 if dtype == ember.bool else 100, size=shape)
    return v.astype(bool) if dtype == ember.bool else v.astype(np.float64 if dtype.is_floating_point else np.int64)


def cases():
    return [pytest.param(d, layout, id=f"{dtype_id(d)}-{layout}") for d in DTYPES for layout in LAYOUTS]


def assert_same_view(e, t):
    """e and t are the same memory seen the same way."""
    assert e.dtype == EMBER_DTYPE[t.dtype]
    assert tuple(e.shape) == tuple(t.shape)
    if t.numel():
        assert tuple(e.stride()) == tuple(t.stride())
        assert e.data_ptr() == t.data_ptr()
    np.testing.assert_array_equal(to_numpy(e), to_numpy(t), strict=True)


def fill(t, value):
    """Writes `value` into every element of an ember or torch tensor."""
    if isinstance(t, torch.Tensor):
        t.fill_(value)
    else:
        t.copy_(ember.full(tuple(t.shape), value, dtype=t.dtype))


@pytest.mark.parametrize("dtype, layout", cases())
def test_from_torch_shares_memory(dtype, layout):
    shape, make = LAYOUTS[layout]
    t = make(pair(values_for(dtype, shape), dtype)[1])
    e = ember.from_dlpack(t)
    assert_same_view(e, t)
    fill(t, True if dtype == ember.bool else 7)  # writes through
    assert_same_view(e, t)


@pytest.mark.parametrize("dtype, layout", cases())
def test_to_torch_shares_memory(dtype, layout):
    shape, make = LAYOUTS[layout]
    e = make(pair(values_for(dtype, shape), dtype)[0])
    t = torch.from_dlpack(e)
    assert_same_view(e, t)
    fill(e, True if dtype == ember.bool else 7)
    assert_same_view(e, t)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_round_trip_is_the_same_memory(dtype):
    e = pair(values_for(dtype, (2, 3)), dtype)[0]
    back = ember.from_dlpack(torch.from_dlpack(e))
    assert back.data_ptr() == e.data_ptr() and back.dtype == e.dtype and tuple(back.shape) == (2, 3)


def test_imported_memory_outlives_the_exporter():
    t = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    e = ember.from_dlpack(t)
    del t
    gc.collect()
    torch.zeros(1 << 20)  # reuse freed memory, if it was freed
    np.testing.assert_array_equal(e.numpy(), np.arange(12, dtype=np.float32).reshape(3, 4))

    e = ember.arange(12, dtype=ember.float32)
    t = torch.from_dlpack(e)
    del e
    gc.collect()
    ember.zeros(1 << 20)
    np.testing.assert_array_equal(t.numpy(), np.arange(12, dtype=np.float32))


def test_dlpack_device_is_cpu():
    e = ember.zeros(2)
    assert e.__dlpack_device__() == torch.zeros(2).__dlpack_device__()
    assert set(TORCH_DTYPE) == set(DTYPES)
