// Copies within and between devices, and filling: the primitives every op
// front end uses to convert dtypes and move data.
#include <cstring>

#include "../core/cuda_backend.h"
#include "../core/elementwise_loop.h"
#include "../cpu/kernels.h"
#include "device_check.h"
#include "device_fill.h"
#include "ember/ops.h"

namespace ember {
namespace {

// dst = src (converting dtypes) on one CUDA device.
void copy_on_device(const Tensor& dst, const Tensor& src) {
  const std::array<Tensor, 2> operands{dst, src};
  const std::array<DimVector, 2> strides{DimVector(dst.strides()), broadcast_strides(src, dst.sizes())};
  ElementwiseLoop loop(dst.sizes(), operands, strides);
  if (loop.numel() == 0) return;
  cuda::backend().cast(cuda::launch_layout(loop, operands, "copy_"), dst.dtype(), src.dtype());
}

// dst = src across devices: converted and made dense on src's side, moved as
// bytes, then laid out on dst's side.
void copy_between_devices(const Tensor& dst, const Tensor& src, bool non_blocking) {
  if (dst.numel() == 0) return;
  const Tensor dense = contiguous(to_dtype(src, dst.dtype()));
  const Tensor target = dst.is_contiguous() ? dst : empty(dst.sizes(), dst.dtype(), dst.device());
  cuda::backend().memcpy(target.data_ptr(), target.device(), dense.data_ptr(), dense.device(),
                         static_cast<size_t>(dst.numel() * itemsize(dst.dtype())), non_blocking);
  if (target.impl() != dst.impl()) copy_(dst, target);  // lays out on dst's side (CPU or device)
}

}  // namespace

void copy_(const Tensor& dst, const Tensor& src) { copy_(dst, src, false); }

void copy_(const Tensor& dst, const Tensor& src, bool non_blocking) {
  EMBER_CHECK(same_dims(dst.sizes(), src.sizes()), Runtime, "copy_: destination shape ", shape_str(dst.sizes()),
              " does not match source shape ", shape_str(src.sizes()));
  if (dst.device().is_cpu() && src.device().is_cpu())
    cpu::copy(dst, src);
  else if (dst.device() == src.device())
    copy_on_device(dst, src);
  else
    copy_between_devices(dst, src, non_blocking);
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

Tensor to_device(const Tensor& self, Device device, bool non_blocking, bool copy) {
  if (device.type == DeviceType::CUDA && device.index < 0) device.index = cuda::backend().current_device();
  if (device == self.device() && !copy) return self;
  Tensor out = empty(self.sizes(), self.dtype(), device);
  copy_(out, self, non_blocking);
  return out;
}

void fill_values(const Tensor& t, const Scalar& value) {
  if (t.device().is_cpu()) {
    cpu::fill(t, value);
    return;
  }
  if (t.numel() == 0) return;
  Tensor one = empty({}, t.dtype());  // the value in t's dtype, as the CPU fill converts it
  cpu::fill(one, value);
  unsigned char bytes[16] = {};
  std::memcpy(bytes, one.data_ptr(), itemsize(t.dtype()));
  const std::array<Tensor, 1> operands{t};
  const std::array<DimVector, 1> strides{DimVector(t.strides())};
  ElementwiseLoop loop(t.sizes(), operands, strides);
  cuda::backend().fill(cuda::launch_layout(loop, operands, "fill_"), t.dtype(), bytes);
}

}  // namespace ember
