"""The safetensors format (https://github.com/huggingface/safetensors),
written from its published description: an 8-byte little-endian header
length N, N bytes of JSON header ``{"name": {"dtype": "F32", "shape": [2, 3],
"data_offsets": [begin, end]}, ..., "__metadata__": {str: str}}`` padded with
spaces to a multiple of 8, then the tensors' bytes, contiguous and
little-endian, offsets relative to the end of the header.

As the reference implementation does, saving refuses tensors that share
memory and non-contiguous tensors, and loading refuses headers whose offsets
overlap, leave gaps, or point past the end of the file.

ember.save_safetensors/load_safetensors are save_file/load_file here;
save/load work on bytes.
"""

import io
import json
import os
import struct

from ember import _C, _fileio

__all__ = ["save_file", "load_file", "save", "load", "SafetensorError"]

# The reference's limit: a larger header is a damaged or hostile file.
MAX_HEADER_SIZE = 100_000_000

DTYPE_NAMES = {
    _C.bool: "BOOL",
    _C.uint8: "U8",
    _C.int8: "I8",
    _C.int16: "I16",
    _C.int32: "I32",
    _C.int64: "I64",
    _C.float16: "F16",
    _C.bfloat16: "BF16",
    _C.float32: "F32",
    _C.float64: "F64",
    _C.complex64: "C64",
}
DTYPES = {v: k for k, v in DTYPE_NAMES.items()}
# The reference writes tensors in this order of dtypes (widest first, so
# each starts aligned to its element size), then by name: so does ember, and
# the same tensors make the same file.
WRITE_ORDER = {
    name: i for i, name in enumerate(["I64", "F64", "C64", "F32", "I32", "BF16", "F16", "I16", "I8", "U8", "BOOL"])
}


class SafetensorError(RuntimeError):
    """A file that is not valid safetensors.

    Example:

    >>> ember.safetensors.load(b"not a safetensors file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    ember.safetensors.SafetensorError: load_safetensors: <bytes> is not a valid safetensors file: ...
    """


# ---------------------------------------------------------------- saving


def _check_tensors(tensors, metadata):
    if not isinstance(tensors, dict):
        raise TypeError(f"save_safetensors: expected a dict of str to Tensor, got {type(tensors).__name__}")
    for k, v in tensors.items():
        if not isinstance(k, str):
            raise TypeError(f"save_safetensors: key {k!r} is invalid: expected str, got {type(k).__name__}")
        if k == "__metadata__":
            raise ValueError("save_safetensors: '__metadata__' is reserved for the metadata; rename that tensor")
        if not isinstance(v, _C.Tensor):
            raise ValueError(f"save_safetensors: key {k!r} is invalid: expected a Tensor, got {type(v).__name__}")
        if v.dtype not in DTYPE_NAMES:
            raise TypeError(
                f"save_safetensors: tensor {k!r} has dtype {v.dtype}, which safetensors has no name for; "
                f"supported: {', '.join(str(d) for d in DTYPE_NAMES)}"
            )
        if not v.is_contiguous():
            raise ValueError(
                f"save_safetensors: tensor {k!r} is not contiguous; save the whole tensor and slice it after "
                "loading, or call .contiguous() first"
            )
    if metadata is not None and not (
        isinstance(metadata, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items())
    ):
        raise TypeError("save_safetensors: metadata must be a dict of str to str")
    shared = _shared_groups(tensors)
    if shared:
        raise RuntimeError(
            f"save_safetensors: some tensors share memory: {shared}; saved separately they would be "
            "duplicated on disk and no longer shared after loading. Save one of each (or .clone() them)"
        )


def _shared_groups(tensors):
    """Names of tensors whose bytes overlap in one storage, as sorted lists."""
    by_storage = {}
    for k, v in tensors.items():
        s = v.untyped_storage()
        if s.nbytes() and v.numel():
            start = v.data_ptr()
            key = (str(s.device), s.data_ptr())
            by_storage.setdefault(key, []).append((start, start + v.numel() * v.element_size(), k))
    groups = []
    for spans in by_storage.values():
        spans.sort()
        group, end = [spans[0][2]], spans[0][1]
        for start, stop, k in spans[1:]:
            if start < end:
                group.append(k)
            else:
                if len(group) > 1:
                    groups.append(sorted(group))
                group = [k]
            end = max(end, stop)
        if len(group) > 1:
            groups.append(sorted(group))
    return sorted(groups)


def _write(f, tensors, metadata):
    _fileio.check_little_endian("save_safetensors")
    _check_tensors(tensors, metadata)
    order = sorted(tensors, key=lambda k: (WRITE_ORDER[DTYPE_NAMES[tensors[k].dtype]], k))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for k in order:
        t = tensors[k]
        nbytes = t.numel() * t.element_size()
        header[k] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for k in order:
        t = tensors[k]
        if t.device.type != "cpu":
            t = t.cpu()  # one copy to the host, a tensor at a time
        f.write(_fileio.memory(t.data_ptr(), t.numel() * t.element_size()))


def save_file(tensors, filename, metadata=None):
    """Writes a dict of str to contiguous tensors to `filename` as
    safetensors, atomically; metadata is an optional dict of str to str.

    Example:

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), 'w.safetensors')
    >>> ember.safetensors.save_file({'b': ember.ones(2)}, path)
    >>> ember.safetensors.load_file(path)
    {'b': tensor([1., 1.])}
    """
    _check_tensors(tensors, metadata)  # before the file is touched
    with _fileio.atomic_write(filename) as f:
        _write(f, tensors, metadata)


