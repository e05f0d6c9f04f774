"""The DataLoader iterator with worker processes.

Each worker has its own task pipe (main -> worker: which indices to
fetch) and its own result pipe (worker -> main). Tasks are written
straight into the pipe: no feeder thread to start (or to wait for) each
epoch, and a worker finds its first tasks there as it starts. A send
must never block while the worker is itself blocked sending a batch to
the main process, so the bytes of each worker's unanswered tasks are
counted, and a task that would overfill its pipe waits (see _put_task).
The main process waits on the result pipes and on the workers' process
sentinels together, so a worker that dies (signal, OOM killer, os._exit)
is noticed at once and raised as an error, never waited for. A worker blocked sending a batch
the main process will never read is released by closing the pipe at
shutdown; a worker whose main process vanished notices within
worker.PARENT_CHECK_S and exits.

With pin_memory on a CUDA machine, a thread (pin_loop) does the reading
instead: it receives each batch as it arrives, pins it, and queues it for
the main process, so receiving and pinning overlap the training step.
"""

import atexit
import multiprocessing
import os
import queue
import select
import signal
import sys
import threading
import time
import warnings
import weakref
from multiprocessing.connection import wait
from multiprocessing.reduction import ForkingPickler

try:
    import fcntl
except ImportError:  # not POSIX: pipes keep their default size
    fcntl = None

from . import pin_memory as _pin
from . import wire
from .dataloader import BaseIter
from .worker import ExceptionWrapper, worker_loop

# How long shutdown waits for workers to stop by themselves before
# terminating (then killing) them.
_JOIN_S = 1.0

# How often the pin thread looks up from waiting to see whether it should stop.
_PIN_POLL_S = 0.1

# What read_one returns for a worker that exited (its pipe closed or its
# sentinel fired with nothing left to read).
_DEAD = "dead"

# The task pipe capacity asked for: room for prefetch_factor tasks of even
# very large batches (a task pickles at about 5 bytes an index).
_TASK_PIPE_BYTES = 1 << 20

# Counted for each task beyond its pickle (the Connection's length header),
# and kept free in each pipe for the small messages that are not counted
# ("reset" for a new epoch, None to stop).
_FRAME_BYTES = 16
_SPARE_BYTES = 256

# Iterators with live workers, stopped at exit (atexit runs this before
# multiprocessing's own handler, which would terminate the daemon workers).
_live = weakref.WeakSet()

# Workers told to stop at the end of an epoch: idle, so they exit at once by
# themselves, and the epoch does not wait for that. They are reaped when the
# next iterator starts, and at exit terminated if somehow still running.
_exiting = []


@atexit.register
def _stop_all():
    for it in list(_live):
        it._stop()
    _reap(_exiting)
    _exiting.clear()


def _reap(workers):
    """Joins workers, terminating (then killing) those that have not
    stopped within _JOIN_S seconds."""
    deadline = time.monotonic() + _JOIN_S
    for p in workers:
        p.join(max(0.0, deadline - time.monotonic()))
    for p in workers:
        if p.is_alive():
            p.terminate()
            p.join(1.0)
        if p.is_alive():
            p.kill()
            p.join()


def _death_message(workers):
    details = []
    for wid, p in workers:
        code = p.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            why = f"killed by signal {name}" + (" (the out-of-memory killer sends this)" if name == "SIGKILL" else "")
        else:
            why = f"exited with code {code}"
        details.append(f"worker {wid} {why}")
    pids = ", ".join(str(p.pid) for _, p in workers)
    return f"DataLoader worker (pid(s) {pids}) exited unexpectedly: {'; '.join(details)}"


