// Flattens an elementwise loop into the struct a CUDA kernel takes by value.
#include <cstring>

#include "cuda_backend.h"
#include "elementwise_loop.h"
#include "ember/error.h"

namespace ember::cuda {

LaunchLayout launch_layout(const ElementwiseLoop& loop, std::span<const Tensor> operands, const char* op) {
  LaunchLayout l;
  const IntArrayRef shape = loop.shape();
  EMBER_CHECK(shape.size() <= kMaxDims, NotImplemented, op, ": CUDA kernels index at most ", kMaxDims,
              " dims after merging contiguous ones; this layout has ", shape.size(), " (call contiguous() first)");
  l.ndim = static_cast<int32_t>(shape.size());
  l.noperands = static_cast<int32_t>(operands.size());
  l.numel = loop.numel();
  for (int64_t d = 0; d < l.ndim; ++d) l.sizes[d] = shape[d];
  for (int k = 0; k < l.noperands; ++k) {
    const IntArrayRef strides = loop.strides(k);
    for (int64_t d = 0; d < l.ndim; ++d) l.strides[k][d] = strides[d];
    l.data[k] = loop.base(k);
    if (operands[k].device().is_cpu()) {
      // The front end allowed it only as a single value (0-d tensor or number).
      std::memcpy(l.scalar[k], operands[k].data_ptr(), itemsize(operands[k].dtype()));
      l.host_scalars |= 1u << k;
      l.data[k] = nullptr;
      for (int64_t d = 0; d < l.ndim; ++d) l.strides[k][d] = 0;
    }
  }
  return l;
}

}  // namespace ember::cuda
