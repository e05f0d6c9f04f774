#include "ember/ops.h"

namespace ember {

int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op) {
  const int64_t lo = ndim == 0 ? -1 : -ndim, hi = ndim == 0 ? 0 : ndim - 1;
  EMBER_CHECK(dim >= lo && dim <= hi, Index, op, ": dimension out of range (expected to be in range of [", lo, ", ", hi,
              "], but got ", dim, ")");
  return dim < 0 ? dim + std::max<int64_t>(ndim, 1) : dim;
}

Tensor as_strided(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, std::optional<int64_t> offset) {
  EMBER_CHECK(sizes.size() == strides.size(), Runtime, "as_strided: size ", shape_str(sizes), " and stride ",
              shape_str(strides), " differ in length");
  const int64_t off = offset.value_or(self.impl()->storage_offset());
  EMBER_CHECK(off >= 0, Runtime, "as_strided: negative storage offset ", off);
  int64_t n = checked_numel(sizes, "as_strided");
  int64_t last = off;  // the furthest element the view can reach
  for (size_t d = 0; d < sizes.size(); ++d) {
    EMBER_CHECK(strides[d] >= 0, Runtime, "as_strided: negative stride ", strides[d], " in ", shape_str(strides));
    if (n > 0) last += (sizes[d] - 1) * strides[d];
  }
  const int64_t capacity = static_cast<int64_t>(self.impl()->storage()->nbytes()) / itemsize(self.dtype());
  EMBER_CHECK(n == 0 || last < capacity, Runtime, "as_strided: size ", shape_str(sizes), ", stride ",
              shape_str(strides), " and offset ", off, " reach element ", last, " of a storage holding ", capacity);
  return make_view(self, sizes, strides, off);
}

Tensor slice(const Tensor& self, int64_t dim, int64_t start, int64_t stop, int64_t step) {
  dim = wrap_dim(dim, self.dim(), "slice");
  EMBER_CHECK(step > 0, Value, "slice: step must be greater than zero, got ", step);
  const int64_t n = self.size(dim);
  auto clamp = [n](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + n : i, 0, n); };
  start = clamp(start);
  stop = std::max(clamp(stop), start);
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes[dim] = (stop - start + step - 1) / step;
  strides[dim] *= step;
  return make_view(self, sizes, strides, self.impl()->storage_offset() + start * self.stride(dim));
}

Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  EMBER_CHECK(self.dim() > 0, Runtime, "narrow: cannot be applied to a 0-dim tensor");
  dim = wrap_dim(dim, self.dim(), "narrow");
  const int64_t n = self.size(dim);
  EMBER_CHECK(start >= -n && start <= n, Index, "narrow: start ", start, " out of range for dimension ", dim,
              " of size ", n);
  if (start < 0) start += n;
  EMBER_CHECK(length >= 0 && start + length <= n, Runtime, "narrow: start (", start, ") + length (", length,
              ") exceeds dimension size (", n, ")");
  return slice(self, dim, start, start + length, 1);
}

Tensor select(const Tensor& self, int64_t dim, int64_t index) {
  EMBER_CHECK(self.dim() > 0, Index, "select: cannot be applied to a 0-dim tensor");
  dim = wrap_dim(dim, self.dim(), "select");
  const int64_t n = self.size(dim);
  EMBER_CHECK(index >= -n && index < n, Index, "select: index ", index, " is out of bounds for dimension ", dim,
              " with size ", n);
  if (index < 0) index += n;
  DimVector sizes(self.sizes()), strides(self.strides());
  sizes.erase(dim);
  strides.erase(dim);
  return make_view(self, sizes, strides, self.impl()->storage_offset() + index * self.stride(dim));
}

Tensor unsqueeze(const Tensor& self, int64_t dim) {
  dim = wrap_dim(dim, self.dim() + 1, "unsqueeze");
  DimVector sizes(self.sizes()), strides(self.strides());
  const int64_t stride = dim < self.dim() ? self.stride(dim) * self.size(dim) : 1;
  sizes.insert(dim, 1);
  strides.insert(dim, stride);
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  if (self.dim() == 0) {
    wrap_dim(dim0, 0, "transpose");
    wrap_dim(dim1, 0, "transpose");
    return make_view(self, self.sizes(), self.strides(), self.impl()->storage_offset());
  }
  dim0 = wrap_dim(dim0, self.dim(), "transpose");
  dim1 = wrap_dim(dim1, self.dim(), "transpose");
  DimVector sizes(self.sizes()), strides(self.strides());
  std::swap(sizes[dim0], sizes[dim1]);
  std::swap(strides[dim0], strides[dim1]);
  return make_view(self, sizes, strides, self.impl()->storage_offset());
}

}  // namespace ember
