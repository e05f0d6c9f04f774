"""The DataLoader never hangs: each case runs as its own script under a
time limit (a hang fails the test instead of stalling the suite). A worker
killed by a signal or exiting is an error within seconds; Ctrl-C stops the
loader and its workers; an early break, or the main process dying, leaves
no worker behind; ember's thread pool works in forked workers; spawn and
forkserver work."""

import os
import signal
import subprocess
import sys
import time

import pytest
from data_util import alive, run_script

HERE = os.path.dirname(os.path.abspath(__file__))


def wait_gone(pids, within):
    """Seconds until none of pids is alive; fails after `within`."""
    start = time.monotonic()
    while any(alive(p) for p in pids):
        if time.monotonic() - start > within:
            raise AssertionError(f"workers {[p for p in pids if alive(p)]} still alive after {within} s")
        time.sleep(0.05)
    return time.monotonic() - start


def start_script(tmp_path, code):
    """Starts code as a script in its own session (process group), like a
    program started from a terminal."""
    script = tmp_path / "script.py"
    script.write_text(code)
    env = dict(os.environ, PYTHONPATH=HERE)
    return subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def read_pids(proc, timeout=30):
    """The worker pids the script prints on its first line."""
    start = time.monotonic()
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise AssertionError(f"script ended early:\n{proc.stderr.read()}")
    assert time.monotonic() - start < timeout
    return [int(p) for p in line.split()]


