"""Devices, moving tensors, memory, streams and events on a CUDA device."""

import numpy as np
import pytest

import ember

pytestmark = pytest.mark.cuda


def test_device_queries():
    assert ember.cuda.is_available()
    assert ember.cuda.unavailable_reason() == ""
    n = ember.cuda.device_count()
    assert n >= 1
    assert 0 <= ember.cuda.current_device() < n
    assert isinstance(ember.cuda.get_device_name(), str) and ember.cuda.get_device_name()
    major, minor = ember.cuda.get_device_capability(0)
    assert major >= 5
    props = ember.cuda.get_device_properties(0)
    assert props.total_memory > 1 << 30
    with ember.cuda.device(0):
        assert ember.cuda.current_device() == 0
    ember.cuda.set_device(0)
    ember.cuda.synchronize()
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        ember.cuda.set_device(n)


@pytest.mark.parametrize(
    "dtype",
    [ember.float32, ember.float64, ember.float16, ember.bfloat16, ember.int64, ember.int8, ember.uint8, ember.bool],
)
def test_round_trip(dtype):
    x = ember.arange(24).reshape(2, 3, 4).to(dtype)
    d = x.cuda()
    assert d.is_cuda and d.device == ember.device("cuda:0") and d.get_device() == 0
    assert d.dtype == dtype and d.shape == x.shape
    assert ember.equal(d.cpu(), x)
    assert d.cuda() is d and d.to("cuda") is d and d.to("cuda:0") is d
    assert x.to("cuda", ember.float64).dtype == ember.float64
    assert ember.equal(x.to(d).cpu(), x)


def test_non_contiguous_moves_and_views():
    x = ember.arange(60.0).reshape(3, 4, 5)
    for view in (x.transpose(0, 2), x[:, ::2, 1:], x.permute(2, 0, 1), x[1].t(), x.expand(2, 3, 4, 5)):
        d = view.cuda()
        assert ember.equal(d.cpu(), view)
    d = x.cuda()
    for f in (
        lambda t: t.transpose(0, 2),
        lambda t: t[:, ::2, 1:],
        lambda t: t.reshape(12, 5)[3:7],
        lambda t: t.unsqueeze(1).expand(3, 2, 4, 5),
        lambda t: t.diagonal(dim1=1, dim2=2),
    ):
        assert ember.equal(f(d).cpu(), f(x))
        assert ember.equal(f(d).contiguous().cpu(), f(x).contiguous())


def test_creation_on_device():
    assert ember.equal(ember.zeros(2, 3, device="cuda").cpu(), ember.zeros(2, 3))
    assert ember.equal(ember.ones(4, dtype=ember.int32, device="cuda").cpu(), ember.ones(4, dtype=ember.int32))
    assert ember.equal(ember.full((2, 2), 7.5, device="cuda").cpu(), ember.full((2, 2), 7.5))
    assert ember.equal(ember.arange(10, device="cuda").cpu(), ember.arange(10))
    assert ember.allclose(ember.linspace(0, 1, 7, device="cuda").cpu(), ember.linspace(0, 1, 7))
    assert ember.equal(ember.eye(3, 4, device="cuda").cpu(), ember.eye(3, 4))
    assert ember.equal(ember.tensor([[1, 2], [3, 4]], device="cuda").cpu(), ember.tensor([[1, 2], [3, 4]]))
    e = ember.empty(5, device="cuda")
    assert e.is_cuda and e.shape == (5,)
    z = ember.zeros_like(e)
    assert z.is_cuda and ember.equal(z.cpu(), ember.zeros(5))
    assert ember.ones(0, device="cuda").cpu().shape == (0,)


def test_item_tolist_repr_numpy():
    d = ember.tensor([[1.5, -2.0], [3.0, 4.0]], device="cuda")
    assert d[0, 1].item() == -2.0
    assert d.tolist() == [[1.5, -2.0], [3.0, 4.0]]
    assert "device='cuda:0'" in repr(d)
    with pytest.raises(TypeError, match="cpu"):
        d.numpy()
    np.testing.assert_array_equal(d.cpu().numpy(), [[1.5, -2.0], [3.0, 4.0]])
    assert float(d.sum()) == 6.5


def test_mixing_devices_raises():
    a = ember.ones(3, device="cuda")
    b = ember.ones(3)
    with pytest.raises(RuntimeError, match="same device.*cuda:0.*cpu"):
        a + b
    with pytest.raises(RuntimeError, match="same device"):
        ember.where(ember.ones(3, dtype=ember.bool), a, b)
    with pytest.raises(RuntimeError, match="same device"):
        ember.matmul(ember.ones(2, 2, device="cuda"), ember.ones(2, 2))
    # a CPU 0-d tensor joins device tensors as a value, as in PyTorch
    assert ember.equal((a + ember.tensor(2.0)).cpu(), ember.full((3,), 3.0))
    assert (a * ember.tensor(2.0)).is_cuda
    out = ember.empty(3)
    with pytest.raises(RuntimeError, match="same device|output"):
        ember.add(a, a, out=out)


