"""Random draws on the device take the CPU's Philox counters (ember/generator.h):
the same seed gives the same numbers on both devices, and a draw moves the
generator's offset by as much on either. Exact where native/src/cuda/random.cu
says its transform matches bit for bit; within float rounding where it calls
CUDA's libm instead of glibc's."""

import numpy as np
import pytest

import ember

pytestmark = pytest.mark.cuda

FLOATS = [ember.float32, ember.float64, ember.float16, ember.bfloat16]

# name -> (fill(t, g), exact on every float dtype)
INPLACE = {
    "uniform_": (lambda t, g: t.uniform_(generator=g), True),
    "uniform_range": (lambda t, g: t.uniform_(-2, 3, generator=g), True),
    "normal_": (lambda t, g: t.normal_(generator=g), False),  # float64 uses CUDA's log/sin/cos
    "normal_scaled": (lambda t, g: t.normal_(1, 2, generator=g), False),
    "log_normal_": (lambda t, g: t.log_normal_(0.0, 0.5, generator=g), False),
    "exponential_": (lambda t, g: t.exponential_(2.0, generator=g), False),
    "cauchy_": (lambda t, g: t.cauchy_(1.0, 0.5, generator=g), False),
    "geometric_": (lambda t, g: t.geometric_(0.25, generator=g), False),
    "bernoulli_": (lambda t, g: t.bernoulli_(0.3, generator=g), True),
    "random_": (lambda t, g: t.random_(0, 1000, generator=g), True),
}


def offset_of(gen):
    return int.from_bytes(bytes(gen.get_state().numpy()[8:]), "little")


def draw_both(fill, make, seed=5):
    """fill on a CPU tensor and on the device one, each from a fresh generator
    seeded alike; the two results (device one brought back) and the two generators."""
    g_cpu, g_dev = ember.Generator().manual_seed(seed), ember.Generator().manual_seed(seed)
    host, dev = make("cpu"), make("cuda")
    fill(host, g_cpu)
    fill(dev, g_dev)
    assert dev.is_cuda
    return host, dev.cpu(), g_cpu, g_dev


def assert_draws_match(host, dev, exact, dtype):
    assert dev.dtype == host.dtype and dev.shape == host.shape
    if exact or not dtype.is_floating_point:
        np.testing.assert_array_equal(dev.to(ember.float64).numpy(), host.to(ember.float64).numpy())
        return
    # float32 and the 16-bit floats round from float32; float64 within a few ulp
    rtol = 1e-12 if dtype == ember.float64 else 2e-6 if dtype == ember.float32 else 1e-2
    np.testing.assert_allclose(dev.to(ember.float64).numpy(), host.to(ember.float64).numpy(), rtol=rtol, atol=rtol)


@pytest.mark.parametrize("name", sorted(INPLACE))
@pytest.mark.parametrize("dtype", FLOATS, ids=str)
@pytest.mark.parametrize("shape", [(), (0,), (7,), (33, 65), (4, 3, 1025)], ids=str)
def test_inplace_same_seed_same_values(name, dtype, shape):
    fill, exact = INPLACE[name]
    host, dev, g_cpu, g_dev = draw_both(fill, lambda d: ember.empty(shape, dtype=dtype, device=d))
    assert_draws_match(host, dev, exact, dtype)
    assert offset_of(g_dev) == offset_of(g_cpu)


def test_normal_float32_matches_bit_for_bit():
    # the CPU's log and sincos are ported operation by operation: no tolerance
    for shape in [(1,), (5,), (1000, 37)]:
        host, dev, _, _ = draw_both(lambda t, g: t.normal_(generator=g), lambda d, s=shape: ember.empty(s, device=d))
        np.testing.assert_array_equal(dev.numpy(), host.numpy())


@pytest.mark.parametrize("name", sorted(INPLACE))
def test_non_contiguous_destination(name):
    fill, exact = INPLACE[name]
    for make in (lambda d: ember.empty(5, 6, device=d).t(), lambda d: ember.empty(6, 10, device=d)[:, ::2]):
        host, dev, _, _ = draw_both(fill, make, seed=8)
        assert_draws_match(host, dev, exact, ember.float32)


@pytest.mark.parametrize("dtype", [ember.int64, ember.int32, ember.int16, ember.int8, ember.uint8, ember.bool])
def test_integer_draws(dtype):
    hi = 2 if dtype == ember.bool else 100
    cases = [
        lambda t, g: t.random_(0, hi, generator=g),
        lambda t, g: t.random_(generator=g),  # the dtype's whole range
        lambda t, g: t.bernoulli_(0.5, generator=g),
    ]
    if dtype == ember.int64:
        cases.append(lambda t, g: t.random_(-5, 2**35, generator=g))  # 64-bit draws
        cases.append(lambda t, g: t.random_(-(2**63), None, generator=g))  # every int64
        cases.append(lambda t, g: t.geometric_(0.3, generator=g))  # drawn as float64
    for fill in cases:
        host, dev, g_cpu, g_dev = draw_both(fill, lambda d: ember.empty(3, 1001, dtype=dtype, device=d))
        np.testing.assert_array_equal(dev.numpy(), host.numpy())
        assert offset_of(g_dev) == offset_of(g_cpu)


