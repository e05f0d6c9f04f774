#include <optional>

#include "casters.h"
#include "ember/allocator.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

PyObject* g_size_type = nullptr;  // ember.Size, registered from Python
PyTypeObject* g_tensor_type = nullptr;

// copy_'s source seen at the destination's shape: it broadcasts, as PyTorch's does.
Tensor broadcast_source(const Tensor& src, IntArrayRef shape) {
  if (same_dims(src.sizes(), shape)) return src;
  bool fits = src.dim() <= static_cast<int64_t>(shape.size());
  for (int64_t i = 1; fits && i <= src.dim(); ++i) {
    const int64_t s = src.sizes()[src.dim() - i], d = shape[shape.size() - i];
    fits = s == d || s == 1;
  }
  EMBER_CHECK(fits, Runtime, "copy_: source of shape ", shape_str(src.sizes()),
              " can't be broadcast to the destination's shape ", shape_str(shape));
  return expand(src, shape);
}

}  // namespace

PyTypeObject* tensor_type() { return g_tensor_type; }

py::object make_size(IntArrayRef sizes) {
  // Size is a tuple subclass without __new__: its instances are filled like tuples, as tuple's own
  // subclass constructor does, without a Python-level call (shape is read on every recorded op).
  auto* type = reinterpret_cast<PyTypeObject*>(g_size_type ? g_size_type : reinterpret_cast<PyObject*>(&PyTuple_Type));
  PyObject* t = type == &PyTuple_Type ? PyTuple_New(static_cast<Py_ssize_t>(sizes.size()))
                                      : type->tp_alloc(type, static_cast<Py_ssize_t>(sizes.size()));
  if (t == nullptr) throw py::error_already_set();
  py::object owner = py::reinterpret_steal<py::object>(t);
  for (size_t i = 0; i < sizes.size(); ++i) {
    PyObject* v = PyLong_FromLongLong(sizes[i]);
    if (v == nullptr) throw py::error_already_set();
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(i), v);
  }
  return owner;
}

DimVector to_dims(const py::handle& seq, const char* op) {
  EMBER_CHECK(PySequence_Check(seq.ptr()) && !PyUnicode_Check(seq.ptr()), Type, op,
              ": expected a sequence of ints, got ", Py_TYPE(seq.ptr())->tp_name);
  DimVector dims;
  for (py::handle item : seq) {
    // bool is an int to Python, but never a size or a dim to PyTorch.
    EMBER_CHECK(PyIndex_Check(item.ptr()) && !PyBool_Check(item.ptr()), Type, op,
                ": expected a sequence of ints, got an element of type ", Py_TYPE(item.ptr())->tp_name);
    dims.push_back(item.cast<int64_t>());
  }
  return dims;
}

void bind_tensor(py::module_& m) {
  m.def("_register_size_type", [](py::object type) { g_size_type = type.inc_ref().ptr(); });
  m.def("_cpu_cached_bytes", &cpu_cached_bytes, "Bytes of freed large blocks the CPU allocator keeps for reuse.");
  m.def("_cpu_empty_cache", &cpu_empty_cache, "Gives the CPU allocator's cached large blocks back to the system.");

  py::class_<TensorImpl, intrusive_ptr<TensorImpl>>(m, "Tensor", "A multi-dimensional array of one dtype.")
      .def_property_readonly("shape", [](const Tensor& t) { return make_size(t.sizes()); })
      .def_property_readonly("dtype", [](const Tensor& t) { return t.dtype(); })
      .def_property_readonly("ndim", [](const Tensor& t) { return t.dim(); })
      .def_property_readonly("device", [](const Tensor& t) { return device_object(t.device()); })
      .def_property_readonly("is_cuda", [](const Tensor& t) { return !t.device().is_cpu(); })
      .def_property(
          "requires_grad", [](const Tensor& t) { return t.impl()->requires_grad; },
          [](const Tensor& t, bool value) {
            EMBER_CHECK(!value || is_floating(t.dtype()) || is_complex(t.dtype()), Runtime,
                        "requires_grad: only tensors of floating point and complex dtype can require gradients, "
                        "got ",
                        name(t.dtype()));
            t.impl()->requires_grad = value;
          })
      .def(
          "size",
          [](const Tensor& t, std::optional<int64_t> dim) -> py::object {
            if (!dim) return make_size(t.sizes());
            return py::int_(t.size(wrap_dim(*dim, t.dim(), "size")));
          },
          py::arg("dim") = py::none())
      .def(
          "stride",
          [](const Tensor& t, std::optional<int64_t> dim) -> py::object {
            if (!dim) return py::tuple(py::cast(std::vector<int64_t>(t.strides().begin(), t.strides().end())));
            return py::int_(t.stride(wrap_dim(*dim, t.dim(), "stride")));
          },
          py::arg("dim") = py::none())
      .def("dim", [](const Tensor& t) { return t.dim(); })
      .def("numel", [](const Tensor& t) { return t.numel(); })
      .def("element_size", [](const Tensor& t) { return itemsize(t.dtype()); })
      .def("is_contiguous", [](const Tensor& t) { return t.is_contiguous(); })
      .def("storage_offset", [](const Tensor& t) { return t.impl()->storage_offset(); })
      .def("data_ptr", [](const Tensor& t) { return reinterpret_cast<uintptr_t>(t.data_ptr()); })
      .def("_version", [](const Tensor& t) { return t.impl()->storage()->version(); })
      .def("__len__",
           [](const Tensor& t) {
             EMBER_CHECK(t.dim() > 0, Type, "len() of a 0-d tensor");
             return t.size(0);
           })
      .def("contiguous", &contiguous)
      .def("clone", &clone)
      .def("_to_dtype", &to_dtype, py::arg("dtype"), py::arg("copy") = false)
      .def(
          "copy_",
          [](const Tensor& t, const Tensor& src) {
            copy_(t, broadcast_source(src, t.sizes()));
            return t;
          },
          py::arg("src"))
      .def("narrow", &narrow, py::arg("dim"), py::arg("start"), py::arg("length"))
      .def("select", &select, py::arg("dim"), py::arg("index"))
      .def("_slice", &slice, py::arg("dim"), py::arg("start"), py::arg("stop"), py::arg("step"))
      .def("unsqueeze", &unsqueeze, py::arg("dim"))
      .def("transpose", &transpose, py::arg("dim0"), py::arg("dim1"))
      .def("t", &t)
      .def(
          "as_strided",
          [](const Tensor& t, py::handle size, py::handle stride, std::optional<int64_t> offset) {
            return as_strided(t, to_dims(size, "as_strided"), to_dims(stride, "as_strided"), offset);
          },
          py::arg("size"), py::arg("stride"), py::arg("storage_offset") = py::none());
  g_tensor_type = reinterpret_cast<PyTypeObject*>(m.attr("Tensor").ptr());
  install_tensor_object(g_tensor_type);
}

}  // namespace ember::python
