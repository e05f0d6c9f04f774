"""Datasets: the map-style and iterable protocols, and the ready-made ones
(tensors, concatenation, chaining, subsets, zipping) with random_split."""

import bisect
import math
import warnings
from itertools import accumulate

import ember


class Dataset:
    """A map-style dataset: `dataset[index]` gives one sample. Subclasses
    implement __getitem__ (and usually __len__); an optional
    `__getitems__(indices)` fetches a whole batch at once.

    Example:

    >>> from ember.data import Dataset
    >>> class Squares(Dataset):
    ...     def __getitem__(self, index):
    ...         return index * index
    ...     def __len__(self):
    ...         return 4
    >>> [Squares()[i] for i in range(4)]
    [0, 1, 4, 9]
    >>> len(Squares() + Squares())
    8
    """

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])


class IterableDataset(Dataset):
    """A stream of samples: subclasses implement __iter__. With worker
    processes each worker iterates its own copy: shard it with
    get_worker_info(), or every sample arrives num_workers times.

    Example:

    >>> from ember.data import DataLoader, IterableDataset
    >>> class Count(IterableDataset):
    ...     def __iter__(self):
    ...         return iter(range(5))
    >>> list(Count())
    [0, 1, 2, 3, 4]
    >>> [batch.tolist() for batch in DataLoader(Count(), batch_size=2)]
    [[0, 1], [2, 3], [4]]
    """

    def __iter__(self):
        raise NotImplementedError("Subclasses of IterableDataset should implement __iter__.")

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """Sample i is (t[i] for t in tensors); all tensors share their first size.

    Example:

    >>> from ember.data import TensorDataset
    >>> ds = TensorDataset(ember.arange(3.0), ember.tensor([10, 20, 30]))
    >>> len(ds), ds[1]
    (3, (tensor(1.), tensor(20)))
    """

    def __init__(self, *tensors):
        if any(t.size(0) != tensors[0].size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        # select() for the common int index: it skips the general indexing
        # path, which costs several times more per call.
        if type(index) is int:
            return tuple(t.select(0, index) for t in self.tensors)
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class StackDataset(Dataset):
    """Zips datasets of one length: positional ones give tuple samples,
    keyword ones dict samples.

    Example:

    >>> from ember.data import StackDataset, TensorDataset
    >>> images, labels = TensorDataset(ember.ones(3, 2)), TensorDataset(ember.tensor([0, 1, 2]))
    >>> pairs = StackDataset(image=images, label=labels)
    >>> len(pairs), pairs[1]["label"]
    (3, (tensor(1),))
    """

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError(
                "Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like input/output, "
                "but both types are given."
            )
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = list(args or kwargs.values())
        self._length = len(parts[0])
        if any(len(d) != self._length for d in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args if args else kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices):
        # Each part may fetch its whole batch at once through its own __getitems__.
        names = list(self.datasets) if isinstance(self.datasets, dict) else range(len(self.datasets))
        columns = {}
        for name in names:
            d = self.datasets[name]
            if callable(getattr(d, "__getitems__", None)):
                items = d.__getitems__(indices)
                if len(items) != len(indices):
                    raise ValueError(
                        f"Nested dataset's output size mismatch. Expected {len(indices)}, got {len(items)}"
                    )
            else:
                items = [d[i] for i in indices]
            columns[name] = items
        if isinstance(self.datasets, dict):
            return [{name: columns[name][j] for name in names} for j in range(len(indices))]
        return [tuple(columns[name][j] for name in names) for j in range(len(indices))]

    def __len__(self):
        return self._length


class ConcatDataset(Dataset):
    """Map-style datasets one after another.

    Example:

    >>> from ember.data import ConcatDataset, TensorDataset
    >>> ds = ConcatDataset([TensorDataset(ember.arange(2)), TensorDataset(ember.arange(3))])
    >>> len(ds), ds[3]
    (5, (tensor(1),))
    """

    @staticmethod
    def cumsum(sequence):
        return list(accumulate(len(d) for d in sequence))

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        if any(isinstance(d, IterableDataset) for d in self.datasets):
            raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        which = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[which - 1] if which > 0 else 0
        return self.datasets[which][idx - start]


class ChainDataset(IterableDataset):
    """Iterable datasets one after another, chained lazily.

    Example:

    >>> from ember.data import ChainDataset, IterableDataset
    >>> class Count(IterableDataset):
    ...     def __init__(self, n):
    ...         self.n = n
    ...     def __iter__(self):
    ...         return iter(range(self.n))
    >>> list(ChainDataset([Count(2), Count(3)]))
    [0, 1, 0, 1, 2]
    """

    def __init__(self, datasets):
        self.datasets = datasets

    def _checked(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield d

    def __iter__(self):
        for d in self._checked():
            yield from d

    def __len__(self):
        return sum(len(d) for d in self._checked())


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order.

    Example:

    >>> from ember.data import Subset, TensorDataset
    >>> sub = Subset(TensorDataset(ember.arange(10)), [0, 5, 9])
    >>> [x.item() for (x,) in sub]
    [0, 5, 9]
    """

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        # A subclass that redefines __getitem__ must be called through it.
        if type(self).__getitem__ is not Subset.__getitem__:
            return [self[i] for i in indices]
        mapped = [self.indices[i] for i in indices]
        if callable(getattr(self.dataset, "__getitems__", None)):
            return self.dataset.__getitems__(mapped)
        return [self.dataset[i] for i in mapped]

    def __len__(self):
        return len(self.indices)


def _split_lengths(lengths, total):
    """Fractions summing to 1 become counts (the remainder dealt one by one
    from the first split on); counts pass through."""
    if not (math.isclose(sum(lengths), 1) and sum(lengths) <= 1):
        return list(lengths)
    counts = []
    for i, frac in enumerate(lengths):
        if frac < 0 or frac > 1:
            raise ValueError(f"Fraction at index {i} is not between 0 and 1")
        counts.append(math.floor(total * frac))
    for i in range(total - sum(counts)):
        counts[i % len(counts)] += 1
    for i, n in enumerate(counts):
        if n == 0:
            warnings.warn(f"Length of split at index {i} is 0. This might result in an empty dataset.", stacklevel=3)
    return counts


def random_split(dataset, lengths, generator=None):
    """Splits `dataset` at random into non-overlapping Subsets of the given
    lengths, or fractions of its length summing to 1.

    Example:

    >>> from ember.data import TensorDataset, random_split
    >>> train, test = random_split(TensorDataset(ember.arange(10)), [0.8, 0.2])
    >>> len(train), len(test)
    (8, 2)
    """
    if generator is None:
        generator = ember.default_generator
    lengths = _split_lengths(lengths, len(dataset))
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = ember.randperm(sum(lengths), generator=generator).tolist()
    ends = list(accumulate(lengths))
    return [Subset(dataset, order[end - n : end]) for end, n in zip(ends, lengths, strict=True)]
