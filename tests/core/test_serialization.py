"""ember.save / ember.load: round trips (every dtype, 0-d, empty, views,
shared storage, nested containers, paths and file objects), safety (nothing
in a file is ever run), atomic writes, and damaged files (every truncation
and every flipped byte either loads the same object or raises
SerializationError naming the file)."""

import collections
import ctypes
import io
import json
import math
import os
import pathlib
import pickle
import stat
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_db import ALL

import ember
from ember import serialization
from ember.serialization import SerializationError, UnpicklingError

DTYPES = list(ALL)


def raw(t):
    """The bytes of t's elements in row-major order: compares NaN payloads and -0.0 too."""
    c = t.contiguous()
    return ctypes.string_at(c.data_ptr(), c.numel() * c.element_size()) if c.numel() else b""


def sample(dtype, shape):
    """A tensor of `dtype` and `shape` with varied values (NaN, inf and -0.0 for floats)."""
    n = math.prod(shape)
    if dtype == ember.bool:
        values = np.arange(n) % 3 == 0
    elif dtype.is_floating_point or dtype.is_complex:
        values = np.linspace(-3.5, 7.25, n)
        values[: min(n, 3)] = [np.nan, np.inf, -0.0][: min(n, 3)]
        if dtype.is_complex:
            z = np.empty(n, np.complex128)
            z.real, z.imag = values, values[::-1]
            values = z
    else:
        values = (np.arange(n) * 37 - 50).astype(np.int64)
        if dtype == ember.uint8:
            values = values % 256
    return ember.tensor(np.asarray(values).reshape(shape)).to(dtype)


def assert_same_tensor(a, b):
    assert isinstance(b, ember.Tensor)
    assert b.dtype == a.dtype and b.shape == a.shape
    assert b.stride() == a.stride() and b.storage_offset() == a.storage_offset()
    assert b.untyped_storage().nbytes() == a.untyped_storage().nbytes()
    assert raw(b) == raw(a)


def round_trip(obj, tmp_path, **load_kwargs):
    path = tmp_path / "obj.ember"
    ember.save(obj, path)
    return ember.load(path, **load_kwargs)


