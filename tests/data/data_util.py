"""Datasets for the DataLoader tests (importable by spawned workers) and a
runner for scripts that must finish within a time bound."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np

import ember
from ember.data import Dataset, IterableDataset, get_worker_info


class Squares(Dataset):
    """Sample i: {"x": a float tensor of i, i^2; "i": i}."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return {"x": ember.tensor([float(i), float(i * i)]), "i": i}


class Draws(Dataset):
    """Each sample is drawn from the worker's global RNGs: NumPy, ember and
    Python's random, with the worker's id and seed."""

    def __len__(self):
        return 8

    def __getitem__(self, i):
        info = get_worker_info()
        return (
            int(np.random.randint(1 << 30)),
            int(ember.randint(0, 1 << 30, (1,)).item()),
            random.randrange(1 << 30),
            -1 if info is None else info.id,
            -1 if info is None else info.seed,
        )


class Failing(Dataset):
    """Raises `error` at index `bad`."""

    def __init__(self, n, bad, error=ValueError):
        self.n, self.bad, self.error = n, bad, error

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.bad:
            raise self.error(f"sample {i} is broken")
        return i


class Sleepy(Dataset):
    """Sample i is (i, the worker's pid) after sleeping `delay` seconds."""

    def __init__(self, n, delay):
        self.n, self.delay = n, delay

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        time.sleep(self.delay)
        return i, os.getpid()


class Shards(IterableDataset):
    """range(start, end), split between workers by worker info."""

    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        if info is None:
            return iter(range(self.start, self.end))
        return iter(range(self.start + info.id, self.end, info.num_workers))

    def __len__(self):
        return self.end - self.start


class Dies(Dataset):
    """Its worker kills itself with SIGKILL (as the OOM killer would) at index `at`."""

    def __init__(self, n, at):
        self.n, self.at = n, at

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.at:
            os.kill(os.getpid(), signal.SIGKILL)
        return i


def run_script(tmp_path, code, timeout, **popen):
    """Runs `code` as a script file (spawned workers re-import it) with this
    folder importable; a run past `timeout` seconds fails the test."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code))
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(__file__)))
    try:
        return subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=timeout, env=env, **popen
        )
    except subprocess.TimeoutExpired as e:
        raise AssertionError(f"script did not finish within {timeout} s (a hang):\n{e.stdout}\n{e.stderr}") from None


def alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class SlowFirst(Dataset):
    """Sample 0 takes `delay` seconds, the others none."""

    def __init__(self, n, delay):
        self.n, self.delay = n, delay

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == 0:
            time.sleep(self.delay)
        return i
