// A C++ op against ember-core's installed headers, bound with pybind11.
#include <pybind11/pybind11.h>

#include "ember/ops.h"
#include "ember/tensor.h"

namespace py = pybind11;
// The holder ember._C registers its Tensor with (native/python/casters.h).
PYBIND11_DECLARE_HOLDER_TYPE(T, ember::intrusive_ptr<T>, true)

using TensorPtr = ember::intrusive_ptr<ember::TensorImpl>;

// input + 2 * other, through ember's own add (validation, promotion, broadcasting, threads).
TensorPtr scaled_add(const TensorPtr& input, const TensorPtr& other) {
  ember::Tensor a(input), b(other);
  return ember::add(a, b, ember::Scalar(int64_t{2})).impl_ptr();
}

PYBIND11_MODULE(ember_scaled_add, m) {
  py::module_::import("ember");  // registers ember.Tensor with pybind11 first
  m.def("scaled_add", &scaled_add, "input + 2 * other");
}
