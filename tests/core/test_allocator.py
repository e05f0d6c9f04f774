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