def same_storage(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


LAYOUTS = {
    "contiguous": ((3, 4), lambda t: t),
    "0-d": ((), lambda t: t),
    "empty": ((0, 3), lambda t: t),
    "transposed": ((4, 3), lambda t: t.t()),
    "stepped": ((3, 8), lambda t: t[:, ::2]),
    "offset": ((4, 5), lambda t: t[1:, 2:]),
    "expanded": ((1, 3), lambda t: t.expand(4, 3)),
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_round_trip_keeps_dtype_values_and_layout(dtype, layout, tmp_path):
    shape, make = LAYOUTS[layout]
    t = make(sample(dtype, shape))
    back = round_trip(t, tmp_path)
    assert_same_tensor(t, back)


def test_a_view_saves_its_whole_storage_not_a_copy(tmp_path):
    base = sample(ember.float32, (6, 8))
    view = base[1:3, ::3]
    back = round_trip(view, tmp_path)
    assert_same_tensor(view, back)
    assert back.untyped_storage().nbytes() == 6 * 8 * 4
    assert not back.is_contiguous()


def test_shared_storage_comes_back_shared(tmp_path):
    base = sample(ember.float64, (3, 4))
    obj = {"base": base, "t": base.t(), "row": base[1], "flat": base.view(-1), "other": base.clone()}
    back = round_trip(obj, tmp_path)
    for k in ("t", "row", "flat"):
        assert same_storage(back["base"], back[k])
        assert_same_tensor(obj[k], back[k])
    assert not same_storage(back["base"], back["other"])
    back["row"].fill_(100.0)  # a write through one view shows in the others
    assert back["base"][1, 2].item() == 100.0 and back["t"][3, 1].item() == 100.0
    with zipfile.ZipFile(tmp_path / "obj.ember") as zf:
        manifest = json.loads(zf.read(serialization.MANIFEST))
    assert len(manifest["storages"]) == 2


def test_a_tensor_met_twice_loads_as_one_object(tmp_path):
    w = sample(ember.float32, (3,))
    other = w.view(3)  # a different object on the same storage
    back = round_trip({"enc": w, "dec": w, "tied": [w, other], w: "as a key"}, tmp_path)
    assert back["enc"] is back["dec"] and back["tied"][0] is back["enc"]
    assert back["tied"][1] is not back["enc"] and same_storage(back["tied"][1], back["enc"])
    key = next(k for k in back if isinstance(k, ember.Tensor))
    assert key is back["enc"] and back[key] == "as a key"


def test_views_of_other_dtypes_share_the_storage(tmp_path):
    base = sample(ember.int32, (4,))
    as_bytes = base.view(ember.uint8)
    as_wide = base.view(ember.int64)
    back = round_trip([base, as_bytes, as_wide], tmp_path)
    for a, b in zip([base, as_bytes, as_wide], back, strict=True):
        assert_same_tensor(a, b)
    assert same_storage(back[0], back[1]) and same_storage(back[0], back[2])
    back[1][0].fill_(7)  # the low byte of -50 (0xFFFFFFCE)
    assert back[0][0].item() == -249 and back[2][0].item() & 0xFF == 7


def test_complex_views_share_with_their_real_view(tmp_path):
    z = sample(ember.complex64, (3,))
    back = round_trip((z, ember.view_as_real(z), z.imag), tmp_path)
    assert same_storage(back[0], back[1]) and same_storage(back[0], back[2])
    assert_same_tensor(z.imag, back[2])


def test_nested_containers_and_plain_values(tmp_path):
    t = sample(ember.float32, (2,))
    obj = {
        "model": collections.OrderedDict([("w", t), ("b", ember.zeros(3))]),
        "plain": [None, True, False, 0, -(2**70), 1.5, -0.0, math.inf, -math.inf, 2 + 3j, "ünï\ud800", b"\x00\xff"],
        "tuple": (1, (2, [3, {}]), ()),
        3: "int key",
        (1, "a"): "tuple key",
        None: "none key",
        2.5: "float key",
        "meta": (ember.Size([2, 3]), ember.bfloat16, ember.device("cpu")),
    }
    back = round_trip(obj, tmp_path)
    assert list(back) == list(obj)
    assert type(back["model"]) is collections.OrderedDict and list(back["model"]) == ["w", "b"]
    assert_same_tensor(t, back["model"]["w"])
    plain = back["plain"]
    assert plain[:5] == [None, True, False, 0, -(2**70)] and [type(x) for x in plain[1:5]] == [bool, bool, int, int]
    assert plain[5:] == obj["plain"][5:] and math.copysign(1, plain[6]) == -1
    assert back["tuple"] == obj["tuple"] and type(back["tuple"][1]) is tuple and type(back["tuple"][1][1]) is list
    assert back[3] == "int key" and back[(1, "a")] == "tuple key" and back[None] == "none key"
    assert back[2.5] == "float key"
    size, dtype, device = back["meta"]
    assert type(size) is ember.Size and size == (2, 3) and dtype is ember.bfloat16 and device == ember.device("cpu")


def test_nan_survives(tmp_path):
    back = round_trip([math.nan, complex(math.nan, 1)], tmp_path)
    assert math.isnan(back[0]) and math.isnan(back[1].real) and back[1].imag == 1


def test_requires_grad_is_kept(tmp_path):
    w = ember.ones(3)
    w.requires_grad = True
    back = round_trip({"w": w, "b": ember.ones(2)}, tmp_path)
    assert back["w"].requires_grad and not back["b"].requires_grad


@pytest.mark.parametrize("kind", ["str", "pathlib", "bytes"])
def test_paths(kind, tmp_path):
    path = tmp_path / "x.ember"
    f = {"str": str(path), "pathlib": pathlib.Path(path), "bytes": os.fsencode(path)}[kind]
    ember.save({"a": ember.ones(2)}, f)
    assert_same_tensor(ember.ones(2), ember.load(f)["a"])


def test_file_objects(tmp_path):
    t = sample(ember.int16, (5,))
    buf = io.BytesIO()
    ember.save(t, buf)
    buf.seek(0)
    assert_same_tensor(t, ember.load(buf))
    with open(tmp_path / "f", "wb") as f:
        ember.save(t, f)
    with open(tmp_path / "f", "rb") as f:
        assert_same_tensor(t, ember.load(f))


def test_file_object_after_other_data(tmp_path):
    """An archive that starts mid-file, after a header of the caller's, loads from there."""
    t = sample(ember.float32, (3,))
    with open(tmp_path / "f", "wb") as f:
        f.write(b"my own header")
        ember.save(t, f)
    with open(tmp_path / "f", "rb") as f:
        assert f.read(13) == b"my own header"
        assert_same_tensor(t, ember.load(f))


class _Stream(io.RawIOBase):
    """A readable, unseekable stream (a pipe), or a writable one."""

    def __init__(self, data=b""):
        self.data, self.pos, self.written = data, 0, bytearray()

    def readable(self):
        return True

    def writable(self):
        return True

    def readinto(self, b):
        n = min(len(b), len(self.data) - self.pos)
        b[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def write(self, b):
        self.written += b
        return len(b)


def test_unseekable_streams():
    t = sample(ember.float64, (2, 2))
    out = _Stream()
    ember.save({"t": t}, out)
    assert_same_tensor(t, ember.load(_Stream(bytes(out.written)))["t"])


def test_the_file_is_a_zip_with_a_json_manifest(tmp_path):
    t = sample(ember.float32, (2, 3))
    ember.save({"t": t}, tmp_path / "x")
    with zipfile.ZipFile(tmp_path / "x") as zf:
        assert sorted(zf.namelist()) == ["ember/data/0", "ember/manifest.json"]
        manifest = json.loads(zf.read("ember/manifest.json"))
        assert manifest["format"] == "ember.save" and manifest["version"] == 1
        assert manifest["storages"] == [{"nbytes": 24, "device": "cpu", "crc32": zf.getinfo("ember/data/0").CRC}]
        assert zf.read("ember/data/0") == raw(t)  # little-endian raw bytes
        spec = {"storage": 0, "dtype": "float32", "size": [2, 3], "stride": [3, 1], "offset": 0, "requires_grad": False}
        assert manifest["root"] == {"dict": [["t", {"tensor": spec}]]}


def test_saving_is_deterministic(tmp_path):
    obj = {"a": sample(ember.float32, (4,)), "b": [1, 2]}
    ember.save(obj, tmp_path / "1")
    ember.save(obj, tmp_path / "2")
    assert (tmp_path / "1").read_bytes() == (tmp_path / "2").read_bytes()


@pytest.mark.parametrize("map_location", [None, "cpu", ember.device("cpu"), {"cpu": "cpu"}])
def test_map_location_cpu(map_location, tmp_path):
    t = sample(ember.float32, (3,))
    assert_same_tensor(t, round_trip(t, tmp_path, map_location=map_location))


@pytest.mark.parametrize("weights_only", [True, False, None])
def test_weights_only_changes_nothing(weights_only, tmp_path):
    t = sample(ember.float32, (3,))
    assert_same_tensor(t, round_trip([t], tmp_path, weights_only=weights_only)[0])


def test_map_location_errors(tmp_path):
    ember.save(ember.ones(1), tmp_path / "x")
    with pytest.raises(TypeError, match="map_location must be"):
        ember.load(tmp_path / "x", map_location=3)


@pytest.mark.skipif(
    ember.cuda.is_available(),
    reason="with CUDA these loads succeed; tests/cuda/test_cuda_save.py checks them there",
)
def test_loading_onto_cuda_without_it_says_so(tmp_path):
    ember.save(ember.ones(1), tmp_path / "x")
    with pytest.raises(RuntimeError, match="CUDA is not available here .*; pass map_location='cpu'"):
        ember.load(tmp_path / "x", map_location="cuda")
    with pytest.raises(RuntimeError, match="saved on 'cpu', to be loaded on 'cuda:1', but CUDA is not available"):
        ember.load(tmp_path / "x", map_location={"cpu": "cuda:1"})


# --------------------------------------------------------------- crafted files


def write_archive(path, manifest, blobs=(), raw_manifest=None):
    """A zip laid out as ember.save does, with whatever manifest and blobs we like."""
    with zipfile.ZipFile(path, "w") as zf:
        for i, blob in enumerate(blobs):
            zf.writestr(f"ember/data/{i}", blob)
        zf.writestr("ember/manifest.json", raw_manifest if raw_manifest is not None else json.dumps(manifest))


def manifest_for(root, blobs, **storage_overrides):
    storages = [{"nbytes": len(b), "device": "cpu", "crc32": zipfile.crc32(b), **storage_overrides} for b in blobs]
    return {"format": "ember.save", "version": 1, "storages": storages, "root": root}


def tensor_node(**overrides):
    spec = {"storage": 0, "dtype": "float32", "size": [2], "stride": [1], "offset": 0, "requires_grad": False}
    return {"tensor": {**spec, **overrides}}


def test_a_crafted_manifest_loads_as_intended(tmp_path):
    """The helpers above write valid files: the error tests below change one thing each."""
    blob = np.array([1.5, 2.5], np.float32).tobytes()
    write_archive(tmp_path / "x", manifest_for([tensor_node()], [blob]), [blob])
    assert ember.load(tmp_path / "x")[0].tolist() == [1.5, 2.5]


def test_cuda_storages_need_map_location(tmp_path):
    blob = np.array([1.5, 2.5], np.float32).tobytes()
    write_archive(tmp_path / "x", manifest_for(tensor_node(), [blob], device="cuda:0"), [blob])
    if not ember.cuda.is_available():
        with pytest.raises(RuntimeError, match="saved on 'cuda:0'.*pass map_location='cpu'"):
            ember.load(tmp_path / "x")
    assert ember.load(tmp_path / "x", map_location="cpu").tolist() == [1.5, 2.5]
    assert ember.load(tmp_path / "x", map_location={"cuda:0": "cpu"}).tolist() == [1.5, 2.5]


class _Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_pickle_is_refused_and_nothing_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = pickle.dumps(_Boom())
    assert b"system" in data  # a GLOBAL/STACK_GLOBAL of os.system
    (tmp_path / "evil.pt").write_bytes(data)
    with pytest.raises(UnpicklingError, match=r"evil\.pt.*pickle; ember.load never unpickles"):
        ember.load(tmp_path / "evil.pt")
    with pytest.raises(pickle.UnpicklingError):  # what code catching PyTorch's weights_only refusals expects
        ember.load(tmp_path / "evil.pt")
    assert not (tmp_path / "pwned").exists()


def test_a_torch_style_zip_with_a_pickle_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile(tmp_path / "ckpt.pt", "w") as zf:
        zf.writestr("archive/data.pkl", pickle.dumps(_Boom()))
    with pytest.raises(UnpicklingError, match="PyTorch checkpoint"):
        ember.load(tmp_path / "ckpt.pt")
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    "node",
    [
        {"global": ["os", "system"]},
        {"reduce": {"callable": "os.system", "args": ["touch pwned"]}},
        {"object": {"class": "os.system"}},
    ],
)
def test_a_manifest_asking_for_code_is_refused(node, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_archive(tmp_path / "x", manifest_for({"dict": [["k", node]]}, []))
    with pytest.raises(UnpicklingError, match="unsupported object tag.*never runs code"):
        ember.load(tmp_path / "x")
    assert not (tmp_path / "pwned").exists()


def test_a_dtype_name_is_not_a_lookup(tmp_path):
    write_archive(tmp_path / "x", manifest_for({"dtype": "__class__"}, []))
    with pytest.raises(SerializationError, match="unknown dtype '__class__'"):
        ember.load(tmp_path / "x")


BLOB = np.array([1.5, 2.5], np.float32).tobytes()


@pytest.mark.parametrize(
    ("manifest", "blobs", "message"),
    [
        (manifest_for(tensor_node(size=[3]), [BLOB]), [BLOB], "does not fit its storage 0"),
        (manifest_for(tensor_node(offset=2), [BLOB]), [BLOB], "does not fit its storage 0"),
        (manifest_for(tensor_node(stride=[-1]), [BLOB]), [BLOB], "does not fit its storage 0"),
        (manifest_for(tensor_node(size=[-1]), [BLOB]), [BLOB], "does not fit its storage 0"),
        (manifest_for(tensor_node(storage=1), [BLOB]), [BLOB], "no storage 1"),
        (manifest_for(tensor_node(dtype="object"), [BLOB]), [BLOB], "unknown dtype 'object'"),
        (manifest_for(tensor_node(size=[2, 1]), [BLOB]), [BLOB], "bad offset, rank"),
        (manifest_for(tensor_node(size="2"), [BLOB]), [BLOB], "expected a list of ints"),
        (manifest_for(tensor_node(size=[2**70]), [BLOB]), [BLOB], "does not fit its storage 0"),
        (manifest_for(tensor_node(requires_grad=True, dtype="int32"), [BLOB]), [BLOB], "int32 can't require grad"),
        (manifest_for(tensor_node(storage=True), [BLOB]), [BLOB], "no storage True"),
        (manifest_for(tensor_node(), [BLOB], nbytes=16), [BLOB], "holds 8 bytes; the manifest says 16"),
        (manifest_for(tensor_node(), [BLOB], crc32=1), [BLOB], "CRC-32 differs from the manifest"),
        (manifest_for(tensor_node(), [BLOB]), [], "missing ember/data/0"),
        (manifest_for([1, 2], []) | {"format": "other"}, [], "does not name the ember.save format"),
        (manifest_for([1, 2], []) | {"version": 2}, [], "format version 2; this ember reads version 1"),
        (manifest_for([1, 2], []) | {"extra": 1}, [], "unknown entries"),
        ({"format": "ember.save", "version": 1, "root": 1}, [], "lacks storages or root"),
        (manifest_for({"tuple": 3}, []), [], "bad 'tuple' entry"),
        (manifest_for({"dict": [[[1], 2]]}, []), [], "unhashable key"),
        (manifest_for({"dict": [1, 2]}, []), [], "list of \\[key, value\\] pairs"),
        (manifest_for({"complex": [1]}, []), [], "expected \\[real, imag\\]"),
        (manifest_for({"bytes": "!!"}, []), [], "bad 'bytes' entry"),
        (manifest_for({"device": "gpu7"}, []), [], "bad 'device' entry"),
        (manifest_for({"a": 1, "b": 2}, []), [], "unexpected manifest entry"),
        (manifest_for([tensor_node(), {"ref": 1}], [BLOB]), [BLOB], "no earlier tensor 1"),
        (manifest_for([{"ref": 0}, tensor_node()], [BLOB]), [BLOB], "no earlier tensor 0"),
        (manifest_for([], [BLOB]) | {"storages": [{"nbytes": 8}]}, [BLOB], "bad storage entry"),
    ],
)
def test_inconsistent_manifests_raise_naming_the_file_and_problem(manifest, blobs, message, tmp_path):
    write_archive(tmp_path / "bad.ember", manifest, blobs)
    with pytest.raises(SerializationError, match=rf"'.*bad\.ember' is not a valid ember file: .*{message}"):
        ember.load(tmp_path / "bad.ember")


def test_a_blob_shorter_than_its_zip_entry_says(tmp_path):
    """A zip entry whose header claims more bytes than follow: caught before allocating."""
    path = tmp_path / "x"
    ember.save(sample(ember.float64, (1000,)), path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("ember/data/0")
    # rewrite both sizes in the central directory to claim 10x the bytes
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"ember/data/0"))
    for field in (20, 24):  # compressed and uncompressed size
        data[central + field : central + field + 4] = (info.file_size * 10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(SerializationError, match="larger than the file|holds"):
        ember.load(path)


def test_deep_nesting_is_an_error_not_a_crash(tmp_path):
    raw_manifest = '{"format":"ember.save","version":1,"storages":[],"root":' + "[" * 100000 + "]" * 100000 + "}"
    write_archive(tmp_path / "x", None, raw_manifest=raw_manifest)
    with pytest.raises(SerializationError, match="nested too deeply|not JSON"):
        ember.load(tmp_path / "x")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "it is empty"),
        (b"hello, world\n", "not a zip archive"),
        (b"XK\x03\x04" + b"\x00" * 100, "not a zip archive"),
        (b"PK\x03\x04" + b"\x00" * 100, "valid ember file: File is not a zip file"),
    ],
)
def test_non_ember_files(content, message, tmp_path):
    (tmp_path / "f").write_bytes(content)
    with pytest.raises(SerializationError, match=rf"'.*f' is not .*{message}"):
        ember.load(tmp_path / "f")


