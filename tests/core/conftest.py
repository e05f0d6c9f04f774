import pytest

import ember


@pytest.fixture(autouse=True)
def _restore_global_state():
    """Print options and the default dtype are process-wide: put them back."""
    yield
    ember.set_printoptions(profile="default")
    ember.set_default_dtype(ember.float32)
