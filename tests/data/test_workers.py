"""DataLoader with worker processes, in this process: the same batches as
num_workers=0, seeding per worker and per epoch, worker info, iterable
sharding, persistent workers, out-of-order delivery, and errors raised in
workers. Every loader here has a timeout, so a bug fails instead of hanging."""

import multiprocessing
import pickle
import time
import warnings

import numpy as np
import pytest
from data_util import Draws, Failing, Shards, Sleepy, SlowFirst, Squares

import ember
from ember.data import DataLoader, Dataset, StackDataset, TensorDataset, WorkerInfo, get_worker_info

BOUND = 30  # seconds any one batch may take before the test fails
# Datasets defined inside tests reach workers only by fork (Python 3.14
# defaults to forkserver); test_robustness.py covers spawn.
FORK = "fork"


@pytest.fixture(autouse=True)
def _restore_default_generator():
    with ember.random.fork_rng():
        yield


def flatten(batch):
    """A batch as nested plain Python values, for comparison."""
    if isinstance(batch, ember.Tensor):
        return ("tensor", str(batch.dtype), batch.tolist())
    if isinstance(batch, dict):
        return {k: flatten(v) for k, v in batch.items()}
    if isinstance(batch, (list, tuple)):
        return type(batch)(flatten(v) for v in batch)
    return batch


def take_ids(batch):
    return [int(v) for v in batch.tolist()]


def run(dataset, workers, seed=None, **kwargs):
    g = None
    if seed is not None:
        g = ember.Generator()
        g.manual_seed(seed)
    extra = {"timeout": BOUND, "multiprocessing_context": FORK} if workers else {}
    return [flatten(b) for b in DataLoader(dataset, num_workers=workers, generator=g, **kwargs, **extra)]


@pytest.mark.parametrize(
    "dataset, kwargs",
    [
        (TensorDataset(ember.arange(40.0).reshape(20, 2), ember.arange(20, dtype=ember.int32)), {"batch_size": 3}),
        (Squares(13), {"batch_size": 4, "shuffle": True}),
        (Squares(7), {"batch_size": None}),
        (Squares(9), {"batch_size": 2, "drop_last": True, "shuffle": True}),
        (Squares(6), {"batch_size": 2, "collate_fn": lambda b: [s["i"] * 10 for s in b]}),
        (TensorDataset(ember.arange(8).to(ember.bfloat16).reshape(4, 2)), {"batch_size": 3}),
    ],
)
def test_two_workers_give_what_the_main_process_gives(dataset, kwargs):
    main = run(dataset, 0, seed=4, **kwargs)
    assert main == run(dataset, 2, seed=4, **kwargs)
    unordered = run(dataset, 2, seed=4, in_order=False, **kwargs)
    assert sorted(map(repr, unordered)) == sorted(map(repr, main))


def test_batches_arrive_as_writable_ember_tensors():
    x = ember.arange(12.0).reshape(6, 2)
    batch = next(
        iter(DataLoader(TensorDataset(x), batch_size=3, num_workers=1, timeout=BOUND, multiprocessing_context=FORK))
    )[0]
    assert isinstance(batch, ember.Tensor) and batch.dtype == ember.float32
    batch.add_(1.0)  # the memory belongs to the batch: writable
    assert batch.tolist() == [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]


def draws(loader):
    return [sample for batch in loader for sample in zip(*[c.tolist() for c in batch], strict=True)]


def test_each_worker_and_each_epoch_has_its_own_random_streams():
    g = ember.Generator()
    g.manual_seed(1)
    loader = DataLoader(Draws(), batch_size=2, num_workers=2, generator=g, timeout=BOUND, multiprocessing_context=FORK)
    epoch1, epoch2 = draws(loader), draws(loader)
    by_worker = {w: [d for d in epoch1 if d[3] == w] for w in (0, 1)}
    assert all(len(v) == 4 for v in by_worker.values())
    seeds = {d[3]: d[4] for d in epoch1}
    assert seeds[1] == seeds[0] + 1
    for rng in range(3):  # NumPy, ember, random: the workers' first draws differ
        assert by_worker[0][0][rng] != by_worker[1][0][rng]
        assert len({d[rng] for d in epoch1}) == 8
        assert not {d[rng] for d in epoch1} & {d[rng] for d in epoch2}  # a new epoch, new streams
    # Reproducible from the generator's seed.
    g.manual_seed(1)
    assert draws(loader) == epoch1


def test_persistent_workers_keep_drawing_new_numbers_across_epochs():
    loader = DataLoader(
        Draws(), batch_size=2, num_workers=2, persistent_workers=True, timeout=BOUND, multiprocessing_context=FORK
    )
    epoch1, epoch2 = draws(loader), draws(loader)
    assert {d[4] for d in epoch1} == {d[4] for d in epoch2}  # seeded once, when the workers started
    for rng in range(3):
        assert not {d[rng] for d in epoch1} & {d[rng] for d in epoch2}


