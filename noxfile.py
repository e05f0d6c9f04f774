"""ember's build, test and measurement jobs. `nox` alone runs the test suite
(lint, build, tests, packaging); see README.md for the rest.

Every session that needs ember installs it from the wheels in dist/, built
once by the `build` session and rebuilt only when sources change.
"""

import os
import shutil
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
DIST = ROOT / "dist"
VERSION = (ROOT / "VERSION").read_text().strip()
# Folder under packages/ -> distribution name, in dependency order.
PACKAGES = {
    "core": "ember-core",
    "autograd": "ember-autograd",
    "nn": "ember-nn",
    "optim": "ember-optim",
    "data": "ember-data",
    "ember-ml": "ember-ml",
}
PURE = ["autograd", "nn", "optim", "data"]
# The demo's data (load_digits), figure and progress bar; the tests run the demo too.
DEMO_DEPS = ["scikit-learn", "matplotlib", "tqdm"]
# nvidia-cublas: the CUDA backend's library, so the tests see it load (no GPU runs it in CI).
CUDA_DEPS = ["nvidia-cublas"] if sys.platform == "linux" and os.uname().machine == "x86_64" else []
# nvidia-cudnn-cu13: its headers compile the cuDNN convolutions (a build requirement of ember-core; the
# editable `dev` build has no isolation, so it installs them itself). The tests don't need its library.
CUDNN_HEADERS = ["nvidia-cudnn-cu13"] if CUDA_DEPS else []
TEST_DEPS = ["pytest", "hypothesis", "numpy", "ml_dtypes", *DEMO_DEPS, *CUDA_DEPS]
# The docs' builder and its Markdown reader; the build runs the demo for its figure.
DOCS_DEPS = ["sphinx==9.0.4", "myst-parser==5.2.0", *DEMO_DEPS]

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "build", "tests", "parity", "packaging", "docs"]
nox.options.error_on_external_run = True


def _wheel(dist_name):
    return DIST / f"{dist_name.replace('-', '_')}-{VERSION}-*.whl"