@pytest.mark.parametrize(
    "death, expected",
    [
        ("os.kill(os.getpid(), signal.SIGKILL)", "worker 0 killed by signal SIGKILL"),
        ("os.kill(os.getpid(), signal.SIGSEGV)", "worker 0 killed by signal SIGSEGV"),
        ("os._exit(3)", "worker 0 exited with code 3"),
    ],
)
def test_a_dead_worker_is_an_error_within_seconds(tmp_path, death, expected):
    result = run_script(
        tmp_path,
        f"""
        import os, signal, time
        from ember.data import DataLoader, Dataset

        class Dies(Dataset):
            def __len__(self):
                return 40

            def __getitem__(self, i):
                if i == 9:  # batch 4: worker 0's
                    {death}
                time.sleep(0.01)
                return i

        if __name__ == "__main__":
            start = time.monotonic()
            try:
                for batch in DataLoader(Dies(), batch_size=2, num_workers=2):
                    pass
            except RuntimeError as e:
                print(f"{{time.monotonic() - start:.2f}}")
                print(e)
        """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    seconds, message = result.stdout.split("\n", 1)
    assert float(seconds) < 5
    assert message.startswith("DataLoader worker (pid(s) ") and "exited unexpectedly" in message
    assert expected in message


# A stand-in CUDA device, so that pin_memory=True runs its pin thread.
FAKE_CUDA = """
import ember
ember.cuda.is_available = lambda: True
ember.Tensor.pin_memory = lambda t: t.clone()
"""


@pytest.mark.parametrize("target, pin", [("group", False), ("main", False), ("group", True)])
def test_ctrl_c_stops_the_loader_and_its_workers(tmp_path, target, pin):
    code = f"""
import sys, threading, time
from data_util import Sleepy
from ember.data import DataLoader
{FAKE_CUDA if pin else ""}
if __name__ == "__main__":
    it = iter(DataLoader(Sleepy(1000, 0.05), batch_size=2, num_workers=2, pin_memory={pin}))
    pids = {{int(p) for _ in range(4) for p in next(it)[1]}}
    print("threads:", *sorted(t.name for t in threading.enumerate()), file=sys.stderr)
    print(*sorted(pids), flush=True)
    for batch in it:
        pass
"""
    proc = start_script(tmp_path, code)
    try:
        pids = read_pids(proc)
        assert len(pids) == 2
        # A terminal's Ctrl-C signals the whole group; `kill -INT` only the main process.
        if target == "group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode != 0 and "KeyboardInterrupt" in err
    assert err.count("Traceback") == 1, err  # the main process's only: workers exit quietly
    assert ("ember_data_pin" in err.splitlines()[0]) == pin  # with pin_memory, a pin thread was running
    wait_gone(pids, within=3)


@pytest.mark.parametrize("persistent", [False, True])
def test_breaking_out_early_shuts_the_workers_down(tmp_path, persistent):
    result = run_script(
        tmp_path,
        f"""
        import time
        from data_util import Sleepy, alive
        from ember.data import DataLoader

        if __name__ == "__main__":
            loader = DataLoader(Sleepy(1000, 0.05), batch_size=2, num_workers=2, persistent_workers={persistent})
            pids = set()
            for i, (index, worker_pids) in enumerate(loader):
                pids.update(worker_pids.tolist())
                if i == 3:
                    break
            del loader  # persistent workers live as long as their loader
            start = time.monotonic()
            while any(alive(p) for p in pids) and time.monotonic() - start < 10:
                time.sleep(0.02)
            print(len(pids), any(alive(p) for p in pids), f"{{time.monotonic() - start:.2f}}")
        """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    count, still_alive, seconds = result.stdout.split()
    assert count == "2" and still_alive == "False" and float(seconds) < 3


def test_large_tasks_and_batches_through_small_pipes_do_not_deadlock(tmp_path):
    """Tasks bigger than a task pipe holds, batches bigger than a result pipe
    holds: the main process must never block sending a task to a worker
    that is blocked sending it a batch. Persistent workers and an early
    break leave a cut-short epoch's tasks in the pipes too."""
    result = run_script(
        tmp_path,
        """
        import ember
        from ember.data import DataLoader, TensorDataset, multiprocess

        multiprocess._TASK_PIPE_BYTES = 4096  # the smallest pipe Linux makes: one page

        if __name__ == "__main__":
            x = ember.arange(12000 * 64.0).reshape(12000, 64)  # a batch of 2000 rows: 512 KB
            expected = [b[0].sum().item() for b in DataLoader(TensorDataset(x), batch_size=2000)]
            for persistent in (False, True):
                loader = DataLoader(
                    TensorDataset(x), batch_size=2000, num_workers=2, prefetch_factor=3,
                    persistent_workers=persistent, multiprocessing_context="fork",
                )
                for i, _ in enumerate(loader):
                    if i == 1:
                        break
                for _ in range(2):
                    print([b[0].sum().item() for b in loader] == expected)
        """,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 4


def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    code = """
import time
from data_util import Sleepy
from ember.data import DataLoader

if __name__ == "__main__":
    it = iter(DataLoader(Sleepy(1000, 0.05), batch_size=2, num_workers=2))
    pids = {int(p) for _ in range(4) for p in next(it)[1]}
    print(*sorted(pids), flush=True)
    time.sleep(60)
"""
    proc = start_script(tmp_path, code)
    try:
        pids = read_pids(proc)
        proc.kill()  # no chance to clean up: the workers must notice by themselves
        proc.wait(timeout=10)
        wait_gone(pids, within=5)
    finally:
        proc.kill()
        for p in pids if "pids" in locals() else []:
            if alive(p):
                os.kill(p, signal.SIGKILL)


def test_ember_thread_pool_works_in_forked_workers(tmp_path):
    result = run_script(
        tmp_path,
        """
        import ember
        from ember.data import DataLoader, Dataset

        class Compute(Dataset):
            def __len__(self):
                return 8

            def __getitem__(self, i):
                ember.set_num_threads(2)  # workers start with one thread: use the pool here too
                x = ember.ones(256, 256)
                return (x @ x).sum() + ember.exp(ember.zeros(2_000_000)).sum()

        if __name__ == "__main__":
            ember.set_num_threads(2)
            x = ember.ones(512, 512)
            total = 0.0
            for epoch in range(2):
                # The pool is busy in the main process while workers fork and compute.
                for batch in DataLoader(Compute(), batch_size=2, num_workers=2, multiprocessing_context="fork"):
                    total += float(batch.sum().item()) + float((x @ x).sum().item()) * 0
            print(total)
        """,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) == 2 * 8 * (256 * 256 * 256 + 2_000_000)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawn_and_forkserver_workers(tmp_path, method):
    """Workers that start from a fresh interpreter (or a fork server) get the
    dataset, its tensors and the RNG seeds by pickle, and fail as fork's do."""
    result = run_script(
        tmp_path,
        f"""
        import time
        import ember
        from data_util import Dies, Draws, Failing
        from ember.data import DataLoader, TensorDataset

        def load(dataset, **kwargs):
            return DataLoader(dataset, num_workers=2, multiprocessing_context="{method}", timeout=60, **kwargs)

        if __name__ == "__main__":
            ds = TensorDataset(ember.arange(20.0).reshape(10, 2), ember.arange(10))
            main = [[t.tolist() for t in b] for b in DataLoader(ds, batch_size=3)]
            print(main == [[t.tolist() for t in b] for b in load(ds, batch_size=3)])
            try:
                list(load(Failing(6, bad=3), batch_size=2))
            except ValueError as e:
                print(str(e).splitlines()[0])
            draws = [d for b in load(Draws(), batch_size=2, persistent_workers=True) for d in zip(*[c.tolist() for c in b])]
            by_worker = {{w: [d[:3] for d in draws if d[3] == w] for w in (0, 1)}}
            print(sorted({{d[3]: d[4] for d in draws}}.items())[1][1] - sorted({{d[3]: d[4] for d in draws}}.items())[0][1],
                  all(a != b for a, b in zip(by_worker[0][0], by_worker[1][0])))
            start = time.monotonic()
            try:
                list(load(Dies(40, at=8), batch_size=2))
            except RuntimeError as e:
                print("killed by signal SIGKILL" in str(e), time.monotonic() - start < 5)
        """,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "True",
        "Caught ValueError in DataLoader worker process 1.",
        "1 True",
        "True True",
    ]