def test_worker_info():
    assert get_worker_info() is None

    class Info(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            info = get_worker_info()
            return [info.id, info.num_workers, info.seed, info.dataset is self, info.dataset.tag]

    def init(worker_id):
        get_worker_info().dataset.tag = worker_id * 100

    loader = DataLoader(
        Info(), batch_size=1, num_workers=2, worker_init_fn=init, timeout=BOUND, multiprocessing_context=FORK
    )
    out = [[c.item() for c in batch] for batch in loader]
    assert sorted(o[0] for o in out) == [0, 0, 1, 1]
    assert all(o[1] == 2 and o[3] == 1 and o[4] == o[0] * 100 for o in out)
    info = WorkerInfo(id=1, num_workers=2, seed=5, dataset=None)
    assert repr(info) == "WorkerInfo(id=1, num_workers=2, seed=5, dataset=None)"
    with pytest.raises(RuntimeError, match="Cannot assign attributes to WorkerInfo objects"):
        info.id = 3


@pytest.mark.filterwarnings("ignore:DataLoader. num_workers=3 is more than")  # on a 2-CPU machine
@pytest.mark.parametrize("end, workers", [(10, 2), (7, 3)])
def test_iterable_dataset_sharded_by_worker_info(end, workers):
    loader = DataLoader(Shards(0, end), batch_size=2, num_workers=workers, timeout=BOUND, multiprocessing_context=FORK)
    batches = [take_ids(b) for b in loader]
    assert sorted(sum(batches, [])) == list(range(end))
    # In order: round robin over the workers while they all have data.
    assert batches[0] == [0, workers] and batches[1] == [1, 1 + workers]
    assert [take_ids(b) for b in loader] == batches  # and again, the next epoch


def test_iterable_dataset_without_sharding_is_replicated_per_worker():
    class Whole(Shards):
        def __iter__(self):
            return iter(range(self.start, self.end))

    out = [
        take_ids(b)
        for b in DataLoader(
            Whole(0, 5), batch_size=2, num_workers=2, drop_last=True, timeout=BOUND, multiprocessing_context=FORK
        )
    ]
    assert sorted(sum(out, [])) == [0, 0, 1, 1, 2, 2, 3, 3]


def test_persistent_workers_survive_epochs_and_an_early_break():
    loader = DataLoader(
        Sleepy(12, 0.0),
        batch_size=2,
        num_workers=2,
        persistent_workers=True,
        timeout=BOUND,
        multiprocessing_context=FORK,
    )
    first = [flatten(b) for b in loader]
    pids = {p for b in first for p in b[1][2]}
    for i, _ in enumerate(loader):  # cut short: its remaining answers must not leak into the next epoch
        if i == 1:
            break
    second = [flatten(b) for b in loader]
    assert second == first and {p for b in second for p in b[1][2]} == pids
    iterable = DataLoader(
        Shards(0, 6), batch_size=2, num_workers=2, persistent_workers=True, timeout=BOUND, multiprocessing_context=FORK
    )
    assert [take_ids(b) for b in iterable] == [take_ids(b) for b in iterable] == [[0, 2], [1, 3], [4], [5]]


def test_out_of_order_delivery_does_not_wait_for_a_slow_batch():
    loader = DataLoader(
        SlowFirst(6, 1.0), batch_size=1, num_workers=2, in_order=False, timeout=BOUND, multiprocessing_context=FORK
    )
    out = [int(b.item()) for b in loader]
    assert sorted(out) == list(range(6)) and out[0] != 0
    ordered = DataLoader(SlowFirst(6, 0.3), batch_size=1, num_workers=2, timeout=BOUND, multiprocessing_context=FORK)
    assert [int(b.item()) for b in ordered] == list(range(6))


def test_worker_exception_is_reraised_with_worker_id_and_traceback():
    loader = DataLoader(Failing(10, bad=5), batch_size=2, num_workers=2, timeout=BOUND, multiprocessing_context=FORK)
    it = iter(loader)
    assert take_ids(next(it)) == [0, 1] and take_ids(next(it)) == [2, 3]
    with pytest.raises(ValueError) as caught:
        next(it)  # batch 2 ([4, 5]) went to worker 0
    message = str(caught.value)
    assert message.startswith(
        "Caught ValueError in DataLoader worker process 0.\nOriginal Traceback (most recent call last):"
    )
    assert "data_util.py" in message and "in __getitem__" in message and "ValueError: sample 5 is broken" in message
    # The iteration goes on after the failed batch, as in PyTorch.
    assert [take_ids(b) for b in it] == [[6, 7], [8, 9]]


def test_worker_exception_kinds():
    with pytest.raises(KeyError) as caught:
        list(DataLoader(Failing(2, bad=1, error=KeyError), num_workers=1, timeout=BOUND, multiprocessing_context=FORK))
    assert str(caught.value).startswith("Caught KeyError in DataLoader worker process 0.\nOriginal Traceback")

    class TwoArgs(Exception):
        def __init__(self, a, b):
            super().__init__(a, b)

    class Raises(Dataset):
        def __len__(self):
            return 1

        def __getitem__(self, i):
            raise TwoArgs(1, 2)

    with pytest.raises(RuntimeError, match="Caught TwoArgs in DataLoader worker process 0"):
        list(DataLoader(Raises(), num_workers=1, timeout=BOUND, multiprocessing_context=FORK))


def test_worker_init_fn_errors_are_reraised():
    def init(worker_id):
        raise OSError(f"no such file for worker {worker_id}")

    with pytest.raises(OSError, match="(?s)Caught OSError in DataLoader worker process 0.*no such file for worker 0"):
        list(DataLoader(Squares(4), num_workers=2, worker_init_fn=init, timeout=BOUND, multiprocessing_context=FORK))


def test_a_batch_that_cannot_be_pickled_is_an_error_not_a_hang():
    class Unpicklable(Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return lambda: i

    with pytest.raises((pickle.PicklingError, AttributeError, TypeError), match="DataLoader worker process 0"):
        list(DataLoader(Unpicklable(), batch_size=None, num_workers=1, timeout=BOUND, multiprocessing_context=FORK))


def test_timeout_raises_instead_of_waiting():
    loader = DataLoader(Sleepy(4, 3.0), batch_size=1, num_workers=1, timeout=0.3, multiprocessing_context=FORK)
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.3 seconds"):
        next(iter(loader))
    assert time.monotonic() - start < 2.5  # the wait, then a stop that does not wait for the sleeper


def test_len_and_numpy_samples_with_workers():
    class Arrays(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return np.full((2, 2), i, np.float64), f"s{i}"

    loader = DataLoader(Arrays(), batch_size=2, num_workers=2, timeout=BOUND, multiprocessing_context=FORK)
    out = list(loader)
    assert len(loader) == 3 == len(out)
    assert out[0][0].dtype == ember.float64 and out[0][0].shape == (2, 2, 2) and out[2][1] == ("s4",)


def test_prefetch_factor_zero_is_refused_when_iterating():
    loader = DataLoader(Squares(2), num_workers=1, prefetch_factor=0, multiprocessing_context=FORK)
    with pytest.raises(AssertionError, match="prefetch_factor must be greater than 0"):
        iter(loader)


def test_iterable_dataset_without_batching_and_a_stacked_dataset():
    loader = DataLoader(Shards(0, 5), batch_size=None, num_workers=2, timeout=BOUND, multiprocessing_context=FORK)
    assert [int(v) for v in loader] == [0, 1, 2, 3, 4]
    stacked = StackDataset(Squares(5), TensorDataset(ember.arange(5) * 10))
    batches = list(DataLoader(stacked, batch_size=2, num_workers=2, timeout=BOUND, multiprocessing_context=FORK))
    assert [b[0]["i"].tolist() for b in batches] == [[0, 1], [2, 3], [4]]
    assert [b[1][0].tolist() for b in batches] == [[0, 10], [20, 30], [40]]


class Counted(Dataset):
    """Counts its fetches, in every worker, in one counter shared by fork."""

    def __init__(self, n):
        self.n = n
        self.count = multiprocessing.get_context(FORK).Value("i", 0)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        with self.count.get_lock():
            self.count.value += 1
        return i


@pytest.mark.parametrize("prefetch", [1, 3])
def test_prefetch_factor_bounds_the_batches_fetched_ahead(prefetch):
    ds = Counted(40)
    loader = DataLoader(
        ds, batch_size=2, num_workers=2, prefetch_factor=prefetch, timeout=BOUND, multiprocessing_context=FORK
    )

    def fetched_settles_at(expected):
        deadline = time.monotonic() + BOUND
        while ds.count.value < expected and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)  # time to overshoot, were the bound not kept
        return ds.count.value == expected

    it = iter(loader)
    assert fetched_settles_at(2 * prefetch * 2)  # prefetch batches per worker, 2 samples each
    assert take_ids(next(it)) == [0, 1]
    assert fetched_settles_at(2 * prefetch * 2 + 2)  # one batch handed out, one more asked for
    assert sum(len(b) for b in it) == 38


def test_more_workers_than_cpus_warns(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    with pytest.warns(UserWarning, match=r"DataLoader: num_workers=3 is more than the 2 CPUs this process may use"):
        assert len(list(DataLoader(Squares(3), num_workers=3, timeout=BOUND, multiprocessing_context=FORK))) == 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(DataLoader(Squares(2), num_workers=2, timeout=BOUND, multiprocessing_context=FORK))