def warn_if_more_workers_than_cpus(num_workers):
    """Warns, as PyTorch does, when the workers outnumber the CPUs this
    process may run on: they would compete for them, or stall."""
    try:
        cpus, where = len(os.sched_getaffinity(0)), "this process may use"
    except AttributeError:  # no affinity on this platform: count them all
        cpus, where = os.cpu_count(), "in this machine"
    if cpus is not None and num_workers > cpus:
        warnings.warn(
            f"DataLoader: num_workers={num_workers} is more than the {cpus} CPUs {where}; the worker processes "
            "will compete for them and loading may be slower, or stall. Lower num_workers if it is.",
            stacklevel=4,
        )


def _task_pipe(ctx):
    """(reader, writer, capacity in bytes) of a new task pipe, grown to
    _TASK_PIPE_BYTES where Linux allows; elsewhere the capacity assumed is
    the least POSIX promises."""
    reader, writer = ctx.Pipe(duplex=False)
    try:
        fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, _TASK_PIPE_BYTES)
        capacity = fcntl.fcntl(writer.fileno(), fcntl.F_GETPIPE_SZ)
    except (AttributeError, OSError):
        capacity = select.PIPE_BUF
    return reader, writer, capacity


def _send(conn, payload):
    """Sends a pickled message; a worker that is gone is noticed by its
    sentinel, so a closed pipe is ignored here."""
    try:
        conn.send_bytes(payload)
    except (OSError, ValueError):
        pass


def read_one(conns, workers, timeout):
    """The next (epoch, idx, status, data) any worker sent; None when
    `timeout` seconds pass first, _DEAD when a worker exited."""
    live = [c for c in conns if not c.closed]
    ready = wait(live + [p.sentinel for p in workers], timeout)
    if not ready:
        return None
    ready_conns = [c for c in ready if c in live]  # a last answer before a sentinel: read it first
    if not ready_conns:
        return _DEAD
    try:
        return wire.recv(ready_conns[0])
    except (EOFError, OSError):
        return _DEAD  # its pipe closed mid-message: it is exiting


def pin_loop(conns, workers, out, done, device):
    """The pin thread: reads the workers' answers, pins the batches (with
    CUDA device `device` current) and puts them on `out` until `done` is
    set or a worker dies. A batch that fails to pin becomes that batch's
    error; anything else that goes wrong reaches the main process too.
    It holds no reference to the iterator, whose collection stops it."""
    where = "in pin memory thread" + ("" if device is None else f" for device {device}")
    try:
        while not done.is_set():
            message = read_one(conns, workers, _PIN_POLL_S)
            if message is None:
                continue
            if message is not _DEAD and message[2] == "ok":
                epoch, idx, status, data = message
                try:
                    message = (epoch, idx, status, _pin.pin_on(data, device))
                except Exception:
                    message = (epoch, idx, "error", ExceptionWrapper(sys.exc_info(), where))
                del data
            out.put(message)
            if message is _DEAD:
                return
    except Exception:
        out.put(("crashed", ExceptionWrapper(sys.exc_info(), where)))


