"""Samplers: orders, lengths, distributions, seeding, DistributedSampler's
shares, and the errors PyTorch raises for bad arguments."""

from collections import Counter

import numpy as np
import pytest

import ember
from ember.data import (
    BatchSampler,
    DistributedSampler,
    RandomSampler,
    SequentialSampler,
    SubsetRandomSampler,
    WeightedRandomSampler,
)


@pytest.fixture(autouse=True)
def _restore_default_generator():
    with ember.random.fork_rng():
        yield


def seeded(seed):
    g = ember.Generator()
    g.manual_seed(seed)
    return g


def test_sequential():
    s = SequentialSampler(range(5))
    assert list(s) == [0, 1, 2, 3, 4] and len(s) == 5


def test_random_sampler_is_a_permutation_and_seeded():
    s = RandomSampler(range(50), generator=seeded(1))
    order = list(s)
    assert sorted(order) == list(range(50)) and order != list(range(50)) and len(s) == 50
    assert list(RandomSampler(range(50), generator=seeded(1))) == order
    assert list(RandomSampler(range(50), generator=seeded(2))) != order
    # A shared generator moves on: the next epoch has another order.
    assert list(s) != order


def test_random_sampler_without_generator_follows_the_global_seed():
    ember.manual_seed(3)
    a = list(RandomSampler(range(30)))
    b = list(RandomSampler(range(30)))
    ember.manual_seed(3)
    assert list(RandomSampler(range(30))) == a and a != b


def test_random_sampler_num_samples_without_replacement_repeats_whole_permutations():
    s = RandomSampler(range(4), num_samples=10, generator=seeded(0))
    out = list(s)
    assert len(s) == 10 and len(out) == 10
    assert sorted(out[:4]) == sorted(out[4:8]) == [0, 1, 2, 3]
    assert max(Counter(out).values()) == 3 and min(Counter(out).values()) == 2


def test_random_sampler_with_replacement_is_uniform():
    n, draws = 10, 20000
    out = list(RandomSampler(range(n), replacement=True, num_samples=draws, generator=seeded(5)))
    assert len(out) == draws and set(out) <= set(range(n))
    counts = np.bincount(out, minlength=n)
    expected = draws / n
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 30  # 9 degrees of freedom: p < 0.001 beyond 27.9
    # A count that is not a multiple of the draw chunk.
    assert len(list(RandomSampler(range(3), replacement=True, num_samples=33, generator=seeded(1)))) == 33


def test_random_sampler_permutations_are_uniform():
    sampler = RandomSampler(range(4), generator=seeded(3))
    counts = Counter(tuple(sampler) for _ in range(4800))  # 24 orders, 200 each expected
    assert len(counts) == 24
    chi2 = sum((c - 200) ** 2 / 200 for c in counts.values())
    assert chi2 < 52  # 23 degrees of freedom: p < 0.001 beyond 49.7


def test_random_sampler_errors():
    with pytest.raises(TypeError, match="replacement should be a boolean value, but got replacement=1"):
        RandomSampler(range(3), replacement=1)
    for bad in (0, -2, 1.5):
        with pytest.raises(
            ValueError, match=f"num_samples should be a positive integer value, but got num_samples={bad}"
        ):
            RandomSampler(range(3), num_samples=bad)


def test_subset_random_sampler():
    indices = [10, 20, 30, 40, 50]
    s = SubsetRandomSampler(indices, generator=seeded(4))
    out = list(s)
    assert sorted(out) == indices and len(s) == 5
    assert list(SubsetRandomSampler(indices, generator=seeded(4))) == out


def test_weighted_sampler_distribution():
    weights = [1.0, 0.0, 3.0, 6.0]
    out = list(WeightedRandomSampler(weights, 20000, generator=seeded(9)))
    counts = np.bincount(out, minlength=4) / len(out)
    assert counts[1] == 0
    np.testing.assert_allclose(counts, [0.1, 0.0, 0.3, 0.6], atol=0.02)
    unique = list(WeightedRandomSampler(weights, 3, replacement=False, generator=seeded(9)))
    assert sorted(unique) == [0, 2, 3]
    assert len(WeightedRandomSampler(ember.tensor([1.0, 2.0]), 7)) == 7


def test_weighted_sampler_errors():
    with pytest.raises(ValueError, match="num_samples should be a positive integer value, but got num_samples=0"):
        WeightedRandomSampler([1.0], 0)
    with pytest.raises(ValueError, match="replacement should be a boolean value, but got replacement=0"):
        WeightedRandomSampler([1.0], 1, replacement=0)
    with pytest.raises(ValueError, match=r"weights should be a 1d sequence but given weights have shape \(1, 2\)"):
        WeightedRandomSampler([[1.0, 2.0]], 1)


@pytest.mark.parametrize(
    "drop_last, expected", [(False, [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]), (True, [[0, 1, 2], [3, 4, 5], [6, 7, 8]])]
)
def test_batch_sampler(drop_last, expected):
    s = BatchSampler(SequentialSampler(range(10)), 3, drop_last)
    assert list(s) == expected and len(s) == len(expected)
    assert list(BatchSampler(range(6), 3, drop_last)) == [[0, 1, 2], [3, 4, 5]]


def test_batch_sampler_errors():
    for bad in (0, -1, True, 2.0):
        with pytest.raises(
            ValueError, match=f"batch_size should be a positive integer value, but got batch_size={bad}"
        ):
            BatchSampler(range(3), bad, False)
    with pytest.raises(ValueError, match="drop_last should be a boolean value, but got drop_last=1"):
        BatchSampler(range(3), 2, 1)


def test_distributed_sampler_shares_without_shuffle():
    # Values checked against PyTorch 2.13.
    assert list(DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=False)) == [1, 4, 7, 0]
    s = DistributedSampler(range(10), num_replicas=3, rank=2, shuffle=False, drop_last=True)
    assert list(s) == [2, 5, 8] and len(s) == 3
    # Padding by repetition even when the dataset is shorter than the replica count.
    assert [list(DistributedSampler(range(2), num_replicas=5, rank=r, shuffle=False)) for r in range(5)] == [
        [0],
        [1],
        [0],
        [1],
        [0],
    ]


@pytest.mark.parametrize("n, replicas, drop_last", [(10, 3, False), (10, 3, True), (12, 4, False), (7, 2, True)])
def test_distributed_sampler_ranks_cover_the_data(n, replicas, drop_last):
    shares = [list(DistributedSampler(range(n), replicas, r, seed=5, drop_last=drop_last)) for r in range(replicas)]
    assert len({len(s) for s in shares}) == 1
    flat = [i for s in shares for i in s]
    if drop_last:
        assert len(set(flat)) == len(flat) == n - n % replicas
    else:
        assert set(flat) == set(range(n))


def test_distributed_sampler_epochs():
    s = DistributedSampler(range(20), num_replicas=2, rank=0, seed=3)
    first = list(s)
    assert list(s) == first  # the same epoch, the same order
    s.set_epoch(1)
    assert list(s) != first
    other = DistributedSampler(range(20), num_replicas=2, rank=1, seed=3)
    other.set_epoch(1)
    assert sorted(list(s) + list(other)) == list(range(20))


def test_distributed_sampler_errors():
    with pytest.raises(ValueError, match=r"Invalid rank 3, rank should be in the interval \[0, 2\]"):
        DistributedSampler(range(3), num_replicas=3, rank=3)
    with pytest.raises(ValueError, match=r"Invalid rank -1"):
        DistributedSampler(range(3), num_replicas=3, rank=-1)
    with pytest.raises(RuntimeError, match="Requires distributed package to be available"):
        DistributedSampler(range(3))
