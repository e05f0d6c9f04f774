"""pin_memory: without a CUDA device the loader warns as PyTorch does and
loads unpinned; with one it pins every tensor of each batch, inline without
workers and in a pin thread with them, on pin_memory_device. The device is
faked here (ember.cuda says it is there; Tensor.pin_memory copies and
remembers the copy as pinned) so the pinning paths run on any machine;
tests/cuda/test_cuda_data.py pins for real on a GPU."""

import collections
import contextlib
import gc
import os
import signal
import threading
import time
import warnings

import pytest
from data_util import Sleepy, alive

import ember
from ember.data import DataLoader, Dataset, TensorDataset

BOUND = 30  # seconds any one batch may take with workers before the test fails
Point = collections.namedtuple("Point", "x name")


class Nested(Dataset):
    """Sample i: a dict holding a tensor, a namedtuple with a string, and a
    list with a tensor and an int."""

    def __init__(self, n, kill_at=None):
        self.n, self.kill_at = n, kill_at

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return {"x": ember.full((2,), float(i)), "p": Point(ember.tensor(i), f"s{i}"), "l": [ember.ones(3) * i, i]}


def loader(dataset, workers, **kwargs):
    extra = {"timeout": BOUND, "multiprocessing_context": "fork"} if workers else {}
    return DataLoader(dataset, num_workers=workers, **extra, **kwargs)


def leaves(batch):
    """The tensors and strings of a collated Nested batch, by place."""
    return {
        "x": batch["x"],
        "p.x": batch["p"].x,
        "p.name": batch["p"].name,
        "l0": batch["l"][0],
        "l1": batch["l"][1],
    }


def values(batch):
    return {k: v.tolist() if isinstance(v, ember.Tensor) else v for k, v in leaves(batch).items()}


@pytest.mark.skipif(ember.cuda.is_available(), reason="this machine has a CUDA device: pinning is tested for real")
@pytest.mark.parametrize("workers", [0, 2])
def test_without_cuda_it_warns_and_loads_unpinned(workers):
    plain = [values(b) for b in loader(Nested(5), 0, batch_size=2)]
    for device in ("", "cuda:0"):
        with pytest.warns(UserWarning) as caught:
            out = list(loader(Nested(5), workers, batch_size=2, pin_memory=True, pin_memory_device=device))
        assert [str(w.message) for w in caught] == [
            "'pin_memory' argument is set as true but no accelerator is found, then device pinned memory won't be used."
        ]
        assert [values(b) for b in out] == plain
        assert not any(t.is_pinned() for b in out for t in leaves(b).values() if isinstance(t, ember.Tensor))


@pytest.mark.skipif(ember.cuda.is_available(), reason="this machine has a CUDA device")
def test_without_cuda_the_warning_shows_once_under_the_default_filter():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            list(DataLoader(Nested(2), pin_memory=True))
    assert len(caught) == 1


class FakeCuda:
    """One pretend CUDA device: pinning copies the tensor and records the
    copy's address, which thread pinned it and which device was current."""

    def __init__(self, monkeypatch):
        self.current = 0
        self.pinned = set()
        self.kept = []  # the pinned copies: their addresses stay theirs
        self.calls = []
        self.fail = lambda t: False
        self._lock = threading.Lock()
        fake = self

        @contextlib.contextmanager
        def device(index):
            previous, fake.current = fake.current, index
            try:
                yield
            finally:
                fake.current = previous

        def pin_memory(tensor):
            if fake.fail(tensor):
                raise RuntimeError("pin_memory: out of pinned memory")
            out = tensor.clone()
            with fake._lock:
                fake.pinned.add(out.data_ptr())
                fake.kept.append(out)
                fake.calls.append((threading.current_thread().name, fake.current))
            return out

        monkeypatch.setattr(ember.cuda, "is_available", lambda: True)
        monkeypatch.setattr(ember.cuda, "current_device", lambda: fake.current)
        monkeypatch.setattr(ember.cuda, "device", device)
        monkeypatch.setattr(ember.Tensor, "pin_memory", pin_memory)
        monkeypatch.setattr(ember.Tensor, "is_pinned", lambda t: t.data_ptr() in fake.pinned)


@pytest.fixture
def cuda(monkeypatch):
    return FakeCuda(monkeypatch)


def assert_pinned(batches, expected):
    assert [values(b) for b in batches] == expected
    for b in batches:
        for name, leaf in leaves(b).items():
            assert leaf.is_pinned() if isinstance(leaf, ember.Tensor) else type(leaf) is tuple, name
        assert type(b["p"]) is Point and type(b["l"]) is list


def test_fake_device_pins_only_what_pin_memory_returned(cuda):
    t = ember.ones(2)
    assert not t.is_pinned() and t.pin_memory().is_pinned()


