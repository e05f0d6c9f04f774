"""DLPack both ways (Tensor.__dlpack__, ember.from_dlpack) and bfloat16 with ml_dtypes.

Memory is shared: every test writes through one side and reads the other."""

import ctypes
import gc
import sys

import numpy as np
import pytest

import ember

NUMPY_DTYPES = [
    (ember.bool, np.bool_),
    (ember.uint8, np.uint8),
    (ember.int8, np.int8),
    (ember.int16, np.int16),
    (ember.int32, np.int32),
    (ember.int64, np.int64),
    (ember.float16, np.float16),
    (ember.float32, np.float32),
    (ember.float64, np.float64),
    (ember.complex64, np.complex64),
    (ember.complex128, np.complex128),
]
DTYPE_IDS = [repr(d) for d, _ in NUMPY_DTYPES]


def _layouts(dtype):
    """Tensors of several layouts over fresh storage, with values 1, 2, ..."""
    base = ember.arange(1, 25).to(dtype)
    return {
        "contiguous": base.as_strided((2, 3, 4), (12, 4, 1)),
        "transposed": base.as_strided((4, 6), (6, 1)).t(),
        "stepped": base.as_strided((3, 4), (8, 2), 1),
        "0-d": base.as_strided((), (), 5),
        "empty": base.as_strided((0, 3), (3, 1)),
        "size-1 dims": base.as_strided((1, 4, 1), (100, 3, 7)),
    }


# ------------------------------------------------------------------- export


@pytest.mark.parametrize("dtype, npd", NUMPY_DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "0-d", "empty", "size-1 dims"])
def test_numpy_reads_and_writes_ember_memory(layout, dtype, npd):
    t = _layouts(dtype)[layout]
    arr = np.from_dlpack(t)
    assert arr.dtype == npd and arr.shape == tuple(t.shape)
    assert arr.tolist() == t.tolist()
    if layout in ("contiguous", "transposed", "stepped", "0-d"):
        assert arr.strides == tuple(s * t.element_size() for s in t.stride())
    if t.numel():
        index = (0,) * t.ndim
        arr[index] = 0
        assert t[index].item() == 0  # the write shows in the tensor
        t.fill_(1)
        assert np.all(arr == 1)  # and the other way round


def test_export_outlives_the_tensor():
    arr = np.from_dlpack(ember.arange(5.0))  # the tensor is a temporary
    gc.collect()
    assert arr.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    capsule = ember.arange(3).__dlpack__()
    gc.collect()
    assert ember.from_dlpack(capsule).tolist() == [0, 1, 2]


def test_expanded_tensors_export_with_zero_strides():
    t = ember.tensor([[1.0], [2.0], [3.0]]).as_strided((3, 4), (1, 0))
    arr = np.from_dlpack(t)
    assert arr.strides == (4, 0) and arr.tolist() == t.tolist()


def test_capsule_names_follow_max_version():
    t = ember.ones(2)
    assert "dltensor_versioned" in repr(t.__dlpack__(max_version=(1, 0)))
    assert "dltensor_versioned" in repr(t.__dlpack__(max_version=(1, 3)))
    for legacy in (t.__dlpack__(), t.__dlpack__(max_version=(0, 8))):
        assert '"dltensor"' in repr(legacy)
    assert t.__dlpack_device__() == (1, 0)


class DLDevice(ctypes.Structure):
    _fields_ = [("device_type", ctypes.c_int32), ("device_id", ctypes.c_int32)]


class DLDataType(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint8), ("bits", ctypes.c_uint8), ("lanes", ctypes.c_uint16)]


class DLTensor(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.c_void_p),
        ("device", DLDevice),
        ("ndim", ctypes.c_int32),
        ("dtype", DLDataType),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("strides", ctypes.POINTER(ctypes.c_int64)),
        ("byte_offset", ctypes.c_uint64),
    ]


class DLManagedTensorVersioned(ctypes.Structure):
    _fields_ = [
        ("major", ctypes.c_uint32),
        ("minor", ctypes.c_uint32),
        ("manager_ctx", ctypes.c_void_p),
        ("deleter", ctypes.c_void_p),
        ("flags", ctypes.c_uint64),
        ("dl_tensor", DLTensor),
    ]


