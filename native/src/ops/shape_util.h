// Helpers shared by the shape ops (shape_*.cpp); not part of the public API.
#pragma once

#include <span>
#include <vector>

#include "ember/ops.h"
#include "ember/promotion.h"

namespace ember::shape {

// `t` read backwards along dim: a negative-stride view that only ever feeds a
// copy (ember's public views have non-negative strides).
inline Tensor reversed(const Tensor& t, int64_t dim) {
  if (t.size(dim) == 0) return t;
  DimVector strides(t.strides());
  const int64_t offset = t.impl()->storage_offset() + (t.size(dim) - 1) * t.stride(dim);
  strides[dim] = -strides[dim];
  return make_view(t, t.sizes(), strides, offset);
}

// `t` (size 1 along dim) repeated `n` times along dim without copying.
inline Tensor repeated(const Tensor& t, int64_t dim, int64_t n) {
  DimVector sizes(t.sizes()), strides(t.strides());
  sizes[dim] = n;
  strides[dim] = 0;
  return make_view(t, sizes, strides, t.impl()->storage_offset());
}

// Raises unless every tensor is on the first one's device.
inline void require_same_device(std::span<const Tensor> tensors, const char* op) {
  for (size_t i = 1; i < tensors.size(); ++i)
    EMBER_CHECK(tensors[i].device() == tensors[0].device(), Runtime, op,
                ": expected all tensors to be on the same device, but found ", tensors[0].device().str(), " and ",
                tensors[i].device().str(), " (tensor ", i, ")");
}

// The dtype every tensor converts to (PyTorch's result_type over tensors).
inline DType promoted_dtype(std::span<const Tensor> tensors) {
  DType dtype = tensors[0].dtype();
  for (const Tensor& t : tensors) dtype = promote_types(dtype, t.dtype());
  return dtype;
}

}  // namespace ember::shape
