// Advanced indexing (PyTorch's index / index_put_), nonzero and the masked ops.
#include <vector>

#include "../core/elementwise_loop.h"
#include "../cpu/indexing.h"
#include "../cpu/kernels.h"
#include "device_check.h"
#include "ember/ops.h"
#include "index_dispatch.h"

namespace ember {
namespace {

// The indexed view of self, ready for the kernels: the result's shape, self
// seen at it (stride 0 across the index's dims) and one index tensor seen at
// it (stride 0 across the rest), walking `where`.
struct Plan {
  DimVector shape;
  Tensor src;
  DimVector src_strides;
  Tensor index;
  DimVector index_strides;
  cpu::IndexedDim where{};
};

Plan plan_index(const Tensor& self, std::span<const Tensor> indices_in, const char* op) {
  // Index tensors may live on the CPU for a device self, as in PyTorch: they move over.
  std::vector<Tensor> moved(indices_in.begin(), indices_in.end());
  for (Tensor& t : moved)
    if (t.defined() && t.device() != self.device()) t = to_device(t, self.device());
  const std::span<const Tensor> indices(moved);
  EMBER_CHECK(static_cast<int64_t>(indices.size()) <= self.dim(), Index, "too many indices for tensor of dimension ",
              self.dim(), " (got ", indices.size(), ")");
  // Masks become their coordinates, one index per dim they cover.
  std::vector<int64_t> dims;
  std::vector<Tensor> tensors;
  int64_t dim = 0;
  for (const Tensor& t : indices) {
    if (!t.defined()) {
      ++dim;
      continue;
    }
    const DType dt = t.dtype();
    EMBER_CHECK(dt == DType::Int64 || dt == DType::Int32 || dt == DType::UInt8 || dt == DType::Bool, Index,
                "tensors used as indices must be long, int, byte or bool tensors");
    if (dt == DType::Int64 || dt == DType::Int32) {
      dims.push_back(dim++);
      tensors.push_back(t);
      continue;
    }
    EMBER_CHECK(dim + t.dim() <= self.dim(), Index, "too many indices for tensor of dimension ", self.dim());
    for (int64_t j = 0; j < t.dim(); ++j)
      EMBER_CHECK(t.size(j) == self.size(dim + j), Index, "The shape of the mask ", list_str(t.sizes()), " at index ",
                  j, " does not match the shape of the indexed tensor ", list_str(self.sizes()), " at index ", dim + j);
    const Tensor coords = nonzero(t);
    for (int64_t j = 0; j < t.dim(); ++j) {
      dims.push_back(dim++);
      tensors.push_back(select(coords, 1, j));
    }
  }
  for (size_t k = 0; k < tensors.size(); ++k)  // nothing to point at (PyTorch checks this even for an empty result)
    EMBER_CHECK(self.size(dims[k]) > 0 || tensors[k].numel() == 0, Index, op, ": index is out of bounds for dimension ",
                dims[k], " with size 0");
  Plan plan;
  if (tensors.empty()) {  // nothing advanced: the whole tensor, element by element
    plan.shape = DimVector(self.sizes());
    plan.src = self;
    plan.src_strides = DimVector(self.strides());
    return plan;
  }
  std::vector<DimVector> shapes;
  for (const Tensor& t : tensors) shapes.emplace_back(t.sizes());
  DimVector bshape = shapes[0];
  for (size_t k = 1; k < shapes.size(); ++k) {
    const int64_t n = std::max(bshape.size(), shapes[k].size());
    DimVector out(n);
    bool ok = true;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t ia = static_cast<int64_t>(bshape.size()) - n + i,
                    ib = static_cast<int64_t>(shapes[k].size()) - n + i;
      const int64_t a = ia >= 0 ? bshape[ia] : 1, b = ib >= 0 ? shapes[k][ib] : 1;
      ok = ok && (a == b || a == 1 || b == 1);
      out[i] = a == 1 ? b : a;
    }
    if (!ok) {
      std::string all;
      for (size_t j = 0; j < shapes.size(); ++j) all += (j ? ", " : "") + list_str(shapes[j]);
      EMBER_FAIL(Index, "shape mismatch: indexing tensors could not be broadcast together with shapes ", all);
    }
    bshape = out;
  }
  const bool adjacent = dims.back() - dims.front() + 1 == static_cast<int64_t>(dims.size());
  const int64_t first = adjacent ? dims.front() : 0;  // where the broadcast index dims go
  const int64_t nb = bshape.size();
  std::vector<bool> indexed(self.dim(), false);
  for (int64_t d : dims) indexed[d] = true;
  DimVector rest_sizes, rest_strides;
  for (int64_t d = 0; d < self.dim(); ++d)
    if (!indexed[d]) rest_sizes.push_back(self.size(d)), rest_strides.push_back(self.stride(d));
  for (int64_t i = 0; i < first; ++i) plan.shape.push_back(rest_sizes[i]), plan.src_strides.push_back(rest_strides[i]);
  for (int64_t i = 0; i < nb; ++i) plan.shape.push_back(bshape[i]), plan.src_strides.push_back(0);
  for (int64_t i = first; i < rest_sizes.size(); ++i)
    plan.shape.push_back(rest_sizes[i]), plan.src_strides.push_back(rest_strides[i]);
  plan.src = self;
  // An index's strides at the result's shape: its broadcast strides in the index dims, 0 elsewhere.
  auto at_result = [&](const Tensor& t) {
    DimVector s(plan.shape.size(), 0);
    const DimVector b = broadcast_strides(t, bshape);
    for (int64_t i = 0; i < nb; ++i) s[first + i] = b[i];
    return s;
  };
  if (tensors.size() == 1) {
    plan.index = tensors[0];
    plan.index_strides = at_result(tensors[0]);
    plan.where = {dims[0], self.size(dims[0]), self.stride(dims[0])};
    return plan;
  }
  // Several indices: one pass folds them into element offsets, checking each.
  Tensor offsets = empty(bshape, DType::Int64, self.device());
  std::vector<DimVector> strides;
  std::vector<cpu::IndexedDim> where;
  for (size_t k = 0; k < tensors.size(); ++k) {
    strides.push_back(broadcast_strides(tensors[k], bshape));
    where.push_back({dims[k], self.size(dims[k]), self.stride(dims[k])});
  }
  combine_index_offsets(offsets, tensors, strides, where, op);
  plan.index = offsets;
  plan.index_strides = at_result(offsets);
  plan.where = {-1, -1, 1};
  return plan;
}

}  // namespace

