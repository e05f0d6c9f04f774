#include "casters.h"
#include "ember/ops.h"

namespace ember::python {

void bind_linalg(py::module_& m) {
  // Kernels run without the GIL so other Python threads keep going.
  m.def("matmul", &matmul, py::arg("input"), py::arg("other"), py::call_guard<py::gil_scoped_release>(),
        "Matrix product of two tensors.");
  py::object tensor_cls = m.attr("Tensor");
  auto method = [&](const char* name) {
    tensor_cls.attr(name) =
        py::cpp_function(&matmul, py::is_method(tensor_cls), py::name(name), py::call_guard<py::gil_scoped_release>());
  };
  method("matmul");
  method("__matmul__");
  m.def("set_num_threads", &set_num_threads, py::arg("num"), "Sets the number of threads used by CPU ops.");
  m.def("get_num_threads", &get_num_threads, "The number of threads used by CPU ops.");
}

}  // namespace ember::python
