"""File plumbing shared by ember.save/load and ember.safetensors: atomic
writes, raw tensor bytes without copies (device tensors go through one copy
to the host), reading bytes into new storage, and the devices loads may
target."""

import contextlib
import os
import sys

from ember import _C, _creation


def check_little_endian(what):
    # Both formats store little-endian bytes, which is what the CPU holds.
    if sys.byteorder != "little":
        raise NotImplementedError(f"{what}: big-endian machines are not supported")


def file_name(f):
    """How to name a path or file object in an error message."""
    if isinstance(f, (str, bytes, os.PathLike)):
        return repr(os.fsdecode(f))
    name = getattr(f, "name", None)
    return repr(name) if isinstance(name, str) else f"<{type(f).__name__} object>"


def is_path(f):
    return isinstance(f, (str, bytes, os.PathLike))


@contextlib.contextmanager
def atomic_write(path):
    """A binary file to write that becomes `path` only when the block ends
    without an exception: a temporary file in the same directory (so
    os.replace is atomic), flushed and fsynced first. On failure the old
    file is untouched and the temporary file is removed."""
    path = os.fsdecode(path)
    directory, base = os.path.split(os.path.abspath(path))
    while True:
        tmp = os.path.join(directory, f".{base}.{os.urandom(6).hex()}.tmp")
        try:
            # 0o666 so the umask decides the permissions, as with open(path, "wb")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            break
        except FileExistsError:
            continue
        except FileNotFoundError as e:  # name the file asked for, not the temporary one
            raise FileNotFoundError(
                e.errno, f"can't write {path!r}: its directory {directory!r} does not exist"
            ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory):
    # The rename itself survives a crash only once the directory is synced.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def memory(address, nbytes):
    """A writable memoryview of `nbytes` at `address` (no copy); the caller
    keeps the owner alive while it is used."""
    import ctypes  # here, to keep `import ember` fast

    if nbytes == 0:
        return memoryview(bytearray())
    return memoryview((ctypes.c_char * nbytes).from_address(address)).cast("B")


def storage_memory(storage):
    """The bytes of a CPU storage, as a memoryview without copying."""
    return memory(storage.data_ptr(), storage.nbytes())


def whole_elements(t, what):
    """How many of t's elements its whole storage holds, or NotImplementedError
    naming `what` when its bytes are not whole elements (a device storage is
    copied to the host as elements of t's dtype)."""
    nbytes, item = t.untyped_storage().nbytes(), t.element_size()
    if nbytes % item:
        raise NotImplementedError(
            f"{what} is on {t.device} in a storage of {nbytes} bytes, not a whole number of its "
            f"{t.dtype} elements ({item} bytes); save a .clone() of it"
        )
    return nbytes // item


def host_storage_bytes(t, what):
    """The bytes of t's whole storage as host memory: a view of the storage
    itself on the CPU; on a device, of a host copy, returned with it (keep
    the copy alive while the view is used)."""
    storage = t.untyped_storage()
    if storage.device.type == "cpu":
        return storage_memory(storage), None
    whole = _C.as_strided(t.detach(), (whole_elements(t, what),), (1,), 0).view(_C.uint8).cpu()
    return memory(whole.data_ptr(), storage.nbytes()), whole


def load_device(op, device, what, argument="map_location"):
    """`device` (a string or ember.device) as an ember.device that can hold
    tensors in this process, or RuntimeError naming op, `what` and the
    argument that picks another device."""
    device = _C.device(f"cuda:{device}" if type(device) is int else str(device))  # an int is a CUDA index
    if device.type == "cpu":
        return device
    from ember import cuda  # here, to keep `import ember` fast

    if not cuda.is_available():
        raise RuntimeError(
            f"{op}: {what} to be loaded on {str(device)!r}, but CUDA is not available here "
            f"({cuda.unavailable_reason()}); pass {argument}='cpu' to load on the CPU"
        )
    count = cuda.device_count()
    if device.index is not None and device.index >= count:
        raise RuntimeError(
            f"{op}: {what} to be loaded on {str(device)!r}, but there {'is' if count == 1 else 'are'} only "
            f"{count} CUDA device{'' if count == 1 else 's'}; pick an existing one with {argument}"
        )
    return device


def new_byte_storage(nbytes):
    """A fresh uint8 tensor of `nbytes` (its own storage) and a writable
    memoryview of its bytes."""
    base = _creation.empty((nbytes,), dtype=_C.uint8)
    return base, memory(base.data_ptr(), nbytes)


def read_into(f, view):
    """Fill `view` from `f`; returns how many bytes were read (fewer at end of file)."""
    done = 0
    while done < len(view):
        n = f.readinto(view[done:])
        if not n:
            break
        done += n
    return done
