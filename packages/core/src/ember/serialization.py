"""ember.save and ember.load: tensors and the containers that hold them
(state_dicts, checkpoints) to a file and back.

File format (version 1): an uncompressed zip archive holding
``ember/manifest.json`` and one raw little-endian blob ``ember/data/<i>`` per
storage. The manifest is JSON (never a pickle, so loading runs no code from
the file)::

    {"format": "ember.save", "version": 1,
     "storages": [{"nbytes": 48, "device": "cpu", "crc32": 123}, ...],
     "root": <node>}

A node is a JSON null/true/false/number/string for None, bool, int, float
(NaN and infinities as JSON's common extension) and str, a JSON list for a
list, or an object with one key naming the type:
``{"tuple": [nodes]}``, ``{"dict": [[key node, value node], ...]}``,
``{"odict": ...}`` (OrderedDict), ``{"complex": [re, im]}``,
``{"bytes": "<base64>"}``, ``{"size": [ints]}`` (ember.Size),
``{"dtype": "float32"}``, ``{"device": "cpu"}`` and
``{"tensor": {"storage": i, "dtype": "float32", "size": [..], "stride": [..],
"offset": n, "requires_grad": false}}`` where offset and strides count
elements of the tensor's dtype, as in Tensor.storage_offset()/stride().
A tensor object met again is ``{"ref": k}``: the k-th tensor node in the
order the manifest lists them (dict keys before their values), so it loads
as the same object, as with PyTorch.

Tensors that share a storage are written as one blob and come back sharing
one storage (views stay views); a view saves its whole storage, as PyTorch
does. Each blob's CRC-32 is in the manifest and in the zip entry, and both
are checked on load, with the blob's size: a damaged or truncated file raises
SerializationError naming the file and the problem. Writes to a path are
atomic (temporary file, fsync, rename).

Tensors on a CUDA device are saved through one copy to the host, with their
storage's device in the manifest, and load back onto that device (map_location
moves them, e.g. "cpu" on a machine without CUDA, where loading them as saved
raises saying so).

Not supported yet: objects other than those above (custom classes, which would
need a pickle), and keeping the identity of Python containers referenced
twice.
"""

import base64
import collections
import collections.abc
import errno
import io
import json
import os
import pickle

from ember import _C, _fileio
from ember._tensor import Size

__all__ = ["save", "load", "SerializationError", "UnpicklingError"]

FORMAT = "ember.save"
VERSION = 1
MANIFEST = "ember/manifest.json"
_DATA = "ember/data/"

_DTYPES = {
    str(d).removeprefix("ember."): d
    for d in (
        _C.bool,
        _C.uint8,
        _C.int8,
        _C.int16,
        _C.int32,
        _C.int64,
        _C.float16,
        _C.bfloat16,
        _C.float32,
        _C.float64,
        _C.complex64,
        _C.complex128,
    )
}


class SerializationError(RuntimeError):
    """A file ember.load cannot read: not an ember file, truncated or damaged.

    Example:

    >>> import io
    >>> ember.load(io.BytesIO(b"not an ember file"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ember.serialization.SerializationError: ember.load: <BytesIO object> is not an ember file: ...
    """


class UnpicklingError(SerializationError, pickle.UnpicklingError):
    """A file that asks ember.load to build objects it never builds (pickles,
    unknown object types): raised instead of running anything. A
    pickle.UnpicklingError too, as PyTorch's weights_only refusals are.

    Example:

    >>> import io, pickle
    >>> ember.load(io.BytesIO(pickle.dumps({"weights": [1, 2]})))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ember.serialization.UnpicklingError: ember.load: <BytesIO object> is not an ember file: it is a Python pickle; ...
    """


# ---------------------------------------------------------------- saving