def test_without_workers_batches_are_pinned_in_the_main_thread(cuda):
    expected = [values(b) for b in loader(Nested(5), 0, batch_size=2)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a device is there: no warning
        out = list(loader(Nested(5), 0, batch_size=2, pin_memory=True))
    assert_pinned(out, expected)
    assert {c for c in cuda.calls} == {("MainThread", 0)} and len(cuda.calls) == 3 * 4


@pytest.mark.parametrize("persistent", [False, True])
def test_with_workers_a_thread_pins_the_batches(cuda, persistent):
    expected = [values(b) for b in loader(Nested(7), 0, batch_size=2)]
    pinning = loader(Nested(7), 2, batch_size=2, pin_memory=True, persistent_workers=persistent)
    for _ in range(2):  # the thread lives with the workers: per epoch, or across epochs
        assert_pinned(list(pinning), expected)
    assert {name for name, _ in cuda.calls} == {"ember_data_pin"} and len(cuda.calls) == 2 * 4 * 4
    del pinning
    gc.collect()
    assert not any(t.name == "ember_data_pin" for t in threading.enumerate())


@pytest.mark.parametrize("workers", [0, 2])
def test_pin_memory_device_is_current_while_pinning(cuda, workers):
    cuda.current = 0
    ds = TensorDataset(ember.arange(6.0))
    out = list(loader(ds, workers, batch_size=2, pin_memory=True, pin_memory_device="cuda:1"))
    assert all(b[0].is_pinned() for b in out) and [b[0].tolist() for b in out] == [[0, 1], [2, 3], [4, 5]]
    assert {device for _, device in cuda.calls} == {1} and cuda.current == 0
    cuda.calls.clear()
    list(loader(ds, workers, batch_size=2, pin_memory=True, pin_memory_device="cuda"))
    assert {device for _, device in cuda.calls} == {0}


@pytest.mark.parametrize(
    "device, error, message",
    [
        ("cpu", ValueError, "pin_memory_device='cpu' is a 'cpu' device; ember pins memory for CUDA devices only"),
        ("gpu", ValueError, "pin_memory_device='gpu' is not a device"),
        (0, TypeError, "pin_memory_device should be a string such as 'cuda' or 'cuda:1', got 0"),
    ],
)
def test_pin_memory_device_must_name_a_cuda_device(cuda, device, error, message):
    with pytest.raises(error, match=message):
        iter(DataLoader(Nested(2), pin_memory=True, pin_memory_device=device))
    assert DataLoader(Nested(2), pin_memory_device=device).pin_memory_device == device  # unused without pinning


def test_a_batch_that_fails_to_pin_raises_for_that_batch(cuda):
    cuda.fail = lambda t: t.numel() == 2 and t[0].item() == 2.0  # batch 1's "x"
    it = iter(loader(Nested(6), 2, batch_size=2, pin_memory=True))
    assert next(it)["x"].tolist() == [[0, 0], [1, 1]]
    with pytest.raises(RuntimeError) as caught:
        next(it)
    message = str(caught.value)
    assert message.startswith("Caught RuntimeError in pin memory thread.\nOriginal Traceback")
    assert "pin_memory: out of pinned memory" in message
    assert next(it)["x"].tolist() == [[4, 4], [5, 5]]  # the iteration goes on, as with a worker's error
    with pytest.raises(RuntimeError, match="pin memory thread for device 0"):
        list(loader(Nested(6), 2, batch_size=2, pin_memory=True, pin_memory_device="cuda:0"))


def test_a_dead_worker_is_noticed_through_the_pin_thread(cuda):
    gc.collect()  # iterators left in earlier tests' tracebacks: their threads go with them
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="worker 0 killed by signal SIGKILL"):
        list(loader(Nested(40, kill_at=8), 2, batch_size=2, pin_memory=True))
    assert time.monotonic() - start < 5
    assert not any(t.name == "ember_data_pin" for t in threading.enumerate())


def test_timeout_and_an_early_break_stop_the_pin_thread(cuda):
    with pytest.raises(RuntimeError, match="DataLoader timed out after 0.3 seconds"):
        next(
            iter(
                DataLoader(Sleepy(4, 3.0), num_workers=1, timeout=0.3, pin_memory=True, multiprocessing_context="fork")
            )
        )
    it = iter(loader(Sleepy(100, 0.01), 2, batch_size=2, pin_memory=True))
    pids = {p for _ in range(3) for p in next(it)[1].tolist()}
    del it
    gc.collect()
    assert not any(t.name == "ember_data_pin" for t in threading.enumerate())
    deadline = time.monotonic() + 3
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(alive(p) for p in pids)
