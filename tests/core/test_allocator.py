"""The CPU allocator's cache of large blocks: freed 4 MB+ blocks are reused
for the next tensor of the same size, and their old contents never leak into
ops that promise values."""

import numpy as np

import ember

BIG = 2_000_000  # float32 elements: 8 MB, above the 4 MB threshold


def test_a_freed_large_block_is_reused_and_counted():
    ember._C._cpu_empty_cache()
    a = ember.ones(BIG)
    ptr = a.data_ptr()
    del a
    assert ember._C._cpu_cached_bytes() >= BIG * 4
    b = ember.empty(BIG)
    assert b.data_ptr() == ptr
    assert ember._C._cpu_cached_bytes() == 0


def test_reused_blocks_hold_the_new_values():
    ember._C._cpu_empty_cache()
    x = ember.full((BIG,), 7.0)
    del x
    z = ember.zeros(BIG)
    assert not z.numpy().any()
    y = ember.arange(BIG, dtype=ember.float32)
    del y
    s = ember.add(ember.ones(BIG), ember.ones(BIG))
    np.testing.assert_array_equal(s.numpy(), np.full(BIG, 2.0, np.float32))


def test_small_blocks_are_not_cached():
    ember._C._cpu_empty_cache()
    t = ember.ones(1000)
    del t
    assert ember._C._cpu_cached_bytes() == 0


def test_empty_cache_gives_blocks_back():
    a = ember.ones(BIG)
    del a
    assert ember._C._cpu_cached_bytes() > 0
    ember._C._cpu_empty_cache()
    assert ember._C._cpu_cached_bytes() == 0


def test_the_cache_is_bounded():
    ember._C._cpu_empty_cache()
    for n in range(1, 40):  # 39 distinct sizes of 8..320 MB, 6.2 GB freed in all
        t = ember.empty(n * BIG)
        del t
        assert ember._C._cpu_cached_bytes() <= 1 << 30
    ember._C._cpu_empty_cache()


def test_every_block_is_cache_line_aligned():
    """Kernels assume 64-byte aligned buffers, small and large, for every dtype."""
    for n in (0, 1, 3, 17, 1000, BIG):
        for dtype in (ember.bool, ember.float16, ember.float32, ember.complex128):
            assert ember.empty(n, dtype=dtype).data_ptr() % 64 == 0, (n, dtype)


MID = 64_000  # float32 elements: 256 KB, page-aligned but not cached


def test_mid_size_blocks_start_on_a_page():
    for _ in range(5):
        assert ember.empty(MID).data_ptr() % 4096 == 0
    assert ember.empty(100).data_ptr() % 64 == 0


def _at_phase(phase):
    """A float32 NumPy array of MID elements whose data starts `phase` bytes into a page."""
    buf = np.zeros(MID * 4 + 8192, np.uint8)
    start = (-buf.ctypes.data) % 4096 + phase
    return buf[start : start + MID * 4].view(np.float32)


def test_an_elementwise_output_starts_where_its_input_does_within_a_page():
    # stores to an output that starts a little past an input (modulo 4 KB) alias that input's loads
    a, b = _at_phase(1024), _at_phase(1536)
    a[:] = 1
    b[:] = 2
    out = ember.from_numpy(a) + ember.from_numpy(b)
    assert out.data_ptr() % 4096 == 1024  # a's phase: b starts past it, not just before
    np.testing.assert_array_equal(out.numpy(), np.full(MID, 3.0, np.float32))
    out = ember.from_numpy(b) + ember.from_numpy(a)
    assert out.data_ptr() % 4096 == 1024  # b's phase is 512 B past a's: not there
    assert ember.exp(ember.from_numpy(b)).data_ptr() % 4096 == 1536
