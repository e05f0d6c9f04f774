"""Shape ops that build new tensors (joins, flips, rolls, pads, repeats,
triangles, diagonals) give the CPU's result on the device, over dtypes and
layouts. They are written with the core's copies and indexing, so these tests
check that each one keeps its result on the input's device."""

import numpy as np
import pytest
from cuda_layouts import layouts

import ember
import ember.nn.functional as F

pytestmark = pytest.mark.cuda

SHAPE_OPS = {
    "cat": lambda x: ember.cat([x, x * 2], dim=1),
    "cat_legacy_empty": lambda x: ember.cat([x, ember.empty(0, dtype=x.dtype, device=x.device)]),
    "stack": lambda x: ember.stack([x, x], dim=-1),
    "hstack": lambda x: ember.hstack([x, x]),
    "vstack": lambda x: ember.vstack([x, x]),
    "dstack": lambda x: ember.dstack([x, x]),
    "flip": lambda x: x.flip(0, -1),
    "fliplr": lambda x: ember.fliplr(x),
    "roll": lambda x: x.roll(2, 1),
    "roll_flat": lambda x: x.roll(-3),
    "rot90": lambda x: ember.rot90(x, 1, (0, 1)),
    "pad_constant": lambda x: F.pad(x, (1, 2, 0, 1), value=3),
    "pad_reflect": lambda x: F.pad(x.unsqueeze(0), (2, 1), mode="reflect"),
    "pad_replicate": lambda x: F.pad(x.unsqueeze(0), (2, 1), mode="replicate"),
    "pad_circular": lambda x: F.pad(x.unsqueeze(0), (2, 1), mode="circular"),
    "repeat": lambda x: x.repeat(2, 1, 3),
    "tile": lambda x: x.tile((2,)),
    "repeat_interleave": lambda x: x.repeat_interleave(2, dim=0),
    "repeat_interleave_tensor": lambda x: x.repeat_interleave(ember.tensor([1, 0, 2, 1]), dim=0),
    "tril": lambda x: x.tril(),
    "triu": lambda x: x.triu(1),
    "diag": lambda x: ember.diag(x[0]),
    "diagonal": lambda x: x.diagonal(1).contiguous(),
    "diag_embed": lambda x: ember.diag_embed(x),
    "split": lambda x: ember.cat([p * (i + 1) for i, p in enumerate(x.split([1, 2, 1]))]),
    "chunk": lambda x: ember.cat(x.chunk(2, 1), 0),
    "unbind": lambda x: ember.stack(x.unbind(1), 0),
    "movedim": lambda x: x.movedim(0, 1).contiguous(),
    "flatten": lambda x: x.t().flatten(),
}


@pytest.mark.parametrize("name", SHAPE_OPS)
@pytest.mark.parametrize("dtype", [ember.float32, ember.float16, ember.int64, ember.bool], ids=str)
def test_shape_op_matches_cpu(name, dtype):
    g = ember.Generator().manual_seed(5)
    base = (ember.randn(4, 6, generator=g) * 4).to(dtype)
    for x in layouts(base):
        want = SHAPE_OPS[name](x)
        got = SHAPE_OPS[name](x.cuda())
        assert got.is_cuda, f"{name} left the device"
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got.cpu().numpy(), want.numpy())


def test_index_builders_make_device_tensors():
    for fn in (ember.tril_indices, ember.triu_indices):
        got = fn(4, 5, 1, device="cuda")
        assert got.is_cuda
        np.testing.assert_array_equal(got.cpu().numpy(), fn(4, 5, 1).numpy())


def test_joining_tensors_of_two_devices_raises():
    with pytest.raises(RuntimeError, match="cat.*device"):
        ember.cat([ember.ones(2, device="cuda"), ember.ones(2)])
    with pytest.raises(RuntimeError, match="stack.*device"):
        ember.stack([ember.ones(2), ember.ones(2, device="cuda")])
