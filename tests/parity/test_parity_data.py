"""ember.data against torch.utils.data: collation results (structure, types,
dtypes, values), samplers' deterministic outputs, and the exception class
and message for bad arguments, on the same inputs."""

import collections

import numpy as np
import pytest
from oracle import torch

import ember
import ember.data as ed

td = torch.utils.data
Point = collections.namedtuple("Point", "x y")


def plain(x):
    """Tensors of either library as (dtype name, values); containers kept."""
    if isinstance(x, (ember.Tensor, torch.Tensor)):
        return ("tensor", str(x.dtype).split(".")[-1], x.tolist())
    if isinstance(x, dict):
        return type(x), {k: plain(v) for k, v in x.items()}
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x), tuple(plain(v) for v in x)
    if isinstance(x, (list, tuple)):
        return type(x), [plain(v) for v in x]
    return x


BATCHES = [
    [1, 2, 3],
    [1.5, 2.5],
    [True, False],
    ["a", "b"],
    [b"x", b"y"],
    [np.float32(1), np.float32(2)],
    [np.int16(1), np.int16(2)],
    [np.bool_(True), np.bool_(False)],
    [np.arange(3, dtype=np.int32), np.arange(3, dtype=np.int32)],
    [np.array(1.5), np.array(2.5)],
    [(1, "s"), (2, "t")],
    [[1, 2.0], [3, 4.0]],
    [{"a": 1, "b": (1.0, "x")}, {"a": 2, "b": (2.0, "y")}],
    [Point(1, [2, 3]), Point(4, [5, 6])],
    [collections.OrderedDict(k=np.float64(1)), collections.OrderedDict(k=np.float64(2))],
]


@pytest.mark.parametrize("batch", BATCHES, ids=range(len(BATCHES)))
def test_default_collate(batch):
    assert plain(ed.default_collate(batch)) == plain(td.default_collate(batch))


@pytest.mark.parametrize("sample", [b[0] for b in BATCHES] + [np.array(["a"]), "str"], ids=range(len(BATCHES) + 2))
def test_default_convert(sample):
    ours, theirs = ed.default_convert(sample), td.default_convert(sample)
    if isinstance(sample, np.ndarray) and sample.dtype.kind == "U":
        assert ours is sample and theirs is sample
    else:
        assert plain(ours) == plain(theirs)


def test_collating_tensors():
    data = np.arange(12, dtype=np.float32).reshape(3, 4)
    ours = ed.default_collate([ember.from_numpy(r.copy()) for r in data])
    theirs = td.default_collate([torch.from_numpy(r.copy()) for r in data])
    assert plain(ours) == plain(theirs)


def raised(fn):
    try:
        fn()
    except Exception as e:
        return type(e).__name__, str(e)
    return None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"num_workers": -1},
        {"timeout": -1},
        {"prefetch_factor": 2},
        {"num_workers": 1, "prefetch_factor": -1},
        {"persistent_workers": True},
        {"sampler": [0], "shuffle": True},
        {"batch_sampler": [[0]], "batch_size": 2},
        {"batch_sampler": [[0]], "shuffle": True},
        {"batch_size": None, "drop_last": True},
        {"multiprocessing_context": "fork"},
        {"num_workers": 1, "multiprocessing_context": "nope"},
        {"num_workers": 1, "multiprocessing_context": 3},
    ],
)
def test_dataloader_argument_errors(kwargs):
    ours = raised(lambda: ed.DataLoader(list(range(3)), **kwargs))
    assert ours is not None and ours == raised(lambda: td.DataLoader(list(range(3)), **kwargs))


