"""Runs the main job (examples/demo_digits.py), shortened, so the docs show the figure it draws.

The figure is produced by each docs build, into docs/_generated/ (ignored by git), never
committed. A build that finds it there already (the doctest and html passes of one
`nox -s docs`) reuses it.
"""

import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent
OUT = DOCS / "_generated" / "demo"
FIGURE = OUT / "digits_cnn.png"
# Enough epochs for a figure with curves and mostly right predictions, in well under a minute.
ARGS = ["--model", "cnn", "--epochs", "8", "--quiet", "--out", str(OUT)]


def run_demo(app):
    if FIGURE.exists():
        return
    OUT.mkdir(parents=True, exist_ok=True)
    script = DOCS.parent / "examples" / "demo_digits.py"
    done = subprocess.run([sys.executable, str(script), *ARGS], capture_output=True, text=True, check=False)
    (OUT / "output.txt").write_text(done.stdout)
    if done.returncode != 0 or not FIGURE.exists():
        raise RuntimeError(f"examples/demo_digits.py failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def setup(app):
    app.connect("builder-inited", run_demo)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
