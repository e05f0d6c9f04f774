// Which device an op runs on, and the one place that says a device has no
// kernel for an op in this build.
#pragma once

#include <initializer_list>

#include "ember/error.h"
#include "ember/ops.h"
#include "ember/tensor.h"

namespace ember {

inline void require_cpu(const Tensor& t, const char* op) {
  EMBER_CHECK(t.device().is_cpu(), NotImplemented, op, ": no kernel for device '", t.device().str(),
              "' in this build of ember");
}

// The device of an op's tensors (undefined ones skipped), which must agree,
// except that CPU 0-d tensors may join device tensors as values (PyTorch's rule).
class OpDevice {
 public:
  explicit OpDevice(const char* op) : op_(op) {}
  OpDevice& add(const Tensor& t) {
    if (!t.defined() || (t.device().is_cpu() && t.dim() == 0)) return *this;
    if (!seen_) {
      seen_ = true;
      device_ = t.device();
      return *this;
    }
    EMBER_CHECK(t.device() == device_, Runtime, op_,
                ": expected all tensors to be on the same device, but found at least two devices, ", device_.str(),
                " and ", t.device().str(), "!");
    return *this;
  }
  Device device() const { return device_; }

 private:
  const char* op_;
  bool seen_ = false;
  Device device_;
};

inline Device op_device(std::initializer_list<Tensor> tensors, const char* op) {
  OpDevice d(op);
  for (const Tensor& t : tensors) d.add(t);
  return d.device();
}

// The value of a one-element tensor, read on the host: from a device that is a
// small copy, which waits for the work queued before it (for checks and sizes
// that must be known before a kernel runs).
inline int64_t host_int64(const Tensor& t) { return *to_device(to_dtype(t, DType::Int64), Device{}).data<int64_t>(); }
inline double host_double(const Tensor& t) { return *to_device(to_dtype(t, DType::Float64), Device{}).data<double>(); }

}  // namespace ember