@pytest.mark.parametrize(
    "make",
    [
        lambda d: d.RandomSampler(range(3), replacement=1),
        lambda d: d.RandomSampler(range(3), num_samples=0),
        lambda d: d.WeightedRandomSampler([1.0], 0),
        lambda d: d.WeightedRandomSampler([1.0], 1, replacement=0),
        lambda d: d.WeightedRandomSampler([[1.0, 2.0]], 1),
        lambda d: d.BatchSampler(range(3), 0, False),
        lambda d: d.BatchSampler(range(3), 2, 1),
        lambda d: d.DistributedSampler(range(3), num_replicas=3, rank=3),
        lambda d: d.random_split(range(3), [1, 1]),
        lambda d: d.random_split(range(3), [1.5, -0.5]),
        lambda d: d.ConcatDataset([]),
        lambda d: d.StackDataset(),
        lambda d: d.default_collate([[1, 2], [3]]),
        lambda d: d.default_collate([object()]),
        lambda d: d.default_collate([np.array(["a"])]),
    ],
)
def test_sampler_dataset_and_collate_errors(make):
    ours = raised(lambda: make(ed))
    assert ours is not None and ours == raised(lambda: make(td))


@pytest.mark.parametrize("n, replicas, drop_last", [(10, 3, False), (10, 3, True), (2, 5, False), (12, 4, True)])
def test_distributed_sampler_without_shuffle(n, replicas, drop_last):
    for rank in range(replicas):
        ours = ed.DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        theirs = td.DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)


@pytest.mark.parametrize("n, lengths", [(10, [0.33, 0.33, 0.34]), (11, [0.5, 0.5]), (7, [3, 4]), (5, [0.2, 0.2, 0.6])])
def test_random_split_sizes(n, lengths):
    assert [len(p) for p in ed.random_split(range(n), lengths)] == [len(p) for p in td.random_split(range(n), lengths)]


@pytest.mark.parametrize("n, batch_size, drop_last", [(10, 3, False), (10, 3, True), (9, 3, False), (0, 2, False)])
def test_loader_lengths(n, batch_size, drop_last):
    assert len(ed.DataLoader(list(range(n)), batch_size=batch_size, drop_last=drop_last)) == len(
        td.DataLoader(list(range(n)), batch_size=batch_size, drop_last=drop_last)
    )


class Broken:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise ValueError("bad sample")
        return i


def test_worker_error_message_starts_the_same():
    def first_line(module):
        try:
            list(module.DataLoader(Broken(), batch_size=1, num_workers=1, multiprocessing_context="fork", timeout=60))
        except ValueError as e:
            return str(e).splitlines()[:2]

    assert (
        first_line(ed)
        == first_line(td)
        == [
            "Caught ValueError in DataLoader worker process 0.",
            "Original Traceback (most recent call last):",
        ]
    )


class Pinnable:
    """Anything with a pin_memory() method is pinned through it."""

    def __init__(self, v):
        self.v = v

    def pin_memory(self):
        return ("pinned", self.v)


class Frozen(collections.abc.Sequence):
    """A sequence that cannot be rebuilt from a list: pinned as a plain list."""

    def __init__(self, first, second):
        self.items = (first, second)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]


PIN_INPUTS = [
    Pinnable(1),
    "text",
    b"bytes",
    3,
    (Pinnable(1), "s"),
    [Pinnable(1), [Pinnable(2), 2.5]],
    Point(Pinnable(1), "name"),
    {"a": Pinnable(1), "b": (Pinnable(2),)},
    collections.OrderedDict(z=Pinnable(1), a=2),
    collections.defaultdict(list, k=[Pinnable(3)]),
    collections.deque([Pinnable(1), "x"]),
    Frozen(Pinnable(1), 2),
    range(3),
]


@pytest.mark.parametrize("data", PIN_INPUTS, ids=range(len(PIN_INPUTS)))
def test_pin_memory_keeps_the_structure(data):
    from torch.utils.data._utils.pin_memory import pin_memory as torch_pin

    from ember.data.pin_memory import pin_memory

    ours, theirs = pin_memory(data), torch_pin(data)
    assert type(ours) is type(theirs) and ours == theirs
    if isinstance(data, collections.defaultdict):
        assert ours.default_factory is theirs.default_factory is list
