// The one place that says a device has no kernels in this build.
#pragma once

#include "ember/error.h"
#include "ember/tensor.h"

namespace ember {

inline void require_cpu(const Tensor& t, const char* op) {
  EMBER_CHECK(t.device().is_cpu(), NotImplemented, op, ": no kernel for device '", t.device().str(),
              "' in this build of ember");
}

}  // namespace ember
