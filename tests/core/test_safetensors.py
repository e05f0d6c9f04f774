"""ember.save_safetensors / ember.load_safetensors (ember.safetensors): the
byte layout of the published format, round trips, the reference's refusals
(shared and non-contiguous tensors), and damaged or hostile headers.
Interoperability with the `safetensors` package is in tests/parity."""

import json
import os
import struct

import pytest
from test_serialization import DTYPES, LAYOUTS, raw, sample

import ember
from ember.safetensors import SafetensorError

SUPPORTED = [d for d in DTYPES if d != ember.complex128]


def header_of(data):
    (n,) = struct.unpack("<Q", data[:8])
    return n, json.loads(data[8 : 8 + n])


def build(header, data=b"", pad=True):
    """safetensors bytes from a header dict (or raw header text) and a data section."""
    text = header if isinstance(header, bytes) else json.dumps(header).encode()
    if pad:
        text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def assert_same_values(a, b):
    assert b.dtype == a.dtype and b.shape == a.shape and b.is_contiguous()
    assert raw(b) == raw(a)


@pytest.mark.parametrize("layout", ["contiguous", "0-d", "empty"])
@pytest.mark.parametrize("dtype", SUPPORTED, ids=str)
def test_round_trip(dtype, layout, tmp_path):
    shape, _ = LAYOUTS[layout]
    t = sample(dtype, shape)
    ember.save_safetensors({"t": t}, tmp_path / "x.safetensors")
    back = ember.load_safetensors(tmp_path / "x.safetensors")
    assert list(back) == ["t"]
    assert_same_values(t, back["t"])


def test_the_byte_layout(tmp_path):
    a = ember.tensor([1.0, 2.0], dtype=ember.float32)
    b = ember.tensor([[1, 2, 3]], dtype=ember.int16)
    c = ember.tensor([1.5], dtype=ember.float64)
    ember.save_safetensors({"b": b, "a": a, "c": c}, tmp_path / "x", metadata={"format": "pt"})
    data = (tmp_path / "x").read_bytes()
    n, header = header_of(data)
    assert n % 8 == 0 and data[8 + n - 1 : 8 + n] in (b" ", b"}")
    # wider dtypes first, then by name: every tensor starts aligned to its element size
    assert header == {
        "__metadata__": {"format": "pt"},
        "c": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]},
        "a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]},
        "b": {"dtype": "I16", "shape": [1, 3], "data_offsets": [16, 22]},
    }
    assert data[8 + n :] == raw(c) + raw(a) + raw(b)
    assert struct.unpack("<d", data[8 + n : 8 + n + 8]) == (1.5,)  # little-endian


def test_dtype_names(tmp_path):
    names = {}
    for d in SUPPORTED:
        names[d] = header_of(ember.safetensors.save({"t": sample(d, (1,))}))[1]["t"]["dtype"]
    assert list(names.values()) == ["BOOL", "U8", "I8", "I16", "I32", "I64", "F16", "BF16", "F32", "F64", "C64"]


def test_metadata_and_bytes_api():
    t = sample(ember.bfloat16, (2, 2))
    data = ember.safetensors.save({"w": t}, metadata={"k": "v", "empty": ""})
    assert_same_values(t, ember.safetensors.load(data)["w"])
    assert header_of(data)[1]["__metadata__"] == {"k": "v", "empty": ""}
    assert "__metadata__" not in header_of(ember.safetensors.save({"w": t}))[1]


def test_load_metadata(tmp_path):
    ember.save_safetensors({"w": ember.ones(1)}, tmp_path / "m", metadata={"a": "b"})
    assert ember.safetensors.load_metadata(tmp_path / "m") == {"a": "b"}
    ember.save_safetensors({"w": ember.ones(1)}, tmp_path / "n")
    assert ember.safetensors.load_metadata(tmp_path / "n") is None


def test_aliases():
    assert ember.save_safetensors is ember.safetensors.save_file
    assert ember.load_safetensors is ember.safetensors.load_file


def test_an_empty_dict(tmp_path):
    ember.save_safetensors({}, tmp_path / "e")
    assert ember.load_safetensors(tmp_path / "e") == {}


def test_loaded_tensors_own_their_storage(tmp_path):
    ember.save_safetensors({"a": ember.ones(3), "b": ember.zeros(3)}, tmp_path / "x")
    back = ember.load_safetensors(tmp_path / "x")
    assert back["a"].untyped_storage().data_ptr() != back["b"].untyped_storage().data_ptr()
    assert back["a"].untyped_storage().nbytes() == 12
    ember.save_safetensors(back, tmp_path / "y")  # so they save again without a sharing error


def test_shared_tensors_are_refused(tmp_path):
    base = ember.arange(10, dtype=ember.float32)
    with pytest.raises(RuntimeError, match=r"some tensors share memory: \[\['a', 'b'\]\]"):
        ember.save_safetensors({"a": base, "b": base[2:5]}, tmp_path / "x")
    with pytest.raises(RuntimeError, match="share memory"):
        ember.save_safetensors({"a": base, "b": base}, tmp_path / "x")
    assert not os.listdir(tmp_path)


def test_disjoint_slices_of_one_storage_are_fine(tmp_path):
    base = ember.arange(10, dtype=ember.float32)
    ember.save_safetensors({"lo": base[:5], "hi": base[5:]}, tmp_path / "x")
    back = ember.load_safetensors(tmp_path / "x")
    assert back["lo"].tolist() == [0, 1, 2, 3, 4] and back["hi"].tolist() == [5, 6, 7, 8, 9]


