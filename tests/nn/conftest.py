import numpy as np
import pytest

import ember
import ember.nn  # noqa: F401  (installs the autograd recorder too)


@pytest.fixture(autouse=True)
def _seeded():
    ember.manual_seed(0)
    yield
    ember.set_default_dtype(ember.float32)


@pytest.fixture
def rng():
    return np.random.default_rng(0)
