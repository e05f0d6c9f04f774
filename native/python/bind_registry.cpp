// ember._C._op_registry(): the core's op registry, for tests and autograd.
#include "casters.h"
#include "ember/op_registry.h"

namespace ember::python {

void bind_registry(py::module_& m) {
  using namespace pybind11::literals;
  m.def(
      "_op_registry",
      [] {
        py::list ops;
        for (const OpSchema& op : op_registry())
          ops.append(py::dict("name"_a = py::str(op.name.data(), op.name.size()), "kind"_a = kind_name(op.kind),
                              "differentiable"_a = op.differentiable));
        return ops;
      },
      "Every op the core provides, as dicts {name, kind, differentiable}, in registry order.");
}

}  // namespace ember::python