class _Saver:
    """Turns an object into a manifest node, collecting the storages."""

    def __init__(self):
        self.storages = []  # (storage, a tensor over it, where that tensor is) in blob order
        self._index = {}  # (data_ptr, nbytes) -> blob index
        self._active = set()  # ids of the containers being walked, for cycles
        self._tensors = {}  # id(tensor) -> its position among the tensor nodes

    def node(self, obj, where):
        t = type(obj)
        if obj is None or t in (bool, int, float, str):
            return obj
        if isinstance(obj, _C.Tensor):
            if id(obj) in self._tensors:  # obj outlives the save, so its id can't be reused
                return {"ref": self._tensors[id(obj)]}
            self._tensors[id(obj)] = len(self._tensors)
            return {"tensor": self.tensor(obj, where)}
        if t is complex:
            return {"complex": [obj.real, obj.imag]}
        if t is bytes:
            return {"bytes": base64.b64encode(obj).decode("ascii")}
        if t is Size:
            return {"size": list(obj)}
        if t is _C.dtype:
            return {"dtype": str(obj).removeprefix("ember.")}
        if t is _C.device:
            return {"device": str(obj)}
        if t in (list, tuple, dict, collections.OrderedDict):
            if id(obj) in self._active:
                raise ValueError(f"ember.save: {where} contains itself; ember.save can't save cycles")
            self._active.add(id(obj))
            try:
                if t is list:
                    return [self.node(v, f"{where}[{i}]") for i, v in enumerate(obj)]
                if t is tuple:
                    return {"tuple": [self.node(v, f"{where}[{i}]") for i, v in enumerate(obj)]}
                items = [[self.node(k, f"a key of {where}"), self.node(v, f"{where}[{k!r}]")] for k, v in obj.items()]
                return {"dict" if t is dict else "odict": items}
            finally:
                self._active.discard(id(obj))
        raise TypeError(
            f"ember.save: can't save {where} of type {t.__module__}.{t.__qualname__}; ember.save takes tensors, "
            "dicts, OrderedDicts, lists, tuples, None, bool, int, float, complex, str, bytes, ember.Size, "
            "ember.dtype and ember.device"
        )

    def tensor(self, t, where):
        storage = t.untyped_storage()
        nbytes = storage.nbytes()
        if storage.device.type != "cpu":
            _fileio.whole_elements(t, f"ember.save: {where}")  # fails before any file is touched
        # Storages alive at once never share a start address on one device, except empty ones.
        key = (str(storage.device), storage.data_ptr(), nbytes) if nbytes else ("empty", id(t))
        index = self._index.get(key)
        if index is None:
            index = self._index[key] = len(self.storages)
            self.storages.append((storage, t, where))
        return {
            "storage": index,
            "dtype": str(t.dtype).removeprefix("ember."),
            "size": list(t.shape),
            "stride": list(t.stride()),
            "offset": t.storage_offset(),
            "requires_grad": t.requires_grad,
        }


