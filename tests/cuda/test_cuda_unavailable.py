"""Without a usable CUDA device (CI's machines), ember imports and works on
the CPU, and every CUDA request fails with a clear error that says why."""

import importlib.util
import shutil

import pytest

import ember

pytestmark = pytest.mark.skipif(ember.cuda.is_available(), reason="this machine has a CUDA device")


def test_reports_why():
    assert ember.cuda.is_available() is False
    reason = ember.cuda.unavailable_reason()
    assert reason and isinstance(reason, str)
    assert ember.cuda.device_count() == 0


def test_the_backend_is_built_and_loads_where_nvcc_is():
    # CI builds the CUDA code (compile and link) so it can't rot; nothing runs it there.
    if not shutil.which("nvcc"):
        pytest.skip("no nvcc here: the CUDA backend was not built")
    reason = ember.cuda.unavailable_reason()
    assert ember.backends.cuda.is_built(), reason
    if importlib.util.find_spec("nvidia") is None:
        assert "libcublas" in reason and "ember-core[cuda]" in reason
    else:  # the library and cuBLAS loaded; only the driver or device is missing
        assert "driver" in reason or "device" in reason, reason


@pytest.mark.parametrize(
    "make",
    [
        lambda: ember.zeros(3, device="cuda"),
        lambda: ember.ones(2, 2, device="cuda:0"),
        lambda: ember.tensor([1.0, 2.0], device="cuda"),
        lambda: ember.arange(4, device="cuda"),
        lambda: ember.ones(2).cuda(),
        lambda: ember.ones(2).to("cuda"),
        lambda: ember.cuda.current_device(),
        lambda: ember.cuda.synchronize(),
        lambda: ember.cuda.Stream(),
        lambda: ember.cuda.memory_allocated(),
        lambda: ember.ones(2).pin_memory(),
    ],
)
def test_cuda_requests_raise_with_the_reason(make):
    with pytest.raises(RuntimeError, match="CUDA is not available"):
        make()


def test_cpu_paths_still_work():
    x = ember.arange(6.0).reshape(2, 3)
    assert x.cpu() is x
    assert x.to("cpu") is x
    assert x.to("cpu", ember.float64).dtype == ember.float64
    assert x.is_pinned() is False
    assert x.get_device() == -1
    assert ember.cuda.device_count() == 0
    ember.cuda.empty_cache()  # a no-op, as PyTorch without CUDA
    ember.backends.cuda.matmul.allow_tf32 = True
    assert ember.backends.cuda.matmul.allow_tf32
    ember.backends.cuda.matmul.allow_tf32 = False


def test_bad_device_strings_raise():
    with pytest.raises(ValueError, match="gpu"):
        ember.zeros(2, device="gpu")
