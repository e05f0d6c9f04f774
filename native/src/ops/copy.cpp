#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"

namespace ember {

void copy_(const Tensor& dst, const Tensor& src) {
  EMBER_CHECK(same_dims(dst.sizes(), src.sizes()), Runtime, "copy_: destination shape ", shape_str(dst.sizes()),
              " does not match source shape ", shape_str(src.sizes()));
  require_cpu(dst, "copy_");
  require_cpu(src, "copy_");
  cpu::copy(dst, src);
  dst.impl()->storage()->bump_version();
}

Tensor clone(const Tensor& self) {
  Tensor out = empty(self.sizes(), self.dtype(), self.device());
  copy_(out, self);
  return out;
}

Tensor contiguous(const Tensor& self) { return self.is_contiguous() ? self : clone(self); }

Tensor to_dtype(const Tensor& self, DType dtype, bool copy) {
  if (dtype == self.dtype() && !copy) return self;
  Tensor out = empty(self.sizes(), dtype, self.device());
  copy_(out, self);
  return out;
}

}  // namespace ember