def test_a_zip_without_a_manifest(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(SerializationError, match="a zip archive without ember/manifest.json"):
        ember.load(tmp_path / "a.zip")


def test_a_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        ember.load(tmp_path / "nope")


def small_file(tmp_path):
    path = tmp_path / "small.ember"
    obj = {"w": sample(ember.float32, (2, 3)), "v": [sample(ember.int8, (4,)), "s"]}
    ember.save(obj, path)
    return path, obj, path.read_bytes()


def assert_same_object(a, b):
    assert a.keys() == b.keys()
    assert_same_tensor(a["w"], b["w"])
    assert_same_tensor(a["v"][0], b["v"][0]) and a["v"][1] == b["v"][1]


def test_every_truncation_raises(tmp_path):
    path, _, data = small_file(tmp_path)
    for cut in range(len(data)):
        path.write_bytes(data[:cut])
        with pytest.raises(SerializationError, match=r"small\.ember"):
            ember.load(path)


def test_every_flipped_byte_raises_or_changes_nothing(tmp_path):
    """Each byte of a small file flipped in turn: the damage is found, or it
    was in a part of the zip that holds no data (a timestamp, say)."""
    path, obj, data = small_file(tmp_path)
    caught = 0
    for i in range(len(data)):
        damaged = bytearray(data)
        damaged[i] ^= 0xFF
        path.write_bytes(bytes(damaged))
        try:
            back = ember.load(path)
        except SerializationError as e:
            assert "small.ember" in str(e)
            caught += 1
            continue
        assert_same_object(obj, back)
    assert caught > len(data) * 0.8


def test_flipped_bytes_in_the_manifest_and_in_a_blob(tmp_path):
    path, _, data = small_file(tmp_path)
    for marker in (b'"format"', raw(sample(ember.float32, (2, 3)))[4:12]):  # in the manifest, in a blob
        damaged = bytearray(data)
        damaged[data.index(marker) + 3] ^= 0x01
        path.write_bytes(bytes(damaged))
        with pytest.raises(SerializationError, match=r"small\.ember.*(CRC|crc)"):
            ember.load(path)


# --------------------------------------------------------------- atomic writes


def files_in(directory):
    return sorted(p.name for p in directory.iterdir())


def test_a_failure_mid_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.ember"
    old = {"step": 1, "w": sample(ember.float32, (3,))}
    ember.save(old, path)
    before = path.read_bytes()
    calls = []

    def failing_write_blob(zf, index, *args, original=serialization._write_blob):
        calls.append(index)
        if index == 1:
            raise OSError("disk full")
        return original(zf, index, *args)

    monkeypatch.setattr(serialization, "_write_blob", failing_write_blob)
    with pytest.raises(OSError, match="disk full"):
        ember.save({"a": ember.ones(1000), "b": ember.zeros(1000)}, path)
    assert calls == [0, 1]  # it failed midway, after writing a blob
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["ckpt.ember"]
    assert ember.load(path)["step"] == 1


def test_an_unsavable_object_touches_no_file(tmp_path):
    path = tmp_path / "ckpt.ember"
    ember.save([1], path)
    before = path.read_bytes()
    with pytest.raises(TypeError, match=r"can't save the object\['b'\]\[1\] of type builtins.set"):
        ember.save({"a": ember.ones(2), "b": [1, {2}]}, path)
    with pytest.raises(TypeError, match="can't save the object of type numpy.ndarray"):
        ember.save(np.ones(2), path)
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["ckpt.ember"]
    with pytest.raises(TypeError, match="can't save"):
        ember.save(object(), tmp_path / "new")
    assert files_in(tmp_path) == ["ckpt.ember"]


def test_cycles_are_an_error(tmp_path):
    a = [1]
    a.append(a)
    with pytest.raises(ValueError, match="contains itself"):
        ember.save(a, tmp_path / "x")
    # the same container twice is not a cycle
    shared = [1, 2]
    assert round_trip([shared, shared], tmp_path) == [[1, 2], [1, 2]]


def test_unsupported_subclasses_are_refused(tmp_path):
    with pytest.raises(TypeError, match="collections.defaultdict"):
        ember.save(collections.defaultdict(int), tmp_path / "x")
    with pytest.raises(TypeError, match="can't save"):
        ember.save(np.float32(1), tmp_path / "x")


def test_new_files_get_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        ember.save([1], tmp_path / "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "x").stat().st_mode) == 0o644


def test_a_missing_directory_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"can't write '.*nodir/x': its directory '.*nodir' does not exist"):
        ember.save([1], tmp_path / "nodir" / "x")
    with pytest.raises(FileNotFoundError, match=r"can't write '.*nodir/y'"):
        ember.save_safetensors({}, tmp_path / "nodir" / "y")


def test_overwriting_replaces_the_file(tmp_path):
    path = tmp_path / "x"
    ember.save([1], path)
    ember.save([2], path)
    assert ember.load(path) == [2]
    assert files_in(tmp_path) == ["x"]


def test_bad_arguments():
    with pytest.raises(TypeError, match="f must be a path or a binary file object"):
        ember.save([1], 3)
    with pytest.raises(TypeError, match="f must be a path or a binary file object"):
        ember.load(3)
    with pytest.raises(TypeError, match="weights_only must be a bool"):
        ember.load(io.BytesIO(), weights_only="yes")


# --------------------------------------------------------------- random structures

_dtypes = st.sampled_from(DTYPES)
_shapes = st.lists(st.integers(0, 3), max_size=3)


@st.composite
def _tensors(draw):
    t = sample(draw(_dtypes), draw(_shapes))
    if t.dim() >= 2 and draw(st.booleans()):
        t = t.transpose(0, 1)
    if t.dim() >= 1 and t.shape[0] > 1 and draw(st.booleans()):
        t = t[1:]
    return t


_plain = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.complex_numbers(allow_nan=False),
    st.text(max_size=5),
    st.binary(max_size=5),
)
_keys = st.one_of(st.text(max_size=3), st.integers(), st.tuples(st.integers()))


