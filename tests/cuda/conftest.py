import sys
from pathlib import Path

import pytest

import ember

# The CUDA tests reuse the core tests' op database and input makers.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))


def pytest_collection_modifyitems(config, items):
    """Tests marked `cuda` need a device; on a machine without one they are
    reported as skipped with the reason ember gives (never counted as passed)."""
    if ember.cuda.is_available():
        return
    skip = pytest.mark.skip(reason=f"CUDA is not available: {ember.cuda.unavailable_reason()}")
    for item in items:
        if item.get_closest_marker("cuda") is not None:
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line("markers", "cuda: needs a CUDA device")


@pytest.fixture(autouse=True)
def _restore_global_state():
    yield
    ember.set_default_dtype(ember.float32)