@pytest.mark.parametrize(
    ("tensors", "metadata", "error", "message"),
    [
        ({"t": ember.ones(2, 3).t()}, None, ValueError, "tensor 't' is not contiguous"),
        (
            {"t": ember.ones(2, dtype=ember.complex128)},
            None,
            TypeError,
            "tensor .t. has dtype ember.complex128, which safetensors has no name for",
        ),
        ({1: ember.ones(2)}, None, TypeError, "key 1 is invalid: expected str"),
        ({"t": [1.0]}, None, ValueError, "key 't' is invalid: expected a Tensor, got list"),
        ({"__metadata__": ember.ones(1)}, None, ValueError, "'__metadata__' is reserved"),
        ({"t": ember.ones(1)}, {"k": 1}, TypeError, "metadata must be a dict of str to str"),
        ([ember.ones(1)], None, TypeError, "expected a dict of str to Tensor, got list"),
    ],
)
def test_bad_arguments_to_save(tensors, metadata, error, message, tmp_path):
    with pytest.raises(error, match=f"save_safetensors: {message}"):
        ember.save_safetensors(tensors, tmp_path / "x", metadata=metadata)
    assert not os.listdir(tmp_path)


def test_saving_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "x"
    ember.save_safetensors({"old": ember.ones(1)}, path)
    before = path.read_bytes()

    def failing_memory(address, nbytes):
        raise OSError("disk full")

    monkeypatch.setattr(ember._fileio, "memory", failing_memory)  # fails after the header is written
    with pytest.raises(OSError, match="disk full"):
        ember.save_safetensors({"new": ember.zeros(100)}, path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["x"]


F32x2 = struct.pack("<2f", 1.0, 2.0)
GOOD = {"t": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}


def test_a_hand_made_file_loads():
    """The format from its description, not from our writer: unpadded header, metadata first."""
    header = {"__metadata__": {"a": "b"}, **GOOD}
    assert ember.safetensors.load(build(header, F32x2, pad=False))["t"].tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "shorter than the 8-byte header length"),
        (b"\x10\x00\x00", "shorter than the 8-byte header length"),
        (struct.pack("<Q", 2**40) + b"{}", "exceeds the limit"),
        (struct.pack("<Q", 64) + b"{}", "runs past the end"),
        (build(b"[1, 2]"), "does not start with '{'"),
        (build(b"{not json"), "not a JSON object"),
        (build(b"\xff\xfe{}"), "not a JSON object"),
        (build(b'{"t": 1, "t": 2}'), "duplicate keys"),
        (build({"t": {"dtype": "F32", "shape": [2]}}, F32x2), "expected dtype, shape and data_offsets"),
        (build({"t": {"dtype": "F8_E4M3", "shape": [8], "data_offsets": [0, 8]}}, F32x2), "unsupported dtype"),
        (build({"t": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}, F32x2), "bad shape"),
        (build({"t": {"dtype": "F32", "shape": [2], "data_offsets": [0]}}, F32x2), "bad data_offsets"),
        (build({"t": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, F32x2), "do not hold F32 of shape"),
        (build({"t": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}, F32x2), "do not hold"),
        (build({"t": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, F32x2 * 2), "leaves a gap at byte 0"),
        (
            build(
                {
                    "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                    "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]},
                },
                F32x2,
            ),
            "overlaps the previous tensor",
        ),
        (build({"t": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}, F32x2[:5]), "cover 8 bytes .* holds 5"),
        (build(GOOD, F32x2 + b"extra"), "cover 8 bytes of data but the file holds 13"),
        (build({**GOOD, "__metadata__": {"k": 1}}, F32x2), "__metadata__ is not a dict of str to str"),
        (build({**GOOD, "__metadata__": [1]}, F32x2), "__metadata__ is not a dict of str to str"),
    ],
)
def test_bad_files(data, message, tmp_path):
    (tmp_path / "bad.safetensors").write_bytes(data)
    with pytest.raises(SafetensorError, match=rf"'.*bad\.safetensors' is not a valid safetensors file: .*{message}"):
        ember.load_safetensors(tmp_path / "bad.safetensors")


def test_every_truncation_raises(tmp_path):
    ember.save_safetensors({"a": sample(ember.float32, (3,)), "b": sample(ember.int8, (2,))}, tmp_path / "x")
    data = (tmp_path / "x").read_bytes()
    for cut in range(len(data)):
        (tmp_path / "x").write_bytes(data[:cut])
        with pytest.raises(SafetensorError, match="not a valid safetensors file"):
            ember.load_safetensors(tmp_path / "x")


def test_errors_are_runtime_errors():
    assert issubclass(SafetensorError, RuntimeError)


def test_load_device(tmp_path):
    ember.save_safetensors({"a": ember.ones(1)}, tmp_path / "x")
    assert ember.load_safetensors(tmp_path / "x", device="cpu")["a"].tolist() == [1.0]
    if not ember.cuda.is_available():  # tests/cuda loads onto a device where there is one
        with pytest.raises(RuntimeError, match="loaded on 'cuda', but CUDA is not available here .*device='cpu'"):
            ember.load_safetensors(tmp_path / "x", device="cuda")
        with pytest.raises(RuntimeError, match="loaded on 'cuda:0', but CUDA is not available"):
            ember.load_safetensors(tmp_path / "x", device=0)
