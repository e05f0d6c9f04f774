// Zero-copy exchange with NumPy. NumPy is imported only when one of these
// is called, so `import ember` stays fast.
#include <pybind11/numpy.h>

#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

DType dtype_from_numpy(const py::dtype& dt) {
  const char kind = dt.kind();
  const auto size = dt.itemsize();
  EMBER_CHECK(dt.byteorder() != '>', Value, "from_numpy: big-endian arrays are not supported (dtype ",
              std::string(py::str(dt)), "); convert with array.astype(array.dtype.newbyteorder('='))");
  if (kind == 'b') return DType::Bool;
  if (kind == 'u' && size == 1) return DType::UInt8;
  if (kind == 'i' && size == 1) return DType::Int8;
  if (kind == 'i' && size == 2) return DType::Int16;
  if (kind == 'i' && size == 4) return DType::Int32;
  if (kind == 'i' && size == 8) return DType::Int64;
  if (kind == 'f' && size == 2) return DType::Float16;
  if (kind == 'f' && size == 4) return DType::Float32;
  if (kind == 'f' && size == 8) return DType::Float64;
  if (kind == 'c' && size == 8) return DType::Complex64;
  if (kind == 'c' && size == 16) return DType::Complex128;
  if (size == 2 && std::string(py::str(dt.attr("name"))) == "bfloat16") return DType::BFloat16;  // ml_dtypes
  EMBER_FAIL(Type, "from_numpy: can't convert a NumPy array of dtype ", std::string(py::str(dt)),
             "; the supported dtypes are float64, float32, float16, complex64, complex128, int64, int32, int16, "
             "int8, uint8 and bool");
}

py::dtype dtype_to_numpy(DType t) {
  if (t == DType::BFloat16) {
    py::module_ ml_dtypes;
    try {
      ml_dtypes = py::module_::import("ml_dtypes");
    } catch (py::error_already_set&) {
      EMBER_FAIL(Type,
                 "numpy: NumPy has no bfloat16; install ml_dtypes for it, or convert first with "
                 ".to(ember.float32)");
    }
    return py::dtype::from_args(ml_dtypes.attr("bfloat16"));
  }
  return py::dtype(std::string(name(t)));
}

void release_with_gil(void* ctx) {
  if (!Py_IsInitialized()) return;  // at exit the interpreter owns the memory
  py::gil_scoped_acquire gil;
  Py_DECREF(static_cast<PyObject*>(ctx));
}

Tensor from_numpy(py::handle obj) {
  py::module_ numpy = py::module_::import("numpy");
  EMBER_CHECK(py::isinstance(obj, numpy.attr("ndarray")), Type, "from_numpy: expected a numpy.ndarray, got ",
              Py_TYPE(obj.ptr())->tp_name);
  auto arr = py::reinterpret_borrow<py::array>(obj);
  const DType dtype = dtype_from_numpy(arr.dtype());
  const int64_t item = itemsize(dtype);
  DimVector sizes, strides;
  int64_t last = 0;  // furthest element reached, for the storage's extent
  bool empty_array = false;
  for (py::ssize_t d = 0; d < arr.ndim(); ++d) {
    const int64_t n = arr.shape(d), s = arr.strides(d);
    EMBER_CHECK(s >= 0, Value, "from_numpy: at least one stride of the array is negative (strides ",
                shape_str(IntArrayRef(reinterpret_cast<const int64_t*>(arr.strides()), arr.ndim())),
                "); negative strides are not supported: pass array.copy()");
    EMBER_CHECK(s % item == 0, Value, "from_numpy: stride ", s, " bytes of dim ", d,
                " is not a multiple of the element size ", item);
    sizes.push_back(n);
    strides.push_back(s / item);
    if (n == 0) empty_array = true;
    last += (n - 1) * (s / item);
  }
  if (!arr.writeable()) {
    if (PyErr_WarnEx(PyExc_UserWarning,
                     "from_numpy: the NumPy array is not writable; the tensor shares its memory, so writing to the "
                     "tensor is undefined. Copy the array first if you will write to it.",
                     1) < 0)
      throw py::error_already_set();
  }
  const size_t nbytes = empty_array ? 0 : static_cast<size_t>((last + 1) * item);
  PyObject* owner = arr.inc_ref().ptr();
  DataPtr data{const_cast<void*>(arr.data()), owner, &release_with_gil, Device{}};
  auto storage = make_intrusive<StorageImpl>(data, nbytes);
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), dtype, sizes, strides, 0));
}

py::array to_numpy(const Tensor& t) {
  EMBER_CHECK(t.device().is_cpu(), Type, "numpy: can't convert a tensor on device '", t.device().str(),
              "' to NumPy; copy it to the host first with .cpu()");
  EMBER_CHECK(!t.impl()->requires_grad, Runtime,
              "numpy: can't call numpy() on a tensor that requires grad; use tensor.detach().numpy()");
  const int64_t item = itemsize(t.dtype());
  std::vector<py::ssize_t> shape(t.sizes().begin(), t.sizes().end());
  std::vector<py::ssize_t> strides;
  for (int64_t s : t.strides()) strides.push_back(s * item);
  StorageImpl* storage = t.impl()->storage().get();
  storage->incref();  // the array's base keeps the storage alive
  py::capsule owner(storage, [](void* p) { static_cast<StorageImpl*>(p)->decref(); });
  return py::array(dtype_to_numpy(t.dtype()), shape, strides, t.data_ptr(), owner);
}

}  // namespace

bool numpy_scalar_dtype(PyObject* o, DType* out) {
  // NumPy scalar types live in module "numpy"; asking avoids importing NumPy.
  PyObject* module = PyObject_GetAttrString(reinterpret_cast<PyObject*>(Py_TYPE(o)), "__module__");
  if (!module) {
    PyErr_Clear();
    return false;
  }
  const bool is_numpy = PyUnicode_Check(module) && PyUnicode_CompareWithASCIIString(module, "numpy") == 0;
  Py_DECREF(module);
  if (!is_numpy || !PyObject_HasAttrString(o, "dtype") || PyObject_HasAttrString(o, "__len__")) return false;
  *out = dtype_from_numpy(py::reinterpret_borrow<py::object>(o).attr("dtype").cast<py::dtype>());
  return true;
}

void bind_numpy(py::module_& m) {
  m.def("from_numpy", &from_numpy, py::arg("ndarray"),
        "A tensor sharing memory with a NumPy array: writes to either show in both.");
  py::object tensor_cls = m.attr("Tensor");
  tensor_cls.attr("numpy") = py::cpp_function(&to_numpy, py::is_method(tensor_cls), py::name("numpy"),
                                              py::doc("A NumPy array sharing this tensor's memory."));
}

}  // namespace ember::python
