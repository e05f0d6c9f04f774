// The Python side of a tensor's autograd slot: ember.autograd's AutogradMeta.
#pragma once

#include "casters.h"

namespace ember::python {

struct PyAutogradSlot final : AutogradSlot {
  py::object meta;
  ~PyAutogradSlot() override {
    if (!meta) return;
    py::gil_scoped_acquire gil;
    meta = py::object();
  }
};

inline PyAutogradSlot* autograd_slot(const TensorImpl* t) { return static_cast<PyAutogradSlot*>(t->autograd.get()); }

}  // namespace ember::python