def test_bernoulli_with_probability_tensors():
    probs = ember.rand(6, 1, 70, generator=ember.Generator().manual_seed(2))  # broadcast along dim 1
    for dtype in (ember.float32, ember.float16, ember.int64, ember.bool):
        for p in (probs, probs.to(ember.float64), ember.tensor(0.25)):  # a CPU 0-d p joins a device self
            host, dev, g_cpu, g_dev = draw_both(
                lambda t, g, p=p: t.bernoulli_(p if p.dim() == 0 or t.device.type == "cpu" else p.cuda(), generator=g),
                lambda d, dt=dtype: ember.empty(6, 5, 70, dtype=dt, device=d),
            )
            np.testing.assert_array_equal(dev.numpy(), host.numpy())
            assert offset_of(g_dev) == offset_of(g_cpu)
    host = ember.bernoulli(probs, generator=ember.Generator().manual_seed(3))
    dev = ember.bernoulli(probs.cuda(), generator=ember.Generator().manual_seed(3))
    assert dev.is_cuda
    np.testing.assert_array_equal(dev.cpu().numpy(), host.numpy())
    with pytest.raises(RuntimeError, match=r"in \[0, 1\]"):
        ember.empty(3, device="cuda").bernoulli_(ember.tensor([0.5, 1.5, 0.0], device="cuda"))
    with pytest.raises(RuntimeError, match="device"):
        ember.empty(3).bernoulli_(ember.full((3,), 0.5, device="cuda"))


def test_normal_with_tensor_mean_or_std():
    mean = ember.arange(12.0).reshape(3, 4)
    std = ember.rand(4, generator=ember.Generator().manual_seed(1)) + 0.5
    for args in ((mean, std), (mean, 2.0), (1.0, std), (mean, ember.tensor(0.5))):
        host = ember.normal(*args, generator=ember.Generator().manual_seed(9))
        dev_args = [a.cuda() if isinstance(a, ember.Tensor) and a.dim() else a for a in args]
        dev = ember.normal(*dev_args, generator=ember.Generator().manual_seed(9))
        assert dev.is_cuda
        np.testing.assert_allclose(dev.cpu().numpy(), host.numpy(), rtol=1e-6, atol=1e-6)
    out = ember.empty(3, 4, device="cuda")
    assert ember.normal(mean.cuda(), std.cuda(), out=out) is out
    with pytest.raises(RuntimeError, match="std >= 0.0"):
        ember.normal(mean.cuda(), -std.cuda())


def test_complex_normal_and_uniform():
    for dtype in (ember.complex64, ember.complex128):
        for fill in (lambda t, g: t.normal_(generator=g), lambda t, g: t.uniform_(generator=g)):
            host, dev, _, _ = draw_both(fill, lambda d, dt=dtype: ember.empty(4, 9, dtype=dt, device=d))
            np.testing.assert_allclose(dev.numpy(), host.numpy(), rtol=1e-6, atol=1e-6)


def test_factories_with_device_and_out():
    calls = [
        lambda g, **kw: ember.rand(3, 1000, generator=g, **kw),
        lambda g, **kw: ember.randn(3, 1000, generator=g, **kw),
        lambda g, **kw: ember.randn(1001, dtype=ember.float64, generator=g, **kw),
        lambda g, **kw: ember.randint(-3, 9, (2, 513), generator=g, **kw),
        lambda g, **kw: ember.normal(2.0, 3.0, (4, 5), generator=g, **kw),
    ]
    for call in calls:
        host = call(ember.Generator().manual_seed(3))
        dev = call(ember.Generator().manual_seed(3), device="cuda")
        assert dev.is_cuda and dev.dtype == host.dtype
        np.testing.assert_allclose(dev.cpu().numpy(), host.numpy(), rtol=1e-12, atol=1e-12)
        out = ember.empty(host.shape, dtype=host.dtype, device="cuda")
        assert call(ember.Generator().manual_seed(3), out=out) is out
        np.testing.assert_allclose(out.cpu().numpy(), host.numpy(), rtol=1e-12, atol=1e-12)


def test_like_forms_draw_on_the_input_device():
    base = ember.zeros(3, 7)
    for like in (
        lambda t, g: ember.rand_like(t, generator=g),
        lambda t, g: ember.randn_like(t, generator=g),
        lambda t, g: ember.randint_like(t, 10, generator=g),
    ):
        host = like(base, ember.Generator().manual_seed(4))
        dev = like(base.cuda(), ember.Generator().manual_seed(4))
        assert dev.is_cuda
        np.testing.assert_array_equal(dev.cpu().numpy(), host.numpy())


def test_default_generator_is_shared_by_both_devices():
    ember.manual_seed(21)
    a = ember.rand(100)
    b = ember.randn(50)
    ember.manual_seed(21)
    c = ember.rand(100, device="cuda")
    d = ember.randn(50, device="cuda")
    np.testing.assert_array_equal(c.cpu().numpy(), a.numpy())
    np.testing.assert_array_equal(d.cpu().numpy(), b.numpy())
    # interleaving devices continues one stream
    ember.manual_seed(22)
    whole = ember.rand(8)
    ember.manual_seed(22)
    first, second = ember.rand(4, device="cuda"), ember.rand(4)
    np.testing.assert_array_equal(np.concatenate([first.cpu().numpy(), second.numpy()]), whole.numpy())


def test_errors_are_the_cpu_ones():
    d = ember.empty(3, device="cuda")
    with pytest.raises(RuntimeError, match="std >= 0.0"):
        d.normal_(0.0, -1.0)
    with pytest.raises(RuntimeError, match="from=2"):
        d.uniform_(2.0, 1.0)
    with pytest.raises(RuntimeError, match="p to be in"):
        d.bernoulli_(1.5)
    with pytest.raises(NotImplementedError, match="dtype"):
        ember.empty(3, dtype=ember.int64, device="cuda").normal_()
