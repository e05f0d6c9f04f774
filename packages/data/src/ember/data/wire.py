"""How tensors travel between processes.

ember tensors do not pickle, so here they travel as NumPy arrays: a worker
pickles a batch with protocol 5 and sends each array's memory out of band,
straight from the tensor (no copy into the pickle); the main process reads
every buffer into a fresh bytearray and wraps it with ember.from_numpy (no
copy either). That is one copy through the kernel each way, as with shared
memory, but nothing to unlink after a crash.

register_forking_reducer() also teaches multiprocessing's own pickler
(used for spawn's process arguments and mp.Queue) to send tensors, so a
TensorDataset reaches spawned workers.
"""

import copyreg
import io
import pickle
import struct
from multiprocessing.reduction import ForkingPickler

import ember

_COUNT = struct.Struct("!I")


def _as_array(tensor):
    """(array, dtype name to view it back as) for a tensor; bfloat16 has no
    NumPy dtype, so it travels as its bits."""
    if tensor.dtype == ember.bfloat16:
        return tensor.contiguous().view(ember.int16).numpy(), "bfloat16"
    return tensor.numpy(), None


def _from_array(array, view_as):
    tensor = ember.from_numpy(array)
    return tensor.view(ember.bfloat16) if view_as == "bfloat16" else tensor


def _reduce_tensor(tensor):
    return _from_array, _as_array(tensor)


class _Pickler(pickle.Pickler):
    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[ember.Tensor] = _reduce_tensor


def dumps(obj):
    """(header, buffers): obj pickled with its arrays' memory left out."""
    buffers = []
    stream = io.BytesIO()
    _Pickler(stream, protocol=5, buffer_callback=buffers.append).dump(obj)
    return stream.getvalue(), [b.raw() for b in buffers]


def send(conn, obj):
    """Sends obj over a multiprocessing Connection: the buffers' sizes and
    the header in one message, then each buffer as its own."""
    send_dumped(conn, dumps(obj))


def send_dumped(conn, dumped):
    """Sends what dumps() made."""
    header, buffers = dumped
    sizes = struct.pack(f"!{len(buffers)}Q", *(b.nbytes for b in buffers))
    conn.send_bytes(_COUNT.pack(len(buffers)) + sizes + header)
    for buffer in buffers:
        conn.send_bytes(buffer)


def recv(conn):
    """The object `send` sent; each array owns fresh writable memory that
    the pipe was read into directly."""
    head = conn.recv_bytes()
    (count,) = _COUNT.unpack_from(head)
    sizes = struct.unpack_from(f"!{count}Q", head, _COUNT.size)
    buffers = []
    for size in sizes:
        buffer = bytearray(size)
        conn.recv_bytes_into(buffer)
        buffers.append(buffer)
    return pickle.loads(memoryview(head)[_COUNT.size + 8 * count :], buffers=buffers)


def register_forking_reducer():
    """Lets multiprocessing's pickler (spawn arguments, mp.Queue) send tensors."""
    ForkingPickler.register(ember.Tensor, _reduce_tensor)
