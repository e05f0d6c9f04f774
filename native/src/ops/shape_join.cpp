// Joining tensors: cat and the stacks built on it, and atleast_*d (views).
#include <vector>

#include "shape_util.h"

namespace ember {
namespace {

// PyTorch's legacy rule: a 1-D empty tensor joins anything (it is skipped).
bool legacy_empty(const Tensor& t) { return t.dim() == 1 && t.size(0) == 0; }

std::vector<Tensor> each(std::span<const Tensor> tensors, Tensor (*f)(const Tensor&)) {
  std::vector<Tensor> out;
  out.reserve(tensors.size());
  for (const Tensor& t : tensors) out.push_back(f(t));
  return out;
}

void require_nonempty(std::span<const Tensor> tensors, const char* op) {
  EMBER_CHECK(!tensors.empty(), Runtime, op, " expects a non-empty TensorList");
}

}  // namespace

Tensor cat(std::span<const Tensor> tensors, int64_t dim, const char* op) {
  EMBER_CHECK(!tensors.empty(), Value, op, "(): expected a non-empty list of Tensors");
  shape::require_same_device(tensors, op);
  const DType dtype = shape::promoted_dtype(tensors);
  const Tensor* ref = nullptr;  // the first tensor that takes part in the shape checks
  for (size_t i = 0; i < tensors.size(); ++i) {
    EMBER_CHECK(tensors[i].dim() > 0, Runtime, op, ": zero-dimensional tensor (at position ", i,
                ") cannot be concatenated");
    if (!ref && !legacy_empty(tensors[i])) ref = &tensors[i];
  }
  if (!ref) return empty(DimVector{0}, dtype, tensors[0].device());
  dim = wrap_dim(dim, ref->dim(), op);
  DimVector sizes(ref->sizes());
  sizes[dim] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    if (legacy_empty(t)) continue;
    EMBER_CHECK(t.dim() == ref->dim(), Runtime, op, ": Tensors must have same number of dimensions: got ", ref->dim(),
                " and ", t.dim(), " (sizes ", shape_str(ref->sizes()), " and ", shape_str(t.sizes()), " at position ",
                i, ")");
    for (int64_t d = 0; d < t.dim(); ++d)
      EMBER_CHECK(d == dim || t.size(d) == ref->size(d), Runtime, op,
                  ": Sizes of tensors must match except in dimension ", dim, ". Expected size ", ref->size(d),
                  " but got size ", t.size(d), " for tensor number ", i, " in the list (sizes ",
                  shape_str(ref->sizes()), " and ", shape_str(t.sizes()), ")");
    sizes[dim] += t.size(dim);
  }
  checked_numel(sizes, op);
  Tensor out = empty(sizes, dtype, ref->device());
  int64_t offset = 0;
  for (const Tensor& t : tensors) {
    if (legacy_empty(t)) continue;
    if (t.numel() > 0) copy_(narrow(out, dim, offset, t.size(dim)), t);
    offset += t.size(dim);
  }
  return out;
}

Tensor stack(std::span<const Tensor> tensors, int64_t dim) {
  require_nonempty(tensors, "stack");
  for (size_t i = 1; i < tensors.size(); ++i)
    EMBER_CHECK(same_dims(tensors[i].sizes(), tensors[0].sizes()), Runtime,
                "stack expects each tensor to be equal size, but got ", shape_str(tensors[0].sizes()),
                " at entry 0 and ", shape_str(tensors[i].sizes()), " at entry ", i);
  dim = wrap_dim(dim, tensors[0].dim() + 1, "stack");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(unsqueeze(t, dim));
  return cat(parts, dim, "stack");
}

Tensor hstack(std::span<const Tensor> tensors) {
  require_nonempty(tensors, "hstack");
  const std::vector<Tensor> parts = each(tensors, atleast_1d);
  return cat(parts, parts[0].dim() == 1 ? 0 : 1, "hstack");
}

Tensor vstack(std::span<const Tensor> tensors) {
  require_nonempty(tensors, "vstack");
  return cat(each(tensors, atleast_2d), 0, "vstack");
}

Tensor dstack(std::span<const Tensor> tensors) {
  require_nonempty(tensors, "dstack");
  return cat(each(tensors, atleast_3d), 2, "dstack");
}

Tensor column_stack(std::span<const Tensor> tensors) {
  require_nonempty(tensors, "column_stack");
  std::vector<Tensor> parts;
  for (const Tensor& t : tensors) parts.push_back(t.dim() <= 1 ? reshape(t, DimVector{t.numel(), 1}) : t);
  return cat(parts, 1, "column_stack");
}

Tensor atleast_1d(const Tensor& self) { return self.dim() == 0 ? reshape(self, DimVector{1}) : self; }

Tensor atleast_2d(const Tensor& self) {
  if (self.dim() == 0) return reshape(self, DimVector{1, 1});
  return self.dim() == 1 ? unsqueeze(self, 0) : self;
}

Tensor atleast_3d(const Tensor& self) {
  if (self.dim() == 0) return reshape(self, DimVector{1, 1, 1});
  if (self.dim() == 1) return unsqueeze(unsqueeze(self, 0), 2);
  return self.dim() == 2 ? unsqueeze(self, 2) : self;
}

}  // namespace ember
