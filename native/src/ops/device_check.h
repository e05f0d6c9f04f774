// Which device an op runs on, and the one place that says a device has no
// kernel for an op in this build.
#pragma once

#include <initializer_list>
#include <span>

#include "ember/error.h"
#include "ember/tensor.h"

namespace ember {

inline void require_cpu(const Tensor& t, const char* op) {
  EMBER_CHECK(t.device().is_cpu(), NotImplemented, op, ": no kernel for device '", t.device().str(),
              "' in this build of ember");
}

// The device of an op's tensors (undefined ones skipped), which must agree,
// except that CPU 0-d tensors may join device tensors as values (PyTorch's rule).
inline Device op_device(std::span<const Tensor> tensors, const char* op) {
  Device device;
  const Tensor* first = nullptr;
  for (const Tensor& t : tensors) {
    if (!t.defined() || (t.device().is_cpu() && t.dim() == 0)) continue;
    if (!first) {
      first = &t;
      device = t.device();
      continue;
    }
    EMBER_CHECK(t.device() == device, Runtime, op,
                ": expected all tensors to be on the same device, but found at least two devices, ", device.str(),
                " and ", t.device().str(), "!");
  }
  return device;
}
inline Device op_device(std::initializer_list<Tensor> tensors, const char* op) {
  return op_device(std::span<const Tensor>(tensors.begin(), tensors.size()), op);
}

}  // namespace ember