class MultiProcessIter(BaseIter):
    def __init__(self, loader):
        super().__init__(loader)
        self._shutdown = True  # until the workers exist, nothing to stop
        self._timeout = loader.timeout
        self._prefetch = loader.prefetch_factor
        if self._prefetch <= 0:  # accepted by DataLoader(), refused here, as in PyTorch
            raise AssertionError(f"prefetch_factor must be greater than 0 with worker processes, got {self._prefetch}")
        self._in_order = loader.in_order
        self._persistent = loader.persistent_workers
        n = loader.num_workers
        warn_if_more_workers_than_cpus(n)
        _exiting[:] = [p for p in _exiting if p.is_alive()]  # is_alive() reaps those that exited
        ctx = loader.multiprocessing_context or multiprocessing.get_context()
        if ctx.get_start_method() != "fork":
            wire.register_forking_reducer()  # tensors inside the dataset travel to the workers
        self._workers, self._tasks, self._results, self._capacity = [], [], [], []
        self._shutdown = False
        try:
            for wid in range(n):
                task_reader, tasks, capacity = _task_pipe(ctx)
                reader, writer = ctx.Pipe(duplex=False)
                process = ctx.Process(
                    target=worker_loop,
                    args=(
                        self._dataset,
                        self._iterable,
                        task_reader,
                        writer,
                        self._auto_collation,
                        self._collate_fn,
                        self._drop_last,
                        self._base_seed,
                        loader.worker_init_fn,
                        wid,
                        n,
                    ),
                    daemon=True,
                )
                process.start()
                writer.close()  # the worker's end: only it may hold it, so its death reads as EOF
                task_reader.close()  # and sending to a dead worker fails instead of filling its pipe
                self._workers.append(process)
                self._tasks.append(tasks)
                self._capacity.append(capacity - _SPARE_BYTES)
                self._results.append(reader)
        except BaseException:
            self._stop()
            raise
        self._pin_thread = None
        if self._pin:
            self._pinned = queue.Queue()
            self._pin_done = threading.Event()
            self._pin_thread = threading.Thread(
                target=pin_loop,
                args=(self._results, self._workers, self._pinned, self._pin_done, self._pin_device),
                name="ember_data_pin",
                daemon=True,
            )
            self._pin_thread.start()
        _live.add(self)
        self._epoch = 0
        # Bytes of the tasks sent to each worker and not answered yet, which
        # may still sit in its pipe, and each such task's (worker, bytes).
        # Kept across epochs: a cut-short epoch's tasks are answered later.
        self._piped = [0] * n
        self._task_bytes = {}
        self._start_epoch(loader)

    def _start_epoch(self, loader):
        self._yielded = 0
        self._sampler_iter = iter(loader._index_sampler)
        self._sampler_done = False
        self._send_idx = 0  # next task number
        self._rcvd_idx = 0  # next task number to hand out, in order
        self._pending = {}  # task number -> worker, sent and not yet answered
        self._ready = {}  # task number -> (status, data), answered and not yet handed out
        self._load = [0] * len(self._workers)  # tasks in flight per worker
        self._active = [True] * len(self._workers)  # False once an iterable worker is exhausted
        self._next_worker = 0
        self._held = None  # (worker, index): a task waiting for room in its pipe
        for _ in range(self._prefetch * len(self._workers)):
            self._put_task()

    def reset(self, loader):
        """A new epoch on persistent workers: answers still coming from the
        old one are told apart by the epoch number and dropped."""
        self._epoch += 1
        if self._iterable:
            for tasks in self._tasks:
                _send(tasks, ForkingPickler.dumps(("reset", self._epoch)))
        self._start_epoch(loader)

    def _put_task(self):
        """Sends the next task to the next worker (round robin) with room
        for it. A task that does not fit in what its worker's pipe surely has
        free is held until answers free enough (or all of it: a worker with
        nothing to answer is reading its pipe, so a send cannot block it)."""
        n = len(self._workers)
        if self._held is not None:
            wid, index = self._held
        else:
            for step in range(n):
                wid = (self._next_worker + step) % n
                if self._active[wid] and self._load[wid] < self._prefetch:
                    break
            else:
                return
            if self._sampler_done:
                return
            try:
                index = next(self._sampler_iter)
            except StopIteration:
                self._sampler_done = True
                return
        payload = ForkingPickler.dumps(("fetch", self._epoch, self._send_idx, index))
        size = len(payload) + _FRAME_BYTES
        if self._piped[wid] and self._piped[wid] + size > self._capacity[wid]:
            self._held = wid, index
            return
        self._held = None
        _send(self._tasks[wid], payload)
        self._piped[wid] += size
        self._task_bytes[self._epoch, self._send_idx] = wid, size
        self._pending[self._send_idx] = wid
        self._load[wid] += 1
        self._send_idx += 1
        self._next_worker = (wid + 1) % n

    def _next_data(self):
        try:
            return self._next()
        except KeyboardInterrupt:
            self._stop()
            raise

    def _next(self):
        while True:
            if self._shutdown:
                raise StopIteration
            key = self._rcvd_idx if self._in_order else next(iter(self._ready), None)
            if key in self._ready:
                status, data = self._ready.pop(key)
                if self._in_order:
                    self._rcvd_idx += 1
                self._put_task()
                if status == "ok":
                    return data  # pinned already, by the pin thread, when pinning
                if status == "error":
                    data.reraise()
                continue  # "end": an exhausted iterable worker
            if not self._pending:
                if self._held is not None:
                    self._put_task()  # its worker has no task of this epoch left: room soon, or now
                    if self._held is not None:
                        self._receive()  # answers to a cut-short epoch's tasks still take room
                    continue
                if not self._persistent:
                    self._stop(wait=False)
                raise StopIteration
            self._receive()

    def _receive(self):
        """Waits for one answer of this epoch (or a dead worker, or the
        timeout); or, while a task is held, for any answer."""
        deadline = time.monotonic() + self._timeout if self._timeout > 0 else None
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            message = (
                self._read_pinned(left)
                if self._pin_thread is not None
                else read_one(self._results, self._workers, left)
            )
            if message is None:
                self._stop()
                raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds")
            if message is _DEAD:
                self._fail()
            if message[0] == "crashed":
                self._stop()
                message[1].reraise()
            epoch, idx, status, data = message
            wid, size = self._task_bytes.pop((epoch, idx))
            self._piped[wid] -= size
            if epoch != self._epoch:
                # Left over from an epoch that was cut short: dropped, but the
                # room it freed may be what a held task waits for.
                if self._held is not None:
                    return
                continue
            self._pending.pop(idx)
            self._load[wid] -= 1
            if status == "end":
                self._active[wid] = False
            self._ready[idx] = (status, data)
            return

    def _read_pinned(self, timeout):
        """What the pin thread passed on next; None after `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            # Waits in short steps so that a pin thread that died is noticed.
            step = _PIN_POLL_S * 10 if deadline is None else min(_PIN_POLL_S * 10, deadline - time.monotonic())
            try:
                return self._pinned.get(timeout=max(0.0, step))
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    return None
                if not self._pin_thread.is_alive() and self._pinned.empty():
                    self._stop()
                    raise RuntimeError("DataLoader's pin memory thread exited unexpectedly") from None

    def _fail(self):
        # A worker's pipe and sentinel close as it exits, a moment before the
        # process can be reaped: wait for a sentinel, then reap those ready.
        exited = wait([p.sentinel for p in self._workers], 1.0)
        for p in self._workers:
            if p.sentinel in exited:
                p.join(1.0)
        dead = [(wid, p) for wid, p in enumerate(self._workers) if p.exitcode is not None]
        self._stop()
        raise RuntimeError(_death_message(dead))

    def _stop(self, wait=True):
        """Stops every worker: asks them, then reaps them, terminating and
        killing the ones that did not stop in time; or, without `wait`, at
        the end of an epoch, leaves them to _exiting. Safe to call twice."""
        if self._shutdown:
            return
        self._shutdown = True
        thread = getattr(self, "_pin_thread", None)
        if thread is not None:
            # Before the pipes close: the thread may be waiting on them.
            self._pin_done.set()
            if thread is not threading.current_thread():  # a collection can run on any thread
                thread.join()
        for conn in self._results:
            conn.close()  # a worker blocked sending gets BrokenPipeError and exits
        for tasks in self._tasks:
            # Only when it cannot block: a pipe with room for PIPE_BUF bytes
            # takes a small message whole. A worker that never reads its
            # tasks is terminated below instead.
            try:
                if select.select([], [tasks], [], 0)[1]:
                    tasks.send(None)
            except (OSError, ValueError):
                pass
        if wait:
            _reap(self._workers)
        else:
            _exiting.extend(self._workers)
        for tasks in self._tasks:
            tasks.close()

    def __del__(self):
        if hasattr(self, "_shutdown"):
            self._stop()
