"""DataLoader in the main process (num_workers=0): batching, shuffling,
lengths, samplers, collate functions, iterable datasets, tqdm, and the
argument errors PyTorch raises. Pinning: test_pin_memory.py."""

import io
import warnings

import pytest
from data_util import Shards, Squares
from tqdm import tqdm

import ember
from ember.data import (
    BatchSampler,
    DataLoader,
    Dataset,
    RandomSampler,
    SequentialSampler,
    TensorDataset,
    default_collate,
)


@pytest.fixture(autouse=True)
def _restore_default_generator():
    with ember.random.fork_rng():
        yield


def ids(loader):
    return [b["i"].tolist() for b in loader]


def test_batches_and_len():
    x, y = ember.arange(20.0).reshape(10, 2), ember.arange(10)
    loader = DataLoader(TensorDataset(x, y), batch_size=4)
    batches = list(loader)
    assert len(loader) == 3 == len(batches)
    assert [b[1].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert type(batches[0]) is list and batches[0][0].shape == (4, 2)
    assert ember.equal(ember.cat([b[0] for b in batches]), x)
    dropped = DataLoader(TensorDataset(x, y), batch_size=4, drop_last=True)
    assert len(dropped) == 2 and [b[1].tolist() for b in dropped] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert len(iter(loader)) == 3


def test_dict_samples():
    batch = next(iter(DataLoader(Squares(5), batch_size=3)))
    assert batch["x"].tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 4.0]] and batch["i"].tolist() == [0, 1, 2]


def test_shuffle_is_a_permutation_reproducible_by_generator_or_global_seed():
    def order(**kwargs):
        return sum(ids(DataLoader(Squares(20), batch_size=6, shuffle=True, **kwargs)), [])

    g = ember.Generator()
    g.manual_seed(11)
    a = order(generator=g)
    assert sorted(a) == list(range(20)) and a != list(range(20))
    assert order(generator=g) != a  # the generator moved on: a new epoch order
    g.manual_seed(11)
    assert order(generator=g) == a
    ember.manual_seed(5)
    b = order()
    ember.manual_seed(5)
    assert order() == b


def test_batch_size_none_converts_each_sample():
    import numpy as np

    class Arrays(Dataset):
        def __len__(self):
            return 3

        def __getitem__(self, i):
            return np.full(2, i, np.int32)

    out = list(DataLoader(Arrays(), batch_size=None))
    assert len(out) == 3 and out[2].dtype == ember.int32 and out[2].tolist() == [2, 2]
    assert len(DataLoader(Arrays(), batch_size=None)) == 3


def test_samplers_and_collate_fn():
    loader = DataLoader(Squares(6), sampler=[5, 3, 1], batch_size=2)
    assert ids(loader) == [[5, 3], [1]]
    loader = DataLoader(Squares(6), batch_sampler=[[0, 5], [2]])
    assert ids(loader) == [[0, 5], [2]]
    loader = DataLoader(Squares(6), batch_sampler=BatchSampler(SequentialSampler(range(6)), 4, True))
    assert ids(loader) == [[0, 1, 2, 3]] and len(loader) == 1
    loader = DataLoader(Squares(4), batch_size=2, collate_fn=lambda batch: [s["i"] for s in batch])
    assert list(loader) == [[0, 1], [2, 3]]
    loader = DataLoader(Squares(4), sampler=RandomSampler(range(4), replacement=True, num_samples=9), batch_size=3)
    assert len(loader) == 3 and all(len(b) == 3 for b in ids(loader))


def test_getitems_fetches_a_batch_at_once():
    class Batched(Dataset):
        calls = []

        def __len__(self):
            return 5

        def __getitem__(self, i):
            raise AssertionError("__getitems__ should be used")

        def __getitems__(self, indices):
            self.calls.append(list(indices))
            return [i * 10 for i in indices]

    assert [b.tolist() for b in DataLoader(Batched(), batch_size=2)] == [[0, 10], [20, 30], [40]]
    assert Batched.calls == [[0, 1], [2, 3], [4]]


