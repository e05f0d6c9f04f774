#include "casters.h"
#include "ember/ops.h"

namespace ember::python {
namespace {

DimVector to_sizes(const std::vector<int64_t>& v) { return DimVector(IntArrayRef(v.data(), v.size())); }

}  // namespace

Scalar to_scalar(py::handle h, const char* op) {
  PyObject* o = h.ptr();
  if (PyBool_Check(o)) return Scalar(o == Py_True);
  if (PyFloat_Check(o)) return Scalar(PyFloat_AS_DOUBLE(o));
  if (PyLong_Check(o) || (PyIndex_Check(o) && !py::isinstance<TensorImpl>(h))) {  // NumPy ints too
    int overflow = 0;
    py::object as_int = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!as_int) throw py::error_already_set();
    long long v = PyLong_AsLongLongAndOverflow(as_int.ptr(), &overflow);
    EMBER_CHECK(!overflow, Overflow, op, ": Python int ", std::string(py::str(h)), " does not fit in int64");
    return Scalar(static_cast<int64_t>(v));
  }
  DType numpy_dtype;
  if (numpy_scalar_dtype(o, &numpy_dtype)) {  // by its dtype: np.complex64 also has __float__
    if (numpy_dtype == DType::Bool) return Scalar(PyObject_IsTrue(o) == 1);
    if (is_complex(numpy_dtype)) {
      Py_complex c = PyComplex_AsCComplex(o);
      if (PyErr_Occurred()) throw py::error_already_set();
      return Scalar(std::complex<double>(c.real, c.imag));
    }
    if (is_floating(numpy_dtype)) {
      const double v = PyFloat_AsDouble(o);
      if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
      return Scalar(v);
    }
  }
  if (PyComplex_Check(o)) return Scalar(std::complex<double>(PyComplex_RealAsDouble(o), PyComplex_ImagAsDouble(o)));
  if (py::isinstance<TensorImpl>(h)) {
    Tensor t = h.cast<Tensor>();
    EMBER_CHECK(t.numel() == 1, Runtime, op, ": a tensor with ", t.numel(),
                " elements cannot be used as a scalar (shape ", shape_str(t.sizes()), ")");
    return to_scalar(scalar_to_python(t, 0), op);
  }
  if (PyObject_HasAttrString(o, "__float__")) {
    double v = PyFloat_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
    return Scalar(v);
  }
  if (PyObject_HasAttrString(o, "__complex__")) {
    Py_complex c = PyComplex_AsCComplex(o);
    if (PyErr_Occurred()) throw py::error_already_set();
    return Scalar(std::complex<double>(c.real, c.imag));
  }
  EMBER_FAIL(Type, op, ": expected a number (bool, int, float or complex), got ", Py_TYPE(o)->tp_name);
}

void bind_creation(py::module_& m) {
  m.def("_get_default_dtype", &default_dtype);
  m.def("_set_default_dtype", &set_default_dtype);
  m.def(
      "_empty",
      [](const std::vector<int64_t>& size, DType dtype, py::handle device) {
        return empty(to_sizes(size), dtype, to_device(device, "empty"));
      },
      py::arg("size"), py::arg("dtype"), py::arg("device") = py::none());
  m.def(
      "_full",
      [](const std::vector<int64_t>& size, py::handle value, DType dtype, py::handle device) {
        return full(to_sizes(size), to_scalar(value, "full"), dtype, to_device(device, "full"));
      },
      py::arg("size"), py::arg("fill_value"), py::arg("dtype"), py::arg("device") = py::none());
  m.def(
      "_arange",
      [](py::handle start, py::handle end, py::handle step, DType dtype, py::handle device) {
        return arange(to_scalar(start, "arange"), to_scalar(end, "arange"), to_scalar(step, "arange"), dtype,
                      to_device(device, "arange"));
      },
      py::arg("start"), py::arg("end"), py::arg("step"), py::arg("dtype"), py::arg("device") = py::none());
  m.def("_empty_like", &empty_like, py::arg("input"), py::arg("dtype"));
  m.def(
      "_linspace",
      [](py::handle start, py::handle end, int64_t steps, DType dtype, py::handle device) {
        return linspace(to_scalar(start, "linspace"), to_scalar(end, "linspace"), steps, dtype,
                        to_device(device, "linspace"));
      },
      py::arg("start"), py::arg("end"), py::arg("steps"), py::arg("dtype"), py::arg("device") = py::none());
  m.def(
      "_logspace",
      [](py::handle start, py::handle end, int64_t steps, double base, DType dtype, py::handle device) {
        return logspace(to_scalar(start, "logspace"), to_scalar(end, "logspace"), steps, base, dtype,
                        to_device(device, "logspace"));
      },
      py::arg("start"), py::arg("end"), py::arg("steps"), py::arg("base"), py::arg("dtype"),
      py::arg("device") = py::none());
  m.def(
      "_eye",
      [](int64_t n, int64_t m, DType dtype, py::handle device) { return eye(n, m, dtype, to_device(device, "eye")); },
      py::arg("n"), py::arg("m"), py::arg("dtype"), py::arg("device") = py::none());

  m.def(
      "_fill",
      [](const Tensor& self, py::handle value, const std::string& op) {
        fill_(self, to_scalar(value, op.c_str()), op.c_str());
        return self;
      },
      py::arg("self"), py::arg("value"), py::arg("op"));  // fill_ whose errors name the calling op

  py::object tensor_cls = m.attr("Tensor");
  tensor_cls.attr("fill_") = py::cpp_function(
      [](const Tensor& self, py::handle value) {
        if (py::isinstance<TensorImpl>(value))
          fill_(self, value.cast<Tensor>());
        else
          fill_(self, to_scalar(value, "fill_"));
        return self;
      },
      py::is_method(tensor_cls), py::name("fill_"), py::arg("value"),
      py::doc("Fills self with value (a number or a 0-d tensor), in place."));
  tensor_cls.attr("zero_") = py::cpp_function(
      [](const Tensor& self) {
        fill_(self, Scalar(int64_t{0}));
        return self;
      },
      py::is_method(tensor_cls), py::name("zero_"), py::doc("Fills self with zeros, in place."));
}

}  // namespace ember::python
