#include "casters.h"
#include "ember/error.h"

namespace ember::python {

void bind_errors(py::module_& m) {
  // Like PyTorch's: a RuntimeError, and also a MemoryError for code that catches that.
  static PyObject* oom_error =
      PyErr_NewException("ember.OutOfMemoryError",
                         py::make_tuple(py::handle(PyExc_RuntimeError), py::handle(PyExc_MemoryError)).ptr(), nullptr);
  if (!oom_error) throw py::error_already_set();
  m.attr("OutOfMemoryError") = py::handle(oom_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      PyObject* type = PyExc_RuntimeError;
      switch (e.kind()) {
        case ErrorKind::Runtime: type = PyExc_RuntimeError; break;
        case ErrorKind::Value: type = PyExc_ValueError; break;
        case ErrorKind::Type: type = PyExc_TypeError; break;
        case ErrorKind::Index: type = PyExc_IndexError; break;
        case ErrorKind::NotImplemented: type = PyExc_NotImplementedError; break;
        case ErrorKind::OutOfMemory: type = oom_error; break;
        case ErrorKind::Overflow: type = PyExc_OverflowError; break;
      }
      PyErr_SetString(type, e.what());
    }
  });
}

}  // namespace ember::python
