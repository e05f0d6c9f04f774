// Triangles and diagonals: tril/triu (zeroing row by row through views),
// tril_indices/triu_indices, diag, diag_embed, diagflat.
#include <algorithm>
#include <vector>

#include "shape_util.h"

namespace ember {
namespace {

// Zeroes what lies above (lower = true: keeps the lower triangle) or below
// diagonal `k` of every matrix in t's last two dims.
void zero_triangle(const Tensor& t, int64_t k, bool lower, const char* op) {
  EMBER_CHECK(t.dim() >= 2, Runtime, op, ": input tensor must have at least 2 dimensions, got size ",
              shape_str(t.sizes()));
  const int64_t rows = t.size(t.dim() - 2), cols = t.size(t.dim() - 1);
  if (t.numel() == 0) return;
  for (int64_t i = 0; i < rows; ++i) {
    const Tensor row = select(t, t.dim() - 2, i);
    // Row i keeps columns j <= i + k (lower) or j >= i + k (upper); clamp before adding so huge k can't overflow.
    const int64_t edge = std::clamp<int64_t>(k, -rows - 1, cols + 1) + i;
    const int64_t start = lower ? std::clamp<int64_t>(edge + 1, 0, cols) : 0;
    const int64_t stop = lower ? cols : std::clamp<int64_t>(edge, 0, cols);
    if (start < stop) fill_(narrow(row, row.dim() - 1, start, stop - start), Scalar(int64_t{0}), op);
  }
}

Tensor triangle_indices(int64_t row, int64_t col, int64_t offset, DType dtype, Device device, bool lower,
                        const char* op) {
  EMBER_CHECK(row >= 0, Runtime, op, ": row must be non-negative, got ", row);
  EMBER_CHECK(col >= 0, Runtime, op, ": col must be non-negative, got ", col);
  EMBER_CHECK(dtype == DType::Int64 || dtype == DType::Int32, NotImplemented, op,
              ": dtype must be int32 or int64, got ", name(dtype));
  std::vector<int64_t> rows, cols;
  const int64_t k = std::clamp<int64_t>(offset, -row - 1, col + 1);
  for (int64_t i = 0; i < row; ++i) {
    const int64_t begin = lower ? 0 : std::clamp<int64_t>(i + k, 0, col);
    const int64_t end = lower ? std::clamp<int64_t>(i + k + 1, 0, col) : col;
    for (int64_t j = begin; j < end; ++j) {
      rows.push_back(i);
      cols.push_back(j);
    }
  }
  const int64_t n = static_cast<int64_t>(rows.size());
  Tensor out = empty(DimVector{2, n}, DType::Int64);
  std::copy(rows.begin(), rows.end(), out.data<int64_t>());
  std::copy(cols.begin(), cols.end(), out.data<int64_t>() + n);
  if (dtype != DType::Int64 || !device.is_cpu()) {
    Tensor converted = empty(out.sizes(), dtype, device);
    copy_(converted, out);
    return converted;
  }
  return out;
}

}  // namespace

Tensor tril(const Tensor& self, int64_t diagonal) {
  EMBER_CHECK(self.dim() >= 2, Runtime, "tril: input tensor must have at least 2 dimensions, got size ",
              shape_str(self.sizes()));
  Tensor out = clone(self);
  zero_triangle(out, diagonal, true, "tril");
  return out;
}

Tensor triu(const Tensor& self, int64_t diagonal) {
  EMBER_CHECK(self.dim() >= 2, Runtime, "triu: input tensor must have at least 2 dimensions, got size ",
              shape_str(self.sizes()));
  Tensor out = clone(self);
  zero_triangle(out, diagonal, false, "triu");
  return out;
}

void tril_(const Tensor& self, int64_t diagonal) { zero_triangle(self, diagonal, true, "tril_"); }
void triu_(const Tensor& self, int64_t diagonal) { zero_triangle(self, diagonal, false, "triu_"); }

Tensor tril_indices(int64_t row, int64_t col, int64_t offset, DType dtype, Device device) {
  return triangle_indices(row, col, offset, dtype, device, true, "tril_indices");
}

Tensor triu_indices(int64_t row, int64_t col, int64_t offset, DType dtype, Device device) {
  return triangle_indices(row, col, offset, dtype, device, false, "triu_indices");
}

Tensor diag(const Tensor& self, int64_t diagonal) {
  EMBER_CHECK(self.dim() == 1 || self.dim() == 2, Runtime, "diag(): Supports 1D or 2D tensors. Got ", self.dim(),
              "D (size ", shape_str(self.sizes()), ")");
  if (self.dim() == 2) return clone(ember::diagonal(self, diagonal, 0, 1));
  const int64_t n = self.size(0) + std::abs(diagonal);
  Tensor out = zeros(DimVector{n, n}, self.dtype(), self.device());
  copy_(ember::diagonal(out, diagonal, 0, 1), self);
  return out;
}

Tensor diag_embed(const Tensor& self, int64_t offset, int64_t dim1, int64_t dim2) {
  const int64_t ndim = self.dim() + 1;
  const int64_t d1 = wrap_dim(dim1, ndim, "diag_embed"), d2 = wrap_dim(dim2, ndim, "diag_embed");
  EMBER_CHECK(d1 != d2, Runtime, "diag_embed: diagonal dimensions cannot be identical ", dim1, ", ", dim2);
  // The last dim becomes the diagonal of a square (n + |offset|) plane at (d1, d2).
  const int64_t n = (self.dim() > 0 ? self.size(self.dim() - 1) : 1) + std::abs(offset);
  DimVector sizes;
  for (int64_t d = 0; d + 1 < self.dim(); ++d) sizes.push_back(self.size(d));
  sizes.insert(std::min(d1, d2), n);
  sizes.insert(std::max(d1, d2), n);
  Tensor out = zeros(sizes, self.dtype(), self.device());
  copy_(ember::diagonal(out, offset, d1, d2), self.dim() > 0 ? self : reshape(self, DimVector{1}));
  return out;
}

Tensor diagflat(const Tensor& self, int64_t offset) { return diag(flatten(self), offset); }

}  // namespace ember