def save(tensors, metadata=None):
    """The safetensors bytes of a dict of str to tensors.

    Example:

    >>> data = ember.safetensors.save({'x': ember.zeros(2)})
    >>> data[8:40]
    b'{"x":{"dtype":"F32","shape":[2],'
    """
    out = io.BytesIO()
    _write(out, tensors, metadata)
    return out.getvalue()


# ---------------------------------------------------------------- loading


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate keys in the header")
    return dict(pairs)


def _parse_header(fail, f, size):
    head = f.read(8)
    if len(head) < 8:
        raise fail(f"the file is {size} bytes, shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", head)
    if n > MAX_HEADER_SIZE:
        raise fail(f"the header length {n} exceeds the limit of {MAX_HEADER_SIZE} bytes")
    if 8 + n > size:
        raise fail(f"the header length {n} runs past the end of the {size}-byte file")
    raw = f.read(n)
    try:
        text = raw.decode("utf-8")
        if not text.startswith("{"):
            raise ValueError("the header does not start with '{'")
        header = json.loads(text, object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise fail(f"the header is not a JSON object ({e})") from None
    if type(header) is not dict:
        raise fail("the header is not a JSON object")
    return header, size - 8 - n


def _tensor_specs(fail, header, data_size):
    """[(name, dtype, shape, begin, end)] in file order, checked against each
    other and the data size; and the metadata."""
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not (type(metadata) is dict and all(type(v) is str for v in metadata.values())):
        raise fail("__metadata__ is not a dict of str to str")
    specs = []
    for name, info in header.items():
        if type(info) is not dict or set(info) != {"dtype", "shape", "data_offsets"}:
            raise fail(f"tensor {name!r}: expected dtype, shape and data_offsets, got {str(info)[:80]}")
        dtype, shape, offsets = info["dtype"], info["shape"], info["data_offsets"]
        if dtype not in DTYPES:
            raise fail(f"tensor {name!r}: unsupported dtype {dtype!r}; ember reads {', '.join(DTYPES)}")
        if type(shape) is not list or not all(type(s) is int and s >= 0 for s in shape):
            raise fail(f"tensor {name!r}: bad shape {shape!r}")
        if type(offsets) is not list or len(offsets) != 2 or not all(type(o) is int for o in offsets):
            raise fail(f"tensor {name!r}: bad data_offsets {offsets!r}")
        begin, end = offsets
        numel = 1
        for s in shape:
            numel *= s
        if not 0 <= begin <= end or end - begin != numel * DTYPES[dtype].itemsize:
            raise fail(f"tensor {name!r}: data_offsets {offsets} do not hold {dtype} of shape {shape}")
        specs.append((name, DTYPES[dtype], shape, begin, end))
    end = 0
    for name, _, _, begin, stop in sorted(specs, key=lambda s: (s[3], s[4])):
        if begin != end:
            what = "overlaps the previous tensor" if begin < end else f"leaves a gap at byte {end}"
            raise fail(f"tensor {name!r}: data_offsets start at {begin} and {what}")
        end = stop
    if end != data_size:
        raise fail(f"the tensors cover {end} bytes of data but the file holds {data_size}")
    return specs, metadata


def _failer(name):
    def fail(what):
        return SafetensorError(f"load_safetensors: {name} is not a valid safetensors file: {what}")

    return fail


def _read(f, name, size, device=None):
    fail = _failer(name)
    header, data_size = _parse_header(fail, f, size)
    specs, _ = _tensor_specs(fail, header, data_size)
    data_start = f.tell()
    out = {}
    for key, dtype, shape, begin, end in specs:
        base, view = _fileio.new_byte_storage(end - begin)
        f.seek(data_start + begin)
        if _fileio.read_into(f, view) != end - begin:
            raise fail(f"tensor {key!r} is cut short")
        t = base.view(dtype).reshape(shape)
        out[key] = t if device is None or device.type == "cpu" else t.to(device)
    return out


def load_file(filename, device="cpu"):
    """A dict of the tensors in the safetensors file `filename`, each in its
    own storage, in the header's order.

    Example:

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), 'w.safetensors')
    >>> ember.save_safetensors({'b': ember.ones(2)}, path, metadata={'step': '3'})
    >>> ember.load_safetensors(path)
    {'b': tensor([1., 1.])}
    """
    name = _fileio.file_name(filename)
    device = _fileio.load_device("load_safetensors", device, f"the tensors of {name} are", argument="device")
    _fileio.check_little_endian("load_safetensors")
    with open(filename, "rb") as f:
        return _read(f, name, os.fstat(f.fileno()).st_size, device)


def load(data):
    """The tensors in safetensors bytes.

    Example:

    >>> ember.safetensors.load(ember.safetensors.save({'x': ember.arange(3)}))
    {'x': tensor([0, 1, 2])}
    """
    _fileio.check_little_endian("load_safetensors")
    return _read(io.BytesIO(data), "<bytes>", len(data))


def load_metadata(filename):
    """The __metadata__ dict of a safetensors file (None when it has none)."""
    with open(filename, "rb") as f:
        fail = _failer(_fileio.file_name(filename))
        header, data_size = _parse_header(fail, f, os.fstat(f.fileno()).st_size)
        return _tensor_specs(fail, header, data_size)[1]
