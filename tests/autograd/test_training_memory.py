"""A training loop of 10k steps keeps memory flat: no graph node outlives its step, RSS stops growing."""

import gc

import numpy as np

import ember
from ember.autograd.graph import Node


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def _live_nodes():
    return sum(1 for o in gc.get_objects() if isinstance(o, Node))


def test_ten_thousand_training_steps_keep_memory_flat():
    rng = np.random.default_rng(0)
    x = ember.tensor(rng.standard_normal((8, 4)), dtype=ember.float32)
    target = ember.tensor(rng.standard_normal((8, 1)), dtype=ember.float32)
    params = [
        ember.tensor(rng.standard_normal((4, 16)) * 0.3, dtype=ember.float32, requires_grad=True),
        ember.zeros(16, requires_grad=True),
        ember.tensor(rng.standard_normal((16, 1)) * 0.3, dtype=ember.float32, requires_grad=True),
    ]
    w1, b1, w2 = params

    def step():
        h = (x @ w1 + b1).tanh().clone()  # tanh saves its result: write into a copy
        h[:, 0] = h[:, 1] * 0.5  # a write into a view: CopySlices in the graph
        loss = ((h @ w2 - target) ** 2).mean()
        loss.backward()
        with ember.no_grad():
            for p in params:
                p.sub_(p.grad * 0.01)
                p.grad = None
        return loss.item()

    first = step()
    for _ in range(500):
        step()
    gc.collect()
    nodes, rss = _live_nodes(), _rss_bytes()
    for _ in range(10_000):
        last = step()
    gc.collect()
    assert last < first  # it did train
    assert _live_nodes() <= nodes
    assert _rss_bytes() - rss < 8 * 2**20
