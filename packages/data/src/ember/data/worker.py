"""What runs inside a DataLoader worker process: seeding, worker info, and
the loop that answers fetch requests until told to stop or orphaned."""

import os
import random
import signal
import sys
import traceback

# numpy.random is imported lazily by NumPy: import it here, in the main
# process, never first in a forked worker, where an import can trip over
# import locks copied from the parent's other threads (a KeyError in importlib).
import numpy as np
import numpy.random  # noqa: F401

import ember

from . import wire
from .fetch import make_fetcher

# How often an idle worker checks that the main process still exists: a
# worker whose parent was killed exits within this many seconds.
PARENT_CHECK_S = 1.0

_worker_info = None


class WorkerInfo:
    """Read-only facts about the current worker: id, num_workers, seed and
    dataset (this process's copy).

    Example:

    >>> from ember.data import WorkerInfo
    >>> info = WorkerInfo(id=0, num_workers=2, seed=7, dataset=None)
    >>> info.id, info.num_workers
    (0, 2)
    >>> info.id = 1
    Traceback (most recent call last):
        ...
    RuntimeError: Cannot assign attributes to WorkerInfo objects
    """

    __initialized = False

    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)
        self.__keys = tuple(kwargs)
        self.__initialized = True

    def __setattr__(self, key, val):
        if self.__initialized:
            raise RuntimeError(f"Cannot assign attributes to {self.__class__.__name__} objects")
        return super().__setattr__(key, val)

    def __repr__(self):
        items = ", ".join(f"{k}={getattr(self, k)}" for k in self.__keys)
        return f"{self.__class__.__name__}({items})"


def get_worker_info():
    """The WorkerInfo of this worker process; None in the main process.

    Example:

    >>> from ember.data import get_worker_info
    >>> get_worker_info() is None
    True
    """
    return _worker_info


class _KeyErrorMessage(str):
    """KeyError shows repr() of its argument; this keeps the traceback readable."""

    def __repr__(self):
        return self


class ExceptionWrapper:
    """An exception caught in a worker, carried to the main process as its
    class and formatted traceback."""

    def __init__(self, exc_info, where):
        self.exc_type = exc_info[0]
        self.exc_name = exc_info[0].__name__
        self.exc_msg = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def __reduce__(self):
        # An exception class defined where the main process cannot import it
        # (a spawned worker's __main__) would fail to unpickle: send its name.
        try:
            wire.dumps(self.exc_type)
            kind = self.exc_type
        except Exception:
            kind = None
        return _rebuild_wrapper, (kind, self.exc_name, self.exc_msg, self.where)

    def reraise(self):
        """Raises the worker's exception class (RuntimeError when it cannot be
        built from one message) with the worker's traceback in its message."""
        msg = f"Caught {self.exc_name} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:
            msg = _KeyErrorMessage(msg)
        try:
            exception = self.exc_type(msg)  # a TypeError when exc_type is None
        except Exception:
            raise RuntimeError(msg) from None
        try:
            raise exception
        finally:
            # This frame would hold the exception that holds this frame: a
            # cycle that keeps the DataLoader iterator, and its workers, alive
            # until the garbage collector runs.
            del exception


def _rebuild_wrapper(kind, name, msg, where):
    wrapper = ExceptionWrapper.__new__(ExceptionWrapper)
    wrapper.exc_type, wrapper.exc_name, wrapper.exc_msg, wrapper.where = kind, name, msg, where
    return wrapper


def seed_worker(base_seed, worker_id):
    """Seeds Python's, ember's and NumPy's global RNGs for one worker: every
    worker and every epoch (a new base_seed) gets its own streams. Returns
    the worker's seed."""
    seed = base_seed + worker_id
    random.seed(seed)
    ember.manual_seed(seed)
    np.random.seed(np.random.SeedSequence([worker_id, base_seed]).generate_state(4))
    return seed


def worker_loop(
    dataset, iterable, task_conn, result_conn, auto_collation, collate_fn, drop_last, base_seed, init_fn, wid, count
):
    """One worker: answers ("fetch", epoch, idx, index) tasks with
    (epoch, idx, status, data) on result_conn, where status is "ok",
    "error" (data: ExceptionWrapper) or "end" (an iterable is exhausted);
    ("reset", epoch) restarts an iterable; None stops."""
    global _worker_info
    # Ctrl-C reaches the whole process group: the main process decides, and
    # stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    where = f"in DataLoader worker process {wid}"
    init_error, fetcher = None, None
    try:
        # Several workers share the machine: one intra-op thread each unless
        # the dataset or worker_init_fn asks for more (PyTorch does the same).
        ember.set_num_threads(1)
        seed = seed_worker(base_seed, wid)
        _worker_info = WorkerInfo(id=wid, num_workers=count, seed=seed, dataset=dataset)
        if init_fn is not None:
            init_fn(wid)
        fetcher = make_fetcher(dataset, iterable, auto_collation, collate_fn, drop_last)
    except Exception:
        init_error = ExceptionWrapper(sys.exc_info(), where)
    while True:
        try:
            if not task_conn.poll(PARENT_CHECK_S):
                if os.getppid() != parent:
                    break  # the main process died without stopping us
                continue
            task = task_conn.recv()
        except (EOFError, OSError):
            break  # the main process closed the pipe: it is stopping, or gone
        if task is None:
            break
        if task[0] == "reset":
            if init_error is None and iterable:
                try:
                    fetcher = make_fetcher(dataset, iterable, auto_collation, collate_fn, drop_last)
                except Exception:
                    init_error = ExceptionWrapper(sys.exc_info(), where)
            continue
        _, epoch, idx, index = task
        if init_error is not None:
            status, data = "error", init_error
        else:
            try:
                status, data = "ok", fetcher.fetch(index)
            except StopIteration:
                status, data = ("end", None) if iterable else ("error", ExceptionWrapper(sys.exc_info(), where))
            except Exception:
                status, data = "error", ExceptionWrapper(sys.exc_info(), where)
        if not _send(result_conn, (epoch, idx, status, data), where):
            break
        del data
    result_conn.close()


def _send(conn, message, where):
    """Sends message; a batch that cannot be pickled is sent as that error.
    False when the main process has closed its end."""
    try:
        payload = wire.dumps(message)
    except Exception:
        epoch, idx = message[:2]
        payload = wire.dumps((epoch, idx, "error", ExceptionWrapper(sys.exc_info(), where)))
    try:
        wire.send_dumped(conn, payload)
    except OSError:  # BrokenPipeError: shut down (or orphaned) while sending
        return False
    return True