def _read_versioned(capsule):
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return DLManagedTensorVersioned.from_address(get(capsule, b"dltensor_versioned"))


# kDLInt 0, kDLUInt 1, kDLFloat 2, kDLBfloat 4, kDLComplex 5, kDLBool 6 (the DLPack spec)
@pytest.mark.parametrize(
    "dtype, code, bits",
    [
        (ember.bool, 6, 8),
        (ember.uint8, 1, 8),
        (ember.int8, 0, 8),
        (ember.int64, 0, 64),
        (ember.float16, 2, 16),
        (ember.bfloat16, 4, 16),
        (ember.float32, 2, 32),
        (ember.complex64, 5, 64),
        (ember.complex128, 5, 128),
    ],
)
def test_exported_struct_follows_the_spec(dtype, code, bits):
    t = ember.zeros(3, 4, dtype=dtype).t()
    capsule = t.__dlpack__(max_version=(1, 0))
    m = _read_versioned(capsule)
    dl = m.dl_tensor
    assert (m.major, m.flags) == (1, 0)
    assert (dl.dtype.code, dl.dtype.bits, dl.dtype.lanes) == (code, bits, 1)
    assert (dl.device.device_type, dl.device.device_id, dl.ndim) == (1, 0, 2)
    assert [dl.shape[i] for i in range(2)] == [4, 3] and [dl.strides[i] for i in range(2)] == [1, 4]
    assert dl.data + dl.byte_offset == t.data_ptr()
    copied = _read_versioned(t.__dlpack__(max_version=(1, 0), copy=True))
    assert copied.flags == 2 and copied.dl_tensor.data != t.data_ptr()  # DLPACK_FLAG_BITMASK_IS_COPIED


def test_export_options():
    t = ember.ones(3)
    copy = ember.from_dlpack(t.__dlpack__(copy=True))
    copy.fill_(5)
    assert t.tolist() == [1.0, 1.0, 1.0]
    shared = ember.from_dlpack(t.__dlpack__(copy=False, dl_device=(1, 0), stream=None))
    shared.fill_(5)
    assert t.tolist() == [5.0, 5.0, 5.0]


def test_export_errors():
    t = ember.ones(2)
    with pytest.raises(BufferError, match="requires grad"):
        ember.ones(2, requires_grad=True).__dlpack__()
    with pytest.raises(BufferError, match="stream must be None"):
        t.__dlpack__(stream=1)
    with pytest.raises(BufferError, match="dl_device"):
        t.__dlpack__(dl_device=(2, 0))
    with pytest.raises(TypeError, match="max_version must be a \\(major, minor\\) tuple"):
        t.__dlpack__(max_version=1)
    with pytest.raises(TypeError):
        t.__dlpack__(1)  # keyword-only, as the protocol says


# ------------------------------------------------------------------- import