def test_copy_between_devices():
    x = ember.arange(12.0).reshape(3, 4)
    d = ember.zeros(3, 4, device="cuda")
    d.copy_(x)
    assert ember.equal(d.cpu(), x)
    h = ember.zeros(4, 3, dtype=ember.float64)
    h.t().copy_(d)  # into a non-contiguous host view, converting
    assert ember.equal(h.t(), x.to(ember.float64))
    dd = ember.zeros(4, 3, device="cuda", dtype=ember.int32)
    dd.t().copy_(x)  # into a non-contiguous device view, converting
    assert ember.equal(dd.t().cpu(), x.to(ember.int32))


def test_pinned_memory_and_non_blocking():
    x = ember.arange(1000.0)
    p = x.pin_memory()
    assert p.is_pinned() and not x.is_pinned()
    assert ember.equal(p, x)
    d = p.to("cuda", non_blocking=True)
    back = ember.empty(1000).pin_memory()
    back.copy_(d)
    ember.cuda.synchronize()
    assert ember.equal(back, x)


def test_memory_stats_and_cache():
    ember.cuda.synchronize()
    ember.cuda.empty_cache()
    base = ember.cuda.memory_allocated()
    ember.cuda.reset_peak_memory_stats()
    x = ember.empty(1 << 20, device="cuda")  # 4 MiB
    assert ember.cuda.memory_allocated() - base >= 4 << 20
    assert ember.cuda.max_memory_allocated() >= ember.cuda.memory_allocated()
    reserved = ember.cuda.memory_reserved()
    assert reserved >= ember.cuda.memory_allocated()
    ptr = x.data_ptr()
    del x
    assert ember.cuda.memory_allocated() == base
    assert ember.cuda.memory_reserved() == reserved  # cached, not returned
    y = ember.empty(1 << 20, device="cuda")
    assert y.data_ptr() == ptr  # the cached block comes back
    del y
    ember.cuda.empty_cache()
    assert ember.cuda.memory_reserved() <= reserved
    stats = ember.cuda.memory_stats()
    assert stats["allocation.all.allocated"] >= 2 and stats["allocation.all.freed"] >= 2


def test_small_allocations_share_segments():
    before = ember.cuda.memory_stats()["segment.all.current"]
    xs = [ember.empty(100, device="cuda") for _ in range(50)]
    assert ember.cuda.memory_stats()["segment.all.current"] - before <= 1
    assert len({x.data_ptr() for x in xs}) == 50
    del xs


def test_out_of_memory_says_sizes():
    total = ember.cuda.get_device_properties(0).total_memory
    with pytest.raises(ember.cuda.OutOfMemoryError, match="Tried to allocate .* MiB") as info:
        ember.empty(total, dtype=ember.float32, device="cuda")  # 4x the device
    assert isinstance(info.value, RuntimeError)
    x = ember.ones(10, device="cuda")  # the allocator still works
    assert x.sum().item() == 10


def test_streams_and_events():
    s = ember.cuda.Stream()
    assert s != ember.cuda.default_stream()
    assert ember.cuda.current_stream() == ember.cuda.default_stream()
    a = ember.ones(1 << 20, device="cuda")
    start, end = ember.cuda.Event(enable_timing=True), ember.cuda.Event(enable_timing=True)
    s.wait_stream(ember.cuda.current_stream())
    with ember.cuda.stream(s):
        assert ember.cuda.current_stream() == s
        start.record()
        b = a * 2
        end.record()
    assert ember.cuda.current_stream() == ember.cuda.default_stream()
    ember.cuda.current_stream().wait_stream(s)
    b.record_stream(ember.cuda.current_stream())
    end.synchronize()
    assert end.query() and s.query()
    assert start.elapsed_time(end) >= 0
    assert b.sum().item() == 2 * (1 << 20)
    s.synchronize()


def test_tf32_switch():
    a = ember.randn(256, 256).cuda()
    exact = (a @ a).cpu()
    ember.backends.cuda.matmul.allow_tf32 = True
    try:
        fast = (a @ a).cpu()
    finally:
        ember.backends.cuda.matmul.allow_tf32 = False
    assert ember.allclose(fast, exact, rtol=1e-2, atol=1e-1)
    assert ember.allclose((a @ a).cpu(), a.cpu() @ a.cpu(), rtol=1e-4, atol=1e-3)


def test_random_same_seed_same_numbers_on_both_devices():
    for draw in (
        lambda **kw: ember.randn(3, 4, **kw),
        lambda **kw: ember.rand(5, **kw),
        lambda **kw: ember.randint(0, 10, (6,), **kw),
        lambda **kw: ember.randperm(7, **kw),
        lambda **kw: ember.normal(2.0, 3.0, (4,), **kw),
    ):
        ember.manual_seed(11)
        host = draw()
        ember.manual_seed(11)
        dev = draw(device="cuda")
        assert dev.is_cuda and ember.equal(dev.cpu(), host)
    d = ember.empty(2, 3, device="cuda")
    ember.manual_seed(12)
    d.normal_(1.0, 2.0)
    ember.manual_seed(12)
    assert ember.equal(d.cpu(), ember.empty(2, 3).normal_(1.0, 2.0))
    assert ember.rand_like(d).is_cuda and ember.bernoulli(ember.full((3,), 0.5, device="cuda")).is_cuda