def _write_blob(zf, index, t, where):
    """Writes the storage of t as ember/data/<index>; returns its CRC-32."""
    import zipfile

    data, _host_copy = _fileio.host_storage_bytes(t, f"ember.save: {where}")
    info = zipfile.ZipInfo(f"{_DATA}{index}", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.file_size = len(data)  # lets zipfile pick zip64 for large blobs
    with zf.open(info, "w") as out:
        out.write(data)
    return info.CRC


def _write_archive(f, saver, root):
    import zipfile

    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as zf:
        storages = []
        for i, (storage, t, where) in enumerate(saver.storages):
            crc = _write_blob(zf, i, t, where)
            storages.append({"nbytes": storage.nbytes(), "device": str(storage.device), "crc32": crc})
        manifest = {"format": FORMAT, "version": VERSION, "storages": storages, "root": root}
        info = zipfile.ZipInfo(MANIFEST, date_time=(1980, 1, 1, 0, 0, 0))
        zf.writestr(info, json.dumps(manifest, separators=(",", ":")), compress_type=zipfile.ZIP_STORED)


def save(obj, f):
    """Saves `obj` (tensors in dicts, lists, tuples and plain values) to `f`,
    a path or a writable binary file object, in the format described in
    ember.serialization's docstring. Writing to a path is atomic: the file is
    either the old one or the complete new one.

    Example:

    >>> import io
    >>> buffer = io.BytesIO()
    >>> ember.save({'w': ember.ones(2)}, buffer)
    >>> _ = buffer.seek(0)
    >>> ember.load(buffer)
    {'w': tensor([1., 1.])}
    """
    _fileio.check_little_endian("ember.save")
    saver = _Saver()
    root = saver.node(obj, "the object")  # fails on unsupported objects before any file is touched
    if _fileio.is_path(f):
        with _fileio.atomic_write(f) as out:
            _write_archive(out, saver, root)
    else:
        if not hasattr(f, "write"):
            raise TypeError(f"ember.save: f must be a path or a binary file object, got {type(f).__name__}")
        _write_archive(f, saver, root)


# ---------------------------------------------------------------- loading


class _Loader:
    """Builds objects from a manifest node; every check names the file."""

    def __init__(self, name, zf, archive_size, map_location):
        self.name = name
        self.zf = zf
        self.archive_size = archive_size
        self.map_location = map_location
        self.storage_specs = []  # the manifest's, once it is read
        self.bases = {}  # blob index -> uint8 tensor over the loaded storage
        self.typed = {}  # (blob index, dtype) -> 1-d tensor of that dtype over the storage
        self.tensors = []  # in manifest order, for refs

    def fail(self, what, cls=SerializationError):
        return cls(f"ember.load: {self.name} is not a valid ember file: {what}")

    def node(self, n):
        if n is None or type(n) in (bool, int, float, str):
            return n
        if type(n) is list:
            return [self.node(v) for v in n]
        if type(n) is not dict or len(n) != 1:
            raise self.fail(f"unexpected manifest entry {_short(n)}")
        (tag, v), *_ = n.items()
        build = _BUILDERS.get(tag)
        if build is None:
            raise self.fail(
                f"unsupported object tag {tag!r}: ember files hold only tensors, containers and plain values, "
                "and loading never runs code from a file",
                UnpicklingError,
            )
        try:
            return build(self, v)
        except SerializationError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, OverflowError, AttributeError) as e:
            raise self.fail(f"bad {tag!r} entry {_short(v)} ({e})") from None

    def items(self, v):
        if type(v) is not list or not all(type(p) is list and len(p) == 2 for p in v):
            raise ValueError("expected a list of [key, value] pairs")
        pairs = [(self.node(k), self.node(x)) for k, x in v]
        for k, _ in pairs:
            if not isinstance(k, collections.abc.Hashable):
                raise ValueError(f"unhashable key of type {type(k).__name__}")
        return pairs

    def base(self, index):
        """The uint8 tensor holding blob `index`, read and checked on first use."""
        if type(index) is not int or not 0 <= index < len(self.storage_specs):
            raise ValueError(f"no storage {index!r}")
        if index not in self.bases:
            self.bases[index] = self.read_blob(index, self.storage_specs[index])
        return self.bases[index]

    def read_blob(self, index, spec):
        if type(spec) is not dict or set(spec) != {"nbytes", "device", "crc32"}:
            raise self.fail(f"bad storage entry {_short(spec)}")
        nbytes, crc = spec["nbytes"], spec["crc32"]
        if type(nbytes) is not int or nbytes < 0 or type(crc) is not int:
            raise self.fail(f"bad storage entry {_short(spec)}")
        device = _check_device(self.name, spec["device"], self.map_location)
        entry = f"{_DATA}{index}"
        info = _entry_info(self, entry)
        if info.file_size != nbytes:
            raise self.fail(f"storage {index} holds {info.file_size} bytes; the manifest says {nbytes}")
        if info.CRC != crc:
            raise self.fail(f"storage {index}: its zip entry's CRC-32 differs from the manifest's")
        base, view = _fileio.new_byte_storage(nbytes)
        with self.zf.open(info) as blob:  # zipfile checks the CRC-32 once the whole entry is read
            got = _fileio.read_into(blob, view)
            if got != nbytes or blob.read(1):
                raise self.fail(f"storage {index} is {'shorter' if got < nbytes else 'longer'} than {nbytes} bytes")
        return base if device.type == "cpu" else base.to(device)

    def tensor(self, spec):
        if type(spec) is not dict or set(spec) != {"storage", "dtype", "size", "stride", "offset", "requires_grad"}:
            raise ValueError("expected storage, dtype, size, stride, offset and requires_grad")
        dtype = _dtype(spec["dtype"])
        size, stride, offset = _ints(spec["size"]), _ints(spec["stride"]), spec["offset"]
        if type(offset) is not int or len(size) != len(stride) or type(spec["requires_grad"]) is not bool:
            raise ValueError("bad offset, rank or requires_grad")
        index = spec["storage"]
        base = self.base(index)
        typed = self.typed.get((index, dtype))
        if typed is None:
            nbytes = base.shape[0]
            usable = nbytes - nbytes % dtype.itemsize
            typed = self.typed[(index, dtype)] = (base if usable == nbytes else base[:usable]).view(dtype)
        try:
            t = _C.as_strided(typed, size, stride, offset)
        except RuntimeError as e:
            raise self.fail(f"a tensor does not fit its storage {index} ({e})") from None
        if spec["requires_grad"]:
            if not (dtype.is_floating_point or dtype.is_complex):
                raise ValueError(f"a tensor of dtype {dtype} can't require grad")
            t.requires_grad = True
        self.tensors.append(t)
        return t

    def ref(self, k):
        if type(k) is not int or not 0 <= k < len(self.tensors):
            raise ValueError(f"no earlier tensor {k!r}")
        return self.tensors[k]