def _wheels_fresh():
    """True when dist/ holds a wheel of every package, newer than every source."""
    wheels = [next(DIST.glob(_wheel(d).name), None) for d in PACKAGES.values()]
    if not all(wheels):
        return False
    oldest = min(w.stat().st_mtime for w in wheels)
    sources = [ROOT / "VERSION"]
    for top in ("native", "packages"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "build" not in path.relative_to(ROOT).parts and "__pycache__" not in path.parts:
                sources.append(path)
    return all(s.stat().st_mtime <= oldest for s in sources)


def _build_wheels(session):
    DIST.mkdir(exist_ok=True)
    for old in DIST.glob("*.whl"):
        old.unlink()
    for folder in PACKAGES:
        session.run("uv", "build", "--wheel", "--out-dir", str(DIST), str(ROOT / "packages" / folder), external=True)
    total = sum(w.stat().st_size for w in DIST.glob("*.whl"))
    session.log(f"wheels: {total / 1e6:.2f} MB in total")


def _install_ember(session, *dists, python=None):
    """Installs ember distributions (and their dependencies) from dist/."""
    if not _wheels_fresh():
        _build_wheels(session)
    refresh = [arg for d in PACKAGES.values() for arg in ("--refresh-package", d)]
    pins = [f"{d}=={VERSION}" for d in dists]
    target = ["--python", python] if python else []
    session.run("uv", "pip", "install", *target, "--find-links", str(DIST), *refresh, *pins, external=True)


@nox.session(venv_backend="none")
def build(session):
    """Builds the wheel of every package into dist/."""
    _build_wheels(session)


@nox.session
def tests(session):
    """The test suite, in a fresh venv with every package installed from dist/."""
    _install_ember(session, "ember-ml")
    session.install(*TEST_DEPS)
    # tests/parity needs torch: the `parity` session runs it.
    args = session.posargs or ["tests", "--ignore=tests/parity"]
    session.run("pytest", "-q", *args, env={"PYTHONDONTWRITEBYTECODE": "1"})


# Not in the default sessions: installing torch takes about 2 of its 3 minutes here.
@nox.session(venv_backend="virtualenv")
def parity(session):
    """ember against PyTorch 2.13 (CPU) as the oracle: promotion, op values, DLPack, and safetensors
    against its reference package (tests/parity)."""
    _install_ember(session, "ember-ml")
    # pip, not uv: pip's configuration here finds the local CPU build of torch.
    # safetensors: the reference reader/writer for ember.safetensors (test_parity_safetensors.py).
    session.run("python", "-m", "pip", "install", "--quiet", "torch==2.13.0", "safetensors==0.8.0", *TEST_DEPS)
    env = {"PYTHONDONTWRITEBYTECODE": "1", "EMBER_PARITY": "1"}  # EMBER_PARITY: a missing torch is an error
    session.run("pytest", "-q", *(session.posargs or ["tests/parity"]), env=env)


@nox.session
def packaging(session):
    """Proves the used-by cases, each in its own fresh venv (see tests/packaging)."""
    session.install("uv")
    envs = Path(session.create_tmp()) / "envs"
    shutil.rmtree(envs, ignore_errors=True)
    check = str(ROOT / "tests" / "packaging" / "check_install.py")

    def venv(name):
        path = envs / name
        session.run("uv", "venv", "--quiet", str(path), external=True)
        return str(path / "bin" / "python")

    # 1. ember-core alone, plus a downstream package that depends only on it.
    py = venv("core-downstream")
    _install_ember(session, "ember-core", python=py)
    session.run("uv", "pip", "install", "--python", py, str(ROOT / "tests" / "packaging" / "downstream"), external=True)
    session.run(py, check, "core", "--downstream", external=True)
    # 2. each pure package with just its declared dependencies.
    for folder in PURE:
        py = venv(folder)
        _install_ember(session, PACKAGES[folder], python=py)
        session.run(py, check, folder, external=True)
    # 3. the meta-package: everything.
    py = venv("ember-ml")
    _install_ember(session, "ember-ml", python=py)
    session.run(py, check, "all", external=True)
    # 4. an sdist of ember-core builds a working wheel by itself.
    sdist_dir = envs / "sdist"
    session.run("uv", "build", "--sdist", "--out-dir", str(sdist_dir), str(ROOT / "packages" / "core"), external=True)
    sdist = next(sdist_dir.glob("ember_core-*.tar.gz"))
    # Without the CUDA backend: the `build` session already compiled it once.
    session.run(
        "uv", "build", "--wheel", "--out-dir", str(sdist_dir), str(sdist), external=True, env={"EMBER_CUDA": "0"}
    )
    py = venv("from-sdist")
    wheel = next(sdist_dir.glob("ember_core-*.whl"))
    session.run("uv", "pip", "install", "--python", py, str(wheel), external=True)
    session.run(py, check, "core", external=True)


@nox.session
def lint(session):
    """ruff for Python, clang-format for C++, and one version everywhere."""
    session.install("ruff", "clang-format")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    cpp = sorted(str(p) for p in (ROOT / "native").rglob("*") if p.suffix in {".h", ".cpp", ".cu", ".cuh"})
    session.run("clang-format", "--dry-run", "--Werror", *cpp)
    session.run("python", str(ROOT / "tools" / "version.py"), "--check")


@nox.session(venv_backend="none")
def dev(session):
    """Editable install of every package into the current environment.

    C++ changes rebuild on the next `import ember`. Run inside your own venv:
    `python -m venv .venv && . .venv/bin/activate && pip install nox && nox -s dev`.
    """
    if sys.prefix == sys.base_prefix and not os.environ.get("CI"):
        session.warn("not inside a virtual environment: installing into the system Python")
    pip = [sys.executable, "-m", "pip", "install"]
    session.run(
        *pip,
        "scikit-build-core",
        "pybind11",
        "scipy-openblas32",
        "numpy",
        "ninja",
        "cmake",
        "hatchling",
        *TEST_DEPS,
        *CUDNN_HEADERS,
        external=True,
    )
    session.run(
        *pip, "--no-build-isolation", "-Ceditable.rebuild=true", "-e", str(ROOT / "packages" / "core"), external=True
    )
    session.run(
        *pip,
        "--no-deps",
        *[arg for f in PURE + ["ember-ml"] for arg in ("-e", str(ROOT / "packages" / f))],
        external=True,
    )


@nox.session
def demo(session):
    """The main job: a CNN trained on scikit-learn's digits (examples/demo_digits.py --help)."""
    _install_ember(session, "ember-ml")
    session.install(*DEMO_DEPS)
    session.run("python", str(ROOT / "examples" / "demo_digits.py"), *session.posargs)


@nox.session
def docs(session):
    """The documentation (docs/, Sphinx): runs every example of the pages and docstrings
    (doctest), then builds the HTML into docs/_build/html, both failing on any warning.
    The demo's figure is drawn anew by the build (docs/_generated/, never committed)."""
    _install_ember(session, "ember-ml")
    session.install(*DOCS_DEPS)
    shutil.rmtree(ROOT / "docs" / "_generated", ignore_errors=True)
    out = ROOT / "docs" / "_build"
    for builder in ("doctest", "html"):
        session.run("sphinx-build", "-W", "--keep-going", "-q", "-b", builder, "docs", str(out / builder))
    session.log(f"docs: {out / 'html' / 'index.html'}")


@nox.session(venv_backend="none")
def gpu(session):
    """The CUDA check, on a machine with an NVIDIA GPU: builds ember with CUDA (or
    installs wheels from the folder given), runs tests/cuda and the GPU
    benchmarks against PyTorch (tools/gpu_check.sh)."""
    session.run("bash", str(ROOT / "tools" / "gpu_check.sh"), *session.posargs, external=True)


@nox.session(venv_backend="virtualenv")
def bench(session):
    """ember next to NumPy and PyTorch in one process: medians and ratios."""
    _install_ember(session, "ember-ml")
    # pip, not uv: pip's configuration here finds the local CPU build of torch.
    session.run("python", "-m", "pip", "install", "--quiet", "torch==2.13.0")
    session.run("python", str(ROOT / "tools" / "bench" / "run.py"), *session.posargs)