Tensor scalar_tensor(const Scalar& value, DType dtype) {
  Tensor out = empty({}, dtype);
  cpu::fill(out, value);
  return out;
}

Tensor index(const Tensor& self, std::span<const Tensor> indices) {
  Plan plan = plan_index(self, indices, "index");
  Tensor out = empty(plan.shape, self.dtype(), self.device());
  if (!plan.index.defined()) {
    copy_(out, self);
    return out;
  }
  const std::array<DimVector, 3> strides{contiguous_strides(plan.shape), plan.src_strides, plan.index_strides};
  gather_indexed(plan.shape, out, plan.src, plan.index, strides, plan.where, "index");
  return out;
}

void index_put_(const Tensor& self, std::span<const Tensor> indices, const Tensor& values_in, bool accumulate) {
  Plan plan = plan_index(self, indices, "index_put_");
  EMBER_CHECK(values_in.dtype() == self.dtype(), Runtime,
              "Index put requires the source and destination dtypes match, got ", name(self.dtype()),
              " for the destination and ", name(values_in.dtype()), " for the source.");
  op_device({self, values_in}, "index_put_");
  Tensor values_trimmed = values_in;  // leading size-1 dims beyond the result's rank are dropped, as PyTorch
  while (values_trimmed.dim() > static_cast<int64_t>(plan.shape.size()) && values_trimmed.size(0) == 1)
    values_trimmed = select(values_trimmed, 0, 0);
  bool fits = values_trimmed.dim() <= static_cast<int64_t>(plan.shape.size());
  for (int64_t i = 0; fits && i < values_trimmed.dim(); ++i) {
    const int64_t v = values_trimmed.size(values_trimmed.dim() - 1 - i), r = plan.shape[plan.shape.size() - 1 - i];
    fits = v == r || v == 1;
  }
  EMBER_CHECK(fits, Runtime, "shape mismatch: value tensor of shape ", list_str(values_in.sizes()),
              " cannot be broadcast to indexing result of shape ", list_str(plan.shape));
  // Values that share self's memory are read before any write.
  const Tensor values =
      values_trimmed.impl()->storage().get() == self.impl()->storage().get() ? clone(values_trimmed) : values_trimmed;
  Tensor index = plan.index;
  DimVector index_strides = plan.index_strides;
  cpu::IndexedDim where = plan.where;
  if (!index.defined()) {  // no index tensor: every element, at offset 0
    index = zeros({}, DType::Int64);
    index_strides = DimVector(plan.shape.size(), 0);
    where = {-1, -1, 0};
  }
  const std::array<DimVector, 3> strides{plan.src_strides, broadcast_strides(values, plan.shape), index_strides};
  scatter_indexed(plan.shape, plan.src, values, index, strides, where,
                  accumulate ? cpu::ScatterOp::Add : cpu::ScatterOp::Assign, "index_put_");
  self.impl()->storage()->bump_version();
}

