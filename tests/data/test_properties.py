"""Property tests over large input spaces: batching and DistributedSampler
shares for any sizes, random_split for any fractions, and default_collate
over nested structures (it must transpose them: batch of structures in,
structure of batches out)."""

import math
import warnings

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ember
from ember.data import BatchSampler, DistributedSampler, default_collate, random_split


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 200), st.integers(1, 50), st.booleans())
def test_batch_sampler_partitions_its_sampler(n, batch_size, drop_last):
    s = BatchSampler(range(n), batch_size, drop_last)
    batches = list(s)
    assert len(batches) == len(s)
    assert all(len(b) == batch_size for b in batches[:-1])
    flat = [i for b in batches for i in b]
    assert flat == list(range(len(flat)))
    assert len(flat) == (n - n % batch_size if drop_last else n)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 100), st.integers(1, 9), st.booleans(), st.booleans(), st.integers(0, 5))
def test_distributed_shares(n, replicas, drop_last, shuffle, epoch):
    shares = []
    for rank in range(replicas):
        s = DistributedSampler(range(n), replicas, rank, shuffle=shuffle, seed=1, drop_last=drop_last)
        s.set_epoch(epoch)
        shares.append(list(s))
        assert len(shares[-1]) == len(s)
    assert len({len(share) for share in shares}) == 1
    flat = [i for share in shares for i in share]
    if drop_last:  # no repeats, and only the remainder left out
        assert len(set(flat)) == len(flat) == replicas * (n // replicas)
    else:
        assert set(flat) == set(range(n)) and len(flat) == replicas * math.ceil(n / replicas)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 60), st.lists(st.integers(1, 10), min_size=1, max_size=5))
def test_random_split_fractions_partition(n, weights):
    fractions = [w / sum(weights) for w in weights]
    # Rounding may leave the sum just above 1, which PyTorch reads as counts.
    assume(math.isclose(sum(fractions), 1) and sum(fractions) <= 1)
    g = ember.Generator()
    g.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parts = random_split(range(n), fractions, generator=g)
    sizes = [len(p) for p in parts]
    assert sum(sizes) == n
    assert all(math.floor(n * f) <= size <= math.floor(n * f) + 1 for size, f in zip(sizes, fractions, strict=True))
    assert sorted(i for p in parts for i in p.indices) == list(range(n))


leaves = st.one_of(st.integers(-100, 100), st.floats(-1e3, 1e3, allow_nan=False), st.text(max_size=3))
structures = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.sampled_from("abc"), inner, min_size=1, max_size=3),
    ),
    max_leaves=8,
)


def shaped_like(structure, k):
    """Another sample with structure's shape: numbers shifted by k, strings tagged."""
    if isinstance(structure, bool):
        return structure
    if isinstance(structure, (int, float)):
        return structure + k
    if isinstance(structure, str):
        return structure + str(k)
    if isinstance(structure, dict):
        return {key: shaped_like(v, k) for key, v in structure.items()}
    return type(structure)(shaped_like(v, k) for v in structure)


def check(batch, samples):
    """batch is default_collate(samples), leaf by leaf."""
    first = samples[0]
    if isinstance(first, int):
        assert batch.dtype == ember.int64 and batch.tolist() == samples
    elif isinstance(first, float):
        assert batch.dtype == ember.float64 and batch.tolist() == samples
    elif isinstance(first, str):
        assert list(batch) == samples
    elif isinstance(first, dict):
        assert type(batch) is dict and list(batch) == list(first)
        for key in first:
            check(batch[key], [s[key] for s in samples])
    else:  # lists and tuples both come back as lists
        assert type(batch) is list and len(batch) == len(first)
        for i, part in enumerate(batch):
            check(part, [s[i] for s in samples])


@settings(max_examples=50, deadline=None)
@given(structures, st.integers(1, 4))
def test_default_collate_transposes_nested_structures(structure, size):
    samples = [shaped_like(structure, k) for k in range(size)]
    check(default_collate(samples), samples)
