"""Which raising calls crash a process that uses CUDA, and under what conditions.

The first H100 run saw segfaults in some device tests when a C++ exception was
thrown (set_device(invalid), out of memory, an index range check) under pytest,
while the same set_device call raised normally outside pytest. This runs each
raising call in a fresh process, after CUDA is initialised or not, with and
without faulthandler and torch, and prints one line per case with its exit
code, so one GPU run says which condition matters. Run by tools/gpu_check.sh;
prints a gdb backtrace of the first case that crashes.

    python tools/cuda_throw_probe.py
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RAISES = {
    # a core error with no device involved, thrown after CUDA started
    "cpu_index": "ember.ones(2)[5]",
    # thrown inside libember_cuda
    "set_device": "ember.cuda.set_device(ember.cuda.device_count() + 3)",
    "out_of_memory": "ember.empty(1 << 40, device='cuda')",
    # thrown in the core while device tensors are being unwound
    "device_index": "ember.ones(4, device='cuda')[ember.tensor([0, 9])]",
}
START_CUDA = "ember.ones(1, device='cuda').sum().item()"

# (name, python options, lines before the raising call, run under pytest)
SETUPS = [
    ("python", [], [START_CUDA], False),
    ("faulthandler", ["-X", "faulthandler"], [START_CUDA], False),
    ("torch_first", ["-X", "faulthandler"], ["import torch", "torch.ones(1, device='cuda')", START_CUDA], False),
    ("pytest", [], [START_CUDA], True),
    ("pytest_no_fh", ["-p", "no:faulthandler"], [START_CUDA], True),
]


def script(setup_lines, call, under_pytest):
    if under_pytest:
        body = "\n".join(f"    {line}" for line in setup_lines)
        return (
            "import pytest\nimport ember\n\n\ndef test_raises():\n"
            f"{body}\n    with pytest.raises(Exception) as info:\n        {call}\n    print(info.typename)\n"
        )
    head = [line for line in setup_lines if line.startswith("import")] + ["import ember"]
    rest = [line for line in setup_lines if not line.startswith("import")]
    tail = ["try:", f"    {call}", "except Exception as e:", "    print(type(e).__name__, str(e)[:80])"]
    return "\n".join(head + rest + tail + ["else:", "    print('did not raise')"])


def command(options, code, under_pytest, folder):
    if not under_pytest:
        return [sys.executable, *options, "-c", code]
    path = Path(folder) / "test_probe.py"
    path.write_text(code)
    return [sys.executable, "-m", "pytest", str(path), "-q", "-s", "-p", "no:cacheprovider", *options]


def last_line(p):
    lines = (p.stdout.strip() or p.stderr.strip()).splitlines()
    return lines[-1][:100] if lines else ""


def main():
    crashed = None
    with tempfile.TemporaryDirectory() as folder:
        for setup_name, options, lines, under_pytest in SETUPS:
            for name, call in RAISES.items():
                cmd = command(options, script(lines, call, under_pytest), under_pytest, folder)
                try:
                    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=folder)
                    rc, said = p.returncode, last_line(p)
                except subprocess.TimeoutExpired:
                    rc, said = "timeout", ""
                print(f"{setup_name:13s} {name:14s} rc={rc} {said}", flush=True)
                if isinstance(rc, int) and (rc < 0 or rc >= 128) and crashed is None:
                    crashed = [c for c in cmd if c != "-X" and c != "faulthandler"]
                    if under_pytest:  # the test file, for gdb to run again
                        saved = (Path(folder) / "test_probe.py").read_text()
        if crashed and shutil.which("gdb"):
            print("== gdb backtrace of the first crash:", " ".join(crashed[1:4]))
            if crashed[1:3] == ["-m", "pytest"]:
                (Path(folder) / "test_probe.py").write_text(saved)
            p = subprocess.run(
                ["gdb", "-batch", "-ex", "run", "-ex", "bt 40", "--args", *crashed],
                capture_output=True,
                text=True,
                timeout=300,
                cwd=folder,
            )
            print("\n".join(line for line in p.stdout.splitlines() if not line.startswith("[")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
