"""Kernels run without the GIL from 16384 elements (kUnlockGrain), so other
Python threads run meanwhile; small ops keep it, since giving it up and taking
it back costs as much as the op."""

import threading

import numpy as np
import pytest

import ember


@pytest.mark.parametrize(
    "op",
    [
        lambda x: x + 1,
        lambda x: ember.exp(x),
        lambda x: x.to(ember.float64),
        lambda x: x.t().contiguous(),
        lambda x: x.fill_(2.0),
    ],
    ids=["add", "exp", "cast", "copy", "fill"],
)
def test_large_kernels_release_the_gil_and_small_ones_keep_it(op):
    big, small = ember.ones(256, 256), ember.ones(4, 4)
    before = ember._C._gil_releases()
    op(small)
    assert ember._C._gil_releases() == before
    op(big)
    assert ember._C._gil_releases() == before + 1


def test_ops_from_many_threads_agree_with_one():
    """Four Python threads run kernels at once (the GIL is released in them)."""
    rng = np.random.default_rng(0)
    data = [rng.standard_normal((300, 300)).astype(np.float32) for _ in range(4)]
    expected = [np.exp(d) * 2 + d.T for d in data]
    results = [None] * 4
    errors = []

    def work(i):
        try:
            x = ember.from_numpy(data[i])
            for _ in range(20):
                results[i] = (ember.exp(x) * 2 + x.t()).numpy()
        except Exception as e:  # surfaced below: a thread's exception is otherwise lost
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors and not any(t.is_alive() for t in threads)
    for got, want in zip(results, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
