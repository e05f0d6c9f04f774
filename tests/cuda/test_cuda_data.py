"""DataLoader(pin_memory=True) on a CUDA machine: every tensor of a batch
arrives in pinned memory, with and without worker processes, and copies to
the device without blocking. (tests/data/test_pin_memory.py checks the same
paths with a stand-in device.)"""

import collections
import warnings

import pytest

import ember
from ember.data import DataLoader, Dataset

pytestmark = pytest.mark.cuda

Pair = collections.namedtuple("Pair", "x label")


class Samples(Dataset):
    def __len__(self):
        return 10

    def __getitem__(self, i):
        return {"pair": Pair(ember.full((3,), float(i)), f"s{i}"), "i": i}


@pytest.mark.parametrize("workers, device", [(0, ""), (2, ""), (2, "cuda:0")])
def test_batches_arrive_pinned(workers, device):
    extra = {"multiprocessing_context": "fork", "timeout": 60} if workers else {}
    loader = DataLoader(
        Samples(), batch_size=4, num_workers=workers, pin_memory=True, pin_memory_device=device, **extra
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a device is there: no warning
        batches = list(loader)
    assert [b["i"].tolist() for b in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    for b in batches:
        assert (
            b["pair"].x.is_pinned()
            and b["i"].is_pinned()
            and b["pair"].label == tuple(f"s{i}" for i in b["i"].tolist())
        )
        on_device = b["pair"].x.to("cuda", non_blocking=True)
        ember.cuda.synchronize()
        assert on_device.is_cuda and ember.equal(on_device.cpu(), b["pair"].x)