@pytest.mark.parametrize("dtype, npd", NUMPY_DTYPES, ids=DTYPE_IDS)
def test_ember_reads_and_writes_numpy_memory(dtype, npd):
    base = np.arange(1, 25).astype(npd)
    for arr in (base.reshape(2, 3, 4), base.reshape(4, 6).T, base.reshape(4, 6)[::2, 1::3], base[5:6].reshape(())):
        t = ember.from_dlpack(arr)
        assert t.dtype is dtype and t.shape == arr.shape
        assert t.stride() == tuple(s // arr.itemsize for s in arr.strides)
        assert t.tolist() == arr.tolist()
        t.fill_(0)
        assert not np.any(arr)  # the write shows in the array
        arr[...] = 1
        assert t.tolist() == np.ones(arr.shape, npd).tolist()
    empty = ember.from_dlpack(np.zeros((0, 3), npd))
    assert empty.shape == (0, 3) and empty.dtype is dtype


def test_import_keeps_the_producer_alive():
    t = ember.from_dlpack(np.arange(4.0) * 2)  # the array is a temporary
    gc.collect()
    assert t.tolist() == [0.0, 2.0, 4.0, 6.0]


@pytest.mark.parametrize("dtype", [d for d, _ in NUMPY_DTYPES] + [ember.bfloat16], ids=repr)
def test_ember_to_ember_shares_memory(dtype):
    t = ember.zeros(2, 3, dtype=dtype).t()
    for other in (
        ember.from_dlpack(t),
        ember.from_dlpack(t.__dlpack__()),
        ember.from_dlpack(t.__dlpack__(max_version=(1, 0))),
    ):
        assert other is not t and other.dtype is dtype and other.stride() == t.stride()
        assert other.data_ptr() == t.data_ptr()
        other.fill_(1)
        assert t.tolist() == [[1, 1], [1, 1], [1, 1]]
        t.zero_()


def test_a_capsule_is_consumed_once():
    capsule = ember.ones(2).__dlpack__(max_version=(1, 0))
    ember.from_dlpack(capsule)
    assert "used_dltensor_versioned" in repr(capsule)
    with pytest.raises(RuntimeError, match="already consumed"):
        ember.from_dlpack(capsule)
    legacy = np.arange(2.0).__dlpack__()
    assert ember.from_dlpack(legacy).tolist() == [0.0, 1.0]
    assert "used_dltensor" in repr(legacy)


def test_producers_without_max_version_are_asked_again():
    class OldProducer:
        def __init__(self, t):
            self.t = t

        def __dlpack__(self, stream=None):
            return self.t.__dlpack__()

        def __dlpack_device__(self):
            return (1, 0)

    src = ember.arange(3)
    out = ember.from_dlpack(OldProducer(src))
    out.fill_(7)
    assert src.tolist() == [7, 7, 7]


def test_import_errors():
    with pytest.raises(TypeError, match="from_dlpack: expected an object with __dlpack__"):
        ember.from_dlpack([1, 2])
    ro = np.arange(3.0)
    ro.flags.writeable = False
    with pytest.raises(BufferError, match="read-only"):
        ember.from_dlpack(ro)
    with pytest.raises(BufferError, match="unsupported DLPack dtype \\(code 1, bits 16"):
        ember.from_dlpack(np.arange(3, dtype=np.uint16))
    with pytest.raises(BufferError, match="negative strides"):
        ember.from_dlpack(np.arange(3.0)[::-1])
    with pytest.raises(BufferError):  # NumPy itself refuses: DLPack has no byte order
        ember.from_dlpack(np.arange(3, dtype=">f4"))

    class OnGPU:
        def __dlpack__(self, **kwargs):
            raise AssertionError("must not be asked")

        def __dlpack_device__(self):
            return (2, 0)

    with pytest.raises(BufferError, match="ember can only import CPU memory"):
        ember.from_dlpack(OnGPU())


# --------------------------------------------------- bfloat16 with ml_dtypes


def test_bfloat16_numpy_round_trip_with_ml_dtypes():
    ml_dtypes = pytest.importorskip("ml_dtypes")
    t = ember.tensor([1.5, -2.0, 0.10009765625], dtype=ember.bfloat16)
    arr = t.numpy()
    assert arr.dtype == ml_dtypes.bfloat16 and arr.astype(np.float32).tolist() == t.tolist()
    arr[0] = 3.0
    assert t.tolist()[0] == 3.0  # shared memory
    back = ember.from_numpy(np.array([0.5, 0.25], dtype=ml_dtypes.bfloat16))
    assert back.dtype is ember.bfloat16 and back.tolist() == [0.5, 0.25]
    assert ember.as_tensor(arr).data_ptr() == arr.ctypes.data
    assert ember.tensor(arr).dtype is ember.bfloat16
    strided = ember.arange(6.0).to(ember.bfloat16).as_strided((2, 3), (1, 2))
    assert strided.numpy().astype(np.float32).tolist() == strided.tolist()


def test_bfloat16_numpy_without_ml_dtypes_says_what_to_do(monkeypatch):
    monkeypatch.setitem(sys.modules, "ml_dtypes", None)  # makes `import ml_dtypes` fail
    with pytest.raises(TypeError, match="NumPy has no bfloat16; install ml_dtypes"):
        ember.ones(2, dtype=ember.bfloat16).numpy()
