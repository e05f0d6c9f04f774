import pytest

import ember
import ember.autograd  # noqa: F401  (installs the recorder)


@pytest.fixture(autouse=True)
def _restore_global_state():
    """Grad mode and anomaly detection are global: put them back after each test."""
    yield
    ember._C._set_grad_enabled(True)
    ember._C._set_inference_mode(False)
    ember.autograd.set_detect_anomaly(False)
    ember.set_default_dtype(ember.float32)