def _containers(children):
    return st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(_keys, children, max_size=3),
        st.dictionaries(_keys, children, max_size=3).map(
            lambda d: collections.OrderedDict(sorted(d.items(), key=repr))
        ),
    )


def assert_equal_structure(a, b):
    assert type(a) is type(b)
    if isinstance(a, ember.Tensor):
        assert_same_tensor(a, b)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert_equal_structure(x, y)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            assert_equal_structure(a[k], b[k])
    else:
        assert a == b


def tensors_in(obj):
    if isinstance(obj, ember.Tensor):
        return [obj]
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in tensors_in(v)]
    if isinstance(obj, (list, tuple)):
        return [t for v in obj for t in tensors_in(v)]
    return []


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.one_of(_plain, _tensors()), _containers, max_leaves=12), st.data())
def test_random_structures_round_trip(obj, data):
    # Add views of the tensors already there, so storages are shared across the structure.
    tensors = tensors_in(obj)
    views = [t.view(-1) if t.is_contiguous() else t.t() for t in tensors if t.dim() in (1, 2) and t.numel()]
    obj = [obj, views, tensors[:1]]  # and one tensor object twice
    buf = io.BytesIO()
    ember.save(obj, buf)
    buf.seek(0)
    back = ember.load(buf)
    assert_equal_structure(obj, back)
    # tensor objects and storages shared before are shared after, and only those
    before, after = tensors_in(obj), tensors_in(back)
    for i in range(len(before)):
        for j in range(i):
            assert (after[i] is after[j]) == (before[i] is before[j])
            shared = same_storage(before[i], before[j]) and before[i].untyped_storage().nbytes() > 0
            if before[i].untyped_storage().nbytes() > 0:
                assert same_storage(after[i], after[j]) == shared
