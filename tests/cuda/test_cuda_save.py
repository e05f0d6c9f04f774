"""ember.save/load and safetensors with tensors on a CUDA device: saved
through the host, loaded back onto the device they came from (or where
map_location / device says), views still sharing their storage."""

import numpy as np
import pytest

import ember

pytestmark = pytest.mark.cuda


def same(got, want):
    assert got.device == want.device and got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got.detach().cpu().numpy(), want.detach().cpu().numpy())


def test_device_tensors_round_trip_onto_their_device(tmp_path):
    base = ember.arange(24, dtype=ember.float32, device="cuda").reshape(4, 6)
    obj = {
        "base": base,
        "view": base[1:, ::2],  # shares base's storage
        "t": base.t(),
        "half": ember.randn(5, device="cuda").to(ember.float16),
        "param": ember.ones(3, device="cuda").requires_grad_(),
        "cpu": ember.arange(3),
    }
    ember.save(obj, tmp_path / "x")
    back = ember.load(tmp_path / "x")
    for k, v in obj.items():
        same(back[k], v)
    assert back["param"].requires_grad and back["view"].is_cuda and not back["cpu"].is_cuda
    back["base"][1, 0] = -1  # the view still sees its base's storage
    assert back["view"][0, 0].item() == -1
    assert back["t"][0, 1].item() == -1


def test_map_location_moves_device_storages(tmp_path):
    x = ember.randn(4, 3, device="cuda")
    ember.save({"x": x, "v": x[1:]}, tmp_path / "x")
    for where in ("cpu", ember.device("cpu"), {"cuda:0": "cpu"}):
        back = ember.load(tmp_path / "x", map_location=where)
        same(back["x"], x.cpu())
        back["x"][1, 0] = 7  # still one storage, on the CPU
        assert back["v"][0, 0].item() == 7
    cpu_saved = tmp_path / "c"
    ember.save(x.cpu(), cpu_saved)
    same(ember.load(cpu_saved, map_location="cuda"), x)


def test_loading_onto_a_missing_device_raises(tmp_path):
    ember.save(ember.ones(2, device="cuda"), tmp_path / "x")
    n = ember.cuda.device_count()
    with pytest.raises(RuntimeError, match=f"to be loaded on 'cuda:{n}', but there .* only {n} CUDA device"):
        ember.load(tmp_path / "x", map_location=f"cuda:{n}")


def test_a_storage_that_is_not_whole_elements_raises(tmp_path):
    raw = ember.zeros(7, dtype=ember.uint8, device="cuda")
    with pytest.raises(NotImplementedError, match="storage of 7 bytes, not a whole number"):
        ember.save(raw[:4].view(ember.float32), tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_cuda_state_dict_loads_into_a_cpu_model(tmp_path):
    import ember.nn as nn

    model = nn.Linear(3, 2).cuda()
    ember.save(model.state_dict(), tmp_path / "m")
    cpu_model = nn.Linear(3, 2)
    cpu_model.load_state_dict(ember.load(tmp_path / "m", map_location="cpu"))
    x = ember.randn(4, 3)
    same(cpu_model(x), model(x.cuda()).cpu())


def test_safetensors_with_device_tensors(tmp_path):
    tensors = {"a": ember.randn(3, 4, device="cuda"), "b": ember.arange(5, device="cuda")}
    ember.safetensors.save_file(tensors, tmp_path / "s")
    assert ember.safetensors.load(ember.safetensors.save(tensors))["a"].tolist() == tensors["a"].tolist()
    for device in ("cuda", "cuda:0", 0):
        back = ember.safetensors.load_file(tmp_path / "s", device=device)
        for k, v in tensors.items():
            same(back[k], v)
    same(ember.safetensors.load_file(tmp_path / "s")["b"], tensors["b"].cpu())