def test_iterable_dataset():
    loader = DataLoader(Shards(0, 7), batch_size=3)
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5], [6]] and len(loader) == 3
    loader = DataLoader(Shards(0, 7), batch_size=3, drop_last=True)
    assert [b.tolist() for b in loader] == [[0, 1, 2], [3, 4, 5]] and len(loader) == 2
    loader = DataLoader(Shards(0, 3), batch_size=None)
    assert list(loader) == [0, 1, 2] and len(loader) == 3


def test_tqdm_shows_progress():
    stream = io.StringIO()
    loader = DataLoader(Squares(10), batch_size=4)
    seen = [b["i"].tolist() for b in tqdm(loader, file=stream, mininterval=0)]
    assert len(seen) == 3
    assert "3/3" in stream.getvalue()


def test_timeout_needs_workers():
    with pytest.raises(AssertionError, match="timeout"):
        iter(DataLoader(Squares(2), timeout=1))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"num_workers": -1},
            ValueError,
            "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.",
        ),
        ({"timeout": -1}, ValueError, "timeout option should be non-negative"),
        ({"prefetch_factor": 2}, ValueError, "prefetch_factor option could only be specified in multiprocessing"),
        ({"num_workers": 1, "prefetch_factor": -1}, ValueError, "prefetch_factor option should be non-negative"),
        ({"persistent_workers": True}, ValueError, "persistent_workers option needs num_workers > 0"),
        ({"sampler": [0], "shuffle": True}, ValueError, "sampler option is mutually exclusive with shuffle"),
        (
            {"batch_sampler": [[0]], "batch_size": 2},
            ValueError,
            "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
        ),
        ({"batch_sampler": [[0]], "drop_last": True}, ValueError, "batch_sampler option is mutually exclusive"),
        (
            {"batch_size": None, "drop_last": True},
            ValueError,
            "batch_size=None option disables auto-batching and is mutually exclusive with drop_last",
        ),
        (
            {"multiprocessing_context": "fork"},
            ValueError,
            "multiprocessing_context can only be used with multi-process loading",
        ),
        (
            {"num_workers": 1, "multiprocessing_context": "nope"},
            ValueError,
            "multiprocessing_context option should specify a valid start method in",
        ),
        (
            {"num_workers": 1, "multiprocessing_context": 3},
            TypeError,
            "multiprocessing_context option should be a valid context object or a string",
        ),
    ],
)
def test_argument_errors(kwargs, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        DataLoader(Squares(2), **kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"shuffle": True},
            "DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True",
        ),
        (
            {"sampler": [0]},
            r"DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=\[0\]",
        ),
        ({"batch_sampler": [[0]]}, "DataLoader with IterableDataset: expected unspecified batch_sampler option"),
    ],
)
def test_iterable_dataset_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DataLoader(Shards(0, 2), **kwargs)


def test_options_are_frozen_after_init():
    loader = DataLoader(Squares(2))
    for name in ("batch_size", "sampler", "batch_sampler", "drop_last", "dataset", "persistent_workers"):
        with pytest.raises(ValueError, match=f"{name} attribute should not be set after DataLoader is initialized"):
            setattr(loader, name, None)
    loader.num_workers = 0  # not frozen in PyTorch either


def test_iterator_is_not_picklable():
    import pickle

    with pytest.raises(NotImplementedError, match="cannot be pickled"):
        pickle.dumps(iter(DataLoader(Squares(2))))


def test_default_collate_is_the_default():
    assert DataLoader(Squares(2)).collate_fn is default_collate
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(DataLoader(Squares(2)))


def test_iterable_dataset_longer_than_its_len_warns():
    class Liar(Shards):
        def __len__(self):
            return 2

    loader = DataLoader(Liar(0, 4), batch_size=None)
    assert len(loader) == 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert list(loader) == [0, 1, 2, 3]
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2 and all(" was reported to be 2(when accessing len(dataloader))" in m for m in messages)
    assert "but 3 samples have been fetched" in messages[0] and "but 4 samples" in messages[1]