Tensor nonzero(const Tensor& self) {
  // On a device: computed on the host (the count decides the shape, so it syncs anyway).
  if (!self.device().is_cpu()) return to_device(nonzero(to_device(self, Device{})), self.device());
  const int64_t n = cpu::count_nonzero(self);
  Tensor out = empty(DimVector{n, self.dim()}, DType::Int64);
  cpu::nonzero(out, self);
  return out;
}

namespace {
void check_mask(const Tensor& mask, const char* op) {
  EMBER_CHECK(mask.dtype() == DType::Bool, Runtime, op, " only supports boolean masks, but got mask with dtype ",
              name(mask.dtype()));
}
}  // namespace

void masked_fill_(const Tensor& self, const Tensor& mask, const Tensor& value) {
  check_mask(mask, "masked_fill_");
  EMBER_CHECK(value.dim() == 0, Runtime,
              "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ", value.dim(),
              " dimension(s).");
  const DimVector shapes[] = {DimVector(self.sizes()), DimVector(mask.sizes())};
  const DimVector shape = broadcast_shapes(shapes, "masked_fill_");
  EMBER_CHECK(same_dims(shape, self.sizes()), Runtime, "masked_fill_: output with shape ", list_str(self.sizes()),
              " doesn't match the broadcast shape ", list_str(shape));
  where(broadcast_to(mask, self.sizes()), to_dtype(value, self.dtype()), self, self);
}

Tensor masked_select(const Tensor& self, const Tensor& mask) {
  check_mask(mask, "masked_select");
  const Tensor both[] = {self, mask};
  std::vector<Tensor> b = broadcast_tensors(both);
  if (b[0].dim() == 0)  // a 0-d mask indexes as a 1-element one
    for (Tensor& t : b) t = unsqueeze(t, 0);
  const Tensor indices[] = {b[1]};
  return index(b[0], indices);
}

void masked_scatter_(const Tensor& self, const Tensor& mask, const Tensor& source) {
  check_mask(mask, "masked_scatter_");
  EMBER_CHECK(self.dtype() == source.dtype(), Runtime,
              "masked_scatter_: expected self and source to have same dtypes but got ", name(self.dtype()), " and ",
              name(source.dtype()));
  const Tensor m = broadcast_to(mask, self.sizes());
  const Tensor coords = nonzero(m);
  const int64_t n = coords.size(0);
  EMBER_CHECK(source.numel() >= n, Runtime, "masked_scatter_: number of elements of source (", source.numel(),
              ") < number of ones in mask (", n, ")");
  const Tensor indices[] = {m};
  index_put_(self, indices, narrow(reshape(source, DimVector{-1}), 0, 0, n), false);
}

}  // namespace ember