def _short(v, limit=80):
    text = repr(v)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _ints(v):
    if type(v) is not list or not all(type(x) is int for x in v):
        raise ValueError(f"expected a list of ints, got {_short(v)}")
    return v


def _dtype(name):
    if type(name) is not str or name not in _DTYPES:
        raise ValueError(f"unknown dtype {name!r}")
    return _DTYPES[name]


def _float(v):
    if type(v) not in (int, float):
        raise ValueError("expected a number")
    return float(v)


def _bytes(loader, v):
    if type(v) is not str:
        raise ValueError("expected base64 text")
    return base64.b64decode(v.encode("ascii"), validate=True)


def _complex(loader, v):
    if type(v) is not list or len(v) != 2:
        raise ValueError("expected [real, imag]")
    return complex(_float(v[0]), _float(v[1]))


def _tuple(loader, v):
    if type(v) is not list:
        raise ValueError("expected a list")
    return tuple(loader.node(x) for x in v)


def _device(loader, v):
    if type(v) is not str:
        raise ValueError("expected a device string")
    return _C.device(v)


_BUILDERS = {
    "tuple": _tuple,
    "dict": lambda loader, v: dict(loader.items(v)),
    "odict": lambda loader, v: collections.OrderedDict(loader.items(v)),
    "complex": _complex,
    "bytes": _bytes,
    "size": lambda loader, v: Size(_ints(v)),
    "dtype": lambda loader, v: _dtype(v),
    "device": _device,
    "tensor": _Loader.tensor,
    "ref": _Loader.ref,
}


def _check_device(name, saved, map_location):
    """Where a storage saved on `saved` goes: a device of this process, or an error."""
    if type(saved) is not str:
        raise SerializationError(f"ember.load: {name} is not a valid ember file: bad storage device {saved!r}")
    if isinstance(map_location, dict):
        target = map_location.get(saved, saved)
    else:
        target = saved if map_location is None else map_location
    try:
        device = _C.device(str(target))
    except Exception as e:
        raise SerializationError(f"ember.load: {name}: bad device {target!r} for a storage ({e})") from None
    return _fileio.load_device("ember.load", device, f"{name} holds a storage saved on {saved!r},")


def _check_map_location(map_location):
    if map_location is None or isinstance(map_location, (str, _C.device)):
        if map_location is not None:
            _C.device(str(map_location))  # a bad device string fails here, before the file is read
        return
    if isinstance(map_location, dict) and all(isinstance(k, str) for k in map_location):
        return
    raise TypeError(
        "ember.load: map_location must be None, a device string, an ember.device or a dict of device strings, "
        f"got {type(map_location).__name__}"
    )


def _entry_info(loader, entry):
    try:
        info = loader.zf.getinfo(entry)
    except KeyError:
        raise loader.fail(f"missing {entry}") from None
    import zipfile

    # Everything ember writes is stored uncompressed, so a size beyond the
    # archive's is a lie; checking it first avoids huge allocations.
    if (
        info.compress_type != zipfile.ZIP_STORED
        or info.compress_size != info.file_size
        or not 0 <= info.header_offset <= info.header_offset + info.file_size <= loader.archive_size
    ):
        raise loader.fail(f"{entry} is compressed or larger than the file")
    return info


