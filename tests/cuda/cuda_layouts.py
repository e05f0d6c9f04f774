"""What the device-vs-CPU tests share: the layouts they feed an op (test_cuda_sort, test_cuda_scan,
test_cuda_search), and sort-like samples with ties, NaN, +-inf and -0.0 compared exactly."""

import numpy as np

import ember


def layouts(x):
    """x as it is, transposed (when 2-D or more) and with a step."""
    yield x
    if x.dim() >= 2:
        yield x.transpose(0, -1).contiguous().transpose(0, -1)
    if x.dim() >= 1 and x.shape[-1] > 1:
        yield ember.cat([x, x], dim=-1)[..., ::2]


DTYPES = [
    ember.float32,
    ember.float64,
    ember.float16,
    ember.bfloat16,
    ember.int64,
    ember.int32,
    ember.int16,
    ember.int8,
    ember.uint8,
    ember.bool,
]


def sample(shape, dtype, seed=0):
    """Values with many ties; floats also get NaN, +-inf and -0.0."""
    rng = np.random.default_rng(seed)
    if dtype == ember.bool:
        return ember.tensor(np.asarray(rng.integers(0, 2, shape), dtype=bool))
    if dtype.is_floating_point:
        x = np.asarray(rng.integers(-6, 6, shape) / 2, dtype=np.float64)
        flat = x.reshape(-1)
        special = [np.nan, np.inf, -np.inf, -0.0, 0.0, np.nan]
        for i, v in zip(rng.choice(flat.size, min(flat.size, len(special)), replace=False), special, strict=False):
            flat[i] = v
        return ember.tensor(x).to(dtype)
    lo = 0 if dtype == ember.uint8 else -100
    return ember.tensor(np.asarray(rng.integers(lo, 100, shape))).to(dtype)


def assert_equal(dev, host):
    assert dev.is_cuda and dev.dtype == host.dtype and dev.shape == host.shape
    np.testing.assert_array_equal(dev.cpu().to(ember.float64).numpy(), host.to(ember.float64).numpy())
    if host.dtype.is_floating_point:  # -0.0 stays -0.0
        assert np.array_equal(
            np.signbit(dev.cpu().to(ember.float64).numpy()), np.signbit(host.to(ember.float64).numpy())
        )
