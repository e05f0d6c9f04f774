"""ember.safetensors against the reference `safetensors` package: files
written by either load in the other with the same bytes, ember writes the
same file the reference does, and both refuse the same inputs."""

import os

import numpy as np
import pytest
from oracle import TORCH_DTYPE, dtype_id, torch

import ember

if os.environ.get("EMBER_PARITY"):
    import safetensors.torch as st
else:
    st = pytest.importorskip("safetensors.torch", reason="needs the safetensors package (`nox -s parity` installs it)")

DTYPES = [d for d in TORCH_DTYPE if d != ember.complex128]  # safetensors has no C128
SHAPES = [(3, 4), (), (0, 3), (5,)]


def bits(t):
    """The raw bytes of a contiguous ember or torch tensor."""
    if isinstance(t, torch.Tensor):
        return t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
    return t.contiguous().reshape(-1).view(ember.uint8).numpy().tobytes()


def ember_tensors():
    rng = np.random.default_rng(0)
    out = {}
    for i, d in enumerate(DTYPES):
        for j, shape in enumerate(SHAPES):
            v = rng.standard_normal(shape) * 50
            out[f"{dtype_id(d)}_{j}"] = ember.tensor(v > 0 if d == ember.bool else v).to(d) + (
                0 if d == ember.bool else i
            )
    return out


def test_ember_writes_what_safetensors_reads(tmp_path):
    tensors = ember_tensors()
    ember.save_safetensors(tensors, tmp_path / "e.safetensors", metadata={"format": "pt", "who": "ember"})
    back = st.load_file(tmp_path / "e.safetensors")
    assert sorted(back) == sorted(tensors)
    for k, t in tensors.items():
        assert TORCH_DTYPE[t.dtype] == back[k].dtype and tuple(back[k].shape) == tuple(t.shape), k
        assert bits(back[k]) == bits(t), k
    from safetensors import safe_open

    with safe_open(tmp_path / "e.safetensors", "pt") as f:
        assert f.metadata() == {"format": "pt", "who": "ember"}


def test_safetensors_writes_what_ember_reads(tmp_path):
    tensors = {k: torch.from_dlpack(t) for k, t in ember_tensors().items()}
    st.save_file(tensors, tmp_path / "t.safetensors", metadata={"a": "b"})
    back = ember.load_safetensors(tmp_path / "t.safetensors")
    assert sorted(back) == sorted(tensors)
    for k, t in tensors.items():
        assert TORCH_DTYPE[back[k].dtype] == t.dtype and tuple(back[k].shape) == tuple(t.shape), k
        assert bits(back[k]) == bits(t), k
    assert ember.safetensors.load_metadata(tmp_path / "t.safetensors") == {"a": "b"}


def test_the_same_bytes_as_the_reference(tmp_path):
    tensors = ember_tensors()
    ember.save_safetensors(tensors, tmp_path / "e", metadata={"m": "1"})
    st.save_file({k: torch.from_dlpack(t) for k, t in tensors.items()}, tmp_path / "t", metadata={"m": "1"})
    assert (tmp_path / "e").read_bytes() == (tmp_path / "t").read_bytes()


def test_both_refuse_shared_and_non_contiguous_tensors(tmp_path):
    base_t = torch.arange(10.0)
    base_e = ember.arange(10, dtype=ember.float32)
    with pytest.raises(RuntimeError, match="share memory"):
        st.save_file({"a": base_t, "b": base_t[2:5]}, tmp_path / "t")
    with pytest.raises(RuntimeError, match="share memory"):
        ember.save_safetensors({"a": base_e, "b": base_e[2:5]}, tmp_path / "e")
    st.save_file({"lo": base_t[:5], "hi": base_t[5:]}, tmp_path / "t")  # disjoint: fine
    ember.save_safetensors({"lo": base_e[:5], "hi": base_e[5:]}, tmp_path / "e")
    with pytest.raises(ValueError, match="non contiguous"):
        st.save_file({"a": torch.ones(2, 3).t()}, tmp_path / "t")
    with pytest.raises(ValueError, match="not contiguous"):
        ember.save_safetensors({"a": ember.ones(2, 3).t()}, tmp_path / "e")
