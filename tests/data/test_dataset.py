"""The datasets and random_split: samples, lengths, indexing rules and the
errors PyTorch raises for bad input."""

import warnings

import numpy as np
import pytest

import ember
from ember.data import (
    ChainDataset,
    ConcatDataset,
    Dataset,
    IterableDataset,
    StackDataset,
    Subset,
    TensorDataset,
    random_split,
)


class Letters(Dataset):
    def __init__(self, text):
        self.text = text

    def __len__(self):
        return len(self.text)

    def __getitem__(self, i):
        return self.text[i]


class Stream(IterableDataset):
    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def test_base_classes_need_overrides():
    with pytest.raises(NotImplementedError, match="Subclasses of Dataset should implement __getitem__."):
        Dataset()[0]
    with pytest.raises(NotImplementedError):
        iter(IterableDataset())


def test_tensor_dataset_samples_and_slices():
    x, y = ember.arange(12.0).reshape(4, 3), ember.arange(4)
    ds = TensorDataset(x, y)
    assert len(ds) == 4
    a, b = ds[2]
    assert a.tolist() == [6.0, 7.0, 8.0] and b.item() == 2
    assert ds[-1][1].item() == 3
    sl = ds[1:3]
    assert sl[0].shape == (2, 3) and sl[1].tolist() == [1, 2]
    with pytest.raises(IndexError):
        ds[4]
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(x, ember.arange(5))


def test_concat_dataset_indexing():
    ds = Letters("abc") + Letters("de")
    assert isinstance(ds, ConcatDataset)
    assert len(ds) == 5 and ds.cumulative_sizes == [3, 5]
    assert [ds[i] for i in range(5)] == list("abcde")
    assert ds[-1] == "e" and ds[-5] == "a"
    with pytest.raises(ValueError, match="absolute value of index should not exceed dataset length"):
        ds[-6]
    with pytest.raises(IndexError):
        ds[5]
    with pytest.raises(AssertionError, match="datasets should not be an empty iterable"):
        ConcatDataset([])
    with pytest.raises(AssertionError, match="ConcatDataset does not support IterableDataset"):
        ConcatDataset([Letters("a"), Stream([1])])


def test_chain_dataset():
    ds = Stream([1, 2]) + Stream([3])
    assert isinstance(ds, ChainDataset)
    assert list(ds) == [1, 2, 3] and len(ds) == 3
    with pytest.raises(AssertionError, match="ChainDataset only supports IterableDataset"):
        list(ChainDataset([Stream([1]), Letters("a")]))


def test_subset_and_getitems():
    base = Letters("abcdef")
    sub = Subset(base, [5, 0, 3])
    assert len(sub) == 3 and [sub[i] for i in range(3)] == ["f", "a", "d"]
    assert sub.__getitems__([2, 0]) == ["d", "f"]

    class Batched(Letters):
        def __getitems__(self, indices):
            return ["batch:" + "".join(self.text[i] for i in indices)]

    assert Subset(Batched("abcdef"), [1, 2]).__getitems__([0, 1]) == ["batch:bc"]

    class Upper(Subset):  # a subclass's own __getitem__ is what batches use
        def __getitem__(self, i):
            return super().__getitem__(i).upper()

    assert Upper(base, [1, 2]).__getitems__([1, 0]) == ["C", "B"]


def test_stack_dataset_tuple_and_dict():
    a, b = Letters("xyz"), TensorDataset(ember.arange(3))
    t = StackDataset(a, b)
    assert len(t) == 3 and t[1][0] == "y" and t[1][1][0].item() == 1
    d = StackDataset(letter=a, number=b)
    assert d[2]["letter"] == "z"
    items = d.__getitems__([0, 2])
    assert [i["letter"] for i in items] == ["x", "z"] and items[1]["number"][0].item() == 2
    assert [i[0] for i in t.__getitems__([2, 1])] == ["z", "y"]
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        StackDataset(a, Letters("ab"))
    with pytest.raises(ValueError, match="Size mismatch between datasets"):
        StackDataset(p=a, q=Letters("ab"))
    with pytest.raises(ValueError, match="but both types are given"):
        StackDataset(a, q=a)
    with pytest.raises(ValueError, match="At least one dataset should be passed"):
        StackDataset()


def test_random_split_lengths_are_a_partition():
    g = ember.Generator()
    g.manual_seed(7)
    parts = random_split(range(10), [3, 7], generator=g)
    assert [len(p) for p in parts] == [3, 7]
    seen = sorted(x for p in parts for x in (p[i] for i in range(len(p))))
    assert seen == list(range(10))
    # Same generator seed, same split.
    g.manual_seed(7)
    again = random_split(range(10), [3, 7], generator=g)
    assert [list(p.indices) for p in again] == [list(p.indices) for p in parts]
    g.manual_seed(8)
    assert [list(p.indices) for p in random_split(range(10), [3, 7], generator=g)] != [list(p.indices) for p in parts]


@pytest.mark.parametrize(
    "n, fractions, lengths",
    [(10, [0.33, 0.33, 0.34], [4, 3, 3]), (11, [0.5, 0.5], [6, 5]), (4, [0.25, 0.75], [1, 3])],
)
def test_random_split_fractions(n, fractions, lengths):
    # Counts checked against PyTorch 2.13: remainder dealt from the first split on.
    assert [len(p) for p in random_split(range(n), fractions)] == lengths


def test_random_split_errors_and_warning():
    with pytest.raises(ValueError, match="Sum of input lengths does not equal the length of the input dataset!"):
        random_split(range(3), [1, 1])
    with pytest.raises(ValueError, match="Fraction at index 0 is not between 0 and 1"):
        random_split(range(3), [1.5, -0.5])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = random_split(range(2), [0.1, 0.9])
    assert [len(p) for p in parts] == [1, 1] and not caught
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = random_split(range(1), [0.5, 0.5])
    assert [len(p) for p in parts] == [1, 0]
    assert any("Length of split at index 1 is 0" in str(w.message) for w in caught)


def test_tensor_dataset_from_numpy_columns():
    a = np.arange(6, dtype=np.int32).reshape(3, 2)
    ds = TensorDataset(ember.from_numpy(a))
    assert ds[1][0].dtype == ember.int32 and ds[1][0].tolist() == [2, 3]