def _open_source(f):
    """A seekable binary file for f, and whether we opened it."""
    if _fileio.is_path(f):
        return open(f, "rb"), True
    if not hasattr(f, "read"):
        raise TypeError(f"ember.load: f must be a path or a binary file object, got {type(f).__name__}")
    if not (hasattr(f, "seekable") and f.seekable()):
        return io.BytesIO(f.read()), False  # zip needs to seek: read pipes whole
    return f, False


def _describe_non_zip(head):
    if head[:1] == b"\x80":
        return "it is a Python pickle; ember.load never unpickles (it would run code from the file)"
    if len(head) == 0:
        return "it is empty"
    return "it is not a zip archive (wrong magic bytes)"


def load(f, map_location=None, weights_only=True):
    """Loads an object saved by ember.save from `f`, a path or a readable
    binary file object.

    map_location: None (where it was saved), "cpu", an ember.device, or a dict
    mapping saved device strings to new ones. weights_only is accepted for
    PyTorch compatibility: ember files hold only data, so loading never runs
    code from the file whatever its value.

    Example:

    >>> import io
    >>> buffer = io.BytesIO()
    >>> ember.save([ember.arange(3), 'note'], buffer)
    >>> _ = buffer.seek(0)
    >>> ember.load(buffer)
    [tensor([0, 1, 2]), 'note']
    """
    import zipfile

    _fileio.check_little_endian("ember.load")
    _check_map_location(map_location)
    if weights_only not in (True, False, None):
        raise TypeError(f"ember.load: weights_only must be a bool, got {type(weights_only).__name__}")
    name = _fileio.file_name(f)
    source, owned = _open_source(f)
    try:
        start = source.tell()
        head = source.read(4)
        archive_size = source.seek(0, os.SEEK_END) - start
        source.seek(start)
        if head[:2] != b"PK":
            raise (UnpicklingError if head[:1] == b"\x80" else SerializationError)(
                f"ember.load: {name} is not an ember file: {_describe_non_zip(head)}"
            )
        try:
            with zipfile.ZipFile(source) as zf:
                return _load_archive(name, zf, archive_size, map_location)
        except SerializationError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as e:
            raise SerializationError(f"ember.load: {name} is not a valid ember file: {e}") from None
        except RecursionError:
            raise SerializationError(f"ember.load: {name} is not a valid ember file: nested too deeply") from None
        except OSError as e:
            if e.errno != errno.EINVAL:  # a seek to a damaged offset; other I/O errors are the disk's
                raise
            raise SerializationError(f"ember.load: {name} is not a valid ember file: {e}") from None
    finally:
        if owned:
            source.close()


def _load_archive(name, zf, archive_size, map_location):
    names = zf.namelist()
    if MANIFEST not in names:
        if any(n.endswith("/data.pkl") or n == "data.pkl" for n in names):
            raise UnpicklingError(
                f"ember.load: {name} is a PyTorch checkpoint (a zip holding a pickle); ember.load never unpickles. "
                "Convert it with torch and safetensors, then use ember.load_safetensors"
            )
        raise SerializationError(f"ember.load: {name} is not an ember file: a zip archive without {MANIFEST}")
    loader = _Loader(name, zf, archive_size, map_location)
    info = _entry_info(loader, MANIFEST)
    raw = zf.read(info)  # checks the manifest's CRC-32
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise loader.fail(f"its manifest is not JSON ({e})") from None
    if type(manifest) is not dict or manifest.get("format") != FORMAT:
        raise loader.fail("its manifest does not name the ember.save format")
    if manifest.get("version") != VERSION:
        raise loader.fail(f"format version {manifest.get('version')!r}; this ember reads version {VERSION}")
    if set(manifest) != {"format", "version", "storages", "root"} or type(manifest["storages"]) is not list:
        raise loader.fail("its manifest lacks storages or root, or has unknown entries")
    loader.storage_specs = manifest["storages"]
    obj = loader.node(manifest["root"])
    for index in range(len(loader.storage_specs)):  # storages no tensor uses are checked too
        loader.base(index)
    return obj
